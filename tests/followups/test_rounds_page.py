"""The rounds of a charter on one page: due dates, what each round lacks, overdue rounds, and
the fixed queries of the page.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from followups.models import FollowUpRound
from promises.models import Charter, Promise
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory
from tests.helpers import WEDNESDAY_NOON, round_entry_url, rounds_url

# Rounds are due relative to today, which makes them overdue or not.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

D = datetime.date


# The rounds of a charter


def test_the_rounds_page_shows_due_dates_counts_and_overdue_rounds(world, setup, coordinator):
    today = timezone.localdate()
    late = FollowUpRoundFactory(
        charter=setup.charter,
        title="Sen runda",
        period_start=today - datetime.timedelta(days=200),
        period_end=today - datetime.timedelta(days=60),
        due_on=today - datetime.timedelta(days=1),
    )
    FollowUpFactory(round=late, activity=setup.patrol)
    FollowUpFactory(round=setup.round, activity=setup.patrol)
    FollowUpFactory(round=setup.round, activity=setup.control)
    FollowUpFactory(round=setup.round, activity=setup.lights)

    response = coordinator.get(rounds_url(setup.charter))
    lines = {line.round.pk: line for line in response.context["lines"]}
    assert (lines[late.pk].followed, lines[late.pk].activities) == (1, 3)
    assert lines[late.pk].overdue
    assert (lines[setup.round.pk].followed, lines[setup.round.pk].overdue) == (3, False)
    content = response.content.decode()
    assert round_entry_url(setup) in content
    assert content.count('class="badge text-bg-danger"') == 1


def test_a_kept_round_says_so_on_the_rounds_page(world, setup, coordinator):
    FollowUpFactory(round=setup.round, activity=setup.patrol)
    setup.charter.followup_cadence = Charter.FollowUpCadence.QUARTER
    setup.charter.save()
    response = coordinator.get(rounds_url(setup.charter))
    assert [line.kept for line in response.context["lines"]] == [True]
    assert (
        gettext(
            "Kept as it was: it has follow-ups or a report, though the current period and cadence "
            "would not make it."
        )
        in response.content.decode()
    )


def test_the_charters_workspace_page_links_to_its_rounds(setup, coordinator):
    page = coordinator.get(reverse("promises:charter", kwargs={"pk": setup.charter.pk}))
    assert rounds_url(setup.charter) in page.content.decode()


# Fixed queries


@pytest.mark.parametrize("extra_rounds", [0, 6])
def test_the_rounds_page_runs_the_same_queries_whatever_its_size(
    setup, coordinator, django_assert_num_queries, extra_rounds
):
    for month in range(7, 7 + extra_rounds):
        FollowUpRoundFactory(
            charter=setup.charter,
            period_start=D(2027, month, 1),
            period_end=D(2027, month, 28),
            due_on=D(2027, month, 28),
        )
    # 1 the session, 2 the user, 3 the charter, 4 the user's roles, 5 the number of
    # activities, 6 of promises, 7 the rounds with what each lacks (FollowUpRound.with_counts).
    with django_assert_num_queries(7):
        response = coordinator.get(rounds_url(setup.charter))
    assert len(response.context["lines"]) == 1 + extra_rounds


def test_a_late_round_is_overdue_until_every_promise_is_assessed_too(setup, coordinator):
    """The round's page, the rounds page and the model answer "overdue" alike."""
    late = FollowUpRoundFactory(
        charter=setup.charter,
        title="Sen runda",
        period_start=D(2026, 7, 1),
        period_end=D(2026, 9, 30),
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    for activity in (setup.patrol, setup.control, setup.lights):
        FollowUpFactory(round=late, activity=activity)
    FollowUpFactory(
        round=late,
        activity=None,
        promise=setup.police_promise,
        status="",
        assessment=Promise.Assessment.FULFILLED,
    )
    page_url = reverse(
        "followups:round_entry", kwargs={"pk": setup.charter.pk, "round_pk": late.pk}
    )

    def overdue_everywhere() -> set[bool]:
        lines = {
            line.round.pk: line
            for line in coordinator.get(rounds_url(setup.charter)).context["lines"]
        }
        return {
            coordinator.get(page_url).context["overdue"],
            lines[late.pk].overdue,
            late.is_overdue,
            FollowUpRound.objects.overdue(timezone.localdate()).filter(pk=late.pk).exists(),
        }

    assert overdue_everywhere() == {True}  # the kommun's promise is not assessed

    FollowUpFactory(
        round=late,
        activity=None,
        promise=setup.kommun_promise,
        status="",
        assessment=Promise.Assessment.PARTLY_FULFILLED,
    )
    assert overdue_everywhere() == {False}
