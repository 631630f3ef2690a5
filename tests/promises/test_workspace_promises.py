"""Promises edited promise by promise: the list of a charter's promises (order, removal), each
promise's page with its activities, and a page to add one."""

import pytest
from django.urls import reverse

from promises.models import Activity, Party, Promise
from tests.helpers import form_data
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory
from tests.situations.factories import (
    FindingFactory,
    PlaceFactory,
    ProblemFactory,
    SituationReportFactory,
)

pytestmark = pytest.mark.django_db


def url(charter):
    return reverse("promises:promises_edit", kwargs={"pk": charter.pk})


def new_url(charter):
    return reverse("promises:promise_create", kwargs={"pk": charter.pk})


def promise_url(promise):
    return reverse("promises:promise_edit", kwargs={"pk": promise.pk})


def texts(charter):
    return list(charter.promises.order_by("order").values_list("text", flat=True))


# The list ------------------------------------------------------------------------------------


def test_the_list_shows_each_promise_with_its_owner_activities_and_page(client, world, charter):
    lights = PromiseFactory(
        charter=charter, owner=Party.MUNICIPALITY, title="Belysning", text="Bättre ljus", order=1
    )
    ActivityFactory.create_batch(3, promise=lights)
    patrols = PromiseFactory(charter=charter, owner=Party.POLICE, title="", order=2)
    client.force_login(world.coordinator)
    page = client.get(url(charter)).content.decode()

    rows = page[page.index("<tbody>") : page.index("</tbody>")].split("<tr>")[1:]
    assert len(rows) == 2
    assert "Belysning" in rows[0] and "kommunen" in rows[0] and ">3</td>" in rows[0]
    assert f'href="{promise_url(lights)}"' in rows[0]
    assert patrols.text[:20] in rows[1] and "polisen" in rows[1] and ">0</td>" in rows[1]
    assert f'href="{new_url(charter)}"' in page


def test_the_list_carries_no_form_of_a_promise_or_an_activity(client, world, charter):
    promise = PromiseFactory(charter=charter, order=1)
    ActivityFactory(promise=promise)
    client.force_login(world.coordinator)
    fields = form_data(client.get(url(charter)))
    assert not [name for name in fields if "text" in name or "activities" in name]


def test_promises_are_reordered_by_the_place_typed(client, world, charter):
    for order, text in enumerate(["A", "B", "C"], start=1):
        PromiseFactory(charter=charter, text=text, order=order)
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data["promises-2-position"] = "1"  # C first; A and B keep their order after it

    assert client.post(url(charter), data).status_code == 302
    assert texts(charter) == ["C", "A", "B"]
    assert list(charter.promises.order_by("order").values_list("order", flat=True)) == [1, 2, 3]


def test_a_place_out_of_range_is_named_and_the_order_typed_is_kept(client, world, charter):
    for order, text in enumerate(["A", "B"], start=1):
        PromiseFactory(charter=charter, text=text, order=order)
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data["promises-0-position"] = "0"
    data["promises-1-position"] = "1"
    response = client.post(url(charter), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Inget är sparat ännu" in page
    assert "Kontrollera att detta värde är större än eller lika med 1." in page
    assert 'name="promises-0-position" id="id_promises-0-position" value="0"' in page
    assert texts(charter) == ["A", "B"]


def test_a_promise_is_removed_from_a_draft_with_its_activities(client, world, charter):
    kept = PromiseFactory(charter=charter, text="Kvar", order=1)
    gone = PromiseFactory(charter=charter, text="Borttaget", order=2)
    ActivityFactory(promise=gone, title="Följer med")
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data["promises-1-DELETE"] = "on"

    assert client.post(url(charter), data).status_code == 302
    assert texts(charter) == ["Kvar"]
    assert kept.order == 1
    assert not Activity.objects.exists()
    assert Promise.history.filter(history_type="-", text="Borttaget").exists()


def test_nothing_can_be_removed_from_a_published_charter(client, world):
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, published=True
    )
    promise = PromiseFactory(charter=charter, order=1)
    activity = ActivityFactory(promise=promise, order=1)
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    assert "promises-0-DELETE" not in data
    data["promises-0-DELETE"] = "on"  # forged
    client.post(url(charter), data)
    assert Promise.objects.filter(pk=promise.pk).exists()

    data = form_data(client.get(promise_url(promise)))
    assert "activities-0-DELETE" not in data
    data["activities-0-DELETE"] = "on"  # forged
    assert client.post(promise_url(promise), data).status_code == 302
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_police_reorder_their_promises_and_not_the_kommuns(client, world, charter):
    PromiseFactory(charter=charter, owner=Party.MUNICIPALITY, text="Kommun", order=1)
    PromiseFactory(charter=charter, owner=Party.POLICE, text="Polis", order=2)
    client.force_login(world.police)
    page = client.get(url(charter))
    data = form_data(page)
    assert "promises-0-position" not in data  # disabled: not submitted
    content = page.content.decode()
    assert 'name="promises-0-DELETE"' not in content
    assert 'name="promises-1-DELETE"' in content
    data["promises-0-position"] = "5"  # forged
    data["promises-1-position"] = "1"
    assert client.post(url(charter), data).status_code == 302
    assert texts(charter) == ["Polis", "Kommun"]


