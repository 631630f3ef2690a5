"""How search engines find the public site: robots.txt, the sitemap and what it lists, and the
canonical address of the overview's variants and of out-of-range pages.

The descriptions and Open Graph tags of each page: test_page_meta.py.
"""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from followups.council.models import CouncilReport
from situations.models import Municipality
from tests.followups.factories import FollowUpRoundFactory
from tests.followups.page_meta import build_public_world, head_of
from tests.helpers import WEDNESDAY_NOON, this_year
from tests.promises.factories import CharterFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOST = "http://testserver"


# --- robots.txt -------------------------------------------------------------------------------


def test_robots_txt_keeps_crawlers_out_of_the_workspace_and_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/arbetsyta/", "/admin/", "/konto/", "/i18n/"):
        assert f"Disallow: {path}" in lines
    # The public site stays open, the overview's variants too: they say noindex themselves.
    assert not any(line in ("Disallow: /", "Disallow: /kommuner/") for line in lines)
    assert f"Sitemap: {HOST}/sitemap.xml" in lines
    assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt_names_the_sitemap_on_the_host_it_was_asked_on(client, settings):
    settings.ALLOWED_HOSTS = ["medborgarloften.example"]

    body = client.get("/robots.txt", HTTP_HOST="medborgarloften.example").content.decode()

    assert "Sitemap: http://medborgarloften.example/sitemap.xml" in body.splitlines()


# --- The sitemap --------------------------------------------------------------------------------


@pytest.fixture
def public_world(world) -> dict:
    return build_public_world(world)


def sitemap_sections(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def sitemap_entries(client, section: str) -> dict[str, str | None]:
    """The addresses of a section of the sitemap, each with its lastmod."""
    response = client.get(section.removeprefix(HOST))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }


def every_address(client) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for section in sitemap_sections(client):
        found |= sitemap_entries(client, section)
    return found


def test_the_sitemap_lists_every_published_page_and_nothing_else(client, public_world):
    kommun_a = public_world["charter"].municipality

    addresses = set(every_address(client))

    assert addresses == {
        f"{HOST}/",
        f"{HOST}/kommuner/",
        f"{HOST}{reverse('opendata:api_docs')}",
        f"{HOST}/tillganglighet/",
        f"{HOST}/personuppgifter/",
        f"{HOST}{kommun_a.get_absolute_url()}",
        f"{HOST}{reverse('public:archive', kwargs={'slug': kommun_a.slug})}",
        f"{HOST}{public_world['charter'].get_absolute_url()}",
        f"{HOST}{public_world['ended'].get_absolute_url()}",
        f"{HOST}{public_world['round'].get_absolute_url()}",
        f"{HOST}{public_world['report'].get_absolute_url()}",
    }
    # Every address it lists answers 200 to anyone.
    for address in addresses:
        assert client.get(address.removeprefix(HOST)).status_code == 200, address


def test_the_sitemap_never_lists_a_draft_an_unpublished_report_or_a_withdrawn_charter(
    client, public_world
):
    listed = "\n".join(every_address(client))

    assert public_world["draft"].get_absolute_url() not in listed
    assert "/kommuner/kommun-b/" not in listed  # a kommun with only a draft
    assert public_world["unpublished_round"].get_absolute_url() not in listed
    assert public_world["draft_report"].get_absolute_url() not in listed
    assert "/kommuner/kommun-c/" not in listed
    assert "/utskrift/" not in listed  # the print layout points to the charter page
    assert "/kommuner/saffle/" not in listed  # a real kommun with nothing published


def test_a_kommun_with_only_a_published_council_report_is_listed(client, world):
    CouncilReport.objects.create(
        municipality=world.other_municipality,
        year=2025,
        status=CouncilReport.Status.PUBLISHED,
        published_at=timezone.now(),
    )

    assert f"{HOST}/kommuner/kommun-b/" in every_address(client)


def test_lastmod_is_when_the_content_last_changed(client, world):
    start, end = this_year()
    with time_machine.travel(datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)):
        charter = CharterFactory(
            municipality=world.municipality,
            police_area=world.police_area,
            published=True,
            period_start=start,
            period_end=end,
        )
    with time_machine.travel(datetime.datetime(2026, 5, 4, 12, tzinfo=datetime.UTC)):
        round_ = FollowUpRoundFactory(
            charter=charter,
            period_start=start,
            period_end=start + datetime.timedelta(days=89),
            due_on=start + datetime.timedelta(days=100),
            published_at=timezone.now(),
        )
    with time_machine.travel(datetime.datetime(2026, 6, 8, 12, tzinfo=datetime.UTC)):
        FollowUpRoundFactory(  # not published: residents see no change
            charter=charter,
            title="Kvartal 2",
            period_start=start + datetime.timedelta(days=90),
            period_end=start + datetime.timedelta(days=180),
            due_on=start + datetime.timedelta(days=190),
        )

    entries = every_address(client)

    assert entries[f"{HOST}{round_.get_absolute_url()}"] == "2026-05-04"
    # The charter page and the kommun page show the published report.
    assert entries[f"{HOST}{charter.get_absolute_url()}"] == "2026-05-04"
    assert entries[f"{HOST}/kommuner/kommun-a/"] == "2026-05-04"


