"""The area at a glance: every kommun in scope with its charter, its latest round and what
waits, each figure a link to the review dashboard listing exactly what it counts
(tests/followups/area_data.py says what the small area holds)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from followups.models import FollowUp
from situations.models import Membership
from tests.followups.area_data import build_area, charter_of, quarter
from tests.followups.factories import FollowUpFactory
from tests.helpers import WEDNESDAY_NOON
from tests.situations.factories import (
    MembershipFactory,
    MunicipalityFactory,
    PoliceAreaFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

URL = reverse("followups:area")
REVIEW = reverse("followups:review")
FIGURES = ("received", "approved", "waiting", "sent_back", "for_me")


@pytest.fixture
def area(world):
    return build_area(world)


@pytest.fixture
def both_lpos(client, world):
    """A client logged in as a police manager of LPO A and LPO B."""
    user = UserFactory(username="two-lpo-manager")
    for area in (world.police_area, world.other_police_area):
        MembershipFactory(
            user=user, role=Membership.Role.POLICE_MANAGER, municipality=None, police_area=area
        )
    client.force_login(user)
    return client


def rows_of(response) -> dict:
    return {row.municipality.name: row for row in response.context["kommuner"]}


def test_a_police_manager_sees_the_charter_and_latest_round_of_their_kommun(login_as, area):
    response = login_as("police_manager").get(URL)

    assert response.status_code == 200
    row = rows_of(response)["Kommun A"]
    assert row.charter == area.charter
    assert row.round == area.q3  # the last whose period is over, not Q4 under way
    figures = {name: getattr(row, name) for name in (*FIGURES, "expected", "missing", "overdue")}
    assert figures == {
        "expected": 7,
        "received": 4,
        "missing": 3,
        "approved": 1,
        "waiting": 2,
        "sent_back": 1,
        "overdue": 2,
        "for_me": 3,  # a1 in Q2 is the police officer's, not the manager's
    }
    page = response.content.decode()
    assert "Området i överblick" in page
    assert "Medborgarlöfte 2026" in page and "Kvartal 3 2026" in page
    assert '<a href="{}">4</a> av 7'.format(row.links["received"].replace("&", "&amp;")) in page


def test_each_figure_opens_a_list_of_as_many_follow_ups(login_as, area):
    client = login_as("police_manager")
    row = rows_of(client.get(URL))["Kommun A"]

    for name in FIGURES:
        listed = client.get(row.links[name])
        assert listed.status_code == 200
        assert listed.context["filter"].form.errors == {}, name
        assert listed.context["counts"].listed == getattr(row, name), name

    overdue = client.get(row.links["overdue"]).context["overdue"]
    assert [round_.pk for round_ in overdue] == [area.q2.pk, area.q3.pk]
    missing = client.get(row.links["missing"])
    assert missing.status_code == 200
    assert missing.context["round"] == area.q3


def test_a_police_officer_does_not_wait_for_their_own_follow_up(login_as, area):
    row = rows_of(login_as("police").get(URL))["Kommun A"]

    assert row.for_me == 2


def test_the_totals_add_up_the_kommuner_shown(both_lpos, area):
    response = both_lpos.get(URL)

    totals = response.context["totals"]
    rows = response.context["kommuner"]
    assert [row.municipality.name for row in rows] == ["Kommun A", "Kommun B"]
    assert totals.received == 4 + 1
    assert totals.expected == 7 + 2  # kommun B: an activity and its promise
    assert totals.waiting == 2 + 1
    assert "Totalt" in response.content.decode()


def test_a_coordinator_reads_only_their_own_kommun_without_review_figures(login_as, area):
    response = login_as("coordinator").get(URL)

    assert list(rows_of(response)) == ["Kommun A"]
    assert response.context["reviews"] is False
    assert "Väntar på dig" not in response.content.decode()


@pytest.mark.parametrize("role", ["police", "police_manager", "coordinator", "viewer"])
def test_a_kommun_out_of_scope_never_shows(login_as, area, role):
    response = login_as(role).get(URL)

    assert response.status_code == 200
    assert "Kommun B" not in response.content.decode()


def test_the_other_lpo_sees_only_its_kommun(login_as, area):
    response = login_as("other_police").get(URL)

    assert list(rows_of(response)) == ["Kommun B"]
    assert "Kommun A" not in response.content.decode()


def test_anonymous_is_sent_to_the_login(client, area):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["reporter", "outsider"])
def test_who_reads_no_kommun_gets_403(login_as, area, role):
    assert login_as(role).get(URL).status_code == 403


def test_the_page_is_linked_from_the_dashboard_and_the_review_dashboard(login_as, area):
    client = login_as("police_manager")

    for page in (reverse("followups:dashboard"), REVIEW):
        assert f'href="{URL}"' in client.get(page).content.decode()


def test_a_kommun_without_a_charter_says_so(login_as, world):
    response = login_as("police_manager").get(URL)

    row = rows_of(response)["Kommun A"]
    assert row.charter is None and row.round is None
    assert "Inget medborgarlöfte" in response.content.decode()


# --- Several local police areas: the filter and the order ------------------------------------


@pytest.fixture
def two_areas(area, world):
    """A third kommun in LPO B with a charter whose latest round waits for 3 reviews."""
    third = MunicipalityFactory(name="Kommun C", slug="kommun-c")
    world.other_police_area.municipalities.add(third)
    charter = charter_of(third, world.other_police_area, published=True)
    round_ = quarter(charter, 3)
    for _number in range(3):
        FollowUpFactory(round=round_)
    return third


def test_a_scope_of_several_lpos_can_show_one(both_lpos, two_areas, world):
    client = both_lpos

    everything = client.get(URL)
    assert "Lokalpolisområde" in everything.content.decode()
    assert list(rows_of(everything)) == ["Kommun A", "Kommun B", "Kommun C"]
    one = client.get(URL, {"lpo": world.other_police_area.pk})
    assert list(rows_of(one)) == ["Kommun B", "Kommun C"]


def test_the_rows_can_be_ordered_by_most_waiting(both_lpos, two_areas):
    response = both_lpos.get(URL, {"sort": "waiting"})

    assert list(rows_of(response)) == ["Kommun C", "Kommun A", "Kommun B"]


def test_an_unknown_lpo_says_so_and_shows_every_kommun(both_lpos, two_areas):
    response = both_lpos.get(URL, {"lpo": "999999"})

    assert response.status_code == 200
    assert response.context["form"].errors["lpo"]
    assert len(response.context["kommuner"]) == 3


# --- Fast at national scale -------------------------------------------------------------------


def more_kommuner(count: int, area) -> None:
    """COUNT more kommuner in AREA, each with a charter in force and a round with follow-ups."""
    for number in range(count):
        municipality = MunicipalityFactory(name=f"Storkommun {number}")
        area.municipalities.add(municipality)
        charter = charter_of(municipality, area, published=True)
        round_ = quarter(charter, 3)
        for _number in range(2):
            FollowUpFactory(round=round_, status=FollowUp.Status.DONE)


@pytest.mark.parametrize("extra", [0, 12])
@pytest.mark.parametrize("role", ["police_manager", "district_manager", "superuser"])
def test_the_page_runs_a_fixed_number_of_queries(
    login_as, area, world, extra, role, django_assert_num_queries
):
    more_kommuner(extra, world.police_area)
    PoliceAreaFactory(name="LPO C", municipalities=[world.municipality])
    client = login_as(role)
    police = role != "superuser"

    # 1 session, 2 user, 3 kommuner in scope, 4 whether the user is the police, 5 the
    # kommuner's LPOs, 6 their charters, 7 the rounds of the charters shown, 8 activities and
    # 9 promises per charter, 10 the latest rounds' follow-ups per review decision, 11 overdue
    # rounds per kommun; for the police 12 follow-ups waiting for them per round and 13 those
    # rounds' kommuner.
    with django_assert_num_queries(13 if police else 11):
        response = client.get(URL)

    assert response.status_code == 200
    assert len(response.context["kommuner"]) >= 1 + extra


def test_the_page_reads_in_english_when_chosen(login_as, area):
    client = login_as("police_manager")
    client.cookies["django_language"] = "en"

    page = client.get(URL).content.decode()

    assert "The area at a glance" in page
    assert "4</a> of 7" in page and "3 missing" in page
    assert "Området" not in page and " av 7" not in page and "saknas" not in page
