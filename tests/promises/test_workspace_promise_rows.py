"""Several rows per save: three new promises with their activities, signatories and contacts in
one save, blank rows ignored, and "add one more" that works without JavaScript."""

import re

import pytest
from django.urls import reverse

from promises.models import Promise
from tests.helpers import form_data
from tests.promises.factories import PromiseFactory

pytestmark = pytest.mark.django_db


def url(charter):
    return reverse("promises:promises_edit", kwargs={"pk": charter.pk})


def promise(number: int, owner: str, text: str, *activities: str) -> dict:
    prefix = f"promises-{number}"
    data = {f"{prefix}-owner": owner, f"{prefix}-text": text}
    for index, title in enumerate(activities):
        data[f"{prefix}-activities-{index}-title"] = title
        data[f"{prefix}-activities-{index}-responsible_party"] = "police"
    return data


def saved(charter) -> list:
    return [
        (p.text, [a.title for a in p.activities.order_by("order")])
        for p in charter.promises.order_by("order")
    ]


def test_three_promises_with_their_activities_go_in_one_save(client, world, charter):
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    assert data["promises-TOTAL_FORMS"] == "3"
    assert data["promises-0-activities-TOTAL_FORMS"] == "3"
    data.update(promise(0, "police", "Ett", "1.1", "1.2", "1.3"))
    data.update(promise(1, "municipality", "Två", "2.1"))
    data.update(promise(2, "joint", "Tre", "3.1", "3.2"))

    assert client.post(url(charter), data).status_code == 302
    assert saved(charter) == [
        ("Ett", ["1.1", "1.2", "1.3"]),
        ("Två", ["2.1"]),
        ("Tre", ["3.1", "3.2"]),
    ]


def test_blank_rows_are_ignored(client, world, charter):
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data.update(promise(1, "police", "Bara den mittersta", "Aktivitet"))
    assert client.post(url(charter), data).status_code == 302
    assert saved(charter) == [("Bara den mittersta", ["Aktivitet"])]


def test_an_error_in_one_row_saves_nothing_and_keeps_every_row_typed(client, world, charter):
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data.update(promise(0, "police", "Första löftet", "Första aktiviteten"))
    data.update(promise(1, "municipality", "Andra löftet", "Andra aktiviteten"))
    data["promises-1-activities-0-start_date"] = "2021-06-01"
    data["promises-1-activities-0-end_date"] = "2021-05-01"
    response = client.post(url(charter), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Inget är sparat ännu" in page
    for typed in ("Första löftet", "Första aktiviteten", "Andra löftet", "Andra aktiviteten"):
        assert typed in page
    assert not Promise.objects.filter(charter=charter).exists()


def test_one_more_promise_comes_back_with_everything_typed_and_saves_nothing(
    client, world, charter
):
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data.update(promise(0, "police", "Halvskrivet löfte"))
    data["promises-1-text"] = "Ett löfte utan ägare ännu"
    data["add_row"] = "promises"
    response = client.post(url(charter), data)
    page = response.content.decode()

    assert response.status_code == 200
    assert "Halvskrivet löfte" in page and "Ett löfte utan ägare ännu" in page
    assert "Inget är sparat ännu" not in page  # nothing was checked: no errors yet
    again = form_data(response)
    assert again["promises-TOTAL_FORMS"] == "4"
    assert again["promises-3-activities-TOTAL_FORMS"] == "3"
    assert not Promise.objects.filter(charter=charter).exists()

    # The fourth row saves with the rest.
    again.update(promise(1, "municipality", "Ett löfte utan ägare ännu"))
    again.update(promise(3, "joint", "Det fjärde", "Aktivitet"))
    assert client.post(url(charter), again).status_code == 302
    assert saved(charter) == [
        ("Halvskrivet löfte", []),
        ("Ett löfte utan ägare ännu", []),
        ("Det fjärde", ["Aktivitet"]),
    ]


def test_one_more_activity_under_an_existing_promise(client, world, charter):
    PromiseFactory(charter=charter, owner="police", order=1)
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data["add_row"] = "promises-0-activities"
    response = client.post(url(charter), data)
    assert form_data(response)["promises-0-activities-TOTAL_FORMS"] == "4"
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
    client.force_login(world.coordinator)
    for page_url in (url(charter), reverse("promises:charter_edit", kwargs={"pk": charter.pk})):
        page = client.get(page_url).content.decode()
        form = page[page.index('<form method="post" novalidate') :]
        first_button = re.search(r"<button[^>]*>", form).group(0)
        assert 'type="submit"' in first_button
        assert "add_row" not in first_button
