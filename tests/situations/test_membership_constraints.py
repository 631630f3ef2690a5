"""Every database constraint and clean() rule of a membership: exactly one scope, a role that
fits its scope, an organisation for reporters only, one role per scope; and of a single sign-on
identity: one user per subject of a provider.

Each constraint is tested twice: the database refuses the bad row (`refused_by`), and
full_clean() tells the coordinator what is wrong in Swedish (`swedish_errors`).
"""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS

from situations.models import ExternalIdentity, Membership
from tests.helpers import refused_by, swedish_errors
from tests.situations.factories import (
    MembershipFactory,
    MunicipalityFactory,
    PoliceAreaFactory,
    PoliceDistrictFactory,
    ReportingOrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Read by the meta-test in tests/followups/test_constraints.py.
COVERED_CONSTRAINTS = {
    "situations_membership_exactly_one_scope",
    "situations_membership_role_fits_scope",
    "situations_membership_organisation_only_for_reporters",
    "situations_membership_unique_municipality_role",
    "situations_membership_unique_police_area_role",
    "situations_membership_unique_police_district_role",
    "situations_externalidentity_unique_subject",
}

Role = Membership.Role


# --- Membership: scope -----------------------------------------------------------------------


def test_the_database_refuses_a_membership_without_a_scope():
    with refused_by(Membership, "situations_membership_exactly_one_scope"):
        MembershipFactory(role=Role.VIEWER, municipality=None)


def test_the_database_refuses_a_membership_with_two_scopes():
    area = PoliceAreaFactory()

    with refused_by(Membership, "situations_membership_exactly_one_scope"):
        MembershipFactory(
            role=Role.POLICE_MANAGER,
            municipality=None,
            police_area=area,
            police_district=area.district,
        )


def test_a_membership_with_two_scopes_is_refused_in_swedish():
    area = PoliceAreaFactory()
    membership = Membership(
        user=UserFactory(),
        role=Role.POLICE_MANAGER,
        police_area=area,
        police_district=area.district,
    )

    assert swedish_errors(membership) == {
        NON_FIELD_ERRORS: [
            "Ett medlemskap gäller exakt en kommun, ett lokalpolisområde eller ett polisområde.",
        ]
    }


def test_a_membership_without_a_scope_is_refused_in_swedish():
    membership = Membership(user=UserFactory(), role=Role.VIEWER)

    assert swedish_errors(membership) == {
        NON_FIELD_ERRORS: [
            "Ett medlemskap gäller exakt en kommun, ett lokalpolisområde eller ett polisområde.",
        ]
    }


# --- Membership: role and scope --------------------------------------------------------------

WRONG_SCOPES = [
    pytest.param(Role.COORDINATOR, "police_area", id="coordinator_of_a_police_area"),
    pytest.param(Role.COORDINATOR, "police_district", id="coordinator_of_a_police_district"),
    pytest.param(Role.REPORTER, "police_area", id="reporter_of_a_police_area"),
    pytest.param(Role.POLICE, "municipality", id="police_officer_of_a_municipality"),
    pytest.param(Role.POLICE, "police_district", id="police_officer_of_a_police_district"),
    pytest.param(Role.POLICE_MANAGER, "municipality", id="police_manager_of_a_municipality"),
    pytest.param(Role.VIEWER, "police_district", id="viewer_of_a_police_district"),
]

RIGHT_SCOPES = [
    pytest.param(Role.COORDINATOR, "municipality", id="coordinator_of_a_municipality"),
    pytest.param(Role.REPORTER, "municipality", id="reporter_of_a_municipality"),
    pytest.param(Role.POLICE, "police_area", id="police_officer_of_a_police_area"),
    pytest.param(Role.POLICE_MANAGER, "police_area", id="police_manager_of_a_police_area"),
    pytest.param(Role.POLICE_MANAGER, "police_district", id="police_manager_of_a_police_district"),
    pytest.param(Role.VIEWER, "municipality", id="viewer_of_a_municipality"),
    pytest.param(Role.VIEWER, "police_area", id="viewer_of_a_police_area"),
]


def scope_of_kind(kind: str) -> dict[str, object]:
    """Keyword arguments that give a membership one scope of KIND and no other."""
    scopes = {
        "municipality": MunicipalityFactory,
        "police_area": PoliceAreaFactory,
        "police_district": PoliceDistrictFactory,
    }
    return {name: factory() if name == kind else None for name, factory in scopes.items()}


@pytest.mark.parametrize(("role", "kind"), WRONG_SCOPES)
def test_the_database_refuses_a_role_with_the_wrong_kind_of_scope(role, kind):
    with refused_by(Membership, "situations_membership_role_fits_scope"):
        MembershipFactory(role=role, **scope_of_kind(kind))


@pytest.mark.parametrize(("role", "kind"), WRONG_SCOPES)
def test_a_role_with_the_wrong_kind_of_scope_is_refused_in_swedish(role, kind):
    membership = Membership(user=UserFactory(), role=role, **scope_of_kind(kind))

    assert swedish_errors(membership) == {
        NON_FIELD_ERRORS: [
            "Samordnare och inrapportörer hör till en kommun, poliser till ett "
            "lokalpolisområde, polischefer till ett lokalpolisområde eller ett polisområde "
            "och läsare till en kommun eller ett lokalpolisområde.",
        ]
    }


@pytest.mark.parametrize(("role", "kind"), RIGHT_SCOPES)
def test_every_role_is_accepted_with_the_scopes_the_design_gives_it(role, kind):
    membership = MembershipFactory(role=role, **scope_of_kind(kind))

    assert swedish_errors(membership) == {}


def test_the_database_refuses_a_membership_with_a_role_that_does_not_exist():
    with refused_by(Membership, "situations_membership_role_fits_scope"):
        MembershipFactory(role="mayor")


def test_a_membership_with_a_role_that_does_not_exist_is_refused_with_a_validation_error():
    membership = Membership(user=UserFactory(), role="mayor", municipality=MunicipalityFactory())

    assert "role" in swedish_errors(membership)


# --- Membership: organisation ----------------------------------------------------------------


def test_the_database_refuses_an_organisation_on_a_membership_that_is_not_a_reporter():
    organisation = ReportingOrganisationFactory()

    with refused_by(Membership, "situations_membership_organisation_only_for_reporters"):
        MembershipFactory(
            role=Role.COORDINATOR,
            municipality=organisation.municipality,
            organisation=organisation,
        )


def test_an_organisation_on_a_coordinator_membership_is_refused_in_swedish():
    organisation = ReportingOrganisationFactory()
    membership = Membership(
        user=UserFactory(),
        role=Role.COORDINATOR,
        municipality=organisation.municipality,
        organisation=organisation,
    )

    assert swedish_errors(membership) == {
        NON_FIELD_ERRORS: ["Bara EST-inrapportörer rapporterar för en organisation."]
    }


def test_a_reporter_may_report_for_an_organisation_in_their_municipality():
    organisation = ReportingOrganisationFactory()
    membership = MembershipFactory(
        role=Role.REPORTER, municipality=organisation.municipality, organisation=organisation
    )

    assert swedish_errors(membership) == {}


def test_a_reporter_for_an_organisation_of_another_municipality_is_refused_in_swedish():
    organisation = ReportingOrganisationFactory()
    membership = Membership(
        user=UserFactory(),
        role=Role.REPORTER,
        municipality=MunicipalityFactory(),
        organisation=organisation,
    )

    assert swedish_errors(membership) == {
        "organisation": ["Organisationen hör till en annan kommun."]
    }


# --- Membership: one role per scope ----------------------------------------------------------


def test_the_database_refuses_the_same_role_twice_in_a_municipality():
    existing = MembershipFactory(role=Role.COORDINATOR)

    with refused_by(Membership, "situations_membership_unique_municipality_role"):
        MembershipFactory(
            user=existing.user, role=Role.COORDINATOR, municipality=existing.municipality
        )


def test_the_database_refuses_the_same_role_twice_in_a_police_area():
    existing = MembershipFactory(
        role=Role.POLICE, municipality=None, police_area=PoliceAreaFactory()
    )

    with refused_by(Membership, "situations_membership_unique_police_area_role"):
        MembershipFactory(
            user=existing.user,
            role=Role.POLICE,
            municipality=None,
            police_area=existing.police_area,
        )


def test_the_database_refuses_the_same_role_twice_in_a_police_district():
    existing = MembershipFactory(
        role=Role.POLICE_MANAGER, municipality=None, police_district=PoliceDistrictFactory()
    )

    with refused_by(Membership, "situations_membership_unique_police_district_role"):
        MembershipFactory(
            user=existing.user,
            role=Role.POLICE_MANAGER,
            municipality=None,
            police_district=existing.police_district,
        )


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        pytest.param(Role.COORDINATOR, "municipality", id="in_a_municipality"),
        pytest.param(Role.POLICE, "police_area", id="in_a_police_area"),
        pytest.param(Role.POLICE_MANAGER, "police_district", id="in_a_police_district"),
    ],
)
def test_the_same_role_twice_in_one_scope_is_refused_in_swedish(role, kind):
    existing = MembershipFactory(role=role, **scope_of_kind(kind))
    duplicate = Membership(
        user=existing.user,
        role=role,
        municipality=existing.municipality,
        police_area=existing.police_area,
        police_district=existing.police_district,
    )

    assert swedish_errors(duplicate) == {
        NON_FIELD_ERRORS: ["Användaren har redan den rollen här."]
    }


