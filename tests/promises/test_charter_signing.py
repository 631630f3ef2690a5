"""Signing by both parties: approval records several signatories, one at least for the kommun
and one for the police; after publishing, who signed changes only as a recorded correction."""

import datetime

import pytest
from django.urls import reverse

from promises import services
from promises.models import Charter, Party
from tests.helpers import WEDNESDAY_NOON, form_data
from tests.promises.factories import CharterFactory, PromiseFactory, SignatoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

KOMMUN_ROW = {
    "name": "Anna Ordförande",
    "title": "Kommunstyrelsens ordförande",
    "party": "municipality",
    "organisation": "Kommun A",
}
POLICE_ROW = {
    "name": "Per Polischef",
    "title": "Lokalpolisområdeschef",
    "party": "police",
    "organisation": "Lokalpolisområde A",
}


def rows(*signatories: dict) -> dict:
    return {
        f"signatories-{index}-{name}": value
        for index, row in enumerate(signatories)
        for name, value in row.items()
    }


@pytest.fixture
def in_review(world):
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        status=Charter.Status.REVIEW,
    )
    PromiseFactory(charter=charter, order=1)
    return charter


@pytest.fixture
def published(world):
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        status=Charter.Status.PUBLISHED,
        signed_on=datetime.date(2026, 1, 15),
        published_at=WEDNESDAY_NOON,
    )
    PromiseFactory(charter=charter, order=1)
    SignatoryFactory(charter=charter, **KOMMUN_ROW, order=1)
    SignatoryFactory(charter=charter, **POLICE_ROW, order=2)
    return charter


def approve_url(charter):
    return reverse("promises:charter_approve", kwargs={"pk": charter.pk})


def edit_url(charter):
    return reverse("promises:charter_edit", kwargs={"pk": charter.pk})


def print_url(charter):
    return reverse(
        "public:charter_print", kwargs={"slug": charter.municipality.slug, "pk": charter.pk}
    )


def test_the_approval_page_offers_three_signatory_rows_and_the_signing_date_of_the_draft(
    client, world, in_review
):
    in_review.signed_on = datetime.date(2026, 2, 3)
    in_review.save()
    client.force_login(world.police_manager)
    data = form_data(client.get(approve_url(in_review)))
    assert data["signed_on"] == "2026-02-03"
    assert data["signatories-TOTAL_FORMS"] == "3"


def test_the_signing_date_follows_the_signatories_recorded_in_the_draft(client, world, in_review):
    SignatoryFactory(charter=in_review, **KOMMUN_ROW, signed_on=datetime.date(2026, 3, 2))
    SignatoryFactory(charter=in_review, **POLICE_ROW, signed_on=datetime.date(2026, 3, 4))
    client.force_login(world.police_manager)
    data = form_data(client.get(approve_url(in_review)))
    assert data["signed_on"] == "2026-03-04"
    assert client.post(approve_url(in_review), data).status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == Charter.Status.PUBLISHED
    assert in_review.signed_on == datetime.date(2026, 3, 4)


def test_without_a_date_in_the_draft_the_signing_date_is_today(client, world, in_review):
    client.force_login(world.police_manager)
    data = form_data(client.get(approve_url(in_review)))
    assert data["signed_on"] == WEDNESDAY_NOON.date().isoformat()


