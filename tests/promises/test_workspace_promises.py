"""Promises and their activities, edited on one page: add, change, reorder, remove."""

import pytest
from django.urls import reverse

from promises.models import Activity, Party, Promise
from tests.helpers import form_data
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory
from tests.situations.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def url(charter):
    return reverse("promises:promises_edit", kwargs={"pk": charter.pk})


def texts(charter):
    return list(charter.promises.order_by("order").values_list("text", flat=True))


def test_coordinator_adds_a_promise_with_an_activity_in_one_save(client, world, charter):
    place = PlaceFactory(municipality=world.municipality, name="Resecentrum")
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data.update(
        {
            "promises-0-owner": "municipality",
            "promises-0-text": "Kommunen lovar bättre belysning.",
            "promises-0-activities-0-title": "Byta armaturer",
            "promises-0-activities-0-kind": "physical_environment",
            "promises-0-activities-0-responsible_party": "municipality",
            "promises-0-activities-0-places": [str(place.pk)],
            "promises-0-activities-0-start_date": "2021-03-01",
            "promises-0-activities-0-end_date": "2021-06-30",
        }
    )
    response = client.post(url(charter), data)

    assert response.status_code == 302
    promise = Promise.objects.get(charter=charter)
    assert promise.owner == Party.MUNICIPALITY
    activity = promise.activities.get()
    assert activity.title == "Byta armaturer"
    assert list(activity.places.all()) == [place]
    assert (promise.order, activity.order) == (1, 1)
    assert promise.history.first().history_user == world.coordinator


def test_the_next_blank_form_adds_another_activity_to_an_existing_promise(client, world, charter):
    promise = PromiseFactory(charter=charter, owner=Party.POLICE, order=1)
    ActivityFactory(promise=promise, title="Första", order=1)
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data.update(
        {
            "promises-0-activities-1-title": "Andra",
            "promises-0-activities-1-kind": "patrol",
            "promises-0-activities-1-responsible_party": "police",
        }
    )
    assert client.post(url(charter), data).status_code == 302
    assert list(promise.activities.order_by("order").values_list("title", "order")) == [
        ("Första", 1),
        ("Andra", 2),
    ]


def test_promises_are_reordered_by_the_place_typed(client, world, charter):
    for order, text in enumerate(["A", "B", "C"], start=1):
        PromiseFactory(charter=charter, text=text, order=order)
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data["promises-2-position"] = "1"  # C first; A and B keep their order after it

    assert client.post(url(charter), data).status_code == 302
    assert texts(charter) == ["C", "A", "B"]
    assert list(charter.promises.order_by("order").values_list("order", flat=True)) == [1, 2, 3]


def test_swapping_two_activities_does_not_trip_the_unique_order(client, world, charter):
    promise = PromiseFactory(charter=charter, order=1)
    ActivityFactory(promise=promise, title="Ett", order=1)
    ActivityFactory(promise=promise, title="Två", order=2)
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data["promises-0-activities-0-position"] = "2"
    data["promises-0-activities-1-position"] = "1"

    assert client.post(url(charter), data).status_code == 302
    assert list(promise.activities.order_by("order").values_list("title", flat=True)) == [
        "Två",
        "Ett",
    ]


def test_a_promise_and_an_activity_are_removed_from_a_draft(client, world, charter):
    kept = PromiseFactory(charter=charter, text="Kvar", order=1)
    ActivityFactory(promise=kept, title="Bort", order=1)
    PromiseFactory(charter=charter, text="Borttaget", order=2)
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data["promises-1-DELETE"] = "on"
    data["promises-0-activities-0-DELETE"] = "on"

    assert client.post(url(charter), data).status_code == 302
    assert texts(charter) == ["Kvar"]
    assert not Activity.objects.exists()
    assert Promise.history.filter(history_type="-", text="Borttaget").exists()


def test_nothing_can_be_removed_from_a_published_charter(client, world):
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, published=True
    )
    promise = PromiseFactory(charter=charter, order=1)
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    assert "promises-0-DELETE" not in data
    data["promises-0-DELETE"] = "on"  # forged
    client.post(url(charter), data)
    assert Promise.objects.filter(pk=promise.pk).exists()