# A promise's own page ------------------------------------------------------------------------


def test_coordinator_adds_a_promise_with_an_activity_in_one_save(client, world, charter):
    place = PlaceFactory(municipality=world.municipality, name="Resecentrum")
    PromiseFactory(charter=charter, order=1)
    client.force_login(world.coordinator)
    data = form_data(client.get(new_url(charter)))
    data.update(
        {
            "promise-owner": "municipality",
            "promise-text": "Kommunen lovar bättre belysning.",
            "activities-0-title": "Byta armaturer",
            "activities-0-kind": "physical_environment",
            "activities-0-responsible_party": "municipality",
            "activities-0-places": [str(place.pk)],
            "activities-0-start_date": "2021-03-01",
            "activities-0-end_date": "2021-06-30",
        }
    )
    response = client.post(new_url(charter), data)

    promise = Promise.objects.get(text="Kommunen lovar bättre belysning.")
    assert response["Location"] == promise_url(promise)
    assert promise.owner == Party.MUNICIPALITY
    activity = promise.activities.get()
    assert activity.title == "Byta armaturer"
    assert list(activity.places.all()) == [place]
    assert (promise.order, activity.order) == (2, 1)  # after the promise already there
    assert promise.history.first().history_user == world.coordinator
    assert "Löftet är tillagt." in client.get(response["Location"]).content.decode()


def test_the_next_blank_form_adds_another_activity_to_an_existing_promise(client, world, charter):
    promise = PromiseFactory(charter=charter, owner=Party.POLICE, order=1)
    ActivityFactory(promise=promise, title="Första", order=1)
    client.force_login(world.coordinator)
    data = form_data(client.get(promise_url(promise)))
    data.update(
        {
            "activities-1-title": "Andra",
            "activities-1-kind": "patrol",
            "activities-1-responsible_party": "police",
        }
    )
    assert client.post(promise_url(promise), data).status_code == 302
    assert list(promise.activities.order_by("order").values_list("title", "order")) == [
        ("Första", 1),
        ("Andra", 2),
    ]


def test_a_promise_page_carries_only_its_own_activities(client, world, charter):
    mine = PromiseFactory(charter=charter, order=1)
    ActivityFactory(promise=mine, title="Min aktivitet")
    other = PromiseFactory(charter=charter, order=2)
    ActivityFactory(promise=other, title="Någon annans aktivitet")
    client.force_login(world.coordinator)
    page = client.get(promise_url(mine)).content.decode()
    assert "Min aktivitet" in page
    assert "Någon annans aktivitet" not in page


def test_swapping_two_activities_does_not_trip_the_unique_order(client, world, charter):
    promise = PromiseFactory(charter=charter, order=1)
    ActivityFactory(promise=promise, title="Ett", order=1)
    ActivityFactory(promise=promise, title="Två", order=2)
    client.force_login(world.coordinator)
    data = form_data(client.get(promise_url(promise)))
    data["activities-0-position"] = "2"
    data["activities-1-position"] = "1"

    assert client.post(promise_url(promise), data).status_code == 302
    assert list(promise.activities.order_by("order").values_list("title", flat=True)) == [
        "Två",
        "Ett",
    ]


def test_an_activity_is_removed_from_a_draft(client, world, charter):
    promise = PromiseFactory(charter=charter, order=1)
    ActivityFactory(promise=promise, title="Bort", order=1)
    client.force_login(world.coordinator)
    data = form_data(client.get(promise_url(promise)))
    data["activities-0-DELETE"] = "on"
    assert client.post(promise_url(promise), data).status_code == 302
    assert not Activity.objects.exists()
    assert Activity.history.filter(history_type="-", title="Bort").exists()


