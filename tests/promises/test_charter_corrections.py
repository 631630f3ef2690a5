"""Corrections of a published charter: a change residents can read needs a short reason, and
is kept with its public fields before and after, the party that made it, never a person."""

import datetime

import pytest
from django.urls import reverse

from promises import corrections
from promises.models import Activity, Charter, CharterCorrection, Contact, Party
from tests.helpers import WEDNESDAY_NOON, form_data
from tests.promises.factories import (
    ActivityFactory,
    CharterFactory,
    ContactFactory,
    IndicatorFactory,
    PromiseFactory,
    SignatoryFactory,
)
from tests.situations.factories import FocusAreaFactory, PlaceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

NEEDS_REASON = "Medborgarlöftet är publicerat: skriv kort varför det rättas."


@pytest.fixture
def published(world):
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, published=True
    )
    SignatoryFactory(charter=charter, name="Anna Ordförande", party=Party.MUNICIPALITY)
    SignatoryFactory(charter=charter, name="Per Polischef", party=Party.POLICE)
    ContactFactory(charter=charter, name="Kim Kommunpolis", phone="010-111 11 11")
    return charter


def edit_url(charter):
    return reverse("promises:charter_edit", kwargs={"pk": charter.pk})


def promise_url(promise):
    return reverse("promises:promise_edit", kwargs={"pk": promise.pk})


def changes_of(charter) -> list[dict]:
    found = CharterCorrection.objects.filter(charter=charter)
    return [change for correction in found for change in correction.changes]