def test_a_user_may_hold_one_role_in_two_municipalities_and_two_roles_in_one():
    first = MembershipFactory(role=Role.COORDINATOR)
    MembershipFactory(user=first.user, role=Role.COORDINATOR)
    MembershipFactory(user=first.user, role=Role.VIEWER, municipality=first.municipality)

    assert first.user.memberships.count() == 3


def test_a_user_may_hold_two_roles_in_one_police_area():
    area = PoliceAreaFactory()
    first = MembershipFactory(role=Role.POLICE, municipality=None, police_area=area)
    MembershipFactory(user=first.user, role=Role.VIEWER, municipality=None, police_area=area)

    assert first.user.memberships.count() == 2


# --- Single sign-on identity -----------------------------------------------------------------


def test_the_database_refuses_a_subject_of_a_provider_linked_twice():
    ExternalIdentity.objects.create(provider="saffle", subject="f3a1-77", user=UserFactory())

    with refused_by(ExternalIdentity, "situations_externalidentity_unique_subject"):
        ExternalIdentity.objects.create(provider="saffle", subject="f3a1-77", user=UserFactory())


def test_a_subject_linked_twice_is_refused_in_swedish_and_another_provider_may_use_it():
    ExternalIdentity.objects.create(provider="saffle", subject="f3a1-77", user=UserFactory())

    duplicate = ExternalIdentity(provider="saffle", subject="f3a1-77", user=UserFactory())
    elsewhere = ExternalIdentity(provider="polisen", subject="f3a1-77", user=UserFactory())

    assert swedish_errors(duplicate) == {
        NON_FIELD_ERRORS: ["Den här identiteten är redan kopplad till en användare."]
    }
    assert swedish_errors(elsewhere) == {}