def test_an_activity_ending_before_it_starts_keeps_the_whole_page_typed(client, world, charter):
    PromiseFactory(charter=charter, order=1, text="Befintligt löfte")
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data.update(
        {
            "promises-0-text": "Ändrad text som inte får försvinna",
            "promises-0-activities-0-title": "Fel datum",
            "promises-0-activities-0-kind": "patrol",
            "promises-0-activities-0-responsible_party": "police",
            "promises-0-activities-0-start_date": "2021-06-01",
            "promises-0-activities-0-end_date": "2021-05-01",
        }
    )
    response = client.post(url(charter), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Aktiviteten kan inte sluta innan den börjar." in content
    assert "Ändrad text som inte får försvinna" in content
    assert 'value="Fel datum"' in content
    assert texts(charter) == ["Befintligt löfte"]
    assert not Activity.objects.exists()


def test_an_empty_promise_text_is_named_next_to_the_field(client, world, charter):
    PromiseFactory(charter=charter, order=1)
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data["promises-0-text"] = ""
    response = client.post(url(charter), data)
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()


def test_activities_under_a_new_promise_without_text_are_refused(client, world, charter):
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data.update(
        {
            "promises-0-activities-0-title": "Föräldralös",
            "promises-0-activities-0-kind": "patrol",
            "promises-0-activities-0-responsible_party": "police",
        }
    )
    response = client.post(url(charter), data)
    assert response.status_code == 200
    assert not Activity.objects.exists()
    assert 'value="Föräldralös"' in response.content.decode()


def test_police_edit_police_promises_and_only_read_the_kommuns(client, world, charter):
    police_promise = PromiseFactory(charter=charter, owner=Party.POLICE, text="Polis", order=1)
    kommun_promise = PromiseFactory(
        charter=charter, owner=Party.MUNICIPALITY, text="Kommun", order=2
    )
    client.force_login(world.police)
    page = client.get(url(charter))
    assert page.status_code == 200
    data = form_data(page)
    assert "promises-1-text" not in data  # disabled: not submitted
    data["promises-0-text"] = "Polisen ändrar sitt"
    data["promises-1-text"] = "Polisen försöker ändra kommunens"  # forged
    data["promises-1-owner"] = "police"
    assert client.post(url(charter), data).status_code == 302
    police_promise.refresh_from_db()
    kommun_promise.refresh_from_db()
    assert police_promise.text == "Polisen ändrar sitt"
    assert (kommun_promise.text, kommun_promise.owner) == ("Kommun", Party.MUNICIPALITY)


def test_police_cannot_add_a_kommun_owned_promise(client, world, charter):
    client.force_login(world.police)
    data = form_data(client.get(url(charter)))
    data.update({"promises-0-owner": "municipality", "promises-0-text": "Smyg"})
    response = client.post(url(charter), data)
    assert response.status_code == 200
    assert not Promise.objects.exists()


@pytest.mark.parametrize(
    ("user", "status"),
    [("viewer", 403), ("reporter", 404), ("other_coordinator", 404), ("other_police", 404)],
)
def test_others_cannot_open_the_promises_page(client, world, charter, user, status):
    client.force_login(getattr(world, user))
    assert client.get(url(charter)).status_code == status


def test_two_sessions_the_second_save_is_refused_with_both_texts_shown(
    client, world, login_as, charter
):
    PromiseFactory(charter=charter, owner=Party.JOINT, text="Original", order=1)
    second = login_as("police")
    client.force_login(world.coordinator)
    first = form_data(client.get(url(charter)))
    other = form_data(second.get(url(charter)))

    first["promises-0-text"] = "Samordnarens version"
    assert client.post(url(charter), first).status_code == 302
    other["promises-0-text"] = "Polisens version"
    refused = second.post(url(charter), other)

    assert refused.status_code == 409
    content = refused.content.decode()
    assert "Polisens version" in content
    assert "Samordnarens version" in content
    assert texts(charter) == ["Samordnarens version"]
    assert second.post(url(charter), form_data(refused)).status_code == 302
    assert texts(charter) == ["Polisens version"]


@pytest.mark.parametrize("size", [1, 6])
def test_the_page_runs_the_same_queries_for_one_and_for_many_promises(
    client, world, charter, size, django_assert_num_queries
):
    for order in range(1, size + 1):
        promise = PromiseFactory(charter=charter, order=order)
        ActivityFactory.create_batch(2, promise=promise)
    client.force_login(world.coordinator)
    # Session 1, user 2, roles 3, charter 4; focus areas 5, places 6; promises 7 with their
    # focus areas 8, activities 9 and their places 10; for the version: promises 11,
    # activities 12.
    with django_assert_num_queries(12):
        assert client.get(url(charter)).status_code == 200
