"""Small behaviours of the situations models: labels, figures, slugs and saves."""

import datetime
from decimal import Decimal

import pytest

from situations.models import Finding, Membership, SituationReport, Source
from tests.situations.factories import (
    FocusAreaFactory,
    MembershipFactory,
    MunicipalityFactory,
    PlaceFactory,
    PoliceAreaFactory,
    PoliceDistrictFactory,
    SourceFactory,
)


def period(start: datetime.date, end: datetime.date) -> SituationReport:
    return SituationReport(period_start=start, period_end=end)


# --- PeriodModel -----------------------------------------------------------------------------


def test_a_calendar_year_is_labelled_by_its_year():
    assert period(datetime.date(2021, 1, 1), datetime.date(2021, 12, 31)).period_label == "2021"


def test_several_calendar_years_are_labelled_from_year_to_year():
    label = period(datetime.date(2020, 1, 1), datetime.date(2023, 12, 31)).period_label

    assert label == "2020–2023"


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        pytest.param(
            datetime.date(2021, 1, 1),
            datetime.date(2021, 6, 30),
            "2021-01-01 – 2021-06-30",
            id="a_half_year",
        ),
        pytest.param(
            datetime.date(2021, 7, 1),
            datetime.date(2022, 6, 30),
            "2021-07-01 – 2022-06-30",
            id="a_school_year",
        ),
        pytest.param(
            datetime.date(2021, 1, 2),
            datetime.date(2021, 12, 31),
            "2021-01-02 – 2021-12-31",
            id="a_year_less_a_day",
        ),
    ],
)
def test_a_period_that_is_not_whole_years_is_labelled_by_its_dates(start, end, label):
    assert period(start, end).period_label == label


def test_a_period_covers_its_first_and_last_day_and_nothing_outside():
    quarter = period(datetime.date(2021, 1, 1), datetime.date(2021, 3, 31))

    assert quarter.covers(datetime.date(2021, 1, 1))
    assert quarter.covers(datetime.date(2021, 3, 31))
    assert not quarter.covers(datetime.date(2020, 12, 31))
    assert not quarter.covers(datetime.date(2021, 4, 1))


# --- Finding.figure --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "figure"),
    [
        pytest.param(Decimal("60.00"), "%", "60 %", id="a_whole_percentage"),
        pytest.param(Decimal("12.50"), "per 1 000", "12,5 per 1 000", id="a_decimal_comma"),
        pytest.param(Decimal("1200.00"), "st", "1200 st", id="no_exponent_for_round_numbers"),
        pytest.param(Decimal("0.00"), "%", "0 %", id="zero"),
        pytest.param(Decimal("-3.25"), "", "-3,25", id="a_negative_value_without_unit"),
    ],
)
def test_a_figure_reads_as_residents_write_it(value, unit, figure):
    assert Finding(value=value, unit=unit).figure == figure


def test_a_finding_without_a_value_has_no_figure():
    assert Finding(value=None, unit="").figure == ""


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        pytest.param("60 % av de som deltagit vill ha mer polis", "", id="said_in_the_text"),
        pytest.param("60\u00a0% av de som deltagit vill ha mer polis", "", id="a_hard_space"),
        pytest.param("Fler vill ha mer polis", "60 %", id="not_in_the_text"),
    ],
)
def test_a_list_leads_with_the_figure_only_when_the_text_does_not_say_it(text, lead):
    assert Finding(value=Decimal("60"), unit="%", text=text).lead_figure == lead


# --- Slugs -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_municipality_without_a_slug_gets_one_from_its_name():
    municipality = MunicipalityFactory(name="Övre Ålby", slug="")

    assert municipality.slug == "ovre-alby"


@pytest.mark.django_db
def test_a_municipality_keeps_the_slug_it_is_given():
    municipality = MunicipalityFactory(name="Övre Ålby", slug="ovre-alby-kommun")

    assert municipality.slug == "ovre-alby-kommun"


@pytest.mark.django_db
def test_a_focus_area_without_a_slug_gets_one_from_its_name():
    assert FocusAreaFactory(name="Trafik och parkering", slug="").slug == "trafik-och-parkering"


@pytest.mark.django_db
def test_a_place_without_a_slug_gets_one_from_its_name():
    assert PlaceFactory(name="Centrala Säffle", slug="").slug == "centrala-saffle"


# --- Source.save -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_police_intelligence_is_saved_as_internal_even_when_marked_public():
    source = SourceFactory(kind=Source.Kind.POLICE_INTELLIGENCE, is_internal=False)

    source.refresh_from_db()
    assert source.is_internal is True


@pytest.mark.django_db
def test_police_intelligence_stays_internal_when_saved_again():
    source = SourceFactory(kind=Source.Kind.POLICE_INTELLIGENCE)

    source.is_internal = False
    source.save()

    source.refresh_from_db()
    assert source.is_internal is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind",
    [kind for kind in Source.Kind if kind is not Source.Kind.POLICE_INTELLIGENCE],
)
def test_other_sources_stay_public_unless_marked_internal(kind):
    public = SourceFactory(kind=kind, is_internal=False)
    internal = SourceFactory(kind=kind, is_internal=True)

    public.refresh_from_db()
    internal.refresh_from_db()
    assert (public.is_internal, internal.is_internal) == (False, True)


def test_only_police_intelligence_is_always_internal():
    assert [kind for kind in Source.Kind if kind.always_internal] == [
        Source.Kind.POLICE_INTELLIGENCE
    ]


# --- Membership.scope ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_scope_of_a_membership_is_its_municipality_police_area_or_district():
    municipality = MunicipalityFactory()
    area = PoliceAreaFactory()
    district = PoliceDistrictFactory()
    Role = Membership.Role

    by_municipality = MembershipFactory(role=Role.COORDINATOR, municipality=municipality)
    by_area = MembershipFactory(role=Role.POLICE, municipality=None, police_area=area)
    by_district = MembershipFactory(
        role=Role.POLICE_MANAGER, municipality=None, police_district=district
    )

    assert [by_municipality.scope, by_area.scope, by_district.scope] == [
        municipality,
        area,
        district,
    ]
