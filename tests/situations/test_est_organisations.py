"""The coordinator lists the kommun's reporting organisations with their reporters, adds and
renames them.
"""

import pytest
from django.urls import reverse

from situations.models import Membership, ReportingOrganisation
from tests.helpers import situations_url, sv
from tests.situations.factories import MembershipFactory, ReportingOrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_each_organisation_with_its_reporters(
    coordinator, world, django_assert_num_queries
):
    school = ReportingOrganisationFactory(municipality=world.municipality, name="Skolan")
    ReportingOrganisationFactory(municipality=world.municipality, name="Bostadsbolaget")
    ReportingOrganisationFactory(municipality=world.other_municipality, name="Annan kommuns bolag")
    Membership.objects.filter(user=world.reporter).update(organisation=school)
    MembershipFactory(
        user=UserFactory(username="utan-organisation"),
        role=Membership.Role.REPORTER,
        municipality=world.municipality,
    )

    # Session, user, the kommun, the roles, the organisations, their reporters, the reporters
    # without an organisation.
    with django_assert_num_queries(7):
        response = coordinator.get(situations_url("est_organisations", world.municipality))

    page = response.content.decode()
    assert [o.name for o in response.context["organisations"]] == ["Bostadsbolaget", "Skolan"]
    assert [m.user.username for m in response.context["organisations"][1].memberships.all()] == [
        "reporter"
    ]
    assert "utan-organisation" in page
    assert "Annan kommuns bolag" not in page


def test_the_coordinator_adds_an_organisation(coordinator, world):
    response = coordinator.post(
        situations_url("est_organisations", world.municipality),
        {"name": " Kyrkan ", "kind": "faith_community"},
    )

    assert response.status_code == 302
    added = ReportingOrganisation.objects.get()
    assert (added.name, added.municipality) == ("Kyrkan", world.municipality)
    assert added.history.get().history_user == world.coordinator


def test_a_name_already_taken_is_explained_and_the_form_kept(coordinator, world):
    ReportingOrganisationFactory(municipality=world.municipality, name="Skolan")

    response = coordinator.post(
        situations_url("est_organisations", world.municipality),
        {"name": "skolan", "kind": "school"},
    )

    assert response.status_code == 200
    assert sv("This municipality already has an organisation with that name.") in (
        response.content.decode()
    )
    assert response.context["form"]["kind"].value() == "school"


def test_the_coordinator_renames_an_organisation(coordinator, world):
    school = ReportingOrganisationFactory(municipality=world.municipality, name="Skolan")

    response = coordinator.post(
        reverse("situations:est_organisation_edit", kwargs={"pk": school.pk}),
        {"name": "Essungaskolan", "kind": "school"},
    )

    assert response.status_code == 302
    school.refresh_from_db()
    assert school.name == "Essungaskolan"


def test_the_police_see_no_list_of_reporters(client, world):
    client.force_login(world.police)
    assert client.get(situations_url("est_organisations", world.municipality)).status_code == 403