def test_an_activity_ending_before_it_starts_keeps_the_whole_page_typed(client, world, charter):
    promise = PromiseFactory(charter=charter, order=1, text="Befintligt löfte")
    client.force_login(world.coordinator)
    data = form_data(client.get(promise_url(promise)))
    data.update(
        {
            "promise-text": "Ändrad text som inte får försvinna",
            "activities-0-title": "Fel datum",
            "activities-0-kind": "patrol",
            "activities-0-responsible_party": "police",
            "activities-0-start_date": "2021-06-01",
            "activities-0-end_date": "2021-05-01",
        }
    )
    response = client.post(promise_url(promise), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Inget är sparat ännu" in content
    assert "Aktiviteten kan inte sluta innan den börjar." in content
    assert "Ändrad text som inte får försvinna" in content
    assert 'value="Fel datum"' in content
    assert texts(charter) == ["Befintligt löfte"]
    assert not Activity.objects.exists()


def test_an_empty_promise_text_is_named_next_to_the_field(client, world, charter):
    promise = PromiseFactory(charter=charter, order=1)
    client.force_login(world.coordinator)
    data = form_data(client.get(promise_url(promise)))
    data["promise-text"] = ""
    response = client.post(promise_url(promise), data)
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()


def test_activities_under_a_new_promise_without_text_are_refused_and_kept(client, world, charter):
    client.force_login(world.coordinator)
    data = form_data(client.get(new_url(charter)))
    data.update(
        {
            "activities-0-title": "Föräldralös",
            "activities-0-kind": "patrol",
            "activities-0-responsible_party": "police",
        }
    )
    response = client.post(new_url(charter), data)
    assert response.status_code == 200
    assert not Activity.objects.exists()
    assert 'value="Föräldralös"' in response.content.decode()


def test_police_edit_police_promises_and_only_read_the_kommuns(client, world, charter):
    police_promise = PromiseFactory(charter=charter, owner=Party.POLICE, text="Polis", order=1)
    kommun_promise = PromiseFactory(
        charter=charter, owner=Party.MUNICIPALITY, text="Kommun", order=2
    )
    client.force_login(world.police)
    data = form_data(client.get(promise_url(police_promise)))
    data["promise-text"] = "Polisen ändrar sitt"
    assert client.post(promise_url(police_promise), data).status_code == 302

    page = client.get(promise_url(kommun_promise))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Du kan läsa löftet men inte ändra det" in content
    assert "promise-text" not in form_data(page)  # disabled: not submitted
    forged = {**form_data(page), "promise-text": "Försöker", "promise-owner": "police"}
    assert client.post(promise_url(kommun_promise), forged).status_code == 403
    police_promise.refresh_from_db()
    kommun_promise.refresh_from_db()
    assert police_promise.text == "Polisen ändrar sitt"
    assert (kommun_promise.text, kommun_promise.owner) == ("Kommun", Party.MUNICIPALITY)


def test_police_may_add_a_joint_promise_but_not_a_kommun_owned_one(client, world, charter):
    client.force_login(world.police)
    data = form_data(client.get(new_url(charter)))
    response = client.post(
        new_url(charter), {**data, "promise-owner": "municipality", "promise-text": "Smyg"}
    )
    assert response.status_code == 200
    assert not Promise.objects.exists()
    assert 'value="Smyg"' not in response.content.decode()  # a textarea keeps it as text
    assert "Smyg</textarea>" in response.content.decode()

    response = client.post(
        new_url(charter), {**data, "promise-owner": "joint", "promise-text": "Tillsammans"}
    )
    assert response.status_code == 302
    assert Promise.objects.get().owner == Party.JOINT


@pytest.mark.parametrize(
    ("user", "status"),
    [("viewer", 403), ("reporter", 404), ("other_coordinator", 404), ("other_police", 404)],
)
def test_others_cannot_open_the_promise_pages(client, world, charter, user, status):
    promise = PromiseFactory(charter=charter, order=1)
    client.force_login(getattr(world, user))
    for page in (url(charter), new_url(charter), promise_url(promise)):
        assert client.get(page).status_code == status, page
        assert client.post(page, {}).status_code == status, page
    assert texts(charter) == [promise.text]


def test_a_closed_charters_promise_pages_are_refused(client, world):
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, closed=True
    )
    promise = PromiseFactory(charter=charter, order=1)
    client.force_login(world.coordinator)
    for page in (url(charter), new_url(charter), promise_url(promise)):
        assert client.get(page).status_code == 403, page


