"""The start page (find your kommun, national figures) and the overview of every kommun."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from promises.models import Charter
from situations.models import Municipality
from tests.followups.factories import FollowUpRoundFactory
from tests.helpers import WEDNESDAY_NOON
from tests.promises.factories import CharterFactory, PromiseFactory
from tests.situations.factories import FocusAreaFactory, ProblemFactory, SituationReportFactory

# The charters are this year's: the pages count those in force today.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]


def kommun(name: str) -> Municipality:
    """One of the 290 real municipalities, loaded by the reference data migration."""
    return Municipality.objects.get(name=name)


def publish_for(municipality: Municipality, **fields) -> Charter:
    year = timezone.localdate().year
    period = {
        "period_start": datetime.date(year, 1, 1),
        "period_end": datetime.date(year, 12, 31),
        "signed_on": datetime.date(year, 1, 1),
    }
    return CharterFactory(municipality=municipality, published=True, **(period | fields))


def test_the_start_page_lists_every_kommun_grouped_by_county(client):
    page = client.get(reverse("public:home")).content.decode()

    assert page.count('href="/kommuner/') >= 290
    assert page.index("Stockholms län") < page.index("Upplands Väsby") < page.index("Uppsala län")


def test_the_start_page_explains_what_a_citizen_promise_is(client):
    page = client.get(reverse("public:home")).content.decode()

    assert "Vad är ett medborgarlöfte?" in page


def test_the_start_page_counts_kommuner_with_a_published_charter(client):
    publish_for(kommun("Säffle"))
    publish_for(kommun("Essunga"))
    CharterFactory(municipality=kommun("Vara"))  # a draft does not count

    page = client.get(reverse("public:home")).content.decode()

    assert "2 / 290" in page


def test_the_start_page_shows_the_share_of_charters_with_a_published_follow_up(client):
    followed_up = publish_for(kommun("Säffle"))
    publish_for(kommun("Essunga"))
    FollowUpRoundFactory(
        charter=followed_up,
        period_start=followed_up.period_start,
        period_end=followed_up.period_start + datetime.timedelta(days=90),
        due_on=followed_up.period_start + datetime.timedelta(days=100),
        published_at=timezone.now(),
    )

    page = client.get(reverse("public:home")).content.decode()

    assert "50 %" in page


def test_searching_for_one_kommun_goes_straight_to_its_page(client):
    response = client.get(reverse("public:home"), {"q": "Säffle"})

    assert response.status_code == 302
    assert response["Location"] == "/kommuner/saffle/"


def test_searching_without_swedish_letters_finds_the_kommun(client):
    response = client.get(reverse("public:home"), {"q": "saffle"})

    assert response["Location"] == "/kommuner/saffle/"


def test_searching_for_several_kommuner_lists_them(client):
    response = client.get(reverse("public:home"), {"q": "köping"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Linköping" in page
    assert "Norrköping" in page


def test_a_search_without_a_match_says_so_and_keeps_what_was_typed(client):
    response = client.get(reverse("public:home"), {"q": "<b>Atlantis</b>"})

    page = response.content.decode()
    assert "Ingen kommun matchar" in page
    assert "&lt;b&gt;Atlantis&lt;/b&gt;" in page
    assert "<b>Atlantis</b>" not in page


def test_a_search_with_a_nul_character_is_read_without_it(client):
    response = client.get(reverse("public:home"), {"q": "Säf\x00fle"})

    assert response["Location"] == "/kommuner/saffle/"


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Säffle", "saffle"), ("Båstad", "bastad"), ("Örebro", "orebro"), ("Håbo", "habo")],
)
def test_kommun_addresses_handle_swedish_letters(client, name, slug):
    assert kommun(name).slug == slug
    assert client.get(f"/kommuner/{slug}/").status_code == 200


def test_the_overview_lists_every_kommun_on_pages_of_fifty(client):
    first = client.get(reverse("public:overview")).content.decode()
    last = client.get(reverse("public:overview"), {"sida": 6}).content.decode()

    assert "290 kommuner" in first
    row = '<th scope="row"><a href="/kommuner/'
    assert first.count(row) == 50
    assert last.count(row) == 40


def test_the_overview_filters_by_county_region_state_and_focus_area(client):
    traffic = FocusAreaFactory(name="Trafik", slug="trafik")
    saffle = publish_for(kommun("Säffle"))
    PromiseFactory(charter=saffle).focus_areas.add(traffic)
    publish_for(kommun("Essunga"))

    by_county = client.get(reverse("public:overview"), {"county": kommun("Säffle").county_id})
    by_region = client.get(
        reverse("public:overview"), {"police_region": kommun("Säffle").county.police_region_id}
    )
    published = client.get(reverse("public:overview"), {"state": "published"})
    by_focus = client.get(reverse("public:overview"), {"focus_area": traffic.pk})

    assert "16 kommuner" in by_county.content.decode()  # Värmlands län
    assert "43 kommuner" in by_region.content.decode()  # Bergslagen
    assert "2 kommuner" in published.content.decode()
    assert "1 kommun" in by_focus.content.decode()
    assert "Säffle" in by_focus.content.decode()


def test_the_overview_sorts_by_period(client):
    publish_for(kommun("Essunga"))
    year = timezone.localdate().year
    publish_for(
        kommun("Säffle"),
        period_start=datetime.date(year - 1, 1, 1),
        signed_on=datetime.date(year - 1, 1, 1),
    )

    page = client.get(
        reverse("public:overview"), {"state": "published", "order": "-period"}
    ).content.decode()

    assert page.index("Essunga") < page.index("Säffle")


def test_a_bad_filter_value_is_ignored_with_a_message_not_a_500(client):
    response = client.get(reverse("public:overview"), {"county": "999999", "sida": "x"})

    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()


def linked_promise(charter: Charter) -> None:
    """A promise of CHARTER that answers a public problem of its published lägesbild."""
    report = SituationReportFactory(
        municipality=charter.municipality,
        period_start=charter.period_start,
        period_end=charter.period_end,
        published=True,
    )
    charter.situation_report = report
    charter.save()
    PromiseFactory(charter=charter).problems.add(ProblemFactory(report=report))


@pytest.mark.parametrize("names", [["Säffle"], ["Säffle", "Essunga", "Vara", "Grästorp"]])
def test_the_overview_runs_a_fixed_number_of_queries(client, django_assert_num_queries, names):
    for name in names:
        linked_promise(publish_for(kommun(name)))

    # The filter form's counties, police regions and focus areas; the count; the page of
    # kommuner with their charter state; the current charters on the page; their tallies
    # (promises, activities, the latest published follow-ups) and latest reports; the
    # promises and problems that answer each other, of every kommun's current charter (the
    # country's totals): the same number for one charter as for a page of them.
    with django_assert_num_queries(12):
        response = client.get(reverse("public:overview"), {"state": "published"})

    page = response.content.decode()
    assert all(f">{name}</a>" in page for name in names)
    assert "1 av 1 (100\u00a0%)" in page


@pytest.mark.parametrize("names", [["Säffle"], ["Säffle", "Essunga", "Vara", "Grästorp"]])
def test_the_start_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, names):
    for name in names:
        linked_promise(publish_for(kommun(name)))

    # Every kommun with its charter state; the charters in force counted; those with a
    # published report counted; the promises and the problems that answer each other.
    with django_assert_num_queries(5):
        response = client.get(reverse("public:home"))

    count = len(names)
    assert f"{count} av {count} löfte" in response.content.decode()  # löfte, löften
