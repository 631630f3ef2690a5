"""The history page of a charter: who changed what, old and new values, and restoring."""

import pytest
from django.urls import reverse

from promises.models import Activity, Charter, Party, Promise
from tests.helpers import form_data
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory
from tests.situations.factories import FocusAreaFactory

pytestmark = pytest.mark.django_db


def history_url(charter):
    return reverse("promises:charter_history", kwargs={"pk": charter.pk})


def restore_forms(response):
    """The restore buttons' actions on a history page, newest entry first."""
    content = response.content.decode()
    return [
        part.split('"', 1)[0]
        for part in content.split('action="')[1:]
        if "/aterstall/" in part.split('"', 1)[0]
    ]


def test_the_history_names_who_changed_which_field_from_what_to_what(client, world, charter):
    client.force_login(world.coordinator)
    data = form_data(client.get(reverse("promises:charter_edit", kwargs={"pk": charter.pk})))
    data["title"] = "Medborgarlöfte 2021, reviderat"
    client.post(reverse("promises:charter_edit", kwargs={"pk": charter.pk}), data)

    page = client.get(history_url(charter))
    assert page.status_code == 200
    content = page.content.decode()
    assert "coordinator" in content
    assert "<dt>Titel</dt>" in content
    assert '<del><span class="visually-hidden">Före: </span>Medborgarlöfte 2021</del>' in content
    assert "Medborgarlöfte 2021, reviderat</ins>" in content


def test_choices_and_focus_areas_read_as_words_not_codes(client, world, charter):
    promise = PromiseFactory(charter=charter, owner=Party.POLICE, order=1)
    promise.owner = Party.JOINT
    promise.save()
    promise.focus_areas.add(FocusAreaFactory(name="Trafik"))
    client.force_login(world.coordinator)
    content = client.get(history_url(charter)).content.decode()
    assert "polisen</del>" in content
    assert "gemensamt</ins>" in content
    assert "Trafik</ins>" in content


def test_restoring_an_earlier_text_keeps_the_charter_published(client, world):
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, published=True
    )
    charter.summary = "Felaktig rättelse."
    charter.save()
    client.force_login(world.coordinator)
    page = client.get(history_url(charter))
    older = restore_forms(page)[-1]  # the creation

    response = client.post(older)
    assert response.status_code == 302
    charter.refresh_from_db()
    assert charter.summary == "Fokus på trafik, alkohol och droger."
    assert charter.status == Charter.Status.PUBLISHED
    assert charter.history.first().history_change_reason.startswith("Återställde versionen")


def test_a_deleted_promise_and_its_activity_are_restored(client, world, charter):
    promise = PromiseFactory(charter=charter, text="Borttaget löfte", order=1)
    ActivityFactory(promise=promise, title="Borttagen aktivitet", order=1)
    PromiseFactory(charter=charter, text="Kvar", order=2)
    promise.delete()
    client.force_login(world.coordinator)
    page = client.get(history_url(charter))
    content = page.content.decode()
    assert "Borttaget löfte" in content
    assert "Återställ det som togs bort" in content

    activity_record = Activity.history.get(history_type="-")
    promise_record = Promise.history.get(history_type="-")
    activity_url = reverse(
        "promises:charter_restore",
        kwargs={"pk": charter.pk, "model": "activity", "history_id": activity_record.history_id},
    )
    promise_url = reverse(
        "promises:charter_restore",
        kwargs={"pk": charter.pk, "model": "promise", "history_id": promise_record.history_id},
    )
    refused = client.post(activity_url, follow=True)
    assert "Återställ först löftet" in refused.content.decode()

    client.post(promise_url)
    client.post(activity_url)
    restored = Promise.objects.get(text="Borttaget löfte")
    assert restored.activities.get().title == "Borttagen aktivitet"
    assert restored.order == 1


def test_a_restored_promise_whose_place_was_taken_goes_last(client, world, charter):
    promise = PromiseFactory(charter=charter, text="Borta", order=1)
    promise.delete()
    PromiseFactory(charter=charter, text="Ny etta", order=1)
    client.force_login(world.coordinator)
    record = Promise.history.get(history_type="-")
    client.post(
        reverse(
            "promises:charter_restore",
            kwargs={"pk": charter.pk, "model": "promise", "history_id": record.history_id},
        )
    )
    assert list(charter.promises.order_by("order").values_list("text", flat=True)) == [
        "Ny etta",
        "Borta",
    ]


