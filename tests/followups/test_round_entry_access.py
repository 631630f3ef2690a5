"""Who enters which rows of a round: the police their promises, the kommun its own, a viewer
none; the role matrix of the README (Workspace) for a draft charter's round.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from followups.models import FollowUp
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory, build_round_setup
from tests.helpers import entry_row, form_data, round_entry_url, rounds_url
from tests.promises.factories import CharterFactory

pytestmark = pytest.mark.django_db


# Who enters which rows


def test_the_police_enter_their_promises_and_read_the_kommuns(world, login_as, setup):
    FollowUpFactory(
        round=setup.round,
        activity=setup.lights,
        status=FollowUp.Status.ONGOING,
        narrative_internal="Upphandling pågår.",
    )
    police = login_as("police")
    response = police.get(round_entry_url(setup))
    content = response.content.decode()
    data = form_data(response)
    assert f"activity-{setup.patrol.pk}-status" in data
    assert f"activity-{setup.lights.pk}-status" not in data
    assert "Upphandling pågår." in content  # read, not editable

    # A forged row of the kommun's promise is ignored.
    data.update(entry_row("activity", setup.lights, status="done"))
    data.update(entry_row("activity", setup.patrol, status="ongoing"))
    assert police.post(round_entry_url(setup), data).status_code == 302
    assert FollowUp.objects.get(activity=setup.lights).status == FollowUp.Status.ONGOING
    assert FollowUp.objects.get(activity=setup.patrol).author == world.police


def test_a_viewer_reads_the_round_but_has_no_form_and_may_not_post(login_as, setup):
    payload = form_data(login_as("coordinator").get(round_entry_url(setup)))
    payload.update(entry_row("activity", setup.patrol, status="done"))
    viewer = login_as("viewer")
    response = viewer.get(round_entry_url(setup))
    assert response.status_code == 200
    assert not response.context["may_enter"]
    assert 'method="post" novalidate' not in response.content.decode()
    assert viewer.post(round_entry_url(setup), payload).status_code == 403
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(
    ("role", "get", "post"),
    [
        ("anonymous", 302, 302),
        ("coordinator", 200, 302),
        ("police", 200, 302),
        ("police_manager", 200, 302),
        ("district_manager", 200, 302),
        ("viewer", 200, 403),
        ("other_coordinator", 404, 404),
        ("other_police", 404, 404),
        ("reporter", 404, 404),
        ("outsider", 404, 404),
        ("superuser", 200, 302),
    ],
)
def test_a_draft_charters_round_answers_each_role_as_the_matrix_says(
    world, login_as, role, get, post
):
    setup = build_round_setup(world)
    payload = form_data(login_as("coordinator").get(round_entry_url(setup)))
    client = login_as(role)
    assert client.get(round_entry_url(setup)).status_code == get
    assert client.get(rounds_url(setup.charter)).status_code == get
    assert client.post(round_entry_url(setup), payload).status_code == post


def test_others_get_403_on_a_published_charters_rounds(login_as, setup):
    client = login_as("other_coordinator")
    assert client.get(round_entry_url(setup)).status_code == 403
    assert client.get(rounds_url(setup.charter)).status_code == 403


def test_a_round_of_another_charter_is_not_found(world, setup, coordinator):
    other = FollowUpRoundFactory(charter=CharterFactory(municipality=world.municipality))
    url = reverse("followups:round_entry", kwargs={"pk": setup.charter.pk, "round_pk": other.pk})
    assert coordinator.get(url).status_code == 404


def test_a_closed_charters_round_is_read_only(world, coordinator):
    setup = build_round_setup(world, closed=True)
    response = coordinator.get(round_entry_url(setup))
    assert response.status_code == 200
    assert not response.context["may_enter"]
    assert coordinator.post(round_entry_url(setup), {}).status_code == 403