def test_signed_by_the_kommun_alone_is_refused_and_nothing_is_saved(client, world, in_review):
    client.force_login(world.police_manager)
    data = form_data(client.get(approve_url(in_review)))
    data.update(rows(KOMMUN_ROW))
    response = client.post(approve_url(in_review), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ange minst en undertecknare för polisen." in page
    assert 'value="Anna Ordförande"' in page  # what was typed stays
    in_review.refresh_from_db()
    assert in_review.status == Charter.Status.REVIEW
    assert not in_review.signatories.exists()


def test_signed_by_both_parties_in_one_save_it_is_published(client, world, in_review):
    client.force_login(world.police_manager)
    data = form_data(client.get(approve_url(in_review)))
    data.update(rows(KOMMUN_ROW, POLICE_ROW))  # the third row stays blank and is ignored
    response = client.post(approve_url(in_review), data)
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == Charter.Status.PUBLISHED
    assert sorted(in_review.signatories.values_list("party", flat=True)) == [
        "municipality",
        "police",
    ]


def test_signing_errors_name_what_is_missing(world):
    charter = CharterFactory(municipality=world.municipality, signed_on=None)
    assert len(services.signing_errors(charter)) == 3
    SignatoryFactory(charter=charter, party=Party.POLICE)
    SignatoryFactory(charter=charter, party=Party.MUNICIPALITY)
    charter.signed_on = datetime.date(2026, 1, 1)
    assert services.signing_errors(charter) == []


def test_renaming_the_police_signatory_without_a_reason_is_refused_and_changes_nothing(
    client, world, published
):
    printed = client.get(print_url(published)).content.decode()
    assert "Per Polischef" in printed
    client.force_login(world.coordinator)
    data = form_data(client.get(edit_url(published)))
    police_row = next(k for k, v in data.items() if v == "Per Polischef")
    data[police_row] = "Någon Annan"
    response = client.post(edit_url(published), data, follow=True)
    page = response.content.decode()
    assert "skriv varför undertecknarna rättas" in page
    assert 'value="Någon Annan"' in page
    assert published.signatories.filter(name="Per Polischef").exists()
    client.logout()
    assert "Per Polischef" in client.get(print_url(published)).content.decode()


def test_deleting_the_police_signature_is_refused_even_with_a_reason(client, world, published):
    client.force_login(world.coordinator)
    data = form_data(client.get(edit_url(published)))
    police_row = next(k for k, v in data.items() if v == "Per Polischef")
    data[police_row.replace("-name", "-DELETE")] = "on"
    data["correction-reason"] = "Fel person"
    response = client.post(edit_url(published), data)
    assert response.status_code == 200
    assert "Ange minst en undertecknare för polisen." in response.content.decode()
    assert published.signatories.filter(name="Per Polischef").exists()


def test_a_correction_with_a_reason_is_saved_and_shown_in_the_history(client, world, published):
    client.force_login(world.coordinator)
    data = form_data(client.get(edit_url(published)))
    police_row = next(k for k, v in data.items() if v == "Per Polischef")
    data[police_row] = "Per Polischef-Ek"
    data["correction-reason"] = "Namnet var felstavat"
    assert client.post(edit_url(published), data).status_code == 302

    signatory = published.signatories.get(party=Party.POLICE)
    assert signatory.name == "Per Polischef-Ek"
    record = signatory.history.first()
    assert record.history_user == world.coordinator
    assert "Namnet var felstavat" in record.history_change_reason
    history = client.get(reverse("promises:charter_history", kwargs={"pk": published.pk}))
    assert "Namnet var felstavat" in history.content.decode()
    client.logout()
    assert "Per Polischef-Ek" in client.get(print_url(published)).content.decode()


def test_a_draft_s_signatories_change_without_a_reason(client, world):
    charter = CharterFactory(municipality=world.municipality, police_area=world.police_area)
    client.force_login(world.coordinator)
    data = form_data(client.get(edit_url(charter)))
    data.update(rows(KOMMUN_ROW, POLICE_ROW))
    assert client.post(edit_url(charter), data).status_code == 302
    assert charter.signatories.count() == 2


def test_an_old_version_of_a_signatory_of_a_published_charter_cannot_be_restored(
    client, world, published
):
    signatory = published.signatories.get(party=Party.POLICE)
    services.charter_save_signatories(
        charter=published,
        user=world.coordinator,
        changed=[signatory],
        deleted=[],
        reason="Ny titel",
    )
    record = signatory.history.last()  # the version before the correction
    client.force_login(world.coordinator)
    restore = reverse(
        "promises:charter_restore",
        kwargs={"pk": published.pk, "model": "signatory", "history_id": record.history_id},
    )
    assert client.post(restore).status_code == 403


# --- The admin keeps the same rule -----------------------------------------------------------


def admin_signatory_url(action: str, *args) -> str:
    return reverse(f"admin:promises_signatory_{action}", args=args)


def test_the_admin_shows_a_published_charter_s_signatories_read_only(login_as, published):
    admin = login_as("superuser")
    police = published.signatories.get(party=Party.POLICE)

    page = admin.get(admin_signatory_url("change", police.pk)).content.decode()
    renamed = admin.post(
        admin_signatory_url("change", police.pk),
        {"charter": published.pk, "name": "Någon annan", "title": "x", "party": "police"},
    )
    deleted = admin.post(admin_signatory_url("delete", police.pk), {"post": "yes"})

    assert 'name="name"' not in page  # shown, not editable
    assert (renamed.status_code, deleted.status_code) == (403, 403)
    police.refresh_from_db()
    assert police.name == POLICE_ROW["name"]
    charter_page = admin.get(reverse("admin:promises_charter_change", args=[published.pk]))
    assert 'name="signatories-0-name"' not in charter_page.content.decode()


def test_the_admin_refuses_a_new_signatory_on_a_published_charter_and_keeps_the_form(
    login_as, published
):
    admin = login_as("superuser")

    response = admin.post(
        admin_signatory_url("add"),
        {"charter": published.pk, "name": "Ny Undertecknare", "title": "x", "party": "police"},
    )

    assert response.status_code == 200
    assert "rättelse med en motivering" in response.content.decode()
    assert 'value="Ny Undertecknare"' in response.content.decode()
    assert published.signatories.count() == 2


def test_the_admin_edits_a_draft_s_signatories(login_as, world):
    draft = CharterFactory(municipality=world.municipality, police_area=world.police_area)
    signatory = SignatoryFactory(charter=draft, **KOMMUN_ROW, order=1)
    admin = login_as("superuser")

    response = admin.post(
        admin_signatory_url("change", signatory.pk),
        {**KOMMUN_ROW, "charter": draft.pk, "name": "Anna Omdöpt", "order": 1},
    )

    assert response.status_code == 302
    signatory.refresh_from_db()
    assert signatory.name == "Anna Omdöpt"
