"""An activity on the dates given: typed in the promise editor, checked in Swedish, shown on
the public page, one calendar event per date, through the JSON export and import, and moved
with the period when the charter is renewed."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from followups.opendata import CharterImportError, charter_export, charter_import
from promises.models import Activity, Charter
from promises.services import charter_renew
from tests.followups.test_opendata_activity_ids import remove
from tests.helpers import form_data
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2021, 3, 10, 12, tzinfo=datetime.UTC)


@pytest.fixture
def activity(world):
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, published=True
    )
    return ActivityFactory(
        promise=PromiseFactory(charter=charter, order=1), title="Marknadsdagar", order=1
    )


def promise_url(activity: Activity) -> str:
    return reverse("promises:promise_edit", kwargs={"pk": activity.promise_id})


def post_dates(client, world, activity, typed: str):
    client.force_login(world.coordinator)
    data = form_data(client.get(promise_url(activity)))
    data["activities-0-repeats"] = "dates"
    data["activities-0-dates"] = typed
    data["correction-reason"] = "Datumen var fel"  # the charter is published
    return client.post(promise_url(activity), data)


def test_the_dates_are_saved_in_order_once_each_and_shown_to_residents(client, world, activity):
    response = post_dates(client, world, activity, "2021-09-18, 2021-04-24\n2021-09-18")

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.dates == ["2021-04-24", "2021-09-18"]
    page = client.get(activity.promise.charter.get_absolute_url()).content.decode()
    assert "24 april 2021, 18 september 2021" in page
    editor = client.get(promise_url(activity)).content.decode()
    assert 'value="2021-04-24, 2021-09-18"' in editor  # as typed, to edit again


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2021-13-01", "”2021-13-01” är inget datum: skriv varje datum som 2025-03-15."),
        ("24/4 2021", "”24/4” är inget datum: skriv varje datum som 2025-03-15."),
        ("", "Ange datumen för en aktivitet som äger rum på angivna datum."),
        ("9999-12-31", "Ange ett datum mellan 2000 och 2100."),
    ],
)
def test_a_bad_date_gets_a_swedish_message_and_keeps_what_was_typed(
    client, world, activity, typed, message
):
    response = post_dates(client, world, activity, typed)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    if typed:  # one message: the date is wrong, not missing
        assert f'value="{typed}"' in page
        assert "Ange datumen för en aktivitet" not in page
    activity.refresh_from_db()
    assert activity.repeats == Activity.Repeats.NONE and activity.dates == []


def test_dates_are_dropped_when_the_activity_no_longer_repeats_on_them(activity):
    activity.repeats, activity.dates = Activity.Repeats.WEEKLY, ["2021-04-24"]
    activity.start_date = datetime.date(2021, 4, 1)

    activity.full_clean()

    assert activity.dates == []


@pytest.mark.time_machine(TODAY, tick=False)
def test_the_calendar_has_one_event_on_each_date(client, activity):
    activity.repeats, activity.dates = Activity.Repeats.DATES, ["2021-04-24", "2021-09-18"]
    activity.save()

    response = client.get(reverse("opendata:activities_ical", kwargs={"slug": "kommun-a"}))

    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    days = sorted((e.decoded("DTSTART"), e.decoded("DTEND"), str(e["UID"])) for e in events)
    assert [(start, end) for start, end, _uid in days] == [
        (datetime.date(2021, 4, 24), datetime.date(2021, 4, 25)),
        (datetime.date(2021, 9, 18), datetime.date(2021, 9, 19)),
    ]
    assert len({uid for *_days, uid in days}) == 2  # each its own event
    assert not any("RRULE" in event for event in events)


def test_the_dates_go_through_the_export_and_back(activity):
    activity.repeats, activity.dates = Activity.Repeats.DATES, ["2021-04-24", "2021-09-18"]
    activity.save()
    data = charter_export(activity.promise.charter)
    assert data["promises"][0]["activities"][0]["dates"] == ["2021-04-24", "2021-09-18"]
    remove(activity.promise.charter)

    imported = charter_import(data=data).charter

    copy = Activity.objects.get(promise__charter=imported)
    assert (copy.repeats, copy.dates) == (Activity.Repeats.DATES, ["2021-04-24", "2021-09-18"])


def test_an_import_with_a_bad_date_names_it(activity):
    data = charter_export(activity.promise.charter)
    remove(activity.promise.charter)
    data["promises"][0]["activities"][0].update(repeats="dates", dates=["2021-04-24", "24/4"])

    with pytest.raises(CharterImportError) as raised:
        charter_import(data=data)

    assert raised.value.messages == [
        "promises[0].activities[0].dates[1]: Här ska det stå ett datum, till exempel 2021-01-31."
    ]


def test_a_renewed_charter_moves_the_dates_with_its_period(world, activity):
    activity.repeats, activity.dates = Activity.Repeats.DATES, ["2021-04-24", "2021-09-18"]
    activity.save()

    charter = Charter.objects.get(pk=activity.promise.charter_id)
    renewed = charter_renew(charter=charter, user=world.coordinator)

    copy = Activity.objects.get(promise__charter=renewed)
    assert copy.dates == ["2022-04-24", "2022-09-18"]
