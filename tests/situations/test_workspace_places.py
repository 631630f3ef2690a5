"""The places of a kommun: add, rename, position and remove them on one page; places in use
stay; two people's saves do not overwrite each other; the history restores a removed place.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from situations.models import Answer, Place, Question, Response
from tests.helpers import context_form_data, field_errors, situations_url, sv
from tests.promises.factories import ActivityFactory
from tests.situations.factories import (
    FindingFactory,
    PlaceFactory,
    QuestionFactory,
    SituationReportFactory,
)


def url(world) -> str:
    return situations_url("places", world.municipality)


def loaded(client, world) -> dict:
    response = client.get(url(world))
    assert response.status_code == 200
    return context_form_data(response, "formset")


def test_the_page_lists_only_the_kommuns_places_and_a_blank_form(coordinator, world, torget):
    PlaceFactory(municipality=world.other_municipality, name="Annanstans")

    response = coordinator.get(url(world))

    page = response.content.decode()
    assert "Torget" in page
    assert "Annanstans" not in page
    assert response.context["formset"].total_form_count() == 2


def test_a_place_is_added_with_a_position_in_decimal_comma(coordinator, world, torget):
    data = loaded(coordinator, world)
    data.update(
        {
            "places-1-name": "Resecentrum",
            "places-1-description": "Busstorget och stationen.",
            "places-1-latitude": "59,1329",
            "places-1-longitude": "12,9317",
        }
    )

    response = coordinator.post(url(world), data)

    assert response.status_code == 302
    place = Place.objects.get(name="Resecentrum")
    assert place.municipality == world.municipality
    assert place.slug == "resecentrum"
    assert (place.latitude, place.longitude) == (Decimal("59.1329"), Decimal("12.9317"))
    assert place.history.get().history_user == world.coordinator


def test_a_place_is_renamed_and_an_unused_one_removed(coordinator, world, torget):
    unused = PlaceFactory(municipality=world.municipality, name="Gamla parken")
    data = loaded(coordinator, world)
    index = {data[f"places-{i}-id"]: i for i in range(2)}
    data[f"places-{index[str(torget.pk)]}-name"] = "Stortorget"
    data[f"places-{index[str(unused.pk)]}-DELETE"] = "on"

    assert coordinator.post(url(world), data).status_code == 302

    assert list(Place.objects.filter(municipality=world.municipality)) == [torget]
    torget.refresh_from_db()
    assert torget.name == "Stortorget"


def test_a_lone_latitude_asks_for_the_longitude_next_to_it_and_keeps_both(
    coordinator, world, torget
):
    data = loaded(coordinator, world)
    data.update({"places-0-latitude": "59,13", "places-1-name": "Hamnen"})

    response = coordinator.post(url(world), data)

    assert response.status_code == 200
    form = response.context["formset"].forms[0]
    errors = field_errors(response, form, "longitude")
    assert sv("Give the longitude too, or leave both empty.") in errors
    page = response.content.decode()
    assert 'value="59,13"' in page
    assert 'value="Hamnen"' in page
    assert not Place.objects.filter(name="Hamnen").exists()


def test_a_latitude_out_of_range_or_not_a_number_is_explained(coordinator, world, torget):
    data = loaded(coordinator, world)
    data.update({"places-0-latitude": "95", "places-0-longitude": "öster"})

    response = coordinator.post(url(world), data)

    form = response.context["formset"].forms[0]
    assert sv("Write a number, for example 60 or 12,5.") in field_errors(
        response, form, "longitude"
    )
    assert "90" in field_errors(response, form, "latitude")


def test_an_emptied_name_is_refused_next_to_it(coordinator, world, torget):
    data = loaded(coordinator, world)
    data["places-0-name"] = ""

    response = coordinator.post(url(world), data)

    form = response.context["formset"].forms[0]
    assert sv("Write the name of the place.") in field_errors(response, form, "name")
    torget.refresh_from_db()
    assert torget.name == "Torget"


def test_a_second_place_by_the_same_name_is_refused(coordinator, world, torget):
    data = loaded(coordinator, world)
    data["places-1-name"] = "torget"

    response = coordinator.post(url(world), data)

    form = response.context["formset"].forms[1]
    errors = field_errors(response, form, "name")
    assert sv("The municipality already has a place by that name.") in errors
    assert Place.objects.filter(municipality=world.municipality).count() == 1


def test_a_new_name_that_meets_the_slug_of_a_renamed_place_gets_its_own_slug(
    coordinator, world, torget
):
    torget.name = "Stortorget"
    torget.save()
    data = loaded(coordinator, world)
    data["places-1-name"] = "Torget"

    assert coordinator.post(url(world), data).status_code == 302

    assert Place.objects.get(name="Torget").slug == "torget-2"


@pytest.mark.parametrize("use", ["finding", "activity", "survey question", "survey answer"])
def test_a_place_in_use_cannot_be_removed_the_form_says_why_and_nothing_is_saved(
    coordinator, world, torget, use
):
    if use == "finding":
        FindingFactory(
            report=SituationReportFactory(municipality=world.municipality), place=torget
        )
    elif use == "survey question":
        QuestionFactory(survey__municipality=world.municipality, place=torget)
    elif use == "survey answer":
        question = QuestionFactory(
            survey__municipality=world.municipality, kind=Question.Kind.UNSAFE_PLACES
        )
        response = Response.objects.create(survey=question.survey, submitted_on=date.today())
        Answer.objects.create(response=response, question=question, place=torget)
    else:
        ActivityFactory().places.add(torget)
    data = loaded(coordinator, world)
    data.update({"places-0-DELETE": "on", "places-1-name": "Hamnen"})

    response = coordinator.post(url(world), data)

    assert response.status_code == 200
    form = response.context["formset"].forms[0]
    assert sv(
        "This place cannot be removed while an activity, a finding or a survey uses it. Choose "
        "another place there first."
    ) in field_errors(response, form, "DELETE")
    assert Place.objects.filter(pk=torget.pk).exists()
    assert not Place.objects.filter(name="Hamnen").exists()


# --- Two people, one list of places ----------------------------------------------------------


def test_the_second_save_of_the_places_is_refused_with_its_text_kept(world, login_as, torget):
    anna, bertil = login_as("coordinator"), login_as("police")
    annas, bertils = loaded(anna, world), loaded(bertil, world)
    annas["places-0-description"] = "Annas beskrivning."
    assert anna.post(url(world), annas).status_code == 302

    bertils["places-1-name"] = "Bertils plats"
    refused = bertil.post(url(world), bertils)

    assert refused.status_code == 409
    page = refused.content.decode()
    assert sv("Someone else saved this while you were editing") in page
    assert "Annas beskrivning." in page
    assert 'value="Bertils plats"' in page
    assert not Place.objects.filter(name="Bertils plats").exists()

    # Bertil merges Anna's change into his form and saves again, deliberately.
    merged = context_form_data(refused, "formset")
    merged["places-0-description"] = "Annas beskrivning."
    again = bertil.post(url(world), merged)

    assert again.status_code == 302
    assert Place.objects.filter(name="Bertils plats").exists()
    torget.refresh_from_db()
    assert torget.description == "Annas beskrivning."


# --- History ----------------------------------------------------------------------------------


def test_the_history_shows_renames_and_a_removed_place_is_restored(coordinator, world, torget):
    data = loaded(coordinator, world)
    data["places-0-name"] = "Stortorget"
    coordinator.post(url(world), data)
    data = loaded(coordinator, world)
    data["places-0-DELETE"] = "on"
    coordinator.post(url(world), data)
    removed = Place.history.filter(id=torget.pk, history_type="-").get()

    history = coordinator.get(situations_url("places_history", world.municipality))
    restore = reverse(
        "situations:places_restore",
        kwargs={"slug": "kommun-a", "model": "place", "history_id": removed.history_id},
    )
    response = coordinator.post(restore)

    page = history.content.decode()
    assert "<del>" in page and "Torget" in page and "Stortorget" in page
    assert restore in page
    assert response.status_code == 302
    assert response["Location"] == situations_url("places_history", world.municipality)
    assert Place.objects.get(pk=torget.pk).name == "Stortorget"


def test_a_place_of_another_kommun_cannot_be_restored_through_this_one(coordinator, world):
    other = PlaceFactory(municipality=world.other_municipality)
    record = other.history.get()
    restore = reverse(
        "situations:places_restore",
        kwargs={"slug": "kommun-a", "model": "place", "history_id": record.history_id},
    )

    assert coordinator.post(restore).status_code == 404


def test_the_places_page_runs_a_fixed_number_of_queries(
    coordinator, world, django_assert_num_queries
):
    for number in range(20):
        PlaceFactory(municipality=world.municipality, name=f"Plats {number}")
    coordinator.get(url(world))

    # 1 session, 2 user, 3 the kommun, 4 the roles there, 5 the places for the version,
    # 6 the places of the formset.
    with django_assert_num_queries(6):
        coordinator.get(url(world))
