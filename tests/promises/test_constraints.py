"""Every database constraint and clean() rule of the promises app."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone

from promises.models import (
    Activity,
    Charter,
    CollaborationAgreement,
    Indicator,
    Measurement,
    Party,
    Promise,
    Signatory,
    WalkFinding,
)
from tests.helpers import WEDNESDAY_NOON, refused_by, swedish_errors
from tests.promises.factories import (
    ActivityFactory,
    CharterFactory,
    CollaborationAgreementFactory,
    IndicatorFactory,
    MeasurementFactory,
    PromiseFactory,
    SignatoryFactory,
    WalkFindingFactory,
)
from tests.situations.factories import (
    MunicipalityFactory,
    PoliceAreaFactory,
    SituationReportFactory,
)

pytestmark = pytest.mark.django_db

# Read by the meta-test in tests/followups/test_constraints.py.
COVERED_CONSTRAINTS = {
    "promises_walkfinding_has_place",
    "promises_walkfinding_done_has_date",
    "promises_collaborationagreement_period_end_after_start",
    "promises_charter_period_end_after_start",
    "promises_charter_unique_municipality_period_start",
    "promises_charter_public_has_publish_date",
    "promises_charter_withdrawn_has_reason",
    "promises_signatory_exactly_one_document",
    "promises_signatory_party_not_joint",
    "promises_promise_unique_order",
    "promises_activity_end_after_start",
    "promises_activity_unique_order",
    "promises_indicator_unique_name",
    "promises_measurement_unique_date",
}

ENDS_BEFORE_IT_STARTS = {
    "period_start": datetime.date(2021, 12, 31),
    "period_end": datetime.date(2021, 1, 1),
}


def unsaved_charter(**kwargs) -> Charter:
    """A draft charter ready for full_clean(), whose LPO covers its municipality."""
    municipality = kwargs.pop("municipality", None) or MunicipalityFactory()
    kwargs.setdefault("police_area", PoliceAreaFactory(municipalities=[municipality]))
    return CharterFactory.build(municipality=municipality, **kwargs)


# --- CollaborationAgreement ------------------------------------------------------------------


def test_the_database_refuses_an_agreement_that_ends_before_it_starts():
    with refused_by(
        CollaborationAgreement, "promises_collaborationagreement_period_end_after_start"
    ):
        CollaborationAgreementFactory(**ENDS_BEFORE_IT_STARTS)


def test_an_agreement_that_ends_before_it_starts_is_refused_in_swedish():
    agreement = CollaborationAgreementFactory.build(
        police_area=PoliceAreaFactory(), **ENDS_BEFORE_IT_STARTS
    )

    assert swedish_errors(agreement) == {
        "period_end": ["Perioden kan inte sluta innan den börjar."]
    }


# --- Charter: period -------------------------------------------------------------------------


def test_the_database_refuses_a_charter_that_ends_before_it_starts():
    with refused_by(Charter, "promises_charter_period_end_after_start"):
        CharterFactory(**ENDS_BEFORE_IT_STARTS)


def test_a_charter_that_ends_before_it_starts_is_refused_in_swedish():
    charter = unsaved_charter(**ENDS_BEFORE_IT_STARTS)

    assert swedish_errors(charter) == {"period_end": ["Perioden kan inte sluta innan den börjar."]}


def test_the_database_refuses_two_charters_starting_the_same_day_in_a_municipality():
    existing = CharterFactory()

    with refused_by(Charter, "promises_charter_unique_municipality_period_start"):
        CharterFactory(municipality=existing.municipality, police_area=existing.police_area)


def test_two_charters_starting_the_same_day_are_refused_in_swedish():
    existing = CharterFactory()
    duplicate = unsaved_charter(
        municipality=existing.municipality, police_area=existing.police_area
    )

    assert swedish_errors(duplicate) == {
        NON_FIELD_ERRORS: ["Kommunen har redan ett medborgarlöfte som börjar den dagen."]
    }


def test_two_municipalities_may_have_charters_starting_the_same_day():
    CharterFactory()
    other = CharterFactory()

    assert swedish_errors(other) == {}


# --- Charter: signed before it is public -----------------------------------------------------

UNSIGNED_PUBLIC_CHARTERS = [
    pytest.param(
        {"status": Charter.Status.PUBLISHED, "signed_on": datetime.date(2021, 2, 1)},
        id="published_without_publish_date",
    ),
    pytest.param({"status": Charter.Status.CLOSED}, id="closed_without_either_date"),
]


@pytest.mark.parametrize("dates", UNSIGNED_PUBLIC_CHARTERS)
def test_the_database_refuses_a_public_charter_without_a_publish_date(dates):
    with refused_by(Charter, "promises_charter_public_has_publish_date"):
        CharterFactory(**dates)


@pytest.mark.parametrize("dates", UNSIGNED_PUBLIC_CHARTERS)
def test_a_public_charter_without_a_publish_date_is_refused_in_swedish(dates):
    charter = unsaved_charter(**dates)

    assert swedish_errors(charter) == {
        NON_FIELD_ERRORS: ["Ett publicerat medborgarlöfte måste ha ett publiceringsdatum."]
    }


def test_a_published_charter_whose_signing_date_is_unknown_is_accepted():
    charter = unsaved_charter(status=Charter.Status.PUBLISHED, published_at=timezone.now())

    assert swedish_errors(charter) == {}


WITHDRAWN_WITHOUT = [
    {"withdrawn_at": None, "withdrawal_reason": "Fel kommun."},
    {"withdrawn_at": timezone.now(), "withdrawal_reason": ""},
]


@pytest.mark.parametrize("missing", WITHDRAWN_WITHOUT)
def test_the_database_refuses_a_withdrawn_charter_without_date_and_reason(missing):
    with refused_by(Charter, "promises_charter_withdrawn_has_reason"):
        CharterFactory(status=Charter.Status.WITHDRAWN, published_at=timezone.now(), **missing)


@pytest.mark.parametrize("missing", WITHDRAWN_WITHOUT)
def test_a_withdrawn_charter_without_date_and_reason_is_refused_in_swedish(missing):
    charter = unsaved_charter(
        status=Charter.Status.WITHDRAWN, published_at=timezone.now(), **missing
    )

    assert swedish_errors(charter) == {
        NON_FIELD_ERRORS: [
            "Ett återkallat medborgarlöfte behöver datum och skäl för återkallandet."
        ]
    }


@pytest.mark.parametrize("status", [Charter.Status.DRAFT, Charter.Status.REVIEW])
def test_a_charter_in_the_making_needs_neither_date(status):
    charter = CharterFactory(status=status)

    assert swedish_errors(charter) == {}


@pytest.mark.parametrize("trait", ["published", "closed"])
def test_a_signed_and_published_charter_is_valid(trait):
    charter = CharterFactory(**{trait: True})

    assert swedish_errors(charter) == {}


# --- Charter: clean() ------------------------------------------------------------------------


def test_a_charter_whose_police_area_does_not_cover_the_municipality_is_refused_in_swedish():
    charter = unsaved_charter(police_area=PoliceAreaFactory())

    assert swedish_errors(charter) == {
        "police_area": ["Lokalpolisområdet omfattar inte kommunen."]
    }


def test_a_charter_resting_on_the_situation_report_of_another_kommun_is_refused_in_swedish():
    charter = unsaved_charter(situation_report=SituationReportFactory())

    assert swedish_errors(charter) == {
        "situation_report": ["Lägesbilden hör till en annan kommun."]
    }


def test_a_charter_under_an_agreement_without_its_municipality_is_refused_in_swedish():
    agreement = CollaborationAgreementFactory(municipalities=[MunicipalityFactory()])
    charter = unsaved_charter(agreement=agreement)

    assert swedish_errors(charter) == {"agreement": ["Överenskommelsen omfattar inte kommunen."]}


# Tomorrow must still be tomorrow when the charter is checked.
@pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)
def test_a_charter_signed_in_the_future_is_refused_in_swedish():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    charter = unsaved_charter(signed_on=tomorrow)

    assert swedish_errors(charter) == {
        "signed_on": ["Datumet för undertecknande kan inte ligga i framtiden."]
    }


def test_a_charter_signed_today_under_its_own_agreement_and_report_is_valid():
    municipality = MunicipalityFactory()
    area = PoliceAreaFactory(municipalities=[municipality])
    charter = CharterFactory(
        municipality=municipality,
        police_area=area,
        agreement=CollaborationAgreementFactory(
            police_area=area, municipalities=[MunicipalityFactory(), municipality]
        ),
        situation_report=SituationReportFactory(municipality=municipality),
        signed_on=timezone.localdate(),
    )

    assert swedish_errors(charter) == {}


# --- Signatory -------------------------------------------------------------------------------


def test_the_database_refuses_a_signatory_of_nothing():
    with refused_by(Signatory, "promises_signatory_exactly_one_document"):
        SignatoryFactory(charter=None, agreement=None)


def test_the_database_refuses_a_signatory_of_both_a_charter_and_an_agreement():
    with refused_by(Signatory, "promises_signatory_exactly_one_document"):
        SignatoryFactory(agreement=CollaborationAgreementFactory())


@pytest.mark.parametrize("both", [False, True], ids=["of_nothing", "of_two_documents"])
def test_a_signatory_of_other_than_one_document_is_refused_in_swedish(both):
    signatory = SignatoryFactory.build(
        charter=CharterFactory() if both else None,
        agreement=CollaborationAgreementFactory() if both else None,
    )

    assert swedish_errors(signatory) == {
        NON_FIELD_ERRORS: [
            "En undertecknare skriver under exakt ett medborgarlöfte eller en överenskommelse."
        ]
    }


def test_a_signatory_of_an_agreement_alone_is_valid():
    signatory = SignatoryFactory(charter=None, agreement=CollaborationAgreementFactory())

    assert swedish_errors(signatory) == {}


def test_the_database_refuses_a_signatory_for_both_parties():
    with refused_by(Signatory, "promises_signatory_party_not_joint"):
        SignatoryFactory(party=Party.JOINT)


def test_a_signatory_for_both_parties_is_refused_in_swedish():
    signatory = SignatoryFactory.build(charter=CharterFactory(), party=Party.JOINT)

    assert swedish_errors(signatory) == {
        NON_FIELD_ERRORS: ["En undertecknare skriver under för polisen eller för kommunen."]
    }


# --- Promise ---------------------------------------------------------------------------------


def test_the_database_refuses_two_promises_in_one_place_of_the_order():
    existing = PromiseFactory(order=1)

    with refused_by(Promise, "promises_promise_unique_order"):
        PromiseFactory(charter=existing.charter, order=1)


def test_two_promises_in_one_place_of_the_order_are_refused_in_swedish():
    existing = PromiseFactory(order=1)
    duplicate = PromiseFactory.build(charter=existing.charter, order=1)

    assert swedish_errors(duplicate) == {
        NON_FIELD_ERRORS: ["Två löften kan inte ha samma plats i ordningen."]
    }


def test_promises_of_different_charters_may_share_a_place_in_the_order():
    PromiseFactory(order=1)
    other = PromiseFactory(order=1)

    assert swedish_errors(other) == {}


# --- Activity --------------------------------------------------------------------------------


def test_the_database_refuses_an_activity_that_ends_before_it_starts():
    with refused_by(Activity, "promises_activity_end_after_start"):
        ActivityFactory(start_date=datetime.date(2021, 5, 1), end_date=datetime.date(2021, 4, 30))


def test_an_activity_that_ends_before_it_starts_is_refused_in_swedish():
    activity = ActivityFactory.build(
        promise=PromiseFactory(),
        start_date=datetime.date(2021, 5, 1),
        end_date=datetime.date(2021, 4, 30),
    )

    assert swedish_errors(activity) == {
        "end_date": ["Aktiviteten kan inte sluta innan den börjar."]
    }


@pytest.mark.parametrize(
    ("start", "end"),
    [
        pytest.param(None, None, id="without_dates"),
        pytest.param(datetime.date(2021, 5, 1), None, id="with_a_start_only"),
        pytest.param(None, datetime.date(2021, 4, 30), id="with_an_end_only"),
        pytest.param(datetime.date(2021, 5, 1), datetime.date(2021, 5, 1), id="on_one_day"),
    ],
)
def test_an_activity_is_valid(start, end):
    activity = ActivityFactory(start_date=start, end_date=end)

    assert swedish_errors(activity) == {}


def test_the_database_refuses_two_activities_in_one_place_of_the_order():
    existing = ActivityFactory(order=1)

    with refused_by(Activity, "promises_activity_unique_order"):
        ActivityFactory(promise=existing.promise, order=1)


def test_two_activities_in_one_place_of_the_order_are_refused_in_swedish():
    existing = ActivityFactory(order=1)
    duplicate = ActivityFactory.build(promise=existing.promise, order=1)

    assert swedish_errors(duplicate) == {
        NON_FIELD_ERRORS: ["Två aktiviteter kan inte ha samma plats i ordningen."]
    }


# --- Indicator and Measurement ---------------------------------------------------------------


def test_the_database_refuses_two_indicators_with_one_name_for_a_promise():
    existing = IndicatorFactory(name="Andel trygga i centrum")

    with refused_by(Indicator, "promises_indicator_unique_name"):
        IndicatorFactory(promise=existing.promise, name="Andel trygga i centrum")


def test_two_indicators_with_one_name_are_refused_in_swedish():
    existing = IndicatorFactory(name="Andel trygga i centrum")
    duplicate = IndicatorFactory.build(promise=existing.promise, name="Andel trygga i centrum")

    assert swedish_errors(duplicate) == {
        NON_FIELD_ERRORS: ["Löftet har redan en indikator med det namnet."]
    }


def test_the_database_refuses_two_values_of_an_indicator_on_one_date():
    existing = MeasurementFactory()

    with refused_by(Measurement, "promises_measurement_unique_date"):
        MeasurementFactory(indicator=existing.indicator, date=existing.date)


def test_two_values_of_an_indicator_on_one_date_are_refused_in_swedish():
    existing = MeasurementFactory()
    duplicate = MeasurementFactory.build(indicator=existing.indicator, date=existing.date)

    assert swedish_errors(duplicate) == {
        NON_FIELD_ERRORS: ["Indikatorn har redan ett värde för det datumet."]
    }


def test_two_indicators_may_have_values_on_one_date():
    existing = MeasurementFactory()
    other = MeasurementFactory(date=existing.date)

    assert swedish_errors(other) == {}


# --- Safety walk findings --------------------------------------------------------------------


def test_the_database_refuses_a_finding_without_place_or_location():
    with refused_by(WalkFinding, "promises_walkfinding_has_place"):
        WalkFindingFactory(location="")


@pytest.mark.parametrize(
    "fields",
    [{"status": "done"}, {"status": "planned", "done_on": datetime.date(2026, 5, 1)}],
)
def test_the_database_refuses_a_done_day_without_done_and_done_without_a_day(fields):
    with refused_by(WalkFinding, "promises_walkfinding_done_has_date"):
        WalkFindingFactory(**fields)
