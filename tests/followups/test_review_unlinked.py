"""The review dashboard's filter "Löfte utan problem i lägesbilden": the follow-ups whose
promise answers no problem, with the other filters, the counts and a shareable address.

The world is test_review_dashboard's: kommun A's police promise (a1, a2 and its assessment
p1), kommun promise (a3) and joint promise (a4); kommun B's promise (b1).
"""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from followups.models import FollowUp, Review
from promises.models import Party
from situations.models import Problem
from tests.followups.area_data import build_area
from tests.followups.factories import ReviewFactory
from tests.followups.test_review_dashboard import (
    URL,
    Data,
    build_data,
    get,
    listed,
    national_data,
)
from tests.helpers import WEDNESDAY_NOON
from tests.situations.factories import ProblemFactory, SituationReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]


@pytest.fixture
def data(world) -> Data:
    """The review dashboard's small world (its module docstring counts it)."""
    return build_data(world)


def link_police_promise(data: Data, *, internal: bool = False) -> Problem:
    """Kommun A's police promise answers a problem of its charter's lägesbild."""
    charter = data.a1q1.round.charter
    report = SituationReportFactory(municipality=charter.municipality)
    charter.situation_report = report
    charter.save()
    problem = ProblemFactory(report=report, is_internal=internal)
    data.p1q1.promise.problems.add(problem)
    return problem


def names(data: Data, response) -> set[str]:
    pks = listed(response)
    return {name for name, value in vars(data).items() if value.pk in pks}


@pytest.mark.parametrize("internal", [False, True])
def test_the_filter_keeps_the_follow_ups_of_promises_that_answer_no_problem(
    client, world, data, internal
):
    # An internal problem is a problem in the workspace: the coordinator sees it.
    link_police_promise(data, internal=internal)

    response = get(client, world.superuser, unlinked="on")

    assert names(data, response) == {"a3q1", "a4q1", "b1q1"}
    assert response.context["counts"].listed == 3


def test_the_filter_works_with_the_others_and_their_counts(client, world, data):
    link_police_promise(data)

    response = get(client, world.superuser, unlinked="on", municipality=world.municipality.pk)
    counts = response.context["counts"]

    assert names(data, response) == {"a3q1", "a4q1"}
    assert counts.statuses == {"ongoing": 1, "cancelled": 1}
    rows = get(client, world.superuser, unlinked="on", owner="police").context["rows"]
    assert [int(row["pk"]) for row in rows] == [data.b1q1.pk]


def test_without_any_link_every_follow_up_is_unlinked(client, world, data):
    every = get(client, world.superuser)
    unlinked = get(client, world.superuser, unlinked="on")

    assert listed(unlinked) == listed(every)


def test_the_filtered_list_has_an_address_to_share(client, world, data):
    link_police_promise(data)
    address = f"{URL}?unlinked=on"

    client.force_login(world.police)
    page = client.get(address).content.decode()

    assert "Bara löften utan problem i lägesbilden" in strip_tags(page)
    assert 'name="unlinked" class="form-check-input" id="id_unlinked" checked' in page
    # Each follow-up's page carries the filter, for "previous" and "next" in the same list.
    follow_up = FollowUp.objects.get(pk=data.a3q1.pk)
    assert f"{reverse('followups:follow_up', kwargs={'pk': follow_up.pk})}?unlinked=on" in page


def test_previous_and_next_go_through_the_filtered_list(client, world, data):
    link_police_promise(data)
    client.force_login(world.police)

    page = client.get(
        reverse("followups:follow_up", kwargs={"pk": data.a3q1.pk}), {"unlinked": "on"}
    )

    place = page.context["place"]
    assert {place.previous, place.next} <= {data.a4q1.pk, data.b1q1.pk, None}


@pytest.mark.parametrize("extra_kommuner", [0, 15])
def test_the_filter_costs_no_query_of_its_own(
    client, world, data, extra_kommuner, django_assert_num_queries
):
    national_data(extra_kommuner, world.police_area)
    link_police_promise(data)
    ReviewFactory(follow_up=data.a1q1, decision=Review.Decision.APPROVED)
    client.force_login(world.superuser)

    # As test_the_dashboard_runs_a_fixed_number_of_queries: the condition is a subquery of
    # the queries counted there.
    with django_assert_num_queries(10):
        response = client.get(URL, {"unlinked": "on", "owner": "municipality"})

    assert [int(row["pk"]) for row in response.context["rows"]] == [data.a3q1.pk]


# --- The area at a glance ----------------------------------------------------------------------


def test_the_area_counts_the_promises_without_a_problem_and_opens_their_follow_ups(
    login_as, world
):
    area = build_area(world)  # tests/followups/area_data.py
    police = area.charter.promises.get(owner=Party.POLICE)
    police.problems.add(
        ProblemFactory(report=SituationReportFactory(municipality=world.municipality))
    )
    client = login_as("police_manager")

    response = client.get(reverse("followups:area"))
    (row,) = [row for row in response.context["kommuner"] if row.charter == area.charter]
    listed_ = client.get(row.links["unlinked"])

    assert (row.unlinked, row.promises) == (2, 3)
    link = row.links["unlinked"].replace("&", "&amp;")
    assert f'<a href="{link}">2</a> av 3' in response.content.decode()
    assert "Löften utan problem" in response.content.decode()
    # In the latest round, the joint promise's walk a3 (the kommun's a4 is missing, and
    # neither promise is assessed).
    titles = [row["target"] for row in listed_.context["rows"]]
    assert titles == ["Trygghetsvandring"]
