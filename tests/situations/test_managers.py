"""Querysets of the situations app and the scope helpers of situations/permissions.py.

READERS (tests/helpers.py) is the role matrix of the README (Workspace) as the `world` fixture
builds it; the manager tests of promises and followups use it too.
"""

import datetime

import pytest
from django.utils import timezone

from situations.models import Finding, Membership, Municipality, PoliceArea, SituationReport
from tests.helpers import READERS, WEDNESDAY_NOON, user_in
from tests.situations.factories import (
    FindingFactory,
    MembershipFactory,
    MunicipalityFactory,
    PoliceAreaFactory,
    SituationReportFactory,
    SourceFactory,
)

# Reports run relative to today, which decides the current one.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


# --- MunicipalityQuerySet --------------------------------------------------------------------


def test_with_geography_loads_county_and_police_region_in_the_same_query(
    django_assert_num_queries,
):
    municipality = MunicipalityFactory()

    with django_assert_num_queries(1):
        loaded = Municipality.objects.with_geography().get(pk=municipality.pk)
        region = loaded.county.police_region

    assert region == municipality.county.police_region


# --- SituationReportQuerySet.published / visible_to ------------------------------------------


def test_published_reports_leave_out_drafts():
    published = SituationReportFactory(published=True)
    SituationReportFactory()

    assert list(SituationReport.objects.published()) == [published]


@pytest.mark.parametrize(("role", "reads_a", "reads_b"), READERS)
def test_draft_reports_are_visible_only_in_scope(world, role, reads_a, reads_b):
    draft_a = SituationReportFactory(municipality=world.municipality)
    draft_b = SituationReportFactory(municipality=world.other_municipality)
    published_a = SituationReportFactory(
        municipality=world.municipality, period_start=datetime.date(2020, 1, 1), published=True
    )
    published_b = SituationReportFactory(
        municipality=world.other_municipality,
        period_start=datetime.date(2020, 1, 1),
        published=True,
    )
    expected = {published_a, published_b}
    if reads_a:
        expected.add(draft_a)
    if reads_b:
        expected.add(draft_b)

    visible = SituationReport.objects.visible_to(user_in(world, role))

    assert set(visible) == expected
    assert visible.count() == len(expected)


def test_a_viewer_of_a_police_area_sees_the_drafts_of_its_kommuner(world):
    viewer = MembershipFactory(
        role=Membership.Role.VIEWER, municipality=None, police_area=world.police_area
    ).user
    draft_a = SituationReportFactory(municipality=world.municipality)
    SituationReportFactory(municipality=world.other_municipality)

    assert list(SituationReport.objects.visible_to(viewer)) == [draft_a]


# --- SituationReportQuerySet.current_for -----------------------------------------------------


def test_no_report_is_current_when_none_is_published():
    draft = SituationReportFactory(period_start=today() - days(30), period_end=today() + days(30))

    assert SituationReport.objects.current_for(draft.municipality) is None


def test_the_published_report_covering_today_is_current():
    municipality = MunicipalityFactory()
    current = SituationReportFactory(
        municipality=municipality,
        period_start=today() - days(30),
        period_end=today() + days(30),
        published=True,
    )

    assert SituationReport.objects.current_for(municipality) == current


def test_a_report_starting_today_is_current():
    municipality = MunicipalityFactory()
    current = SituationReportFactory(
        municipality=municipality,
        period_start=today(),
        period_end=today() + days(364),
        published=True,
    )

    assert SituationReport.objects.current_for(municipality) == current


def test_a_report_that_has_not_started_is_not_current():
    municipality = MunicipalityFactory()
    SituationReportFactory(
        municipality=municipality,
        period_start=today() + days(1),
        period_end=today() + days(365),
        published=True,
    )

    assert SituationReport.objects.current_for(municipality) is None


def test_the_latest_report_that_has_started_is_current_even_after_its_period():
    municipality = MunicipalityFactory()
    SituationReportFactory(
        municipality=municipality,
        period_start=today() - days(800),
        period_end=today() - days(436),
        published=True,
    )
    latest = SituationReportFactory(
        municipality=municipality,
        period_start=today() - days(435),
        period_end=today() - days(71),
        published=True,
    )

    assert SituationReport.objects.current_for(municipality) == latest


def test_neither_a_newer_draft_nor_a_report_of_another_kommun_replaces_the_current_one():
    municipality = MunicipalityFactory()
    current = SituationReportFactory(
        municipality=municipality,
        period_start=today() - days(100),
        period_end=today() + days(100),
        published=True,
    )
    SituationReportFactory(
        municipality=municipality, period_start=today() - days(10), period_end=today()
    )
    SituationReportFactory(
        period_start=today() - days(5), period_end=today() + days(5), published=True
    )

    assert SituationReport.objects.current_for(municipality) == current


# --- FindingQuerySet.public ------------------------------------------------------------------


def test_public_findings_leave_out_those_resting_on_internal_sources():
    report = SituationReportFactory()
    dialogue = FindingFactory(report=report)
    without_source = FindingFactory(report=report, source=None)
    FindingFactory(report=report, source=SourceFactory(report=report, is_internal=True))
    FindingFactory(
        report=report,
        source=SourceFactory(report=report, kind="police_intelligence"),
    )

    assert set(Finding.objects.public()) == {dialogue, without_source}


# --- municipalities_in_scope / police_areas_in_scope -----------------------------------------

