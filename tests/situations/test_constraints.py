"""Every database constraint and clean() rule of the situations app; a membership's are in
test_membership_constraints.py.

Each constraint is tested twice: the database refuses the bad row (`refused_by`), and
full_clean() tells the coordinator what is wrong in Swedish (`swedish_errors`).
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation

from situations.models import (
    Finding,
    Municipality,
    Observation,
    Place,
    PoliceArea,
    PoliceDistrict,
    Problem,
    ReferenceCoverage,
    ReportingOrganisation,
    SituationReport,
    Source,
)
from tests.helpers import refused_by, swedish_errors
from tests.situations.factories import (
    CountyFactory,
    FindingFactory,
    MunicipalityFactory,
    ObservationFactory,
    PlaceFactory,
    PoliceAreaFactory,
    PoliceDistrictFactory,
    ReportingOrganisationFactory,
    SituationReportFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Read by the meta-test in tests/followups/test_constraints.py.
COVERED_CONSTRAINTS = {
    "situations_tip_message_not_empty",
    "situations_tip_message_max_length",
    "situations_tip_handled_has_date",
    "situations_pagefeedback_local_path",
    "situations_reportingorganisation_unique_name",
    "situations_place_unique_slug",
    "situations_place_valid_point",
    "situations_situationreport_period_end_after_start",
    "situations_situationreport_unique_period",
    "situations_situationreport_published_has_date",
    "situations_source_police_intelligence_internal",
    "situations_finding_unit_needs_value",
    "situations_observation_level_range",
    "situations_observation_week_is_monday",
    "situations_observation_description_max_length",
    "situations_observation_one_per_reporter_week_place_category",
    "situations_policedistrict_unique_reference_key",
    "situations_policearea_unique_reference_key",
    "situations_referencecoverage_unique_pair",
    "situations_problem_priority_positive",
}


# --- Municipality ----------------------------------------------------------------------------


def test_a_municipality_code_must_start_with_its_county_code_in_swedish():
    county = CountyFactory(code="93")
    municipality = Municipality(code="9401", name="Ålby", slug="alby-test", county=county)

    assert swedish_errors(municipality) == {"code": ["Kommunkoden måste börja med länskoden."]}


def test_a_municipality_code_that_starts_with_its_county_code_is_valid():
    county = CountyFactory(code="93")
    municipality = Municipality(code="9301", name="Ålby", slug="alby-test", county=county)

    assert swedish_errors(municipality) == {}


# --- ReportingOrganisation -------------------------------------------------------------------


def test_the_database_refuses_two_organisations_with_one_name_in_a_municipality():
    existing = ReportingOrganisationFactory(name="Säfflebostäder")

    with refused_by(ReportingOrganisation, "situations_reportingorganisation_unique_name"):
        ReportingOrganisationFactory(municipality=existing.municipality, name="Säfflebostäder")


def test_two_organisations_with_one_name_are_refused_in_swedish():
    existing = ReportingOrganisationFactory(name="Säfflebostäder")
    duplicate = ReportingOrganisationFactory.build(
        municipality=existing.municipality, name="Säfflebostäder"
    )

    assert swedish_errors(duplicate) == {
        NON_FIELD_ERRORS: ["Kommunen har redan en organisation med det namnet."]
    }


def test_organisations_in_different_municipalities_may_share_a_name():
    ReportingOrganisationFactory(name="Svenska kyrkan")
    other = ReportingOrganisationFactory(name="Svenska kyrkan")

    assert swedish_errors(other) == {}


# --- Place -----------------------------------------------------------------------------------


def test_the_database_refuses_two_places_with_one_slug_in_a_municipality():
    existing = PlaceFactory(name="Resecentrum", slug="resecentrum")

    with refused_by(Place, "situations_place_unique_slug"):
        PlaceFactory(municipality=existing.municipality, name="Resecentrum", slug="resecentrum")


def test_two_places_with_one_slug_are_refused_in_swedish():
    existing = PlaceFactory(name="Resecentrum", slug="resecentrum")
    duplicate = Place(municipality=existing.municipality, name="Resecentrum", slug="resecentrum")

    assert swedish_errors(duplicate) == {
        NON_FIELD_ERRORS: ["Kommunen har redan en plats med det namnet."]
    }


def test_places_in_different_municipalities_may_share_a_slug():
    PlaceFactory(name="Resecentrum", slug="resecentrum")
    other = PlaceFactory(name="Resecentrum", slug="resecentrum")

    assert swedish_errors(other) == {}


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        pytest.param(Decimal("95"), Decimal("12.9317"), id="latitude_above_90"),
        pytest.param(Decimal("-95"), Decimal("12.9317"), id="latitude_below_minus_90"),
        pytest.param(Decimal("59.1329"), Decimal("200"), id="longitude_above_180"),
        pytest.param(Decimal("59.1329"), Decimal("-200"), id="longitude_below_minus_180"),
    ],
)
def test_the_database_refuses_a_point_out_of_range(latitude, longitude):
    with refused_by(Place, "situations_place_valid_point"):
        PlaceFactory(latitude=latitude, longitude=longitude)


def test_a_point_out_of_range_breaks_the_constraint_in_swedish():
    place = PlaceFactory.build(
        municipality=MunicipalityFactory(), latitude=Decimal("95"), longitude=Decimal("12")
    )

    # full_clean() stops at the field validator (below); the constraint speaks to other callers.
    with translation.override("sv"), pytest.raises(ValidationError) as caught:
        place.validate_constraints()
    assert caught.value.messages == [
        "Ange både latitud och longitud inom tillåtna intervall, eller ingen av dem."
    ]


def test_a_latitude_out_of_range_is_refused_by_its_field_in_swedish():
    place = PlaceFactory.build(
        municipality=MunicipalityFactory(), latitude=Decimal("95"), longitude=Decimal("12")
    )

    # Django's own Swedish catalogue translates the validator message.
    assert swedish_errors(place) == {
        "latitude": ["Kontrollera att detta värde är mindre än eller lika med 90."]
    }


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        pytest.param(None, None, id="no_point"),
        pytest.param(Decimal("59.1329"), Decimal("12.9317"), id="a_point_in_saffle"),
        pytest.param(Decimal("90"), Decimal("180"), id="the_upper_edges"),
        pytest.param(Decimal("-90"), Decimal("-180"), id="the_lower_edges"),
    ],
)
def test_a_place_may_have_no_point_or_a_point_within_range(latitude, longitude):
    place = PlaceFactory(latitude=latitude, longitude=longitude)

    assert swedish_errors(place) == {}


def test_the_database_refuses_a_latitude_without_a_longitude():
    with refused_by(Place, "situations_place_valid_point"):
        PlaceFactory(latitude=Decimal("59.1329"), longitude=None)


def test_a_latitude_without_a_longitude_is_refused_in_swedish():
    place = PlaceFactory.build(municipality=MunicipalityFactory(), latitude=Decimal("59.1329"))

    assert swedish_errors(place) == {
        NON_FIELD_ERRORS: [
            "Ange både latitud och longitud inom tillåtna intervall, eller ingen av dem."
        ]
    }


# --- SituationReport -------------------------------------------------------------------------


def test_the_database_refuses_a_situation_report_that_ends_before_it_starts():
    with refused_by(SituationReport, "situations_situationreport_period_end_after_start"):
        SituationReportFactory(
            period_start=datetime.date(2021, 12, 31), period_end=datetime.date(2021, 1, 1)
        )


def test_a_situation_report_that_ends_before_it_starts_is_refused_in_swedish():
    report = SituationReportFactory.build(
        municipality=MunicipalityFactory(),
        period_start=datetime.date(2021, 12, 31),
        period_end=datetime.date(2021, 1, 1),
    )

    assert swedish_errors(report) == {"period_end": ["Perioden kan inte sluta innan den börjar."]}


def test_a_situation_report_of_a_single_day_is_valid():
    day = datetime.date(2021, 6, 1)
    report = SituationReportFactory(period_start=day, period_end=day)

    assert swedish_errors(report) == {}


def test_the_database_refuses_two_situation_reports_starting_the_same_day_in_a_municipality():
    existing = SituationReportFactory()

    with refused_by(SituationReport, "situations_situationreport_unique_period"):
        SituationReportFactory(municipality=existing.municipality)


def test_two_situation_reports_starting_the_same_day_are_refused_in_swedish():
    existing = SituationReportFactory()
    duplicate = SituationReportFactory.build(municipality=existing.municipality)

    assert swedish_errors(duplicate) == {
        NON_FIELD_ERRORS: ["Kommunen har redan en lägesbild som börjar den dagen."]
    }


def test_the_database_refuses_a_published_situation_report_without_a_publish_date():
    with refused_by(SituationReport, "situations_situationreport_published_has_date"):
        SituationReportFactory(status=SituationReport.Status.PUBLISHED, published_at=None)


def test_a_published_situation_report_without_a_publish_date_is_refused_in_swedish():
    report = SituationReportFactory.build(
        municipality=MunicipalityFactory(), status=SituationReport.Status.PUBLISHED
    )

    assert swedish_errors(report) == {
        NON_FIELD_ERRORS: ["En publicerad lägesbild behöver ett publiceringsdatum."]
    }


def test_a_police_area_that_does_not_cover_the_municipality_is_refused_in_swedish():
    report = SituationReportFactory.build(
        municipality=MunicipalityFactory(), police_area=PoliceAreaFactory()
    )

    assert swedish_errors(report) == {"police_area": ["Lokalpolisområdet omfattar inte kommunen."]}


def test_a_police_area_that_covers_the_municipality_is_accepted():
    municipality = MunicipalityFactory()
    report = SituationReportFactory(
        municipality=municipality,
        police_area=PoliceAreaFactory(municipalities=[MunicipalityFactory(), municipality]),
    )

    assert swedish_errors(report) == {}


# --- Source ----------------------------------------------------------------------------------


def test_the_database_refuses_police_intelligence_that_is_not_internal():
    source = SourceFactory(kind=Source.Kind.POLICE_INTELLIGENCE)

    # Source.save() would mend the row, so write past it.
    with refused_by(Source, "situations_source_police_intelligence_internal"):
        Source.objects.filter(pk=source.pk).update(is_internal=False)


def test_police_intelligence_that_is_not_internal_is_refused_in_swedish():
    source = Source(
        report=SituationReportFactory(),
        kind=Source.Kind.POLICE_INTELLIGENCE,
        title="Underrättelser",
        is_internal=False,
    )

    assert swedish_errors(source) == {
        NON_FIELD_ERRORS: ["Polisens underrättelseinformation är alltid intern."]
    }


# --- Finding ---------------------------------------------------------------------------------


def test_the_database_refuses_a_unit_without_a_value():
    with refused_by(Finding, "situations_finding_unit_needs_value"):
        FindingFactory(value=None, unit="%")


def test_a_unit_without_a_value_is_refused_in_swedish():
    source = SourceFactory()
    finding = FindingFactory.build(report=source.report, source=source, value=None, unit="%")

    assert swedish_errors(finding) == {NON_FIELD_ERRORS: ["En enhet behöver ett värde."]}


def test_a_value_without_a_unit_is_valid():
    finding = FindingFactory(value=Decimal("12"), unit="")

    assert swedish_errors(finding) == {}


def test_a_finding_with_a_source_of_another_report_is_refused_in_swedish():
    finding = FindingFactory.build(report=SituationReportFactory(), source=SourceFactory())

    assert swedish_errors(finding) == {"source": ["Källan hör till en annan lägesbild."]}


def test_a_finding_at_a_place_in_another_municipality_is_refused_in_swedish():
    source = SourceFactory()
    finding = FindingFactory.build(report=source.report, source=source, place=PlaceFactory())

    assert swedish_errors(finding) == {"place": ["Platsen ligger i en annan kommun."]}


def test_a_finding_with_a_source_and_a_place_of_its_own_report_is_valid():
    source = SourceFactory()
    place = PlaceFactory(municipality=source.report.municipality)
    finding = FindingFactory(report=source.report, source=source, place=place)

    assert swedish_errors(finding) == {}


# --- EST observation -------------------------------------------------------------------------


@pytest.mark.parametrize("level", [0, 6])
def test_the_database_refuses_a_level_outside_1_to_5(level):
    with refused_by(Observation, "situations_observation_level_range"):
        ObservationFactory(level=level)


def test_the_database_refuses_a_week_that_is_not_a_monday():
    with refused_by(Observation, "situations_observation_week_is_monday"):
        ObservationFactory(week=datetime.date(2026, 3, 4))


def test_the_database_refuses_a_description_over_500_characters():
    with refused_by(Observation, "situations_observation_description_max_length"):
        ObservationFactory(description="x" * 501)


def test_the_database_refuses_a_second_observation_of_a_reporter_week_place_and_category():
    first = ObservationFactory(reporter=UserFactory())
    with refused_by(Observation, "situations_observation_one_per_reporter_week_place_category"):
        ObservationFactory(
            municipality=first.municipality,
            place=first.place,
            reporter=first.reporter,
            week=first.week,
            category=first.category,
        )


# --- The police organisation's reference keys ----------------------------------------------


def test_the_database_refuses_two_police_districts_with_one_reference_key():
    PoliceDistrictFactory(name="Polisområde A", reference_key="Väst|A")
    PoliceDistrictFactory(name="Polisområde B", reference_key="")  # made by hand: no key
    PoliceDistrictFactory(name="Polisområde C", reference_key="")

    with refused_by(PoliceDistrict, "situations_policedistrict_unique_reference_key"):
        PoliceDistrictFactory(name="Polisområde D", reference_key="Väst|A")


def test_the_database_refuses_two_police_areas_with_one_reference_key():
    PoliceAreaFactory(name="LPO A", reference_key="Väst|A|A")
    PoliceAreaFactory(name="LPO B", reference_key="")  # made by hand: no key
    PoliceAreaFactory(name="LPO C", reference_key="")

    with refused_by(PoliceArea, "situations_policearea_unique_reference_key"):
        PoliceAreaFactory(name="LPO D", reference_key="Väst|A|A")


def test_the_database_refuses_a_pair_of_the_reference_data_loaded_twice():
    pair = {
        "area_key": "Nytt LPO",
        "district_key": "Nytt polisområde",
        "municipality_code": "1492",
    }
    ReferenceCoverage.objects.create(**pair, municipality_name="Åmål")

    with refused_by(ReferenceCoverage, "situations_referencecoverage_unique_pair"):
        ReferenceCoverage.objects.create(**pair, municipality_name="Åmål")


# --- Problem ---------------------------------------------------------------------------------


def test_the_database_refuses_a_problem_of_priority_zero():
    report = SituationReportFactory()

    with refused_by(Problem, "situations_problem_priority_positive"):
        Problem.objects.create(report=report, title="Otrygghet", priority=0)


def test_a_problem_of_priority_zero_is_refused_in_swedish():
    problem = Problem(report=SituationReportFactory(), title="Otrygghet", priority=0)

    # The field's own check speaks first, so the constraint's message is not repeated.
    assert swedish_errors(problem) == {
        "priority": ["Kontrollera att detta värde är större än eller lika med 1."]
    }
