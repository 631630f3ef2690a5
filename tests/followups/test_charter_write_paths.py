"""Every path that writes a charter has the effects of a workspace save: its follow-up rounds
follow its period and cadence, whether it is saved from the admin, reverted in the admin's
history, taken through a step of its workflow or imported from a file.
"""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from followups.opendata import charter_export, charter_import
from followups.services import rounds_sync
from promises import services
from promises.models import Charter
from tests.conftest import World
from tests.helpers import form_data
from tests.promises.factories import CharterFactory, make_ready_for_review

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def half_year_charter(world: World) -> Charter:
    """A charter of half a year in two quarterly rounds, as the issue found it."""
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=D(2027, 1, 1),
        period_end=D(2027, 6, 30),
        followup_cadence=Charter.FollowUpCadence.QUARTER,
    )
    rounds_sync(charter=charter, user=world.coordinator)
    return charter


def round_ends(charter: Charter) -> list[datetime.date]:
    return list(charter.rounds.order_by("period_start").values_list("period_end", flat=True))


def admin_change_url(charter: Charter) -> str:
    return reverse("admin:promises_charter_change", args=[charter.pk])


@pytest.fixture
def admin(login_as) -> Client:
    """An administrator, signed in to the Django admin."""
    return login_as("superuser")


def test_an_administrator_who_extends_the_period_gets_the_rounds_of_the_new_period(
    admin, half_year_charter
):
    assert round_ends(half_year_charter) == [D(2027, 3, 31), D(2027, 6, 30)]
    data = form_data(admin.get(admin_change_url(half_year_charter)), containing="period_end")
    data["period_end"] = "2028-06-30"

    response = admin.post(admin_change_url(half_year_charter), data, follow=True)

    assert response.status_code == 200
    half_year_charter.refresh_from_db()
    assert half_year_charter.period_end == D(2028, 6, 30)
    assert round_ends(half_year_charter) == [
        D(2027, 3, 31),
        D(2027, 6, 30),
        D(2027, 9, 30),
        D(2027, 12, 31),
        D(2028, 3, 31),
        D(2028, 6, 30),
    ]
    # The administrator is told, as a coordinator is on the workspace page.
    assert any("4" in str(message) for message in response.context["messages"])


def test_reverting_a_period_in_the_admin_history_takes_the_rounds_back(
    admin, world, half_year_charter
):
    half_year_charter.period_end = D(2027, 12, 31)
    services.charter_save(charter=half_year_charter, user=world.coordinator)
    assert len(round_ends(half_year_charter)) == 4
    first = half_year_charter.history.earliest()
    url = reverse(
        "admin:promises_charter_simple_history", args=[half_year_charter.pk, first.history_id]
    )
    data = form_data(admin.get(url), containing="period_end")

    assert admin.post(url, data).status_code == 302

    half_year_charter.refresh_from_db()
    assert half_year_charter.period_end == D(2027, 6, 30)
    assert round_ends(half_year_charter) == [D(2027, 3, 31), D(2027, 6, 30)]


def test_a_step_of_the_workflow_saves_through_the_same_path(world, half_year_charter):
    make_ready_for_review(half_year_charter)
    half_year_charter.period_end = D(2027, 9, 30)  # changed by someone, not yet synced

    services.charter_submit(charter=half_year_charter, user=world.coordinator)

    assert half_year_charter.status == Charter.Status.REVIEW
    assert round_ends(half_year_charter)[-1] == D(2027, 9, 30)


def test_an_imported_charter_without_rounds_gets_those_its_cadence_calls_for(world):
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=D(2027, 1, 1),
        period_end=D(2027, 12, 31),
        followup_cadence=Charter.FollowUpCadence.HALF_YEAR,
    )
    exported = json.loads(json.dumps(charter_export(charter)))
    assert exported["follow_up_rounds"] == []
    exported["status"] = "published"  # as the open data gives it; the import makes a draft
    charter.delete()

    imported = charter_import(data=exported, user=world.coordinator).charter

    assert round_ends(imported) == [D(2027, 6, 30), D(2027, 12, 31)]


def test_moving_a_charter_onto_the_start_of_another_is_refused_with_the_text_kept(
    coordinator, world, half_year_charter
):
    CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=D(2028, 1, 1),
        period_end=D(2028, 12, 31),
    )
    url = reverse("promises:charter_edit", kwargs={"pk": half_year_charter.pk})
    data = form_data(coordinator.get(url), containing="period_start")
    data.update(period_start="2028-01-01", period_end="2028-06-30", summary="Min nya text")

    response = coordinator.post(url, data)

    assert response.status_code == 200
    assert "Kommunen har redan ett medborgarlöfte som börjar den dagen." in (
        response.content.decode()
    )
    assert "Min nya text" in response.content.decode()
    half_year_charter.refresh_from_db()
    assert half_year_charter.period_start == D(2027, 1, 1)