MUNICIPALITIES_READ = [
    pytest.param("anonymous", set(), id="anonymous_visitor_reads_none"),
    pytest.param("coordinator", {"a"}, id="coordinator_reads_their_kommun"),
    pytest.param("other_coordinator", {"b"}, id="coordinator_of_another_kommun_reads_only_it"),
    pytest.param("police", {"a"}, id="police_read_the_kommuner_of_their_lpo"),
    pytest.param("other_police", {"b"}, id="police_of_another_lpo_read_only_its_kommuner"),
    pytest.param("police_manager", {"a"}, id="police_manager_reads_the_kommuner_of_the_lpo"),
    pytest.param(
        "district_manager", {"a"}, id="district_manager_reads_the_kommuner_of_the_district"
    ),
    pytest.param("reporter", set(), id="reporter_reads_none"),
    pytest.param("viewer", {"a"}, id="viewer_reads_their_kommun"),
    pytest.param("outsider", set(), id="user_without_membership_reads_none"),
]


@pytest.mark.parametrize(("role", "expected"), MUNICIPALITIES_READ)
def test_municipalities_in_scope_for_reading(world, role, expected):
    names = {"a": world.municipality, "b": world.other_municipality}

    in_scope = Municipality.objects.in_scope(user_in(world, role), Membership.READ_ROLES)

    assert list(in_scope) == [names[key] for key in sorted(expected)]


def test_a_superuser_has_every_municipality_and_police_area_in_scope(world):
    roles = Membership.READ_ROLES

    assert (
        Municipality.objects.in_scope(world.superuser, roles).count()
        == Municipality.objects.count()
    )
    assert set(PoliceArea.objects.in_scope(world.superuser, roles)) == set(
        PoliceArea.objects.all()
    )


def test_a_reporter_has_their_kommun_in_scope_only_as_a_reporter(world):
    Role = Membership.Role

    assert list(Municipality.objects.in_scope(world.reporter, [Role.REPORTER])) == [
        world.municipality
    ]
    assert not Municipality.objects.in_scope(world.reporter, Membership.EDIT_ROLES).exists()


def test_a_viewer_has_nothing_in_scope_for_editing(world):
    assert not Municipality.objects.in_scope(world.viewer, Membership.EDIT_ROLES).exists()
    assert list(Municipality.objects.in_scope(world.coordinator, Membership.EDIT_ROLES)) == [
        world.municipality
    ]


def test_police_have_every_kommun_of_their_lpo_in_scope(world):
    neighbour = MunicipalityFactory()
    world.police_area.municipalities.add(neighbour)

    in_scope = Municipality.objects.in_scope(world.police, Membership.READ_ROLES)

    assert set(in_scope) == {world.municipality, neighbour}


def test_a_district_manager_has_the_kommuner_of_every_lpo_of_the_district_in_scope(world):
    neighbour = MunicipalityFactory()
    PoliceAreaFactory(district=world.police_area.district, municipalities=[neighbour])

    in_scope = Municipality.objects.in_scope(world.district_manager, Membership.READ_ROLES)

    assert set(in_scope) == {world.municipality, neighbour}


def test_a_kommun_reached_through_several_memberships_is_in_scope_once(world):
    # Kommun A is reached through the LPO, the district and a second LPO of that district.
    MembershipFactory(
        user=world.police, role=Membership.Role.COORDINATOR, municipality=world.municipality
    )
    MembershipFactory(
        user=world.police,
        role=Membership.Role.POLICE_MANAGER,
        municipality=None,
        police_district=world.police_area.district,
    )
    PoliceAreaFactory(district=world.police_area.district, municipalities=[world.municipality])

    assert list(Municipality.objects.in_scope(world.police, Membership.READ_ROLES)) == [
        world.municipality
    ]


POLICE_AREAS_READ = [
    pytest.param("anonymous", set(), id="anonymous_visitor_covers_none"),
    pytest.param("coordinator", set(), id="coordinator_covers_no_lpo"),
    pytest.param("police", {"a"}, id="police_cover_their_lpo"),
    pytest.param("other_police", {"b"}, id="police_of_another_lpo_cover_only_it"),
    pytest.param("police_manager", {"a"}, id="police_manager_covers_their_lpo"),
    pytest.param("district_manager", {"a"}, id="district_manager_covers_the_lpos_of_the_district"),
    pytest.param("reporter", set(), id="reporter_covers_none"),
    pytest.param("viewer", set(), id="viewer_of_a_kommun_covers_no_lpo"),
    pytest.param("outsider", set(), id="user_without_membership_covers_none"),
]


@pytest.mark.parametrize(("role", "expected"), POLICE_AREAS_READ)
def test_police_areas_in_scope_for_reading(world, role, expected):
    names = {"a": world.police_area, "b": world.other_police_area}

    in_scope = PoliceArea.objects.in_scope(user_in(world, role), Membership.READ_ROLES)

    assert list(in_scope) == [names[key] for key in sorted(expected)]


def test_a_district_manager_covers_every_lpo_of_the_district_once(world):
    second = PoliceAreaFactory(district=world.police_area.district)
    MembershipFactory(
        user=world.district_manager,
        role=Membership.Role.POLICE_MANAGER,
        municipality=None,
        police_area=world.police_area,
    )

    in_scope = PoliceArea.objects.in_scope(world.district_manager, Membership.READ_ROLES)

    assert sorted(in_scope, key=lambda area: area.pk) == [world.police_area, second]


def test_a_viewer_of_a_police_area_covers_it(world):
    viewer = MembershipFactory(
        role=Membership.Role.VIEWER, municipality=None, police_area=world.other_police_area
    ).user

    assert list(PoliceArea.objects.in_scope(viewer, Membership.READ_ROLES)) == [
        world.other_police_area
    ]
    assert not PoliceArea.objects.in_scope(viewer, Membership.EDIT_ROLES).exists()
