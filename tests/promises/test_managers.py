"""Querysets of the promises app: what residents see and what each role may read."""

import datetime

import pytest
from django.utils import timezone

from promises.models import Activity, Charter, Promise, ended_of, upcoming_of
from tests.helpers import READERS, WEDNESDAY_NOON, charter_of, user_in
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory
from tests.situations.factories import MunicipalityFactory

# Charters run relative to today, which decides the current one.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def charter_from(municipality, start: datetime.date, end: datetime.date, **kwargs) -> Charter:
    return CharterFactory(municipality=municipality, period_start=start, period_end=end, **kwargs)


# --- CharterQuerySet.published / archived ----------------------------------------------------


def test_published_charters_are_the_published_and_the_closed_ones():
    municipality = MunicipalityFactory()
    published = charter_from(
        municipality, datetime.date(2021, 1, 1), datetime.date(2021, 12, 31), published=True
    )
    closed = charter_from(
        municipality, datetime.date(2020, 1, 1), datetime.date(2020, 12, 31), closed=True
    )
    charter_from(municipality, datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
    charter_from(
        municipality,
        datetime.date(2023, 1, 1),
        datetime.date(2023, 12, 31),
        status=Charter.Status.REVIEW,
    )

    assert set(Charter.objects.published()) == {published, closed}


def test_the_archive_holds_only_closed_charters():
    municipality = MunicipalityFactory()
    closed = charter_from(
        municipality, datetime.date(2020, 1, 1), datetime.date(2020, 12, 31), closed=True
    )
    charter_from(
        municipality, datetime.date(2021, 1, 1), datetime.date(2021, 12, 31), published=True
    )
    charter_from(municipality, datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))

    assert list(Charter.objects.archived()) == [closed]


# --- CharterQuerySet.visible_to --------------------------------------------------------------


@pytest.mark.parametrize(("role", "reads_a", "reads_b"), READERS)
def test_charters_in_the_making_are_visible_only_in_scope(world, role, reads_a, reads_b):
    draft_a = charter_of(world, "a", 2022)
    review_b = charter_of(world, "b", 2022, status=Charter.Status.REVIEW)
    published_a = charter_of(world, "a", 2021, published=True)
    closed_b = charter_of(world, "b", 2021, closed=True)
    expected = {published_a, closed_b}
    if reads_a:
        expected.add(draft_a)
    if reads_b:
        expected.add(review_b)

    visible = Charter.objects.visible_to(user_in(world, role))

    assert set(visible) == expected
    assert visible.count() == len(expected)


# --- CharterQuerySet.current_for -------------------------------------------------------------


def test_no_charter_is_current_when_none_is_published():
    municipality = MunicipalityFactory()
    charter_from(municipality, today() - days(30), today() + days(30))
    charter_from(
        municipality, today() - days(20), today() + days(40), status=Charter.Status.REVIEW
    )

    assert Charter.objects.current_for(municipality) is None


def test_the_published_charter_covering_today_is_current():
    municipality = MunicipalityFactory()
    covering = charter_from(municipality, today() - days(30), today() + days(30), published=True)

    assert Charter.objects.current_for(municipality) == covering


def test_the_charter_covering_today_is_current_rather_than_the_next_one():
    municipality = MunicipalityFactory()
    covering = charter_from(municipality, today(), today() + days(30), published=True)
    charter_from(municipality, today() + days(31), today() + days(395), published=True)

    assert Charter.objects.current_for(municipality) == covering


def test_a_charter_signed_ahead_of_its_period_is_announced_not_current():
    municipality = MunicipalityFactory()
    upcoming = charter_from(municipality, today() + days(10), today() + days(375), published=True)

    assert Charter.objects.current_for(municipality) is None
    assert upcoming_of(municipality.charters.all(), today()) == upcoming


def test_of_two_upcoming_charters_the_next_to_start_is_announced():
    municipality = MunicipalityFactory()
    charter_from(municipality, today() + days(400), today() + days(765), published=True)
    nearer = charter_from(municipality, today() + days(10), today() + days(375), published=True)

    assert upcoming_of(municipality.charters.all(), today()) == nearer


def test_between_periods_no_charter_is_current_and_the_ended_one_is_over():
    municipality = MunicipalityFactory()
    ended = charter_from(municipality, today() - days(400), today() - days(35), published=True)
    charter_from(municipality, today() + days(10), today() + days(375), published=True)

    assert Charter.objects.current_for(municipality) is None
    assert ended_of(municipality.charters.all(), today()) == [ended]
    assert ended.has_ended


