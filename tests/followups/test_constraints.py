"""Every database constraint and clean() rule of the followups app.

The last test walks the constraints of all three apps, so that a new one cannot go untested.
"""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone

from followups.models import CouncilReport, FollowUp, FollowUpRound, Reminder, Review
from promises.models import Promise
from tests.followups import test_notice_constraints as notice_constraints
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory, ReviewFactory
from tests.helpers import refused_by, swedish_errors
from tests.promises import test_constraints as promises_constraints
from tests.promises import test_correction_constraints as correction_constraints
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory
from tests.situations import test_constraints as situations_constraints
from tests.situations import test_membership_constraints as membership_constraints
from tests.situations import test_survey_constraints as survey_constraints
from tests.situations.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db

COVERED_CONSTRAINTS = {
    "followups_followupround_period_end_after_start",
    "followups_followupround_unique_period_start",
    "followups_followupround_due_after_start",
    "followups_followup_activity_status_or_promise_assessment",
    "followups_followup_cancelled_has_reason",
    "followups_followup_unique_activity_per_round",
    "followups_followup_unique_promise_per_round",
    "followups_review_needs_changes_has_comment",
    "followups_reminder_once_per_user_round_day",
    "followups_councilreport_unique_year",
    "followups_councilreport_published_has_date",
}


Status = FollowUp.Status
Assessment = Promise.Assessment


# --- FollowUpRound ---------------------------------------------------------------------------


def test_the_database_refuses_a_round_that_ends_before_it_starts():
    with refused_by(FollowUpRound, "followups_followupround_period_end_after_start"):
        FollowUpRoundFactory(
            period_start=datetime.date(2021, 3, 31), period_end=datetime.date(2021, 1, 1)
        )


def test_a_round_that_ends_before_it_starts_is_refused_in_swedish():
    round_ = FollowUpRoundFactory.build(
        charter=CharterFactory(),
        period_start=datetime.date(2021, 3, 31),
        period_end=datetime.date(2021, 1, 1),
    )

    assert swedish_errors(round_) == {"period_end": ["Perioden kan inte sluta innan den börjar."]}


def test_the_database_refuses_two_rounds_of_a_charter_starting_the_same_day():
    existing = FollowUpRoundFactory()

    with refused_by(FollowUpRound, "followups_followupround_unique_period_start"):
        FollowUpRoundFactory(charter=existing.charter, title="Kvartal 1 igen")


def test_two_rounds_of_a_charter_starting_the_same_day_are_refused_in_swedish():
    existing = FollowUpRoundFactory()
    duplicate = FollowUpRoundFactory.build(charter=existing.charter, title="Kvartal 1 igen")

    assert swedish_errors(duplicate) == {
        NON_FIELD_ERRORS: ["Medborgarlöftet har redan en uppföljningsomgång som börjar den dagen."]
    }


def test_the_database_refuses_a_round_due_before_it_starts():
    with refused_by(FollowUpRound, "followups_followupround_due_after_start"):
        FollowUpRoundFactory(due_on=datetime.date(2020, 12, 31))


def test_a_round_due_before_it_starts_is_refused_in_swedish():
    round_ = FollowUpRoundFactory.build(
        charter=CharterFactory(), due_on=datetime.date(2020, 12, 31)
    )

    assert swedish_errors(round_) == {
        "due_on": ["Sista dag för rapportering kan inte ligga före omgångens start."]
    }


def test_a_round_due_on_its_first_day_is_valid():
    round_ = FollowUpRoundFactory(due_on=datetime.date(2021, 1, 1))

    assert swedish_errors(round_) == {}


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        pytest.param(
            datetime.date(2020, 12, 1),
            datetime.date(2021, 2, 28),
            "period_start",
            id="starting_before_it",
        ),
        pytest.param(
            datetime.date(2021, 10, 1),
            datetime.date(2022, 1, 31),
            "period_end",
            id="ending_after_it",
        ),
    ],
)
def test_a_round_outside_the_period_of_the_charter_is_refused_in_swedish(start, end, field):
    round_ = FollowUpRoundFactory.build(
        charter=CharterFactory(), period_start=start, period_end=end, due_on=end
    )

    assert swedish_errors(round_) == {
        field: ["Omgången måste ligga inom medborgarlöftets period."]
    }


def test_a_round_spanning_the_whole_charter_is_valid():
    charter = CharterFactory()
    round_ = FollowUpRoundFactory(
        charter=charter,
        period_start=charter.period_start,
        period_end=charter.period_end,
        due_on=datetime.date(2022, 1, 31),
    )

    assert swedish_errors(round_) == {}


# --- FollowUp: an activity's status or a promise's assessment --------------------------------

