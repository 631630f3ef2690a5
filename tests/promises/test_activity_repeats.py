"""An activity's recurrence as a choice in the promise editor: saved, checked and in history."""

import datetime

import pytest
from django.urls import reverse

from promises.models import Activity
from tests.helpers import form_data
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory

pytestmark = pytest.mark.django_db


def promise_url(promise):
    return reverse("promises:promise_edit", kwargs={"pk": promise.pk})


@pytest.fixture
def activity(charter):
    return ActivityFactory(
        promise=PromiseFactory(charter=charter, order=1),
        title="Kaffe med polisen",
        order=1,
        start_date=datetime.date(2021, 2, 4),
        end_date=datetime.date(2021, 12, 16),
    )


def test_the_editor_offers_the_recurrences_in_swedish(client, world, activity):
    client.force_login(world.coordinator)

    page = client.get(promise_url(activity.promise)).content.decode()

    assert "Upprepas" in page
    for label in ("upprepas inte", "varje vecka", "varje månad", "varje år"):
        assert f">{label}</option>" in page


def test_the_coordinator_makes_an_activity_repeat_every_month(client, world, activity):
    client.force_login(world.coordinator)
    data = form_data(client.get(promise_url(activity.promise)))
    assert data["activities-0-repeats"] == "none"
    data["activities-0-repeats"] = "monthly"

    assert client.post(promise_url(activity.promise), data).status_code == 302

    activity.refresh_from_db()
    assert activity.repeats == Activity.Repeats.MONTHLY
    history = reverse("promises:charter_history", kwargs={"pk": activity.promise.charter_id})
    content = client.get(history).content.decode()
    assert "<dt>Upprepas</dt>" in content
    assert "upprepas inte</del>" in content
    assert "varje månad</ins>" in content
    # The list of the promise's activities says it too.
    assert "varje månad" in client.get(promise_url(activity.promise)).content.decode()


def test_an_activity_that_repeats_needs_a_start(client, world, activity):
    client.force_login(world.coordinator)
    data = form_data(client.get(promise_url(activity.promise)))
    data["activities-0-repeats"] = "weekly"
    data["activities-0-start_date"] = ""

    response = client.post(promise_url(activity.promise), data)

    assert response.status_code == 200
    assert "Ange när en aktivitet som upprepas startar." in response.content.decode()
    activity.refresh_from_db()
    assert activity.repeats == Activity.Repeats.NONE


def test_an_unknown_recurrence_is_refused_in_swedish(client, world, activity):
    client.force_login(world.coordinator)
    data = form_data(client.get(promise_url(activity.promise)))
    data["activities-0-repeats"] = "daily"

    response = client.post(promise_url(activity.promise), data)

    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_the_public_page_says_how_an_activity_repeats(client, world):
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, published=True
    )
    ActivityFactory(
        promise=PromiseFactory(charter=charter, order=1),
        title="Kaffe med polisen",
        start_date=datetime.date(2021, 2, 4),
        end_date=datetime.date(2021, 12, 16),
        repeats=Activity.Repeats.MONTHLY,
    )

    page = client.get(charter.get_absolute_url()).content.decode()

    assert "4 februari 2021 – 16 december 2021, varje månad" in page
