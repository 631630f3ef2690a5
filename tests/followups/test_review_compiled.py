"""The dashboard's reads: queries compiled once per process whatever the number of values,
titles cut for the list (followups.views.review_reads)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import Truncator

from followups.views.review_reads import ROUNDS_OF_KOMMUNER, rounds_in_scope, truncated
from tests.followups.factories import FollowUpRoundFactory

pytestmark = pytest.mark.django_db


def test_the_rounds_of_any_number_of_kommuner_are_read_by_the_same_sql():
    first, second = FollowUpRoundFactory(), FollowUpRoundFactory()
    kommuner = [first.charter.municipality_id, second.charter.municipality_id]

    with CaptureQueriesContext(connection) as queries:
        assert {round_.pk for round_ in rounds_in_scope(kommuner)} == {first.pk, second.pk}
        assert [round_.pk for round_ in rounds_in_scope(kommuner[:1])] == [first.pk]
        assert rounds_in_scope([]) == []

    # On SQLite too: the list is one parameter there as well.
    assert connection.alias in ROUNDS_OF_KOMMUNER._compiled
    assert len({query["sql"].split("WHERE")[0] for query in queries}) == 1


@pytest.mark.parametrize(
    "title",
    ["Trygghetsvandring", "x" * 90, "x" * 91, "Cafe\u0301 " * 20, "Cafe\u0301 " * 30, ""],
)
def test_a_title_is_cut_as_truncator_cuts_it(title):
    assert truncated(title, 90) == Truncator(title).chars(90)
