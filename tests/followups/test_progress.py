"""The progress figures at their edges: a promise's assessment leads, its activities are a
tally, and the only percentage is done of planned, computed exactly."""

from __future__ import annotations

import pytest
from django.utils import translation

from followups.models import FollowUp
from followups.progress import (
    FORMULA,
    ActivityTally,
    CharterProgress,
    PromiseProgress,
    assessment_label,
    percent_of,
    tally,
    verdict,
)
from promises.models import Promise

Status = FollowUp.Status
Assessment = Promise.Assessment


def test_no_activities_give_an_empty_tally_and_no_percentage():
    result = tally([])
    assert (result.total, result.planned, result.percent, result.label) == (0, 0, None, "")
    assert result.sentence == ""


def test_only_cancelled_activities_are_shown_but_give_no_percentage():
    result = tally([Status.CANCELLED, Status.CANCELLED])
    assert (result.cancelled, result.planned, result.percent) == (2, 0, None)
    with translation.override("sv"):
        assert result.sentence == "2 inställda (räknas inte som planerade)"
    assert "%" not in result.sentence


def test_activities_never_followed_up_count_as_not_started():
    result = tally([None, None, "lost"])
    assert (result.not_started, result.planned, result.done, result.percent) == (3, 3, 0, 0)


def test_every_status_is_counted_apart_and_the_percentage_is_done_of_planned():
    result = tally(
        [
            Status.DONE,
            Status.DONE,
            Status.ONGOING,
            Status.DELAYED,
            Status.NOT_STARTED,
            None,
            Status.CANCELLED,
        ]
    )
    assert (result.done, result.ongoing, result.delayed, result.not_started) == (2, 1, 1, 2)
    assert (result.cancelled, result.planned, result.total) == (1, 6, 7)
    # 2 done of 6 planned: 33 %, not the 50 % that counting ongoing as half done gave.
    assert result.percent == 33
    with translation.override("sv"):
        assert result.sentence == (
            "2 av 6 planerade aktiviteter genomförda (33\u00a0%), 1 pågår, 1 försenad, "
            "2 ej påbörjade, 1 inställd (räknas inte som planerad)"
        )
    with translation.override("en"):
        assert result.headline == "2 of 6 planned activities done (33\u00a0%)"


def test_activities_without_a_recorded_follow_up_are_shown_apart_and_not_planned():
    result = tally([Status.DONE], unrecorded=2)
    assert (result.planned, result.total, result.percent) == (1, 3, 100)
    with translation.override("sv"):
        assert "2 utan uppföljning i systemet (räknas inte)" in result.sentence


def test_a_promise_assessed_not_fulfilled_with_nothing_done_shows_zero_not_fifty():
    # The case of the issue: two activities ongoing, the promise judged "not fulfilled".
    progress = PromiseProgress(Assessment.NOT_FULFILLED, tally([Status.ONGOING, Status.ONGOING]))
    assert progress.activities.percent == 0
    with translation.override("sv"):
        assert progress.assessment_label == "ej infriat"
        assert progress.activities.headline == "0 av 2 planerade aktiviteter genomförda (0\u00a0%)"


@pytest.mark.parametrize(
    ("done", "planned", "percent"),
    [(1, 3, 33), (2, 3, 67), (1, 8, 13), (1, 16, 6), (0, 5, 0), (5, 5, 100)],
)
def test_the_percentage_is_rounded_to_a_whole_percent_with_halves_up(done, planned, percent):
    assert percent_of(done, planned) == percent
    statuses = [Status.DONE] * done + [Status.ONGOING] * (planned - done)
    assert tally(statuses).percent == percent


def test_the_bar_has_one_segment_per_planned_status_done_first_and_no_cancelled():
    result = tally([Status.NOT_STARTED, Status.DONE, Status.CANCELLED, Status.DELAYED])
    assert [(s.status, s.count, s.start) for s in result.segments] == [
        ("done", 1, 0),
        ("delayed", 1, 1),
        ("not_started", 1, 2),
    ]


def test_no_assessment_or_an_unknown_one_is_not_assessed_yet():
    assert verdict(None) == verdict("") == verdict("lost") == Assessment.NOT_ASSESSED
    assert verdict(Assessment.FULFILLED) == Assessment.FULFILLED
    with translation.override("sv"):
        assert assessment_label(None) == "ej bedömt än"
        assert assessment_label(Assessment.PARTLY_FULFILLED) == "delvis infriat"


def test_a_charter_counts_its_promises_by_assessment_first_then_adds_their_activities():
    promises = [
        PromiseProgress(Assessment.FULFILLED, tally([Status.DONE, Status.DONE])),
        PromiseProgress(Assessment.NOT_FULFILLED, tally([Status.ONGOING, Status.CANCELLED])),
        PromiseProgress(Assessment.NOT_ASSESSED, tally([None], unrecorded=1)),
        PromiseProgress(Assessment.NOT_ASSESSED, tally([])),
    ]
    charter = CharterProgress.of(promises)
    assert (charter.promises, charter.fulfilled) == (4, 1)
    assert charter.activities == ActivityTally(
        done=2, ongoing=1, not_started=1, cancelled=1, unrecorded=1
    )
    assert charter.activities.percent == 50  # 2 done of 4 planned
    with translation.override("sv"):
        assert charter.sentence == "1 av 4 löften infriade, 1 ej infriat, 2 ej bedömda än"
    with translation.override("en"):
        assert charter.headline == "1 of 4 promises fulfilled"


def test_the_open_data_gives_every_count_and_the_percentage():
    charter = CharterProgress.of(
        [PromiseProgress(Assessment.ONGOING, tally([Status.DONE, Status.DELAYED]))]
    )
    assert charter.as_dict() == {
        "promises": 1,
        "assessments": {
            "fulfilled": 0,
            "partly_fulfilled": 0,
            "not_fulfilled": 0,
            "ongoing": 1,
            "not_assessed": 0,
        },
        "activities": {
            "done": 1,
            "ongoing": 0,
            "delayed": 1,
            "not_started": 0,
            "cancelled": 0,
            "not_recorded": 0,
            "planned": 2,
            "done_percent_of_planned": 50,
        },
    }


def test_the_formula_names_every_rule_it_applies():
    with translation.override("en"):
        sentence = str(FORMULA)
    for rule in ("assessed", "latest published", "not started", "done of those planned"):
        assert rule in sentence
    assert "half" not in sentence
