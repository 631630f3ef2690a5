"""A safety walk activity's walk and findings: recorded on one page, each finding followed from
open to done, with its history; only those who edit the activity's promise record it.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from promises.models import Activity, Charter, Party, SafetyWalk, WalkFinding
from tests.helpers import WEDNESDAY_NOON, context_form_data, field_errors, sv
from tests.promises.factories import (
    ActivityFactory,
    CharterFactory,
    PromiseFactory,
    SafetyWalkFactory,
    WalkFindingFactory,
)
from tests.situations.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(world):
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        published=True,
    )
    promise = PromiseFactory(charter=charter, owner=Party.JOINT)
    return ActivityFactory(
        promise=promise,
        kind=Activity.Kind.SAFETY_WALK,
        title="Trygghetsvandring i centrum",
        start_date=datetime.date(2026, 4, 14),
    )


def walk_url(activity) -> str:
    return reverse("promises:safety_walk", kwargs={"pk": activity.pk})


def page_data(client, activity) -> dict:
    response = client.get(walk_url(activity))
    assert response.status_code == 200
    return context_form_data(response, "form", "findings")


def test_a_new_walk_starts_on_the_activitys_day(coordinator, activity):
    response = coordinator.get(walk_url(activity))

    assert response.context["form"]["date"].value() == datetime.date(2026, 4, 14)


def test_the_coordinator_records_a_walk_with_a_finding(coordinator, world, activity):
    torget = PlaceFactory(municipality=world.municipality, name="Torget")
    data = page_data(coordinator, activity)
    data.update(
        {
            "walk-organisations": "Kommunpolisen\nEssungabostäder",
            "walk-residents": "14",
            "walk-summary": "Mörkt vid torget.",
            "findings-0-place": str(torget.pk),
            "findings-0-problem": "lighting",
            "findings-0-responsible_party": "municipality",
            "findings-0-responsible_function": "Tekniska kontoret",
            "findings-0-action": "Byta armaturer.",
            "findings-0-status": "open",
        }
    )

    response = coordinator.post(walk_url(activity), data)

    assert response.status_code == 302
    walk = SafetyWalk.objects.get(activity=activity)
    assert (walk.residents, walk.organisation_list) == (14, ["Kommunpolisen", "Essungabostäder"])
    finding = walk.findings.get()
    assert (finding.place, finding.status, finding.done_on) == (torget, "open", None)
    assert walk.history.get().history_user == world.coordinator
    assert finding.history.get().history_user == world.coordinator


# A finding done without a day given is done today.
@pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)
def test_a_finding_moves_from_open_through_planned_and_in_progress_to_done(coordinator, activity):
    finding = WalkFindingFactory(walk=SafetyWalkFactory(activity=activity))

    for status in ("planned", "in_progress", "done"):
        data = page_data(coordinator, activity)
        data["findings-0-status"] = status
        assert coordinator.post(walk_url(activity), data).status_code == 302
        finding.refresh_from_db()
        assert finding.status == status

    # Done without a day given: today.
    assert finding.done_on == timezone.localdate()
    assert [r.status for r in finding.history.order_by("history_date")] == [
        "open",
        "planned",
        "in_progress",
        "done",
    ]


def test_a_finding_taken_back_from_done_loses_its_day(coordinator, activity):
    finding = WalkFindingFactory(
        walk=SafetyWalkFactory(activity=activity),
        status="done",
        done_on=datetime.date(2026, 5, 1),
    )
    data = page_data(coordinator, activity)
    data["findings-0-status"] = "in_progress"

    coordinator.post(walk_url(activity), data)

    finding.refresh_from_db()
    assert (finding.status, finding.done_on) == ("in_progress", None)


def test_a_finding_without_place_or_location_is_explained_and_nothing_lost(coordinator, activity):
    data = page_data(coordinator, activity)
    data.update(
        {
            "walk-summary": "Sammanfattning som inte får försvinna.",
            "findings-0-problem": "vegetation",
            "findings-0-action": "Klippa buskarna.",
        }
    )

    response = coordinator.post(walk_url(activity), data)

    assert response.status_code == 200
    assert not SafetyWalk.objects.exists()
    page = response.content.decode()
    assert sv("Nothing is saved yet") in page
    assert sv("Choose a place or describe the location.") in field_errors(
        response, response.context["findings"].forms[0], "location"
    )
    assert "Sammanfattning som inte får försvinna." in page
    assert "Klippa buskarna." in page


def test_a_walk_without_a_date_gets_a_swedish_message(coordinator, activity):
    data = page_data(coordinator, activity)
    data["walk-date"] = ""

    response = coordinator.post(walk_url(activity), data)

    assert sv("Give the day of the walk.") in field_errors(
        response, response.context["form"], "date"
    )


def test_a_place_of_another_kommun_cannot_be_chosen(coordinator, world, activity):
    elsewhere = PlaceFactory(municipality=world.other_municipality)
    data = page_data(coordinator, activity)
    data.update({"findings-0-place": str(elsewhere.pk), "findings-0-problem": "litter"})

    response = coordinator.post(walk_url(activity), data)

    assert response.status_code == 200
    assert "place" in response.context["findings"].forms[0].errors


def test_a_finding_is_removed_and_the_history_keeps_it(coordinator, activity):
    finding = WalkFindingFactory(walk=SafetyWalkFactory(activity=activity))
    data = page_data(coordinator, activity)
    data["findings-0-DELETE"] = "on"

    coordinator.post(walk_url(activity), data)

    assert not WalkFinding.objects.exists()
    assert WalkFinding.history.filter(id=finding.pk, history_type="-").exists()


def test_two_saves_of_the_same_walk_do_not_overwrite_each_other(client, world, activity):
    SafetyWalkFactory(activity=activity, summary="Först.")
    client.force_login(world.coordinator)
    mine = page_data(client, activity)
    client.force_login(world.police)
    theirs = page_data(client, activity)
    theirs["walk-summary"] = "Polisens text."
    assert client.post(walk_url(activity), theirs).status_code == 302

    client.force_login(world.coordinator)
    mine["walk-summary"] = "Samordnarens text."
    response = client.post(walk_url(activity), mine)

    assert response.status_code == 409
    assert "Samordnarens text." in response.content.decode()
    assert SafetyWalk.objects.get().summary == "Polisens text."


def test_an_activity_of_another_kind_has_no_walk_page(coordinator, activity):
    activity.kind = Activity.Kind.PATROL
    activity.save()

    assert coordinator.get(walk_url(activity)).status_code == 404


def test_a_viewer_may_not_record_and_a_closed_charter_is_read_only(client, world, activity):
    client.force_login(world.viewer)
    assert client.get(walk_url(activity)).status_code == 403

    Charter.objects.filter(pk=activity.promise.charter_id).update(status=Charter.Status.CLOSED)
    client.force_login(world.coordinator)
    assert client.get(walk_url(activity)).status_code == 403


def test_a_non_public_activity_of_a_published_charter_is_hidden_from_outsiders(
    client, world, activity
):
    activity.is_public = False
    activity.save()
    client.force_login(world.other_coordinator)

    assert client.get(walk_url(activity)).status_code == 404


def test_only_a_safety_walk_activity_has_a_walk():
    walk = SafetyWalkFactory.build(activity=ActivityFactory(kind=Activity.Kind.PATROL))

    with pytest.raises(ValidationError) as error:
        walk.full_clean()

    assert "activity" in error.value.message_dict


def test_the_history_shows_the_changes_and_a_removed_finding_is_restored(coordinator, activity):
    finding = WalkFindingFactory(
        walk=SafetyWalkFactory(activity=activity), location="Busskuren vid torget"
    )
    data = page_data(coordinator, activity)
    data["findings-0-DELETE"] = "on"
    coordinator.post(walk_url(activity), data)
    history_url = reverse("promises:safety_walk_history", kwargs={"pk": activity.pk})

    page = coordinator.get(history_url)

    assert page.status_code == 200
    assert "Busskuren vid torget" in page.content.decode()
    deleted = WalkFinding.history.get(id=finding.pk, history_type="-")
    restore_url = reverse(
        "promises:safety_walk_restore",
        kwargs={"pk": activity.pk, "model": "walkfinding", "history_id": deleted.history_id},
    )
    # The record of the deletion holds the finding as it was.
    assert coordinator.post(restore_url).status_code == 302
    assert WalkFinding.objects.get().location == "Busskuren vid torget"


def test_a_viewer_reads_the_history_but_may_not_restore(client, world, activity):
    finding = WalkFindingFactory(walk=SafetyWalkFactory(activity=activity))
    client.force_login(world.viewer)
    record = finding.history.get()

    assert (
        client.get(reverse("promises:safety_walk_history", kwargs={"pk": activity.pk})).status_code
        == 200
    )
    restore_url = reverse(
        "promises:safety_walk_restore",
        kwargs={"pk": activity.pk, "model": "walkfinding", "history_id": record.history_id},
    )
    assert client.post(restore_url).status_code == 403


def test_the_charters_workspace_page_links_to_the_walk(coordinator, activity):
    response = coordinator.get(
        reverse("promises:charter", kwargs={"pk": activity.promise.charter_id})
    )

    assert walk_url(activity) in response.content.decode()