ONE_TARGET_WITH_ITS_MEASURE = [
    pytest.param(
        {"activity": True, "promise": True, "status": Status.ONGOING},
        id="both_an_activity_and_a_promise",
    ),
    pytest.param({"status": Status.ONGOING}, id="neither_an_activity_nor_a_promise"),
    pytest.param({"activity": True, "status": ""}, id="an_activity_without_status"),
    pytest.param(
        {"activity": True, "status": Status.DONE, "assessment": Assessment.FULFILLED},
        id="an_activity_with_an_assessment",
    ),
    pytest.param(
        {"promise": True, "status": Status.DONE, "assessment": Assessment.FULFILLED},
        id="a_promise_with_a_status",
    ),
    pytest.param({"promise": True, "status": ""}, id="a_promise_without_assessment"),
]


def follow_up_in(round_: FollowUpRound, *, activity=False, promise=False, **fields) -> FollowUp:
    """An unsaved follow-up in ROUND of a new activity and/or promise of the round's charter."""
    return FollowUp(
        round=round_,
        activity=ActivityFactory(promise__charter=round_.charter) if activity else None,
        promise=PromiseFactory(charter=round_.charter) if promise else None,
        **fields,
    )


@pytest.mark.parametrize("target", ONE_TARGET_WITH_ITS_MEASURE)
def test_the_database_refuses_a_follow_up_that_is_not_of_one_activity_or_one_promise(target):
    follow_up = follow_up_in(FollowUpRoundFactory(), **target)

    with refused_by(FollowUp, "followups_followup_activity_status_or_promise_assessment"):
        follow_up.save()


@pytest.mark.parametrize("target", ONE_TARGET_WITH_ITS_MEASURE)
def test_a_follow_up_that_is_not_of_one_activity_or_one_promise_is_refused_in_swedish(target):
    follow_up = follow_up_in(FollowUpRoundFactory(), **target)

    assert swedish_errors(follow_up) == {
        NON_FIELD_ERRORS: [
            "En uppföljning anger antingen en aktivitets status eller ett löftes bedömning."
        ]
    }


def test_an_activity_with_a_status_and_a_promise_with_an_assessment_are_valid():
    of_activity = FollowUpFactory()
    of_promise = FollowUpFactory(for_promise=True)

    assert (swedish_errors(of_activity), swedish_errors(of_promise)) == ({}, {})


# --- FollowUp: cancelled needs a reason ------------------------------------------------------


def test_the_database_refuses_a_cancelled_activity_without_a_reason():
    with refused_by(FollowUp, "followups_followup_cancelled_has_reason"):
        FollowUpFactory(status=Status.CANCELLED, reason="")


@pytest.mark.parametrize("reason", ["", "   "], ids=["empty", "only_spaces"])
def test_a_cancelled_activity_without_a_reason_is_refused_in_swedish(reason):
    follow_up = follow_up_in(
        FollowUpRoundFactory(), activity=True, status=Status.CANCELLED, reason=reason
    )

    assert swedish_errors(follow_up) == {"reason": ["Ange varför aktiviteten ställdes in."]}


def test_a_cancelled_activity_with_a_reason_is_valid():
    follow_up = FollowUpFactory(status=Status.CANCELLED, reason="Polisen kallades till en olycka.")

    assert swedish_errors(follow_up) == {}


# --- FollowUp: once per round ----------------------------------------------------------------


def test_the_database_refuses_an_activity_followed_up_twice_in_a_round():
    existing = FollowUpFactory()

    with refused_by(FollowUp, "followups_followup_unique_activity_per_round"):
        FollowUpFactory(round=existing.round, activity=existing.activity)


def test_an_activity_followed_up_twice_in_a_round_is_refused_in_swedish():
    existing = FollowUpFactory()
    duplicate = FollowUp(round=existing.round, activity=existing.activity, status=Status.DONE)

    assert swedish_errors(duplicate) == {
        NON_FIELD_ERRORS: ["Aktiviteten är redan uppföljd i omgången."]
    }


def test_the_database_refuses_a_promise_followed_up_twice_in_a_round():
    existing = FollowUpFactory(for_promise=True)

    with refused_by(FollowUp, "followups_followup_unique_promise_per_round"):
        FollowUpFactory(for_promise=True, round=existing.round, promise=existing.promise)


def test_a_promise_followed_up_twice_in_a_round_is_refused_in_swedish():
    existing = FollowUpFactory(for_promise=True)
    duplicate = FollowUp(
        round=existing.round, promise=existing.promise, assessment=Assessment.FULFILLED
    )

    assert swedish_errors(duplicate) == {
        NON_FIELD_ERRORS: ["Löftet är redan uppföljt i omgången."]
    }


def test_an_activity_and_a_promise_may_be_followed_up_once_in_every_round():
    first = FollowUpFactory()
    second_round = FollowUpRoundFactory(
        charter=first.round.charter,
        period_start=datetime.date(2021, 4, 1),
        period_end=datetime.date(2021, 6, 30),
        due_on=datetime.date(2021, 7, 15),
    )
    again = FollowUpFactory(round=second_round, activity=first.activity)
    promise_first = FollowUpFactory(for_promise=True, round=first.round)
    promise_again = FollowUpFactory(
        for_promise=True, round=second_round, promise=promise_first.promise
    )

    assert (swedish_errors(again), swedish_errors(promise_again)) == ({}, {})


