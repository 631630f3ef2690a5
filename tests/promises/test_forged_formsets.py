"""Forged management and id fields of the workspace formsets: a Swedish form error, never a 500
and never a change to a row the page did not show."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from situations.models import Place
from tests.helpers import context_form_data, form_data, situations_url
from tests.promises.factories import ActivityFactory, PromiseFactory
from tests.situations.factories import PlaceFactory

pytestmark = pytest.mark.django_db

FORGED = "Formuläret har ändrats efter att sidan laddades."


def promise_url(promise):
    return reverse("promises:promise_edit", kwargs={"pk": promise.pk})


@pytest.fixture
def page(client, world, charter):
    """The promise page of one promise with one activity, and another promise's activity."""
    mine = PromiseFactory(charter=charter, order=1)
    ActivityFactory(promise=mine, title="Min aktivitet", order=1)
    other = PromiseFactory(charter=charter, order=2)
    theirs = ActivityFactory(promise=other, title="Någon annans aktivitet", order=1)
    client.force_login(world.coordinator)
    data = form_data(client.get(promise_url(mine)))
    return mine, theirs, data


def test_another_promises_activity_id_is_refused_and_that_activity_is_untouched(client, page):
    mine, theirs, data = page
    data["activities-0-id"] = str(theirs.pk)
    data["activities-0-title"] = "Kapad"

    response = client.post(promise_url(mine), data)

    assert response.status_code == 200
    assert FORGED in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.title == "Någon annans aktivitet"
    assert theirs.promise_id != mine.pk
    assert "Kapad" not in set(mine.activities.values_list("title", flat=True))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("activities-INITIAL_FORMS", "-1"),
        ("activities-INITIAL_FORMS", "5"),
        ("activities-TOTAL_FORMS", "många"),
        ("activities-TOTAL_FORMS", "-3"),
        ("activities-INITIAL_FORMS", "ett"),
    ],
)
def test_a_forged_count_of_forms_is_a_swedish_error(client, page, field, value):
    mine, theirs, data = page
    data[field] = value
    data["activities-0-title"] = "Ändrad"

    response = client.post(promise_url(mine), data)

    assert response.status_code == 200
    assert FORGED in response.content.decode()
    assert set(mine.activities.values_list("title", flat=True)) == {"Min aktivitet"}
    theirs.refresh_from_db()
    assert theirs.title == "Någon annans aktivitet"


def test_a_huge_count_of_forms_is_refused_without_building_them(client, page):
    mine, _theirs, data = page
    data["activities-TOTAL_FORMS"] = "100000000"
    data["activities-0-title"] = "Ändrad"

    response = client.post(promise_url(mine), data)

    assert response.status_code == 200
    with translation.override("sv"):
        message = ngettext(
            "Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", 1000
        ) % {"num": 1000}
    assert message.startswith("Skicka") and message in response.content.decode()
    assert set(mine.activities.values_list("title", flat=True)) == {"Min aktivitet"}


def test_the_promise_list_refuses_a_forged_count_of_promises(client, world, charter, page):
    url = reverse("promises:promises_edit", kwargs={"pk": charter.pk})
    data = form_data(client.get(url))
    data["promises-INITIAL_FORMS"] = "-1"

    response = client.post(url, data)

    assert response.status_code == 200
    assert FORGED in response.content.decode()


def test_signatories_refuse_a_forged_count_too(client, world, charter):
    client.force_login(world.coordinator)
    url = reverse("promises:charter_edit", kwargs={"pk": charter.pk})
    data = form_data(client.get(url))
    data["signatories-INITIAL_FORMS"] = "7"

    response = client.post(url, data)

    assert response.status_code == 200
    assert FORGED in response.content.decode()


@pytest.mark.parametrize("initial", ["-1", "4"])
def test_the_places_of_a_kommun_refuse_a_forged_count(coordinator, world, initial):
    torget = PlaceFactory(municipality=world.municipality, name="Torget")
    url = situations_url("places", world.municipality)
    data = context_form_data(coordinator.get(url), "formset")
    data["places-INITIAL_FORMS"] = initial
    data["places-0-name"] = "Stortorget"

    response = coordinator.post(url, data)

    assert response.status_code == 200
    assert FORGED in response.content.decode()
    torget.refresh_from_db()
    assert torget.name == "Torget"
    assert not Place.objects.filter(name="Stortorget").exists()