def test_a_viewer_reads_the_history_but_sees_no_restore_button_and_cannot_restore(
    client, world, charter
):
    charter.summary = "Ändrad"
    charter.save()
    client.force_login(world.viewer)
    page = client.get(history_url(charter))
    assert page.status_code == 200
    assert restore_forms(page) == []
    record = charter.history.last()
    url = reverse(
        "promises:charter_restore",
        kwargs={"pk": charter.pk, "model": "charter", "history_id": record.history_id},
    )
    assert client.post(url).status_code == 403
    charter.refresh_from_db()
    assert charter.summary == "Ändrad"


def test_a_record_of_another_charter_cannot_be_restored_through_this_one(client, world, charter):
    other = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=charter.period_start.replace(year=2022),
        period_end=charter.period_end.replace(year=2022),
    )
    record = other.history.get()
    client.force_login(world.coordinator)
    url = reverse(
        "promises:charter_restore",
        kwargs={"pk": charter.pk, "model": "charter", "history_id": record.history_id},
    )
    assert client.post(url).status_code == 404


def test_police_restore_police_promises_but_not_the_kommuns(client, world, charter):
    kommun = PromiseFactory(charter=charter, owner=Party.MUNICIPALITY, text="Kommunens", order=1)
    kommun.text = "Ändrad"
    kommun.save()
    client.force_login(world.police)
    record = kommun.history.last()
    url = reverse(
        "promises:charter_restore",
        kwargs={"pk": charter.pk, "model": "promise", "history_id": record.history_id},
    )
    assert client.post(url).status_code == 403
    kommun.refresh_from_db()
    assert kommun.text == "Ändrad"


def test_the_preview_shows_a_draft_as_the_public_page_will_with_a_banner(client, world, charter):
    PromiseFactory(charter=charter, text="Ett löfte i utkastet", order=1)
    preview = reverse("followups:charter_preview", kwargs={"pk": charter.pk})
    client.force_login(world.viewer)
    response = client.get(preview)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ett löfte i utkastet" in content
    assert "Förhandsvisning" in content
    assert '<meta name="robots" content="noindex">' in content
    client.logout()
    assert client.get(charter.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(("user", "status"), [("reporter", 404), ("other_coordinator", 404)])
def test_the_preview_of_a_draft_is_hidden_from_others(client, world, charter, user, status):
    client.force_login(getattr(world, user))
    url = reverse("followups:charter_preview", kwargs={"pk": charter.pk})
    assert client.get(url).status_code == status


def test_the_kommun_workspace_lists_charters_in_every_state(client, world, charter):
    client.force_login(world.viewer)
    url = reverse("followups:municipality_workspace", kwargs={"slug": world.municipality.slug})
    content = client.get(url).content.decode()
    assert reverse("promises:charter", kwargs={"pk": charter.pk}) in content
    assert "utkast" in content
    client.force_login(world.reporter)
    assert client.get(url).status_code == 403


def test_times_in_the_history_are_local_like_the_rest_of_the_page(client, world, charter):
    import datetime as dt

    charter.status = Charter.Status.PUBLISHED
    charter.published_at = dt.datetime(2026, 6, 1, 10, 30, tzinfo=dt.UTC)
    charter.save()
    client.force_login(world.coordinator)
    content = client.get(history_url(charter)).content.decode()
    assert "1 juni 2026 12:30" in content  # 10:30 UTC is 12:30 in Stockholm in summer


def test_the_blank_rows_that_add_have_no_remove_box(client, world, charter):
    promise = PromiseFactory(charter=charter, order=1)
    ActivityFactory(promise=promise, order=1)
    client.force_login(world.coordinator)
    content = client.get(reverse("promises:promise_edit", kwargs={"pk": promise.pk}))
    html = content.content.decode()
    assert 'name="activities-0-DELETE"' in html
    assert 'name="activities-1-DELETE"' not in html


def test_a_long_history_is_paged_fifty_entries_at_a_time(client, world, charter):
    for number in range(55):
        charter.summary = f"Version {number}"
        charter.save()
    client.force_login(world.coordinator)
    first = client.get(history_url(charter)).content.decode()
    assert "Sida 1 av 2" in first
    assert "Version 54" in first
    assert "?sida=2" in first
    second = client.get(history_url(charter) + "?sida=2").content.decode()
    assert "Sida 2 av 2" in second
    assert "Version 54</ins>" not in second
