"""The dashboard's reads: queries compiled once per process, titles cut for the list
(followups.compiled, followups.views.review_reads)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import F
from django.utils.text import Truncator

from config.lib.lookups import AnyOf
from followups import compiled
from followups.compiled import compiled_rows
from followups.models import FollowUpRound
from followups.views.review_reads import truncated
from tests.followups.factories import FollowUpRoundFactory

pytestmark = pytest.mark.django_db


def rounds(ids: list[int], after: datetime.date):
    return (
        FollowUpRound.objects.filter(AnyOf(F("pk"), ids), due_on__gt=after)
        .order_by("pk")
        .values("pk", "due_on", charter_title=F("charter__title"))
    )


@pytest.fixture
def made():
    made = [
        FollowUpRoundFactory(due_on=datetime.date(2026, 3, day), charter__title=f"Löfte {day}")
        for day in (10, 20, 30)
    ]
    yield made
    compiled._compiled.pop("test rounds", None)


def test_each_call_reads_the_rows_of_its_own_values(made):
    first, second, third = made
    everything = [first.pk, second.pk, third.pk]

    assert compiled_rows("test rounds", rounds, ids=everything, after=datetime.date(2026, 3, 15))
    assert compiled_rows(
        "test rounds", rounds, ids=everything, after=datetime.date(2026, 3, 15)
    ) == list(rounds(everything, datetime.date(2026, 3, 15)))
    assert compiled_rows(
        "test rounds", rounds, ids=[first.pk, third.pk], after=datetime.date(2026, 3, 1)
    ) == [
        {"pk": first.pk, "due_on": datetime.date(2026, 3, 10), "charter_title": "Löfte 10"},
        {"pk": third.pk, "due_on": datetime.date(2026, 3, 30), "charter_title": "Löfte 30"},
    ]
    assert compiled_rows("test rounds", rounds, ids=[], after=datetime.date(2026, 3, 1)) == []


def test_the_sql_is_kept_on_postgresql_and_built_each_time_where_a_value_is_not_one_parameter(
    made,
):
    compiled_rows("test rounds", rounds, ids=[made[0].pk], after=datetime.date(2026, 1, 1))

    # SQLite binds the ids one by one and a date as text: nothing to substitute there.
    kept = compiled._compiled["test rounds"]
    assert (kept is not None) == (connection.vendor == "postgresql")


def test_a_value_that_changes_the_sql_is_refused():
    with pytest.raises(TypeError):
        compiled_rows("test none", rounds, ids=None, after=datetime.date(2026, 1, 1))


@pytest.mark.parametrize(
    "title",
    ["Trygghetsvandring", "x" * 90, "x" * 91, "Cafe\u0301 " * 20, "Cafe\u0301 " * 30, ""],
)
def test_a_title_is_cut_as_truncator_cuts_it(title):
    assert truncated(title, 90) == Truncator(title).chars(90)