def test_a_closed_charter_is_never_current():
    municipality = MunicipalityFactory()
    charter_from(municipality, today() - days(30), today() + days(30), closed=True)

    assert Charter.objects.current_for(municipality) is None


def test_a_closed_charter_covering_today_gives_way_to_the_next_published_one():
    municipality = MunicipalityFactory()
    charter_from(municipality, today() - days(30), today() + days(30), closed=True)
    upcoming = charter_from(municipality, today() + days(31), today() + days(395), published=True)

    assert Charter.objects.current_for(municipality) is None
    assert upcoming_of(municipality.charters.all(), today()) == upcoming


def test_the_charter_of_another_kommun_is_never_current():
    charter_from(MunicipalityFactory(), today() - days(30), today() + days(30), published=True)

    assert Charter.objects.current_for(MunicipalityFactory()) is None


# --- PromiseQuerySet -------------------------------------------------------------------------


def test_published_promises_are_those_of_published_and_closed_charters():
    municipality = MunicipalityFactory()
    published = PromiseFactory(
        charter=charter_from(
            municipality, datetime.date(2021, 1, 1), datetime.date(2021, 12, 31), published=True
        )
    )
    closed = PromiseFactory(
        charter=charter_from(
            municipality, datetime.date(2020, 1, 1), datetime.date(2020, 12, 31), closed=True
        )
    )
    PromiseFactory(
        charter=charter_from(municipality, datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
    )
    PromiseFactory(
        charter=charter_from(
            municipality,
            datetime.date(2023, 1, 1),
            datetime.date(2023, 12, 31),
            status=Charter.Status.REVIEW,
        )
    )

    assert set(Promise.objects.published()) == {published, closed}


@pytest.mark.parametrize(("role", "reads_a", "reads_b"), READERS)
def test_promises_of_charters_in_the_making_are_visible_only_in_scope(
    world, role, reads_a, reads_b
):
    draft_a = PromiseFactory(charter=charter_of(world, "a", 2022))
    draft_b = PromiseFactory(charter=charter_of(world, "b", 2022))
    published_a = PromiseFactory(charter=charter_of(world, "a", 2021, published=True))
    expected = {published_a}
    if reads_a:
        expected.add(draft_a)
    if reads_b:
        expected.add(draft_b)

    visible = Promise.objects.visible_to(user_in(world, role))

    assert set(visible) == expected
    assert visible.count() == len(expected)


# --- ActivityQuerySet ------------------------------------------------------------------------


def test_public_activities_are_the_public_ones_of_published_and_closed_charters():
    municipality = MunicipalityFactory()
    published = PromiseFactory(
        charter=charter_from(
            municipality, datetime.date(2021, 1, 1), datetime.date(2021, 12, 31), published=True
        )
    )
    closed = PromiseFactory(
        charter=charter_from(
            municipality, datetime.date(2020, 1, 1), datetime.date(2020, 12, 31), closed=True
        )
    )
    draft = PromiseFactory(
        charter=charter_from(municipality, datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
    )
    in_review = PromiseFactory(
        charter=charter_from(
            municipality,
            datetime.date(2023, 1, 1),
            datetime.date(2023, 12, 31),
            status=Charter.Status.REVIEW,
        )
    )
    shown = {ActivityFactory(promise=published), ActivityFactory(promise=closed)}
    ActivityFactory(promise=published, is_public=False)
    ActivityFactory(promise=draft)
    ActivityFactory(promise=in_review)

    assert set(Activity.objects.public()) == shown


@pytest.mark.parametrize(("role", "reads_a", "reads_b"), READERS)
def test_internal_activities_and_those_of_drafts_are_visible_only_in_scope(
    world, role, reads_a, reads_b
):
    published_a = PromiseFactory(charter=charter_of(world, "a", 2021, published=True))
    published_b = PromiseFactory(charter=charter_of(world, "b", 2021, published=True))
    public_b = ActivityFactory(promise=published_b)
    internal_a = ActivityFactory(promise=published_a, is_public=False)
    internal_b = ActivityFactory(promise=published_b, is_public=False)
    of_draft_a = ActivityFactory(promise=PromiseFactory(charter=charter_of(world, "a", 2022)))
    expected = {public_b}
    if reads_a:
        expected |= {internal_a, of_draft_a}
    if reads_b:
        expected.add(internal_b)

    visible = Activity.objects.visible_to(user_in(world, role))

    assert set(visible) == expected
    assert visible.count() == len(expected)
