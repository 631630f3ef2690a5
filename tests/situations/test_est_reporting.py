"""A reporter submits EST observations for their kommun and sees and changes only their own."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from situations.models import Membership, Observation, monday_of
from tests.helpers import WEDNESDAY_NOON, situations_url, sv
from tests.situations.factories import (
    MembershipFactory,
    ObservationFactory,
    PlaceFactory,
    ReportingOrganisationFactory,
    UserFactory,
)

# Observations are for this week, the first the form offers.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]


@pytest.fixture
def organisation(world):
    organisation = ReportingOrganisationFactory(municipality=world.municipality, name="Skolan")
    Membership.objects.filter(user=world.reporter).update(organisation=organisation)
    return organisation


@pytest.fixture
def reporter(login_as):
    return login_as("reporter")


def this_monday() -> datetime.date:
    return monday_of(timezone.localdate())


def observation_data(place, **changes) -> dict:
    data = {
        "week": this_monday().isoformat(),
        "place": place.pk,
        "category": "littering",
        "level": "3",
        "description": "Mycket skräp runt bänkarna kl 22-23.",
    }
    data.update(changes)
    return data


def test_the_form_offers_this_week_first_and_the_kommuns_places(reporter, world, torget):
    PlaceFactory(municipality=world.other_municipality, name="Annan plats")

    response = reporter.get(situations_url("est_report", world.municipality))

    form = response.context["form"]
    assert form["week"].value() == this_monday().isoformat()
    assert form.fields["week"].choices[0][0] == this_monday().isoformat()
    assert list(form.fields["place"].queryset) == [torget]
    assert f"3 – {sv('moderate')}" in response.content.decode()


def test_a_reporter_submits_an_observation_for_their_organisation(
    reporter, world, torget, organisation
):
    response = reporter.post(
        situations_url("est_report", world.municipality), observation_data(torget)
    )

    assert response.status_code == 302
    saved = Observation.objects.get()
    assert saved.municipality == world.municipality
    assert saved.organisation == organisation
    assert saved.reporter == world.reporter
    assert (saved.week, saved.place, saved.level) == (this_monday(), torget, 3)
    assert saved.history.get().history_user == world.reporter
    page = reporter.get(response["Location"]).content.decode()
    assert "Mycket skräp runt bänkarna" in page
    # The next report starts at the same week.
    assert reporter.get(response["Location"]).context["form"]["week"].value() == (
        this_monday().isoformat()
    )


def test_a_description_with_a_phone_number_is_refused_and_everything_typed_is_kept(
    reporter, world, torget
):
    text = "Ring vaktmästaren på 070-123 45 67 om det händer igen."

    response = reporter.post(
        situations_url("est_report", world.municipality),
        observation_data(torget, description=text, level="4"),
    )

    assert response.status_code == 200
    assert not Observation.objects.exists()
    page = response.content.decode()
    assert sv("Nothing is saved yet") in page
    form = response.context["form"]
    assert (
        sv(
            "The description contains what looks like a phone number. EST describes places and "
            "situations, not people: remove it and describe what happened instead."
        )
        in page
    )
    assert text in page
    assert form["level"].value() == "4"
    assert form["place"].value() == str(torget.pk)


def test_missing_choices_get_swedish_messages_next_to_their_fields(reporter, world, torget):
    response = reporter.post(situations_url("est_report", world.municipality), {"week": ""})

    errors = response.context["form"].errors
    assert set(errors) == {"week", "place", "category", "level"}
    assert sv("Choose a level from 1 to 5.") in response.content.decode()


def test_a_place_of_another_kommun_is_refused(reporter, world):
    elsewhere = PlaceFactory(municipality=world.other_municipality)

    response = reporter.post(
        situations_url("est_report", world.municipality), observation_data(elsewhere)
    )

    assert "place" in response.context["form"].errors
    assert not Observation.objects.exists()


def test_a_week_outside_the_list_is_refused(reporter, world, torget):
    response = reporter.post(
        situations_url("est_report", world.municipality),
        observation_data(torget, week="2026-03-04"),
    )

    assert "week" in response.context["form"].errors


def test_the_reporter_lists_only_their_own_observations(reporter, world, torget):
    ObservationFactory(
        municipality=world.municipality,
        place=torget,
        reporter=world.reporter,
        description="Min egen rapport.",
    )
    colleague = MembershipFactory(
        user=UserFactory(username="kollega"),
        role=Membership.Role.REPORTER,
        municipality=world.municipality,
    ).user
    ObservationFactory(
        municipality=world.municipality,
        place=torget,
        reporter=colleague,
        description="Kollegans rapport.",
    )

    page = reporter.get(situations_url("est_report", world.municipality)).content.decode()

    assert "Min egen rapport." in page
    assert "Kollegans rapport." not in page


def test_a_reporter_changes_their_own_observation(reporter, world, torget):
    observation = ObservationFactory(
        municipality=world.municipality,
        place=torget,
        reporter=world.reporter,
        week=this_monday(),
    )
    url = reverse("situations:est_observation_edit", kwargs={"pk": observation.pk})
    page = reporter.get(url)
    assert page.context["form"]["week"].value() == this_monday().isoformat()

    response = reporter.post(url, observation_data(torget, level="5", description="Värre."))

    assert response.status_code == 302
    observation.refresh_from_db()
    assert (observation.level, observation.description) == (5, "Värre.")
    assert observation.reporter == world.reporter


def test_an_old_observation_keeps_its_week_when_changed(reporter, world, torget):
    old_week = datetime.date(2024, 1, 1)
    observation = ObservationFactory(
        municipality=world.municipality, place=torget, reporter=world.reporter, week=old_week
    )
    url = reverse("situations:est_observation_edit", kwargs={"pk": observation.pk})

    response = reporter.post(url, observation_data(torget, week=old_week.isoformat()))

    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.week == old_week


def test_a_reporter_cannot_open_anothers_observation(reporter, world, torget):
    colleague = MembershipFactory(
        user=UserFactory(username="kollega"),
        role=Membership.Role.REPORTER,
        municipality=world.municipality,
    ).user
    theirs = ObservationFactory(municipality=world.municipality, place=torget, reporter=colleague)

    url = reverse("situations:est_observation_edit", kwargs={"pk": theirs.pk})

    assert reporter.get(url).status_code == 404
    assert reporter.post(url, observation_data(torget, level="1")).status_code == 404
    theirs.refresh_from_db()
    assert theirs.level == 2


def test_a_reporter_cannot_read_the_grid_or_the_summary(reporter, world):
    assert reporter.get(situations_url("est_grid", world.municipality)).status_code == 403
    assert reporter.get(situations_url("est_summary", world.municipality)).status_code == 403


def test_a_reporter_of_another_kommun_may_not_report_here(client, world, torget):
    client.force_login(world.other_coordinator)
    assert client.get(situations_url("est_report", world.municipality)).status_code == 403


def test_a_second_report_of_the_same_place_week_and_category_is_refused(reporter, world, torget):
    ObservationFactory(
        municipality=world.municipality,
        place=torget,
        reporter=world.reporter,
        week=this_monday(),
        category="littering",
    )

    response = reporter.post(
        situations_url("est_report", world.municipality), observation_data(torget)
    )

    assert response.status_code == 200
    assert Observation.objects.count() == 1
    assert (
        sv(
            "You have already reported this category for this place and week. Change that "
            "observation in the list below instead."
        )
        in response.content.decode()
    )