def test_two_sessions_the_second_save_is_refused_with_both_texts_shown(
    client, world, login_as, charter
):
    promise = PromiseFactory(charter=charter, owner=Party.JOINT, text="Original", order=1)
    second = login_as("police")
    client.force_login(world.coordinator)
    first = form_data(client.get(promise_url(promise)))
    other = form_data(second.get(promise_url(promise)))

    first["promise-text"] = "Samordnarens version"
    assert client.post(promise_url(promise), first).status_code == 302
    other["promise-text"] = "Polisens version"
    refused = second.post(promise_url(promise), other)

    assert refused.status_code == 409
    content = refused.content.decode()
    assert "Polisens version" in content
    assert "Samordnarens version" in content
    assert texts(charter) == ["Samordnarens version"]
    assert second.post(promise_url(promise), form_data(refused)).status_code == 302
    assert texts(charter) == ["Polisens version"]


def test_an_edit_to_another_promise_does_not_stop_saving_this_one(
    client, world, login_as, charter
):
    first = PromiseFactory(charter=charter, owner=Party.JOINT, text="Ett", order=1)
    second = PromiseFactory(charter=charter, owner=Party.JOINT, text="Två", order=2)
    police = login_as("police")
    client.force_login(world.coordinator)
    mine = form_data(client.get(promise_url(first)))
    theirs = form_data(police.get(promise_url(second)))
    theirs["promise-text"] = "Två, ändrat"
    assert police.post(promise_url(second), theirs).status_code == 302
    mine["promise-text"] = "Ett, ändrat"
    assert client.post(promise_url(first), mine).status_code == 302
    assert texts(charter) == ["Ett, ändrat", "Två, ändrat"]


@pytest.mark.parametrize("size", [1, 6])
def test_the_list_runs_the_same_queries_for_one_and_for_many_promises(
    client, world, charter, size, django_assert_num_queries
):
    for order in range(1, size + 1):
        promise = PromiseFactory(charter=charter, order=order)
        ActivityFactory.create_batch(2, promise=promise)
    client.force_login(world.coordinator)
    # Session 1, user 2, roles 3, charter 4; promises with their number of activities 5 and
    # the problems they answer 6; for the version: promises 7.
    with django_assert_num_queries(7):
        assert client.get(url(charter)).status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_a_promise_page_runs_the_same_queries_for_one_and_for_many_activities(
    client, world, charter, size, django_assert_num_queries
):
    promise = PromiseFactory(charter=charter, order=1)
    ActivityFactory.create_batch(size, promise=promise)
    client.force_login(world.coordinator)
    # Session 1, user 2, promise and charter 3, roles 4; focus areas 5 and the promise's 6,
    # the problems it answers 7 (the charter has no situation report to choose them from),
    # places 8, activities 9 and their places 10. The version covers the activities loaded.
    with django_assert_num_queries(10):
        assert client.get(promise_url(promise)).status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_a_promise_page_with_a_situation_report_runs_the_same_queries_for_many_problems(
    client, world, charter, size, django_assert_num_queries
):
    report = SituationReportFactory(municipality=world.municipality)
    charter.situation_report = report
    charter.save()
    for priority in range(1, size + 1):
        problem = ProblemFactory(report=report, priority=priority)
        problem.findings.set([FindingFactory(report=report)])
    promise = PromiseFactory(charter=charter, order=1)
    ActivityFactory.create_batch(size, promise=promise)
    client.force_login(world.coordinator)
    # Session 1, user 2, promise with its charter and situation report 3, roles 4; focus
    # areas 5 and the promise's 6, the report's problems 7 and their findings 8, the
    # problems the promise answers 9, places 10, activities 11 and their places 12.
    with django_assert_num_queries(12):
        response = client.get(promise_url(promise))
    assert response.status_code == 200
    assert response.content.decode().count('name="promise-problems"') == size


def test_a_row_without_its_promise_is_refused_and_makes_no_empty_promise(client, world, charter):
    PromiseFactory(charter=charter, text="A", order=1)
    client.force_login(world.coordinator)
    data = form_data(client.get(url(charter)))
    data["promises-0-id"] = ""  # removed meanwhile, or tampered with
    data["promises-0-position"] = "2"
    response = client.post(url(charter), data)
    assert response.status_code == 200
    assert (
        "Löftet finns inte längre i medborgarlöftet. Ladda om sidan." in response.content.decode()
    )
    assert texts(charter) == ["A"]
