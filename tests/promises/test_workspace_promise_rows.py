"""Several rows per save: a new promise with three activities, signatories and contacts in one
save, blank rows ignored, and "add one more" that works without JavaScript."""

import re

import pytest
from django.urls import reverse

from promises.models import Promise
from tests.helpers import form_data
from tests.promises.factories import PromiseFactory

pytestmark = pytest.mark.django_db


def url(charter):
    return reverse("promises:promise_create", kwargs={"pk": charter.pk})


def promise(owner: str, text: str, *activities: str) -> dict:
    data = {"promise-owner": owner, "promise-text": text}
    for index, title in enumerate(activities):
        data[f"activities-{index}-title"] = title
        data[f"activities-{index}-responsible_party"] = "police"
    return data


def saved(charter) -> list:
    return [
        (p.text, [a.title for a in p.activities.order_by("order")])
        for p in charter.promises.order_by("order")
    ]


def test_a_promise_with_three_activities_goes_in_one_save(client, world, charter):
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    assert data["activities-TOTAL_FORMS"] == "3"
    data.update(promise("police", "Ett", "1.1", "1.2", "1.3"))

    assert client.post(url(charter), data).status_code == 302
    assert saved(charter) == [("Ett", ["1.1", "1.2", "1.3"])]


def test_blank_activity_rows_are_ignored(client, world, charter):
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data.update(promise("police", "Bara den mittersta"))
    data["activities-1-title"] = "Aktivitet"
    data["activities-1-responsible_party"] = "police"
    assert client.post(url(charter), data).status_code == 302
    assert saved(charter) == [("Bara den mittersta", ["Aktivitet"])]


def test_an_error_in_one_row_saves_nothing_and_keeps_every_row_typed(client, world, charter):
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data.update(promise("police", "Första löftet", "Första aktiviteten", "Andra aktiviteten"))
    data["activities-1-start_date"] = "2021-06-01"
    data["activities-1-end_date"] = "2021-05-01"
    response = client.post(url(charter), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Inget är sparat ännu" in page
    for typed in ("Första löftet", "Första aktiviteten", "Andra aktiviteten"):
        assert typed in page
    assert not Promise.objects.filter(charter=charter).exists()


def test_one_more_activity_comes_back_with_everything_typed_and_saves_nothing(
    client, world, charter
):
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data.update(promise("police", "Halvskrivet löfte", "Första"))
    data["add_row"] = "activities"
    response = client.post(url(charter), data)
    page = response.content.decode()

    assert response.status_code == 200
    assert "Halvskrivet löfte" in page and 'value="Första"' in page
    assert "Inget är sparat ännu" not in page  # nothing was checked: no errors yet
    again = form_data(response)
    assert again["activities-TOTAL_FORMS"] == "4"
    assert not Promise.objects.filter(charter=charter).exists()

    # The fourth row saves with the rest.
    again["activities-3-title"] = "Fjärde"
    again["activities-3-responsible_party"] = "police"
    assert client.post(url(charter), again).status_code == 302
    assert saved(charter) == [("Halvskrivet löfte", ["Första", "Fjärde"])]


def test_one_more_activity_under_an_existing_promise(client, world, charter):
    existing = PromiseFactory(charter=charter, owner="police", order=1)
    client.force_login(world.coordinator)
    page_url = reverse("promises:promise_edit", kwargs={"pk": existing.pk})
    data = form_data(client.get(page_url))
    data["add_row"] = "activities"
    response = client.post(page_url, data)
    assert form_data(response)["activities-TOTAL_FORMS"] == "4"
    assert "Lägg till en aktivitet till" in response.content.decode()


def test_one_more_signatory_on_the_approval_page(client, world, charter):
    charter.status = "review"
    charter.save()
    PromiseFactory(charter=charter, order=1)
    client.force_login(world.police_manager)
    approve = reverse("promises:charter_approve", kwargs={"pk": charter.pk})
    data = form_data(client.get(approve))
    data["signatories-0-name"] = "Anna Ordförande"
    data["add_row"] = "signatories"
    response = client.post(approve, data)
    assert response.status_code == 200
    assert form_data(response)["signatories-TOTAL_FORMS"] == "4"
    assert 'value="Anna Ordförande"' in response.content.decode()
    charter.refresh_from_db()
    assert charter.status == "review" and not charter.signatories.exists()


def test_contacts_go_three_in_one_save(client, world, charter):
    client.force_login(world.coordinator)
    edit = reverse("promises:charter_edit", kwargs={"pk": charter.pk})
    data = form_data(client.get(edit))
    for row in range(3):
        data[f"contacts-{row}-name"] = f"Kontakt {row}"
        data[f"contacts-{row}-role"] = "Kommunpolis"
        data[f"contacts-{row}-party"] = "police"
    assert client.post(edit, data).status_code == 302
    assert charter.contacts.count() == 3


def test_enter_in_a_field_saves_rather_than_adds_a_row(client, world, charter):
    """A browser submits a form on Enter with its first button: that one saves."""
    existing = PromiseFactory(charter=charter, order=1)
    client.force_login(world.coordinator)
    for page_url in (
        url(charter),
        reverse("promises:promise_edit", kwargs={"pk": existing.pk}),
        reverse("promises:promises_edit", kwargs={"pk": charter.pk}),
        reverse("promises:charter_edit", kwargs={"pk": charter.pk}),
    ):
        page = client.get(page_url).content.decode()
        form = page[page.index('<form method="post" novalidate') :]
        first_button = re.search(r"<button[^>]*>", form).group(0)
        assert 'type="submit"' in first_button
        assert "add_row" not in first_button
