"""The charter in the workspace: creating, editing its texts, signatories and contacts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from promises.models import Charter, Contact, Signatory
from tests.helpers import form_data
from tests.promises.factories import CharterFactory, SignatoryFactory

pytestmark = pytest.mark.django_db


def edit_url(charter):
    return reverse("promises:charter_edit", kwargs={"pk": charter.pk})


def test_coordinator_creates_a_draft_for_their_kommun(client, world):
    client.force_login(world.coordinator)
    url = reverse("promises:charter_create", kwargs={"slug": world.municipality.slug})
    data = form_data(client.get(url))
    data.update(
        title="Medborgarlöfte 2027",
        period_start="2027-01-01",
        period_end="2027-12-31",
        police_area=str(world.police_area.pk),
        summary="Trygg trafik kring skolorna.",
    )
    response = client.post(url, data)

    charter = Charter.objects.get(title="Medborgarlöfte 2027")
    assert response.status_code == 302
    assert response["Location"] == reverse("promises:promises_edit", kwargs={"pk": charter.pk})
    assert charter.municipality == world.municipality
    assert charter.status == Charter.Status.DRAFT
    assert charter.history.get().history_user == world.coordinator


def test_a_period_ending_before_it_starts_keeps_everything_typed(client, world):
    client.force_login(world.coordinator)
    url = reverse("promises:charter_create", kwargs={"slug": world.municipality.slug})
    data = form_data(client.get(url))
    data.update(
        title="Medborgarlöfte 2027",
        period_start="2027-12-31",
        period_end="2027-01-01",
        police_area=str(world.police_area.pk),
        summary="Texten som inte får försvinna.",
    )
    response = client.post(url, data)

    assert response.status_code == 200
    assert not Charter.objects.exists()
    content = response.content.decode()
    assert "Texten som inte får försvinna." in content
    assert 'value="Medborgarlöfte 2027"' in content
    assert "Perioden kan inte sluta innan den börjar." in content


def test_a_second_charter_on_the_same_start_day_is_refused_with_a_message(client, world, charter):
    client.force_login(world.coordinator)
    url = reverse("promises:charter_create", kwargs={"slug": world.municipality.slug})
    data = form_data(client.get(url))
    data.update(
        title="Dubblett",
        period_start="2021-01-01",
        period_end="2021-12-31",
        police_area=str(world.police_area.pk),
    )
    response = client.post(url, data)

    assert response.status_code == 200
    assert Charter.objects.count() == 1
    assert response.context["form"].errors


def test_only_an_lpo_covering_the_kommun_can_be_chosen(client, world):
    client.force_login(world.coordinator)
    url = reverse("promises:charter_create", kwargs={"slug": world.municipality.slug})
    data = form_data(client.get(url))
    data.update(
        title="Fel LPO",
        period_start="2027-01-01",
        period_end="2027-12-31",
        police_area=str(world.other_police_area.pk),
    )
    response = client.post(url, data)

    assert response.status_code == 200
    assert "police_area" in response.context["form"].errors
    assert not Charter.objects.exists()


def test_coordinator_corrects_a_published_charter_and_the_history_shows_it(client, world):
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, published=True
    )
    client.force_login(world.coordinator)
    data = form_data(client.get(edit_url(charter)))
    data["summary"] = "Rättad sammanfattning."
    data["correction-reason"] = "Sammanfattningen var otydlig"
    response = client.post(edit_url(charter), data)

    assert response.status_code == 302
    charter.refresh_from_db()
    assert charter.summary == "Rättad sammanfattning."
    assert charter.status == Charter.Status.PUBLISHED
    history = client.get(reverse("promises:charter_history", kwargs={"pk": charter.pk}))
    assert "Rättad sammanfattning." in history.content.decode()
    assert "Sammanfattningen var otydlig" in history.content.decode()
    assert "Fokus på trafik, alkohol och droger." in history.content.decode()
    public = client.get(charter.get_absolute_url())
    assert "Rättad sammanfattning." in public.content.decode()


def test_signatories_and_contacts_are_added_edited_and_removed_on_the_same_page(
    client, world, charter
):
    signatory = SignatoryFactory(charter=charter, name="Gammal Namn")
    client.force_login(world.coordinator)
    data = form_data(client.get(edit_url(charter)))
    data["signatories-0-name"] = "Nytt Namn"
    data.update(
        {
            "signatories-1-name": "Eva Polis",
            "signatories-1-title": "Lokalpolisområdeschef",
            "signatories-1-party": "police",
            "signatories-1-organisation": "LPO A",
            "contacts-0-name": "Karin Kommunpolis",
            "contacts-0-role": "Kommunpolis",
            "contacts-0-party": "police",
            "contacts-0-email": "karin@example.se",
        }
    )
    response = client.post(edit_url(charter), data)
    assert response.status_code == 302
    signatory.refresh_from_db()
    assert signatory.name == "Nytt Namn"
    assert charter.signatories.count() == 2
    assert Contact.objects.get(charter=charter).name == "Karin Kommunpolis"

    data = form_data(client.get(edit_url(charter)))
    data["contacts-0-DELETE"] = "on"
    client.post(edit_url(charter), data)
    assert not Contact.objects.filter(charter=charter).exists()


def test_a_signatory_cannot_sign_for_both_parties(client, world, charter):
    client.force_login(world.coordinator)
    data = form_data(client.get(edit_url(charter)))
    data.update(
        {
            "signatories-0-name": "Båda",
            "signatories-0-title": "Titel",
            "signatories-0-party": "joint",
            "signatories-0-organisation": "Org",
        }
    )
    response = client.post(edit_url(charter), data)
    assert response.status_code == 200
    assert not Signatory.objects.exists()
    assert 'value="Båda"' in response.content.decode()


def test_two_coordinators_saving_the_same_charter_the_second_sees_the_first_and_keeps_text(
    client, world, login_as, charter
):
    second = login_as("superuser")
    client.force_login(world.coordinator)
    first_form = form_data(client.get(edit_url(charter)))
    second_form = form_data(second.get(edit_url(charter)))

    first_form["summary"] = "Den förstas text."
    assert client.post(edit_url(charter), first_form).status_code == 302

    second_form["summary"] = "Den andras text."
    refused = second.post(edit_url(charter), second_form)
    assert refused.status_code == 409
    content = refused.content.decode()
    assert "Den andras text." in content  # kept in the form
    assert "Den förstas text." in content  # shown as the other change
    charter.refresh_from_db()
    assert charter.summary == "Den förstas text."

    merged = form_data(refused)
    assert merged["summary"] == "Den andras text."
    assert second.post(edit_url(charter), merged).status_code == 302
    charter.refresh_from_db()
    assert charter.summary == "Den andras text."


def test_a_tampered_version_is_refused_and_nothing_is_saved(client, world, charter):
    client.force_login(world.coordinator)
    data = form_data(client.get(edit_url(charter)))
    data["version"] = "forged"
    data["summary"] = "Något"
    response = client.post(edit_url(charter), data)
    assert response.status_code == 409
    charter.refresh_from_db()
    assert charter.summary != "Något"


@pytest.mark.parametrize("user", ["police", "police_manager", "viewer"])
def test_only_the_coordinator_edits_the_charter_texts(client, world, charter, user):
    client.force_login(getattr(world, user))
    assert client.get(edit_url(charter)).status_code == 403


def test_a_closed_charter_cannot_be_edited(client, world):
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, closed=True
    )
    client.force_login(world.coordinator)
    assert client.get(edit_url(charter)).status_code == 403


def test_the_workspace_page_of_a_charter_shows_its_state_and_next_step(client, world, charter):
    client.force_login(world.coordinator)
    response = client.get(reverse("promises:charter", kwargs={"pk": charter.pk}))
    assert response.status_code == 200
    assert reverse("promises:charter_submit", kwargs={"pk": charter.pk}) in (
        response.content.decode()
    )


def test_signing_date_in_the_future_is_refused(client, world, charter):
    client.force_login(world.coordinator)
    data = form_data(client.get(edit_url(charter)))
    tomorrow = datetime.date.today() + datetime.timedelta(days=5)
    data.update(
        {
            "signatories-0-name": "Framtid",
            "signatories-0-title": "Titel",
            "signatories-0-party": "police",
            "signatories-0-organisation": "Org",
            "signatories-0-signed_on": tomorrow.isoformat(),
        }
    )
    response = client.post(edit_url(charter), data)
    assert response.status_code == 200
    assert not Signatory.objects.exists()


# 23:30 in UTC is 00:30 the next day in Stockholm, where the page tells the date.
@pytest.mark.time_machine(datetime.datetime(2026, 12, 7, 23, 30, tzinfo=datetime.UTC), tick=False)
def test_a_correction_moves_last_updated_on_the_public_page(
    client, world, django_capture_on_commit_callbacks
):
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, published=True
    )
    long_ago = timezone.now() - datetime.timedelta(days=400)
    Charter.objects.filter(pk=charter.pk).update(updated_at=long_ago)
    public = charter.get_absolute_url()  # its period (2021) is over: its own page shows it
    assert (
        f'datetime="{timezone.localtime(long_ago):%Y-%m-%d}' in client.get(public).content.decode()
    )

    client.force_login(world.coordinator)
    data = form_data(client.get(edit_url(charter)))
    data["summary"] = "Rättelse: fel veckodag för mötena."
    data["correction-reason"] = "Fel veckodag"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url(charter), data)
    client.logout()

    page = client.get(public).content.decode()
    assert "Rättelse: fel veckodag för mötena." in page
    assert f'datetime="{timezone.localdate():%Y-%m-%d}' in page
