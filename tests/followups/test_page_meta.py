"""Each public page's head: a description of its own, made from its content, an absolute
canonical address, and Open Graph tags for link previews, escaped.

Robots.txt, the sitemap and the overview's variants: test_findability.py.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.followups.page_meta import Head, build_public_world, head_of
from tests.helpers import WEDNESDAY_NOON, this_year
from tests.promises.factories import CharterFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

HOST = "http://testserver"
SITE_DESCRIPTION = (
    "Vad kommunen och polisen har lovat för att göra din kommun tryggare, och vad som blev av det."
)
OPEN_GRAPH = ["og:title", "og:description", "og:url", "og:type", "og:site_name", "og:locale"]


@pytest.fixture
def public_world(world) -> dict:
    return build_public_world(world)


@pytest.fixture
def pages(public_world) -> dict[str, str]:
    """Every indexable public page of the small world, by what it is."""
    charter, kommun = public_world["charter"], public_world["charter"].municipality
    return {
        "start": reverse("public:home"),
        "overview": reverse("public:overview"),
        "kommun": kommun.get_absolute_url(),
        "kommun with only a draft": public_world["draft"].municipality.get_absolute_url(),
        "kommun with a withdrawn charter": reverse(
            "public:municipality", kwargs={"slug": "kommun-c"}
        ),
        "archive": reverse("public:archive", kwargs={"slug": kommun.slug}),
        "archive without charters": reverse("public:archive", kwargs={"slug": "kommun-b"}),
        "charter": charter.get_absolute_url(),
        "ended charter": public_world["ended"].get_absolute_url(),
        "follow-up report": public_world["round"].get_absolute_url(),
        "council report": public_world["report"].get_absolute_url(),
        "accessibility": reverse("public:accessibility"),
        "privacy": reverse("public:privacy"),
        "open data": reverse("opendata:api_docs"),
    }


def heads(client, pages: dict[str, str]) -> dict[str, Head]:
    found = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        found[name] = head_of(response)
    return found


def test_every_public_page_has_its_canonical_address_and_open_graph_tags(client, pages):
    for name, head in heads(client, pages).items():
        url = f"{HOST}{pages[name]}"
        assert head.canonical == url, name
        assert "robots" not in head.meta, name
        for tag in ["description", *OPEN_GRAPH]:
            assert head.counts.get(tag) == 1, (name, tag)
        assert head.meta["og:url"] == url, name
        assert head.meta["og:title"] == head.title.removesuffix(" – Medborgarlöften"), name
        assert head.meta["og:description"] == head.meta["description"], name
        assert head.meta["og:site_name"] == "Medborgarlöften", name
        assert head.meta["og:locale"] == "sv_SE", name


def test_each_public_page_has_a_description_of_its_own(client, pages):
    descriptions = {name: head.meta["description"] for name, head in heads(client, pages).items()}

    assert len(set(descriptions.values())) == len(descriptions), descriptions
    assert SITE_DESCRIPTION not in descriptions.values()
    assert all(20 < len(text) <= 200 for text in descriptions.values()), descriptions


def test_documents_are_articles_and_lists_are_websites(client, pages):
    found = heads(client, pages)

    for name in ("charter", "ended charter", "follow-up report", "council report"):
        assert found[name].meta["og:type"] == "article", name
    for name in ("start", "overview", "kommun", "archive", "open data"):
        assert found[name].meta["og:type"] == "website", name


def test_the_kommun_page_describes_its_charter_in_force(client, public_world):
    kommun = public_world["charter"].municipality
    year = this_year()[0].year

    head = head_of(client.get(kommun.get_absolute_url()))

    assert head.meta["description"] == (
        f"Medborgarlöftet för Kommun A {year}: 2 löften från kommunen och polisen, och vad som "
        "blev av dem. Fokus på trygghet i centrum."
    )
    assert head.title == "Medborgarlöfte för Kommun A – Medborgarlöften"


def test_the_other_pages_describe_what_they_show(client, public_world, pages):
    found = {name: head.meta["description"] for name, head in heads(client, pages).items()}
    year = this_year()[0].year

    assert found["charter"].startswith(
        f"Medborgarlöfte Kommun A, medborgarlöftet för Kommun A {year}: varje löfte"
    )
    assert found["charter"].endswith("Fokus på trygghet i centrum.")
    assert found["archive"] == (
        f"Alla medborgarlöften för Kommun A, period för period: {year}, {year - 1}."
    )
    assert found["archive without charters"] == (
        "Inget medborgarlöfte för Kommun B har publicerats än."
    )
    assert "Tertial 1" in found["follow-up report"]
    assert found["follow-up report"].startswith("Kommun A, uppföljningsrapport")
    assert f"{year - 1}" in found["council report"]
    assert found["council report"].endswith("Kommunstyrelsen redovisar årets arbete.")
    county = public_world["draft"].municipality.county.name
    assert found["kommun with only a draft"].startswith(
        f"Kommun B i {county} har inget publicerat medborgarlöfte än."
    )
    # Kommun A's charter among the 290 real kommuner and the world's three.
    assert found["start"].endswith("1 av 293 kommuner har publicerat ett medborgarlöfte.")


def test_a_kommun_whose_charter_has_ended_points_to_its_earlier_ones(client, world):
    start, end = this_year()
    CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        closed=True,
        period_start=start.replace(year=start.year - 2),
        period_end=end.replace(year=end.year - 2),
    )

    description = head_of(client.get(world.municipality.get_absolute_url())).meta["description"]

    assert description.startswith("Kommun A i ")
    assert "har inget gällande medborgarlöfte i dag" in description


def test_an_announced_charter_is_described_with_its_first_day(client, world):
    start, end = this_year()
    CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        published=True,
        period_start=start.replace(year=start.year + 1),
        period_end=end.replace(year=end.year + 1),
    )

    description = head_of(client.get(world.municipality.get_absolute_url())).meta["description"]

    assert f"börjar gälla den 1 januari {start.year + 1}" in description


def test_a_long_summary_is_cut_to_a_preview(client, world):
    start, end = this_year()
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        published=True,
        summary="Ord " * 200,
        period_start=start,
        period_end=end,
    )

    description = head_of(client.get(charter.get_absolute_url())).meta["description"]

    assert len(description) <= 200
    assert description.endswith("…")


def test_titles_and_descriptions_are_escaped_in_the_head(client, world):
    start, end = this_year()
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        published=True,
        title='Trygg & "säker" <b>kommun</b>',
        summary="<script>alert(1)</script> Inget mer.",
        period_start=start,
        period_end=end,
    )

    response = client.get(charter.get_absolute_url())

    html = response.content.decode()
    head = html[: html.index("</head>")]
    assert "<script>" not in head and "<b>" not in head
    assert 'content="Trygg &amp; &quot;säker&quot; &lt;b&gt;kommun&lt;/b&gt; – Kommun A"' in head
    parsed = head_of(response)
    assert parsed.meta["og:title"] == 'Trygg & "säker" <b>kommun</b> – Kommun A'
    assert "<script>alert(1)</script>" in parsed.meta["og:description"]


def test_in_english_the_head_is_english_with_its_locale(client, public_world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    head = head_of(client.get(public_world["charter"].municipality.get_absolute_url()))

    assert head.meta["og:locale"] == "en_GB"
    assert head.meta["og:site_name"] == "Citizen promises"
    assert head.meta["description"].startswith("The citizen promise of Kommun A for ")


def test_the_workspace_preview_keeps_its_title_and_stays_out_of_search_engines(
    coordinator, charter
):
    response = coordinator.get(reverse("followups:charter_preview", kwargs={"pk": charter.pk}))

    head = head_of(response)
    assert head.title == f"{charter.title} – {charter.municipality.name} – Medborgarlöften"
    assert head.meta["robots"] == "noindex"
    assert head.canonical is None