def test_the_sitemap_runs_the_same_queries_for_one_kommun_and_for_many(
    client, public_world, django_assert_num_queries
):
    # The index: one count for each of the five sections read from the database.
    with django_assert_num_queries(5):
        sections = sitemap_sections(client)
    # A section: its count (for the page number), then its page of items.
    for section in sections[1:]:
        with django_assert_num_queries(2):
            sitemap_entries(client, section)

    for municipality in Municipality.objects.exclude(charters__isnull=False)[:20]:
        charter = CharterFactory(municipality=municipality, published=True)
        FollowUpRoundFactory(charter=charter, published_at=timezone.now())
        CouncilReport.objects.create(
            municipality=municipality,
            year=2025,
            status=CouncilReport.Status.PUBLISHED,
            published_at=timezone.now(),
        )
    with django_assert_num_queries(5):
        sitemap_sections(client)
    for section in sections[1:]:
        with django_assert_num_queries(2):
            assert len(sitemap_entries(client, section)) >= 21


# --- The overview's variants and pages -------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"state": "published"},
        {"order": "-name"},
        {"county": "1"},
        {"q": "sä"},
        {"sida": "2"},
        {"sida": "abc"},  # not a page number: the first page, as a variant
    ],
)
def test_a_filtered_sorted_or_later_overview_points_to_the_plain_one_and_is_not_indexed(
    client, query
):
    response = client.get(reverse("public:overview"), query)

    assert response.status_code == 200
    head = head_of(response)
    assert head.canonical == f"{HOST}/kommuner/"
    assert head.meta["robots"] == "noindex, follow"
    assert head.meta["og:url"] == f"{HOST}/kommuner/"


@pytest.mark.parametrize("url", ["/kommuner/", "/kommuner/?utm_source=x&utm_x=1", "/?fbclid=1"])
def test_a_parameter_the_page_does_not_read_changes_neither_canonical_nor_indexing(client, url):
    head = head_of(client.get(url))

    assert head.canonical == f"{HOST}{url.split('?')[0]}"
    assert "robots" not in head.meta


def test_an_empty_filter_form_is_the_plain_page(client):
    """The form sends every field, empty: nothing is filtered, the page may be indexed."""
    fields = {"q": "", "county": "", "police_region": "", "focus_area": "", "state": ""}

    head = head_of(client.get(reverse("public:overview"), fields))

    assert "robots" not in head.meta


@pytest.mark.parametrize("number", ["999", "7", "0", "-1"])
def test_a_page_of_the_overview_that_does_not_exist_answers_404(client, number):
    # 290 kommuner, 50 a page: pages 1 to 6.
    assert client.get(reverse("public:overview"), {"sida": number}).status_code == 404


def test_a_filtered_overview_has_no_second_page_when_its_kommuner_fit_on_one(client):
    overview = reverse("public:overview")

    assert client.get(overview, {"q": "Säffle"}).status_code == 200
    assert client.get(overview, {"q": "Säffle", "sida": "2"}).status_code == 404
    assert client.get(overview, {"q": "Atlantis"}).status_code == 200  # empty, but page 1


def test_the_last_page_of_the_overview_is_there(client):
    response = client.get(reverse("public:overview"), {"sida": "6"})

    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row"><a href="/kommuner/') == 40


def test_a_search_on_the_start_page_points_to_the_start_page_and_is_not_indexed(client):
    response = client.get(reverse("public:home"), {"q": "Atlantis"})

    head = head_of(response)
    assert head.canonical == f"{HOST}/"
    assert head.meta["robots"] == "noindex, follow"


def test_the_print_layout_points_to_the_charter_page_and_is_not_indexed(client, public_world):
    charter = public_world["charter"]

    response = client.get(
        reverse(
            "public:charter_print", kwargs={"slug": charter.municipality.slug, "pk": charter.pk}
        )
    )

    head = head_of(response)
    assert head.canonical == f"{HOST}{charter.get_absolute_url()}"
    assert head.meta["robots"] == "noindex, follow"
