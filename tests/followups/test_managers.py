"""Querysets of the followups app: published reports, due rounds, and who reads what."""

import datetime

import pytest
from django.utils import timezone

from followups.models import FollowUp, FollowUpRound
from promises.models import Charter
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory
from tests.helpers import READERS, WEDNESDAY_NOON, charter_of, user_in
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory

# Rounds are due relative to today, which the querysets compare them with.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]


QUARTERS = {1: ((1, 1), (3, 31)), 2: ((4, 1), (6, 30))}


def round_of(charter: Charter, *, quarter: int = 1, published: bool = False) -> FollowUpRound:
    """A quarterly round of CHARTER's first year, due two weeks after the quarter."""
    year = charter.period_start.year
    (start_month, start_day), (end_month, end_day) = QUARTERS[quarter]
    end = datetime.date(year, end_month, end_day)
    return FollowUpRoundFactory(
        charter=charter,
        title=f"Kvartal {quarter} {year}",
        period_start=datetime.date(year, start_month, start_day),
        period_end=end,
        due_on=end + datetime.timedelta(days=15),
        published_at=timezone.now() if published else None,
    )


# --- FollowUpRoundQuerySet.published ---------------------------------------------------------


def test_published_rounds_have_a_published_report_in_a_public_charter():
    published_charter = CharterFactory(published=True)
    closed_charter = CharterFactory(closed=True)
    draft_charter = CharterFactory()
    shown = {
        round_of(published_charter, published=True),
        round_of(closed_charter, published=True),
    }
    round_of(published_charter, quarter=2)
    round_of(draft_charter, published=True)

    assert set(FollowUpRound.objects.published()) == shown


# --- FollowUpRoundQuerySet.visible_to --------------------------------------------------------


@pytest.mark.parametrize(("role", "reads_a", "reads_b"), READERS)
def test_rounds_of_charters_in_the_making_are_visible_only_in_scope(world, role, reads_a, reads_b):
    of_draft_a = round_of(charter_of(world, "a", 2022))
    of_draft_b = round_of(charter_of(world, "b", 2022))
    published_b = round_of(charter_of(world, "b", 2021, published=True), published=True)
    expected = {published_b}
    if reads_a:
        expected.add(of_draft_a)
    if reads_b:
        expected.add(of_draft_b)

    visible = FollowUpRound.objects.visible_to(user_in(world, role))

    assert set(visible) == expected
    assert visible.count() == len(expected)


def test_a_round_of_a_published_charter_stays_internal_until_its_report_is_published(world):
    round_ = round_of(charter_of(world, "a", 2021, published=True))

    assert not FollowUpRound.objects.visible_to(world.outsider).exists()
    assert list(FollowUpRound.objects.visible_to(world.viewer)) == [round_]

    round_.published_at = timezone.now()
    round_.save()
    assert list(FollowUpRound.objects.visible_to(world.outsider)) == [round_]


# --- FollowUpRoundQuerySet.due_by and FollowUpRound.is_overdue -------------------------------


def rounds_due_around_today() -> dict[str, FollowUpRound]:
    today = timezone.localdate()
    charter = CharterFactory(
        period_start=today - datetime.timedelta(days=400),
        period_end=today + datetime.timedelta(days=400),
    )

    def due(name: str, offset: int, *, published: bool = False) -> FollowUpRound:
        return FollowUpRoundFactory(
            charter=charter,
            title=name,
            period_start=today - datetime.timedelta(days=100 - offset),
            period_end=today - datetime.timedelta(days=15 - offset),
            due_on=today + datetime.timedelta(days=offset),
            published_at=timezone.now() if published else None,
        )

    return {
        "last_month": due("last_month", -30),
        "yesterday": due("yesterday", -1),
        "yesterday_published": due("yesterday_published", -2, published=True),
        "today": due("today", 0),
        "tomorrow": due("tomorrow", 1),
    }


def test_rounds_due_by_a_day_are_those_due_that_day_or_before_and_not_yet_published():
    rounds = rounds_due_around_today()

    due = FollowUpRound.objects.due_by(timezone.localdate())

    assert set(due) == {rounds["last_month"], rounds["yesterday"], rounds["today"]}


def test_a_round_is_overdue_only_after_its_due_day_and_until_its_report_is_published():
    rounds = rounds_due_around_today()
    # Overdue means follow-ups missing in a charter in force: publish the charter and give it
    # an activity that no round follows up.
    charter = rounds["today"].charter
    Charter.objects.filter(pk=charter.pk).update(
        status=Charter.Status.PUBLISHED,
        signed_on=charter.period_start,
        published_at=timezone.now(),
    )
    for round_ in rounds.values():
        round_.charter.refresh_from_db()
    ActivityFactory(promise=PromiseFactory(charter=charter))

    overdue = {name for name, round_ in rounds.items() if round_.is_overdue}

    assert overdue == {"last_month", "yesterday"}


# --- FollowUpQuerySet.public -----------------------------------------------------------------


def test_public_follow_ups_are_those_of_public_activities_and_promises_in_published_reports():
    published_charter = CharterFactory(published=True)
    closed_charter = CharterFactory(closed=True)
    published_round = round_of(published_charter, published=True)
    shown = {
        FollowUpFactory(round=published_round),
        FollowUpFactory(round=published_round, for_promise=True),
        FollowUpFactory(round=round_of(closed_charter, published=True)),
    }
    FollowUpFactory(
        round=published_round,
        activity=ActivityFactory(promise__charter=published_charter, is_public=False),
    )
    FollowUpFactory(round=round_of(published_charter, quarter=2))
    FollowUpFactory(round=round_of(CharterFactory(), published=True))

    assert set(FollowUp.objects.public()) == shown


# --- FollowUpQuerySet.visible_to -------------------------------------------------------------


@pytest.mark.parametrize(("role", "reads_a", "reads_b"), READERS)
def test_unpublished_and_internal_follow_ups_are_visible_only_in_scope(
    world, role, reads_a, reads_b
):
    published_a = charter_of(world, "a", 2021, published=True)
    published_b = charter_of(world, "b", 2021, published=True)
    published_round_b = round_of(published_b, published=True)
    public_b = FollowUpFactory(round=published_round_b)
    internal_b = FollowUpFactory(
        round=published_round_b,
        activity=ActivityFactory(promise__charter=published_b, is_public=False),
    )
    unpublished_a = FollowUpFactory(round=round_of(published_a))
    of_draft_a = FollowUpFactory(round=round_of(charter_of(world, "a", 2022), published=True))
    expected = {public_b}
    if reads_a:
        expected |= {unpublished_a, of_draft_a}
    if reads_b:
        expected.add(internal_b)

    visible = FollowUp.objects.visible_to(user_in(world, role))

    assert set(visible) == expected
    assert visible.count() == len(expected)
