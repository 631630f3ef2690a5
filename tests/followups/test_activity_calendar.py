"""The iCalendar of a kommun's activities as calendar apps read it: repeating activities recur,
long ones are their first day, an empty calendar is still valid, and no date breaks it."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from promises.models import Activity
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory

pytestmark = pytest.mark.django_db

# The horizon is ten years after today: 2031-03-10 with the clock here.
TODAY = datetime.datetime(2021, 3, 10, 12, tzinfo=datetime.UTC)


@pytest.fixture
def promise(world):
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, published=True
    )
    return PromiseFactory(charter=charter, order=1)


def calendar(client, slug="kommun-a") -> tuple[icalendar.Calendar, str]:
    response = client.get(reverse("opendata:activities_ical", kwargs={"slug": slug}))
    assert response.status_code == 200
    text = response.content.decode()
    return icalendar.Calendar.from_ical(text), text.replace("\r\n ", "")


def event(client, title: str) -> icalendar.Event:
    found = [e for e in calendar(client)[0].walk("VEVENT") if str(e["SUMMARY"]) == title]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize(
    ("repeats", "freq"),
    [
        (Activity.Repeats.WEEKLY, "WEEKLY"),
        (Activity.Repeats.MONTHLY, "MONTHLY"),
        (Activity.Repeats.YEARLY, "YEARLY"),
    ],
)
def test_a_repeating_activity_recurs_until_its_end(client, promise, repeats, freq):
    ActivityFactory(
        promise=promise,
        title="Fotpatrull",
        start_date=datetime.date(2021, 2, 5),
        end_date=datetime.date(2021, 11, 26),
        repeats=repeats,
    )

    found = event(client, "Fotpatrull")

    assert found.decoded("DTSTART") == datetime.date(2021, 2, 5)
    assert found.decoded("DTEND") == datetime.date(2021, 2, 6)  # each time one day
    assert found["RRULE"]["FREQ"] == [freq]
    assert found["RRULE"]["UNTIL"] == [datetime.date(2021, 11, 26)]
    assert f"RRULE:FREQ={freq};UNTIL=20211126" in calendar(client)[1]


def test_a_repeating_activity_without_an_end_recurs_until_the_charter_ends(client, promise):
    ActivityFactory(
        promise=promise,
        title="Kaffe med polisen",
        start_date=datetime.date(2021, 1, 14),
        repeats=Activity.Repeats.MONTHLY,
    )

    found = event(client, "Kaffe med polisen")

    assert found["RRULE"]["UNTIL"] == [datetime.date(2021, 12, 31)]  # the charter's period


def test_a_year_long_activity_is_one_day_at_its_start_with_its_period_told(client, promise):
    ActivityFactory(
        promise=promise,
        title="Trygghetsvandringar",
        description="Med föreningarna.",
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2021, 12, 31),
        recurrence="Varje månad",
    )

    found = event(client, "Trygghetsvandringar")

    assert found.decoded("DTSTART") == datetime.date(2021, 1, 1)
    assert found.decoded("DTEND") == datetime.date(2021, 1, 2)
    assert "RRULE" not in found
    description = str(found["DESCRIPTION"])
    assert "Med föreningarna." in description
    assert "Pågår från 1 januari 2021 till 31 december 2021." in description
    assert "När: Varje månad" in description


@pytest.mark.parametrize(
    ("end", "last_day"),
    [
        # 31 days is still one event over its days; 32 days is its first day.
        (datetime.date(2021, 10, 31), datetime.date(2021, 11, 1)),
        (datetime.date(2021, 11, 1), datetime.date(2021, 10, 2)),
    ],
)
def test_an_activity_longer_than_31_days_is_its_first_day(client, promise, end, last_day):
    ActivityFactory(
        promise=promise, title="Kampanj", start_date=datetime.date(2021, 10, 1), end_date=end
    )

    assert event(client, "Kampanj").decoded("DTEND") == last_day


def test_a_kommun_without_a_dated_activity_gets_a_valid_calendar(client, promise):
    ActivityFactory(promise=promise, title="Utan datum")

    parsed, text = calendar(client)

    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert str(parsed["PRODID"]) == "-//Medborgarlöften//Aktiviteter//SV"
    assert str(parsed["VERSION"]) == "2.0"
    assert parsed.walk("VEVENT") == []
    # RFC 5545 asks for at least one component: Swedish time.
    (timezone,) = parsed.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Stockholm"
    assert {part.name for part in timezone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    summer = timezone.to_tz().utcoffset(datetime.datetime(2021, 7, 1, 12))
    winter = timezone.to_tz().utcoffset(datetime.datetime(2021, 1, 1, 12))
    assert (summer, winter) == (datetime.timedelta(hours=2), datetime.timedelta(hours=1))


def test_a_kommun_without_any_charter_gets_a_valid_calendar(client, world):
    parsed, _text = calendar(client, "kommun-b")

    assert str(parsed["VERSION"]) == "2.0"
    assert len(parsed.subcomponents) == 1


@pytest.mark.time_machine(TODAY, tick=False)
def test_an_activity_ending_in_the_year_9999_does_not_break_the_calendar(client, promise):
    ActivityFactory(
        promise=promise,
        title="Tills vidare",
        start_date=datetime.date(2021, 3, 1),
        end_date=datetime.date(9999, 12, 31),
    )
    ActivityFactory(
        promise=promise,
        title="Varje vecka tills vidare",
        start_date=datetime.date(2021, 3, 5),
        end_date=datetime.date(9999, 12, 31),
        repeats=Activity.Repeats.WEEKLY,
    )

    long = event(client, "Tills vidare")
    weekly = event(client, "Varje vecka tills vidare")

    assert long.decoded("DTEND") == datetime.date(2021, 3, 2)
    assert "till 31 december 9999" in str(long["DESCRIPTION"])
    # Ten years ahead at most.
    assert weekly["RRULE"]["UNTIL"] == [datetime.date(2031, 3, 10)]


@pytest.mark.time_machine(TODAY, tick=False)
def test_an_activity_starting_beyond_ten_years_is_left_out(client, promise):
    for title, day in (
        ("Sista dagen", datetime.date(9999, 12, 31)),
        ("Om elva år", datetime.date(2032, 3, 10)),
        ("Om tio år", datetime.date(2031, 3, 10)),
    ):
        ActivityFactory(promise=promise, title=title, start_date=day, end_date=day)

    parsed, _text = calendar(client)

    assert [str(e["SUMMARY"]) for e in parsed.walk("VEVENT")] == ["Om tio år"]
