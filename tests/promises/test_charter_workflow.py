"""Utkast → granskning → publicerad → avslutad, or återkallad: who takes each step."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from promises.models import Charter
from tests.helpers import form_data
from tests.promises.factories import (
    CharterFactory,
    PromiseFactory,
    SignatoryFactory,
    make_ready_for_review,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def charter_with_a_promise(world):
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    PromiseFactory(charter=charter, order=1)
    return make_ready_for_review(charter)


def step(name, charter):
    return reverse(f"promises:charter_{name}", kwargs={"pk": charter.pk})


def status_of(charter):
    charter.refresh_from_db()
    return charter.status


def test_coordinator_submits_a_draft(client, world, charter_with_a_promise):
    client.force_login(world.coordinator)
    response = client.post(step("submit", charter_with_a_promise), follow=True)
    assert status_of(charter_with_a_promise) == Charter.Status.REVIEW
    assert response.redirect_chain[-1][0] == reverse(
        "promises:charter", kwargs={"pk": charter_with_a_promise.pk}
    )
    assert "har skickats till polisens chef för granskning" in response.content.decode()


def test_a_charter_without_promises_cannot_be_submitted(client, world):
    empty = CharterFactory(municipality=world.municipality, police_area=world.police_area)
    client.force_login(world.coordinator)
    response = client.post(step("submit", empty), follow=True)
    assert status_of(empty) == Charter.Status.DRAFT
    assert "Lägg till minst ett löfte" in response.content.decode()


@pytest.mark.parametrize("user", ["police", "police_manager", "viewer"])
def test_only_the_coordinator_submits(client, world, charter_with_a_promise, user):
    client.force_login(getattr(world, user))
    assert client.post(step("submit", charter_with_a_promise)).status_code == 403
    assert status_of(charter_with_a_promise) == Charter.Status.DRAFT


def test_police_manager_approves_records_the_signing_and_it_is_public_at_once(
    client, world, charter_with_a_promise, django_capture_on_commit_callbacks
):
    charter_with_a_promise.status = Charter.Status.REVIEW
    charter_with_a_promise.save()
    public_url = reverse("public:municipality", kwargs={"slug": world.municipality.slug})
    assert charter_with_a_promise.title not in client.get(public_url).content.decode()

    client.force_login(world.police_manager)
    data = form_data(client.get(step("approve", charter_with_a_promise)))
    data.update(
        {
            "signed_on": "2026-01-15",
            "signatories-0-name": "Anna Ordförande",
            "signatories-0-title": "Kommunstyrelsens ordförande",
            "signatories-0-party": "municipality",
            "signatories-0-organisation": "Kommun A",
            "signatories-1-name": "Per Polischef",
            "signatories-1-title": "Lokalpolisområdeschef",
            "signatories-1-party": "police",
            "signatories-1-organisation": "Lokalpolisområde A",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):  # the public cache is bumped
        response = client.post(step("approve", charter_with_a_promise), data)

    assert response.status_code == 302
    charter_with_a_promise.refresh_from_db()
    assert charter_with_a_promise.status == Charter.Status.PUBLISHED
    assert charter_with_a_promise.signed_on == datetime.date(2026, 1, 15)
    assert charter_with_a_promise.published_at is not None
    signatory = charter_with_a_promise.signatories.get(party="municipality")
    assert (signatory.name, signatory.signed_on) == ("Anna Ordförande", datetime.date(2026, 1, 15))
    record = charter_with_a_promise.history.first()
    assert record.history_user == world.police_manager
    assert record.history_change_reason == "Godkänt, undertecknat och publicerat"
    client.logout()
    page = client.get(public_url).content.decode()
    assert charter_with_a_promise.title in page
    assert "Anna Ordförande" in page


def test_approval_needs_a_signatory_and_a_date_not_in_the_future(
    client, world, charter_with_a_promise
):
    charter_with_a_promise.status = Charter.Status.REVIEW
    charter_with_a_promise.save()
    client.force_login(world.police_manager)
    data = form_data(client.get(step("approve", charter_with_a_promise)))
    data["signed_on"] = "2026-01-15"
    response = client.post(step("approve", charter_with_a_promise), data)
    assert response.status_code == 200
    assert "minst en undertecknare för kommunen" in response.content.decode()

    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    data.update(
        {
            "signed_on": future,
            "signatories-0-name": "Anna Ordförande",
            "signatories-0-title": "Ordförande",
            "signatories-0-party": "municipality",
            "signatories-0-organisation": "Kommun A",
        }
    )
    response = client.post(step("approve", charter_with_a_promise), data)
    assert response.status_code == 200
    assert "Datumet för undertecknande kan inte ligga i framtiden." in response.content.decode()
    assert 'value="Anna Ordförande"' in response.content.decode()
    assert status_of(charter_with_a_promise) == Charter.Status.REVIEW
    assert not charter_with_a_promise.signatories.exists()


@pytest.mark.parametrize("user", ["coordinator", "police", "viewer"])
def test_only_a_police_manager_approves(client, world, charter_with_a_promise, user):
    charter_with_a_promise.status = Charter.Status.REVIEW
    charter_with_a_promise.save()
    client.force_login(getattr(world, user))
    assert client.get(step("approve", charter_with_a_promise)).status_code == 403
    assert (
        client.post(
            step("approve", charter_with_a_promise), {"signed_on": "2026-01-15"}
        ).status_code
        == 403
    )
    assert status_of(charter_with_a_promise) == Charter.Status.REVIEW


def test_a_district_manager_approves_in_every_lpo_of_the_district(
    client, world, charter_with_a_promise
):
    charter_with_a_promise.status = Charter.Status.REVIEW
    charter_with_a_promise.save()
    SignatoryFactory(charter=charter_with_a_promise)
    SignatoryFactory(charter=charter_with_a_promise, party="police", name="Per Polischef")
    client.force_login(world.district_manager)
    data = form_data(client.get(step("approve", charter_with_a_promise)))
    data["signed_on"] = "2026-01-20"
    assert client.post(step("approve", charter_with_a_promise), data).status_code == 302
    assert status_of(charter_with_a_promise) == Charter.Status.PUBLISHED


def test_manager_sends_back_with_a_comment_the_coordinator_reads(
    client, world, charter_with_a_promise
):
    charter_with_a_promise.status = Charter.Status.REVIEW
    charter_with_a_promise.save()
    client.force_login(world.police_manager)
    client.post(
        step("send_back", charter_with_a_promise), {"comment": "Lägg till var aktiviteterna sker."}
    )
    assert status_of(charter_with_a_promise) == Charter.Status.DRAFT

    client.force_login(world.coordinator)
    page = client.get(reverse("promises:charter", kwargs={"pk": charter_with_a_promise.pk}))
    assert "Lägg till var aktiviteterna sker." in page.content.decode()


def test_sending_back_without_a_comment_changes_nothing(client, world, charter_with_a_promise):
    charter_with_a_promise.status = Charter.Status.REVIEW
    charter_with_a_promise.save()
    client.force_login(world.police_manager)
    response = client.post(
        step("send_back", charter_with_a_promise), {"comment": "  "}, follow=True
    )
    assert status_of(charter_with_a_promise) == Charter.Status.REVIEW
    assert "Skriv vad som behöver ändras." in response.content.decode()


def test_a_published_charter_is_withdrawn_with_a_reason_never_deleted(client, world):
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, published=True
    )
    client.force_login(world.police_manager)
    response = client.post(step("withdraw", charter), {"reason": ""})
    assert response.status_code == 200
    assert status_of(charter) == Charter.Status.PUBLISHED

    client.post(step("withdraw", charter), {"reason": "Fel kommun angavs i löftet."})
    charter.refresh_from_db()
    assert charter.status == Charter.Status.WITHDRAWN
    assert charter.withdrawal_reason == "Fel kommun angavs i löftet."
    assert Charter.objects.filter(pk=charter.pk).exists()
    client.logout()
    assert client.get(charter.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("user", ["coordinator", "police", "viewer"])
def test_only_a_police_manager_withdraws(client, world, user):
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, published=True
    )
    client.force_login(getattr(world, user))
    assert client.post(step("withdraw", charter), {"reason": "x"}).status_code == 403
    assert status_of(charter) == Charter.Status.PUBLISHED


def test_a_published_charter_is_closed_into_the_archive(client, world):
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, published=True
    )
    client.force_login(world.coordinator)
    client.post(step("close", charter))
    assert status_of(charter) == Charter.Status.CLOSED


def test_a_step_from_the_wrong_state_is_explained_and_changes_nothing(
    client, world, charter_with_a_promise
):
    client.force_login(world.coordinator)
    response = client.post(step("close", charter_with_a_promise), follow=True)
    assert status_of(charter_with_a_promise) == Charter.Status.DRAFT
    assert "Det här steget går inte" in response.content.decode()
