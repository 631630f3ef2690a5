"""Who may open and change a charter's indicators in the workspace: the role matrix of the
README (Workspace) for every URL, and what each role may do, in words.

The fixtures `draft` and `published` are in tests/promises/conftest.py.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from promises.models import Indicator, Party
from tests.helpers import (
    form_data,
    indicator_create_url,
    indicator_delete_url,
    indicator_edit_url,
    indicator_history_url,
    indicator_restore_url,
    indicators_url,
    new_indicator_data,
)
from tests.promises.factories import PromiseFactory, build_indicator_setup

# The answer each role gets, on a draft charter of kommun A.
READS_DRAFTS = {
    "anonymous": 302,
    "coordinator": 200,
    "other_coordinator": 404,
    "police": 200,
    "other_police": 404,
    "police_manager": 200,
    "district_manager": 200,
    "reporter": 404,
    "viewer": 200,
    "superuser": 200,
    "outsider": 404,
}
# Editing what belongs to a promise the police own (alone or jointly).
EDITS_POLICE_PROMISE = {**READS_DRAFTS, "viewer": 403}
# Editing what belongs to a promise the kommun owns: the police may read but not change it.
EDITS_KOMMUN_PROMISE = {
    **EDITS_POLICE_PROMISE,
    "police": 403,
    "police_manager": 403,
    "district_manager": 403,
}
ROLES = list(READS_DRAFTS)


def assert_login_redirect(response) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def assert_status(response, expected: int) -> None:
    if expected == 302 and response.status_code == 302:
        return
    assert response.status_code == expected, (response.status_code, expected)


# The role matrix


@pytest.mark.parametrize("role", ROLES)
def test_the_indicators_page_answers_each_role_as_the_matrix_says(login_as, draft, role):
    response = login_as(role).get(indicators_url(draft.charter))
    if role == "anonymous":
        assert_login_redirect(response)
    else:
        assert_status(response, READS_DRAFTS[role])


@pytest.mark.parametrize("role", ["reporter", "other_coordinator", "other_police", "outsider"])
def test_those_who_may_not_read_drafts_get_403_on_a_published_charter(login_as, published, role):
    client = login_as(role)
    assert client.get(indicators_url(published.charter)).status_code == 403
    assert client.get(indicator_edit_url(published.police_indicator)).status_code == 403
    assert client.get(indicator_history_url(published.police_indicator)).status_code == 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", ["police", "kommun"])
def test_the_new_indicator_page_answers_each_role_as_the_matrix_says(login_as, draft, role, owner):
    promise = draft.police_promise if owner == "police" else draft.kommun_promise
    expected = (EDITS_POLICE_PROMISE if owner == "police" else EDITS_KOMMUN_PROMISE)[role]
    client = login_as(role)

    response = client.get(indicator_create_url(promise))
    assert_status(response, expected)

    response = client.post(indicator_create_url(promise), new_indicator_data())
    created = promise.indicators.filter(name="Trafikkontroller").first()
    if expected == 200:
        assert response.status_code == 302
        assert response["Location"] == indicator_edit_url(created)
    else:
        assert_status(response, expected)
        assert created is None


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", ["police", "kommun"])
def test_the_edit_page_answers_each_role_as_the_matrix_says(
    login_as, draft, coordinator, role, owner
):
    indicator = draft.police_indicator if owner == "police" else draft.kommun_indicator
    expected = (EDITS_POLICE_PROMISE if owner == "police" else EDITS_KOMMUN_PROMISE)[role]
    data = form_data(coordinator.get(indicator_edit_url(indicator)))
    data["target"] = "99"
    client = login_as(role)

    assert_status(client.get(indicator_edit_url(indicator)), expected)

    response = client.post(indicator_edit_url(indicator), data)
    indicator.refresh_from_db()
    if expected == 200:
        assert response.status_code == 302
        assert response["Location"] == indicator_edit_url(indicator)
        assert indicator.target == Decimal("99")
    else:
        assert_status(response, expected)
        assert indicator.target == Decimal("70")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", ["police", "kommun"])
def test_removing_an_indicator_of_a_draft_answers_each_role_as_the_matrix_says(
    login_as, draft, coordinator, role, owner
):
    indicator = draft.police_indicator if owner == "police" else draft.kommun_indicator
    expected = (EDITS_POLICE_PROMISE if owner == "police" else EDITS_KOMMUN_PROMISE)[role]
    data = form_data(coordinator.get(indicator_delete_url(indicator)))
    client = login_as(role)

    assert_status(client.get(indicator_delete_url(indicator)), expected)

    response = client.post(indicator_delete_url(indicator), data)
    exists = Indicator.objects.filter(pk=indicator.pk).exists()
    if expected == 200:
        assert response.status_code == 302
        assert response["Location"] == indicators_url(draft.charter)
        assert not exists
    else:
        assert_status(response, expected)
        assert exists


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", ["police", "kommun"])
def test_the_history_page_answers_each_role_as_the_matrix_says(login_as, draft, role, owner):
    indicator = draft.police_indicator if owner == "police" else draft.kommun_indicator
    may_edit = (EDITS_POLICE_PROMISE if owner == "police" else EDITS_KOMMUN_PROMISE)[role] == 200

    response = login_as(role).get(indicator_history_url(indicator))

    assert_status(response, READS_DRAFTS[role])
    if response.status_code == 200:
        assert ("aterstall/" in response.content.decode()) == may_edit


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", ["police", "kommun"])
def test_restoring_answers_each_role_as_the_matrix_says(login_as, draft, role, owner):
    indicator = draft.police_indicator if owner == "police" else draft.kommun_indicator
    expected = (EDITS_POLICE_PROMISE if owner == "police" else EDITS_KOMMUN_PROMISE)[role]
    first = indicator.history.earliest("history_date")
    indicator.name = "Nytt namn"
    indicator.save()

    response = login_as(role).post(indicator_restore_url(indicator, first))

    indicator.refresh_from_db()
    if expected == 200:
        assert response.status_code == 302
        assert response["Location"] == indicator_history_url(indicator)
        assert indicator.name == first.name
    else:
        assert_status(response, expected)
        assert indicator.name == "Nytt namn"


def test_restoring_is_post_only(world, draft, coordinator):
    record = draft.police_indicator.history.earliest("history_date")
    assert (
        coordinator.get(indicator_restore_url(draft.police_indicator, record)).status_code == 405
    )


def test_unknown_ids_answer_404(world, draft, coordinator):
    assert (
        coordinator.get(reverse("promises:indicators", kwargs={"pk": 999999})).status_code == 404
    )
    assert (
        coordinator.get(reverse("promises:indicator_create", kwargs={"pk": 999999})).status_code
        == 404
    )
    assert (
        coordinator.get(reverse("promises:indicator_edit", kwargs={"pk": 999999})).status_code
        == 404
    )
    assert (
        coordinator.get(reverse("promises:indicator_history", kwargs={"pk": 999999})).status_code
        == 404
    )
    url = reverse(
        "promises:indicator_restore",
        kwargs={"pk": draft.police_indicator.pk, "model": "promise", "history_id": 1},
    )
    assert coordinator.post(url).status_code == 404
    record = draft.kommun_indicator.history.earliest("history_date")
    # A record of another indicator is not found through this one.
    url = reverse(
        "promises:indicator_restore",
        kwargs={
            "pk": draft.police_indicator.pk,
            "model": "indicator",
            "history_id": record.history_id,
        },
    )
    assert coordinator.post(url).status_code == 404


# What the roles may do, in words


def test_police_edit_an_indicator_of_a_police_promise_but_get_403_on_a_kommun_promise(
    login_as, draft, coordinator
):
    police = login_as("police")
    data = form_data(police.get(indicator_edit_url(draft.police_indicator)))
    data["source"] = "Polisens trafikstatistik"
    assert police.post(indicator_edit_url(draft.police_indicator), data).status_code == 302
    draft.police_indicator.refresh_from_db()
    assert draft.police_indicator.source == "Polisens trafikstatistik"

    assert police.get(indicator_edit_url(draft.kommun_indicator)).status_code == 403
    data = form_data(coordinator.get(indicator_edit_url(draft.kommun_indicator)))
    assert police.post(indicator_edit_url(draft.kommun_indicator), data).status_code == 403
    assert police.get(indicator_create_url(draft.kommun_promise)).status_code == 403


def test_police_add_and_edit_indicators_of_a_joint_promise(login_as, draft):
    joint = PromiseFactory(charter=draft.charter, owner=Party.JOINT, order=3)
    police = login_as("police")
    response = police.post(indicator_create_url(joint), new_indicator_data())
    indicator = joint.indicators.get()
    assert response["Location"] == indicator_edit_url(indicator)
    assert police.get(indicator_edit_url(indicator)).status_code == 200


def test_the_police_see_the_kommun_promises_indicators_without_links_to_edit_them(login_as, draft):
    response = login_as("police").get(indicators_url(draft.charter))
    content = response.content.decode()
    assert draft.kommun_indicator.name in content
    assert indicator_edit_url(draft.kommun_indicator) not in content
    assert indicator_create_url(draft.kommun_promise) not in content
    assert indicator_edit_url(draft.police_indicator) in content
    assert indicator_create_url(draft.police_promise) in content


def test_a_viewer_reads_the_indicators_without_links_to_edit(login_as, draft):
    content = login_as("viewer").get(indicators_url(draft.charter)).content.decode()
    assert draft.police_indicator.name in content
    assert "/arbetsyta/indikatorer/" not in content
    assert "/ny/" not in content


def test_a_closed_charter_is_read_only_even_for_its_coordinator(world, coordinator):
    closed = build_indicator_setup(world, closed=True)
    content = coordinator.get(indicators_url(closed.charter)).content.decode()
    assert closed.police_indicator.name in content
    assert indicator_edit_url(closed.police_indicator) not in content
    assert coordinator.get(indicator_edit_url(closed.police_indicator)).status_code == 403
    assert coordinator.get(indicator_create_url(closed.police_promise)).status_code == 403


def test_an_indicator_of_a_published_charter_cannot_be_removed(world, published, coordinator):
    indicator = published.police_indicator
    edit_page = coordinator.get(indicator_edit_url(indicator))
    assert indicator_delete_url(indicator) not in edit_page.content.decode()

    assert coordinator.get(indicator_delete_url(indicator)).status_code == 403
    assert (
        coordinator.post(indicator_delete_url(indicator), form_data(edit_page)).status_code == 403
    )
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_an_indicator_of_a_published_charter_can_still_be_edited(world, published, coordinator):
    data = form_data(coordinator.get(indicator_edit_url(published.police_indicator)))
    data["measurements-1-date"] = "2021-06-30"
    data["measurements-1-value"] = "14"
    assert (
        coordinator.post(indicator_edit_url(published.police_indicator), data).status_code == 302
    )
    assert published.police_indicator.measurements.count() == 2