def test_a_published_charter_corrected_without_a_reason_is_refused_and_keeps_what_was_typed(
    client, world, published
):
    client.force_login(world.coordinator)
    data = form_data(client.get(edit_url(published)))
    data["summary"] = "En rättad sammanfattning."
    data["contacts-1-name"] = "Ny Kontakt"
    data["contacts-1-role"] = "Samordnare"
    data["contacts-1-party"] = "municipality"

    response = client.post(edit_url(published), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert NEEDS_REASON in page
    assert "En rättad sammanfattning." in page
    assert 'value="Ny Kontakt"' in page
    published.refresh_from_db()
    assert published.summary == "Fokus på trafik, alkohol och droger."
    assert not Contact.objects.filter(name="Ny Kontakt").exists()
    assert not CharterCorrection.objects.exists()

    data["correction-reason"] = "Sammanfattningen var fel"
    assert client.post(edit_url(published), data).status_code == 302  # the same form, saved
    published.refresh_from_db()
    assert published.summary == "En rättad sammanfattning."
    assert Contact.objects.filter(name="Ny Kontakt").exists()


def test_a_draft_changes_without_a_reason_and_keeps_no_correction(client, world):
    draft = CharterFactory(municipality=world.municipality, police_area=world.police_area)
    client.force_login(world.coordinator)
    data = form_data(client.get(edit_url(draft)))
    assert "correction-reason" not in data
    data["summary"] = "Ett utkast ändras fritt."

    assert client.post(edit_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert draft.summary == "Ett utkast ändras fritt."
    assert not CharterCorrection.objects.exists()


def test_the_charter_page_keeps_each_public_field_before_and_after(client, world, published):
    client.force_login(world.coordinator)
    data = form_data(client.get(edit_url(published)))
    data["summary"] = "Ny sammanfattning."
    data["period_end"] = "2021-11-30"
    data["signatories-0-name"] = "Anna Ordförande-Ek"
    data["contacts-0-phone"] = "010-222 22 22"
    data["correction-reason"] = "Fel i sammanfattning, period, namn och telefon"

    assert client.post(edit_url(published), data).status_code == 302

    correction = CharterCorrection.objects.get()
    assert correction.reason == "Fel i sammanfattning, period, namn och telefon"
    assert correction.party == Party.MUNICIPALITY
    found = {(c["part"], c["field"]): (c["before"], c["after"]) for c in correction.changes}
    assert found == {
        ("charter", "summary"): ("Fokus på trafik, alkohol och droger.", "Ny sammanfattning."),
        ("charter", "period_end"): ("2021-12-31", "2021-11-30"),
        ("signatory", "name"): ("Anna Ordförande", "Anna Ordförande-Ek"),
        ("contact", "phone"): ("010-111 11 11", "010-222 22 22"),
    }
    history = client.get(reverse("promises:charter_history", kwargs={"pk": published.pk}))
    assert "Fel i sammanfattning, period, namn och telefon" in history.content.decode()


def test_promises_and_activities_are_kept_before_and_after_with_their_focus_areas_and_places(
    client, world, published
):
    traffic = FocusAreaFactory(name="Trafik")
    square = PlaceFactory(municipality=world.municipality, name="Torget")
    promise = PromiseFactory(
        charter=published, owner=Party.MUNICIPALITY, title="Trygghet", order=1
    )
    activity = ActivityFactory(promise=promise, title="Kvällsvandring", order=1)
    client.force_login(world.coordinator)
    data = form_data(client.get(promise_url(promise)))
    data["promise-text"] = "Kommunen ska lysa upp torget."
    data["promise-focus_areas"] = [str(traffic.pk)]
    data["activities-0-title"] = "Kvällsvandring på torget"
    data["activities-0-places"] = [str(square.pk)]
    data["activities-0-repeats"] = "dates"
    data["activities-0-dates"] = "2021-05-01"
    data["activities-1-title"] = "Ny belysning"
    data["activities-1-responsible_party"] = "municipality"
    data["activities-1-kind"] = "physical_environment"
    data["correction-reason"] = "Torget saknades"

    assert client.post(promise_url(promise), data).status_code == 302

    changes = {(c["part"], c["item"], c["field"]): c for c in changes_of(published)}
    text = changes[("promise", "Trygghet", "text")]
    assert (text["before"], text["after"], text["action"]) == (
        "Polisen ska genomföra riktad trafikövervakning.",
        "Kommunen ska lysa upp torget.",
        "changed",
    )
    assert changes[("promise", "Trygghet", "focus_areas")]["after"] == "Trafik"
    walk = ("activity", "Kvällsvandring på torget")
    assert changes[(*walk, "title")]["before"] == "Kvällsvandring"
    assert changes[(*walk, "places")]["after"] == "Torget"
    assert changes[(*walk, "dates")]["after"] == "2021-05-01"
    added = changes[("activity", "Ny belysning", "title")]
    assert (added["before"], added["after"], added["action"]) == ("", "Ny belysning", "added")
    reasons = set(activity.history.values_list("history_change_reason", flat=True))
    assert "Rättelse efter publicering: Torget saknades" in reasons  # the workspace history


def test_a_new_promise_refused_for_want_of_a_reason_stays_new_with_what_was_typed(
    client, world, published
):
    client.force_login(world.coordinator)
    url = reverse("promises:promise_create", kwargs={"pk": published.pk})
    data = form_data(client.get(url))
    data["promise-owner"] = "municipality"
    data["promise-text"] = "Kommunen lovar något nytt."

    response = client.post(url, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert NEEDS_REASON in page
    assert "Kommunen lovar något nytt." in page
    assert response.context["promise"].pk is None
    assert not published.promises.filter(text="Kommunen lovar något nytt.").exists()

    data["correction-reason"] = "Ett löfte saknades"
    assert client.post(url, data).status_code == 302
    change = changes_of(published)[0]
    assert (change["part"], change["action"]) == ("promise", "added")


def test_internal_fields_and_non_public_activities_never_make_a_correction(
    client, world, published
):
    promise = PromiseFactory(charter=published, owner=Party.MUNICIPALITY, order=1)
    hidden = ActivityFactory(promise=promise, title="Internt", is_public=False, order=1)
    client.force_login(world.coordinator)
    data = form_data(client.get(promise_url(promise)))
    data["activities-0-title"] = "Internt, ändrat"
    data["activities-0-description"] = "HEMLIGT"

    # Nothing residents read changed: no reason is asked for, and nothing is kept.
    assert client.post(promise_url(promise), data).status_code == 302
    hidden.refresh_from_db()
    assert hidden.title == "Internt, ändrat"

    with corrections.recording(charter=published, party="municipality", reason="Test"):
        Charter.objects.filter(pk=published.pk).update(
            review_comment="HEMLIGT", unlinked_reason="HEMLIGT", import_digest="HEMLIGT"
        )
    assert not CharterCorrection.objects.exists()

    with corrections.recording(charter=published, party="municipality", reason="Blev publik"):
        Activity.objects.filter(pk=hidden.pk).update(is_public=True)
    made_public = changes_of(published)
    assert {c["action"] for c in made_public} == {"added"}  # residents see it appear
    assert "HEMLIGT" in {c["after"] for c in made_public}  # now public: its description


def test_the_police_correct_as_the_police_and_no_name_is_kept(client, world, published):
    promise = PromiseFactory(charter=published, owner=Party.POLICE, order=1)
    world.police.first_name, world.police.last_name = "Polis", "Personsson"
    world.police.save()
    client.force_login(world.police)
    data = form_data(client.get(promise_url(promise)))
    data["promise-text"] = "Polisen ska finnas på torget varje fredag."
    data["correction-reason"] = "Fel veckodag"

    assert client.post(promise_url(promise), data).status_code == 302

    correction = CharterCorrection.objects.get()
    assert correction.party == Party.POLICE
    assert "Personsson" not in str(correction.changes) + correction.reason
    page = client.get(
        reverse(
            "public:charter_changes",
            kwargs={"slug": published.municipality.slug, "pk": published.pk},
        )
    ).content.decode()
    assert "Polisen" in page
    assert "Personsson" not in page
    assert "police" not in {f.name for f in CharterCorrection._meta.fields if f.is_relation}


def test_the_signing_date_changed_is_a_correction(world, published):
    with corrections.recording(charter=published, party="municipality", reason="Fel datum"):
        Charter.objects.filter(pk=published.pk).update(signed_on=datetime.date(2021, 2, 3))
    (change,) = changes_of(published)
    assert change == {
        "part": "charter",
        "item": "",
        "action": "changed",
        "field": "signed_on",
        "before": "2021-02-01",
        "after": "2021-02-03",
    }


def test_a_version_restored_on_a_published_charter_is_a_correction(client, world, published):
    client.force_login(world.coordinator)
    data = form_data(client.get(edit_url(published)))
    data["summary"] = "Fel text."
    data["correction-reason"] = "Ny text"
    client.post(edit_url(published), data)
    record = published.history.filter(summary="Fokus på trafik, alkohol och droger.").first()

    url = reverse(
        "promises:charter_restore",
        kwargs={"pk": published.pk, "model": "charter", "history_id": record.history_id},
    )
    assert client.post(url).status_code == 302

    latest = CharterCorrection.objects.first()  # newest first
    assert latest.reason == "En tidigare version återställdes från historiken."
    assert latest.changes[0]["before"] == "Fel text."
    assert latest.changes[0]["after"] == "Fokus på trafik, alkohol och droger."


def indicator_url(indicator):
    return reverse("promises:indicator_edit", kwargs={"pk": indicator.pk})


def test_an_indicator_corrected_needs_a_reason_and_a_new_value_does_not(client, world, published):
    promise = PromiseFactory(charter=published, owner=Party.MUNICIPALITY, order=1)
    indicator = IndicatorFactory(promise=promise, name="Andel trygga", baseline=60, target=70)
    client.force_login(world.coordinator)

    # A value measured is the follow-up: saved without a reason, no correction.
    data = form_data(client.get(indicator_url(indicator)))
    data["measurements-0-date"] = "2021-06-30"
    data["measurements-0-value"] = "64"
    assert client.post(indicator_url(indicator), data).status_code == 302
    assert not CharterCorrection.objects.exists()

    data = form_data(client.get(indicator_url(indicator)))
    data["target"] = "75,5"
    response = client.post(indicator_url(indicator), data)
    assert response.status_code == 200
    assert NEEDS_REASON in response.content.decode()
    assert 'value="75,5"' in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.target == 70

    data["correction-reason"] = "Målet var felskrivet"
    assert client.post(indicator_url(indicator), data).status_code == 302
    (change,) = changes_of(published)
    assert change == {
        "part": "indicator",
        "item": "Andel trygga",
        "action": "changed",
        "field": "target",
        "before": "70",
        "after": "75.5",
    }
    page = client.get(
        reverse(
            "public:charter_changes",
            kwargs={"slug": published.municipality.slug, "pk": published.pk},
        )
    ).content.decode()
    assert "75,5" in page and "Målet var felskrivet" in page