# --- FollowUp: within the round's charter ----------------------------------------------------


def test_a_follow_up_of_an_activity_of_another_charter_is_refused_in_swedish():
    follow_up = FollowUp(
        round=FollowUpRoundFactory(), activity=ActivityFactory(), status=Status.ONGOING
    )

    assert swedish_errors(follow_up) == {
        "activity": ["Aktiviteten hör till ett annat medborgarlöfte."]
    }


def test_a_follow_up_of_a_promise_of_another_charter_is_refused_in_swedish():
    follow_up = FollowUp(
        round=FollowUpRoundFactory(), promise=PromiseFactory(), assessment=Assessment.ONGOING
    )

    assert swedish_errors(follow_up) == {"promise": ["Löftet hör till ett annat medborgarlöfte."]}


# --- Review ----------------------------------------------------------------------------------


def test_the_database_refuses_a_request_for_changes_without_a_comment():
    with refused_by(Review, "followups_review_needs_changes_has_comment"):
        ReviewFactory(decision=Review.Decision.NEEDS_CHANGES, comment="")


def test_a_request_for_changes_without_a_comment_is_refused_in_swedish():
    review = ReviewFactory.build(
        follow_up=FollowUpFactory(),
        reviewer=UserFactory(),
        decision=Review.Decision.NEEDS_CHANGES,
        comment="",
    )

    assert swedish_errors(review) == {NON_FIELD_ERRORS: ["Ange vad som behöver ändras."]}


def test_an_approval_needs_no_comment_and_a_request_for_changes_with_one_is_valid():
    approval = ReviewFactory(decision=Review.Decision.APPROVED, comment="")
    request = ReviewFactory(
        decision=Review.Decision.NEEDS_CHANGES, comment="Beskriv vad som gjordes i mars."
    )

    assert (swedish_errors(approval), swedish_errors(request)) == ({}, {})


# --- Reminder --------------------------------------------------------------------------------


def test_the_database_refuses_a_second_reminder_of_a_person_and_round_the_same_day():
    first = Reminder.objects.create(
        user=UserFactory(), round=FollowUpRoundFactory(), sent_on=datetime.date(2021, 4, 16)
    )
    Reminder.objects.create(user=first.user, round=first.round, sent_on=datetime.date(2021, 4, 17))

    with refused_by(Reminder, "followups_reminder_once_per_user_round_day"):
        Reminder.objects.create(user=first.user, round=first.round, sent_on=first.sent_on)


# --- CouncilReport ---------------------------------------------------------------------------


def test_the_database_refuses_a_second_council_report_of_a_kommun_and_year():
    first = CouncilReport.objects.create(municipality=MunicipalityFactory(), year=2021)
    CouncilReport.objects.create(municipality=first.municipality, year=2022)

    with refused_by(CouncilReport, "followups_councilreport_unique_year"):
        CouncilReport.objects.create(municipality=first.municipality, year=2021)


def test_a_second_council_report_of_the_year_is_refused_in_swedish():
    first = CouncilReport.objects.create(municipality=MunicipalityFactory(), year=2021)

    errors = swedish_errors(CouncilReport(municipality=first.municipality, year=2021))

    assert errors == {
        "__all__": ["Kommunen har redan en rapport till kommunfullmäktige för det här året."]
    }


def test_the_database_refuses_a_published_council_report_without_its_time_and_the_reverse():
    municipality = MunicipalityFactory()
    with refused_by(CouncilReport, "followups_councilreport_published_has_date"):
        CouncilReport.objects.create(municipality=municipality, year=2021, status="published")
    with refused_by(CouncilReport, "followups_councilreport_published_has_date"):
        CouncilReport.objects.create(
            municipality=municipality, year=2021, published_at=timezone.now()
        )


# --- Every constraint is covered -------------------------------------------------------------


def test_every_constraint_of_the_three_apps_has_tests():
    declared = {
        constraint.name
        for label in ("situations", "promises", "followups")
        for model in apps.get_app_config(label).get_models()
        for constraint in model._meta.constraints
    }
    covered = (
        situations_constraints.COVERED_CONSTRAINTS
        | membership_constraints.COVERED_CONSTRAINTS
        | survey_constraints.COVERED_CONSTRAINTS
        | promises_constraints.COVERED_CONSTRAINTS
        | correction_constraints.COVERED_CONSTRAINTS
        | notice_constraints.COVERED_CONSTRAINTS
        | COVERED_CONSTRAINTS
    )

    assert sorted(declared - covered) == [], "Constraints without tests"
    assert sorted(covered - declared) == [], "Covered constraints that no longer exist"
