"""The progress formula at its edges: what residents read in one sentence, computed exactly."""

from __future__ import annotations

import pytest
from django.utils import translation

from followups.models import FollowUp
from followups.progress import FORMULA, progress

Status = FollowUp.Status


def test_no_activities_give_no_progress_rather_than_zero():
    assert progress([]) is None


def test_only_cancelled_activities_give_no_progress_rather_than_zero():
    assert progress([Status.CANCELLED, Status.CANCELLED]) is None


def test_activities_never_followed_up_count_as_not_done():
    result = progress([None, None])
    assert (result.percent, result.counted, result.done) == (0, 2, 0)


def test_every_activity_done_is_a_hundred_percent():
    result = progress([Status.DONE, Status.DONE, Status.CANCELLED])
    assert (result.percent, result.counted, result.done) == (100, 2, 2)


def test_a_mix_weighs_ongoing_and_delayed_as_half_and_leaves_out_the_cancelled():
    statuses = [
        Status.DONE,
        Status.ONGOING,
        Status.DELAYED,
        Status.NOT_STARTED,
        None,
        Status.CANCELLED,
    ]
    result = progress(statuses)
    # (1 + ½ + ½ + 0 + 0) / 5 activities counted = 40 %, one of them done.
    assert (result.percent, result.counted, result.done) == (40, 5, 1)
    assert result.label == "40 %"


@pytest.mark.parametrize(
    ("statuses", "percent"),
    [
        ([Status.DONE, None, None], 33),  # 33.3 rounds down
        ([Status.DONE, Status.DONE, None], 67),  # 66.7 rounds up
        ([Status.ONGOING, None, None, None, None, None, None, None], 6),  # 6.25
        ([Status.ONGOING, None, None, None], 13),  # 12.5: a half rounds up
        ([Status.ONGOING, Status.NOT_STARTED] * 4 + [None] * 8, 13),  # 12.5 again
    ],
)
def test_the_share_is_rounded_to_a_whole_percent(statuses, percent):
    assert progress(statuses).percent == percent


def test_an_unknown_status_counts_as_not_done():
    assert progress(["lost", Status.DONE]).percent == 50


def test_the_formula_names_every_rule_it_applies():
    with translation.override("en"):
        sentence = str(FORMULA)
    for rule in ("ongoing", "delayed", "half", "not started", "cancelled", "left out"):
        assert rule in sentence
