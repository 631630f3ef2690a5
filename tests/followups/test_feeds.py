"""The Atom feeds of new charters and follow-up reports, and the iCalendar of activities."""

import datetime
from xml.etree import ElementTree

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from followups.models import FollowUpRound
from followups.opendata import feeds
from promises.models import Charter
from tests.followups.factories import FollowUpRoundFactory
from tests.followups.opendata_data import (
    SHOWN,
    national,
    secrets_in,
)
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[dict]:
    root = ElementTree.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.findtext(f"{ATOM}id"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "updated": entry.findtext(f"{ATOM}updated"),
        }
        for entry in root.iter(f"{ATOM}entry")
    ]


def calendar_of(response) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(response.content)


def unfolded(response) -> str:
    """The calendar's text with folded lines joined, so that no word is split."""
    return response.content.decode().replace("\r\n ", "").replace("\r\n\t", "")


# --- Nothing internal ------------------------------------------------------------------------


def test_the_national_feed_shows_nothing_internal_or_in_the_making(client, charter_among_hidden):
    response = client.get(reverse("opendata:national_feed"))

    text = response.content.decode()
    assert secrets_in(text) == []
    assert f"{SHOWN}-SAMMANFATTNING" in text
    assert f"{SHOWN}-OMGÅNG" in text


def test_the_kommun_feed_shows_nothing_internal_or_in_the_making(client, charter_among_hidden):
    response = client.get(reverse("opendata:municipality_feed", kwargs={"slug": "kommun-a"}))

    text = response.content.decode()
    assert secrets_in(text) == []
    assert f"{SHOWN}-OMGÅNG" in text


def test_the_activity_calendar_shows_nothing_internal_or_in_the_making(
    client, charter_among_hidden
):
    response = client.get(reverse("opendata:activities_ical", kwargs={"slug": "kommun-a"}))

    text = unfolded(response)
    assert secrets_in(text) == []
    assert f"{SHOWN}-TRYGGHETSVANDRING 1" in text


# --- Atom ------------------------------------------------------------------------------------


def test_the_national_feed_announces_charters_and_reports_newest_first(
    client, charter_among_hidden, world
):
    other = Charter.objects.get(municipality=world.other_municipality)
    round_ = FollowUpRound.objects.published().get(charter=charter_among_hidden)
    now = timezone.now()
    Charter.objects.filter(pk=charter_among_hidden.pk).update(
        published_at=now - datetime.timedelta(days=3)
    )
    Charter.objects.filter(pk=other.pk).update(published_at=now - datetime.timedelta(days=2))
    FollowUpRound.objects.filter(pk=round_.pk).update(published_at=now - datetime.timedelta(1))

    response = client.get(reverse("opendata:national_feed"))

    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    found = entries(response)
    assert [entry["link"] for entry in found] == [
        f"http://testserver{round_.get_absolute_url()}",
        f"http://testserver{other.get_absolute_url()}",
        f"http://testserver{charter_among_hidden.get_absolute_url()}",
    ]
    assert "Halvår 1 2021" in found[0]["title"]
    assert "Kommun A" in found[0]["title"]
    assert "Medborgarlöfte 2021" in found[2]["title"]
    assert found[2]["summary"].startswith(f"{SHOWN}-SAMMANFATTNING")
    assert len({entry["id"] for entry in found}) == 3


def test_each_follow_up_report_is_its_own_entry(client, charter_among_hidden):
    FollowUpRoundFactory(
        charter=charter_among_hidden,
        title="Kvartal 4 2021",
        period_start=datetime.date(2021, 10, 1),
        period_end=datetime.date(2021, 12, 31),
        due_on=datetime.date(2022, 1, 31),
        published_at=timezone.now(),
    )

    url = reverse("opendata:municipality_feed", kwargs={"slug": "kommun-a"})
    found = entries(client.get(url))

    reports = [entry for entry in found if "/uppfoljning/" in entry["link"]]
    assert len(reports) == 2
    assert reports[0]["id"] != reports[1]["id"]
    assert reports[0]["link"] != reports[1]["link"]
    assert "Kvartal 4 2021" in reports[0]["title"]
    for report in reports:
        assert client.get(report["link"]).status_code == 200


def test_a_report_keeps_the_entry_id_it_had_before_reports_had_pages(client, charter_among_hidden):
    # Feed readers that have seen the entry must not show it again as new.
    round_ = FollowUpRound.objects.published().get(charter=charter_among_hidden)

    url = reverse("opendata:municipality_feed", kwargs={"slug": "kommun-a"})
    ids = [entry["id"] for entry in entries(client.get(url))]

    assert (
        f"http://testserver{charter_among_hidden.get_absolute_url()}#uppfoljning-{round_.pk}"
        in ids
    )


def test_the_kommun_feed_holds_only_that_kommun(client, charter_among_hidden, world):
    response = client.get(reverse("opendata:municipality_feed", kwargs={"slug": "kommun-b"}))

    found = entries(response)
    assert len(found) == 1
    assert "Kommun B" in found[0]["title"]
    root = ElementTree.fromstring(response.content)
    assert "Kommun B" in root.findtext(f"{ATOM}title")


def test_a_feed_holds_at_most_50_entries(client, world, monkeypatch):
    monkeypatch.setattr(feeds, "MAX_ITEMS", 3)
    for year in range(2016, 2021):
        CharterFactory(municipality=world.municipality, police_area=world.police_area,
                       closed=True, period_start=datetime.date(year, 1, 1),
                       period_end=datetime.date(year, 12, 31))  # fmt: skip

    assert len(entries(client.get(reverse("opendata:national_feed")))) == 3
    assert feeds.MAX_ITEMS == 3
    monkeypatch.undo()
    assert feeds.MAX_ITEMS == 50


def test_the_feed_of_an_unknown_kommun_answers_404(client, db):
    response = client.get(reverse("opendata:municipality_feed", kwargs={"slug": "finns-inte"}))

    assert response.status_code == 404


def test_a_new_report_shows_at_once_in_the_feeds(
    client, charter_among_hidden, django_capture_on_commit_callbacks
):
    national_url = reverse("opendata:national_feed")
    kommun_url = reverse("opendata:municipality_feed", kwargs={"slug": "kommun-a"})
    for url in (national_url, kommun_url):
        assert "Halvår 2" not in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        round_ = FollowUpRound.objects.get(charter=charter_among_hidden, published_at__isnull=True)
        round_.title = "Halvår 2 2021"
        round_.published_at = timezone.now()
        round_.save()

    for url in (national_url, kommun_url):
        assert "Halvår 2 2021" in client.get(url).content.decode()


# --- iCalendar -------------------------------------------------------------------------------


def test_the_calendar_has_an_all_day_event_per_dated_public_activity(client, charter_among_hidden):
    response = client.get(reverse("opendata:activities_ical", kwargs={"slug": "kommun-a"}))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = {str(event["SUMMARY"]): event for event in calendar_of(response).walk("VEVENT")}
    # Per promise a safety walk and a dialogue meeting; the patrol has no date.
    assert sorted(events) == sorted(
        f"{SHOWN}-{title} {number}"
        for title in ("TRYGGHETSVANDRING", "DIALOGMÖTE")
        for number in (1, 2)
    )
    walk = events[f"{SHOWN}-TRYGGHETSVANDRING 1"]
    assert walk.decoded("DTSTART") == datetime.date(2021, 4, 1)
    assert walk.decoded("DTEND") == datetime.date(2021, 4, 2)
    assert walk["UID"].startswith("aktivitet-")
    assert walk["UID"].endswith("@testserver")
    assert walk.decoded("DTSTAMP").tzinfo is not None
    assert str(walk["LOCATION"]) == "Resecentrum"
    assert str(walk["URL"]) == f"http://testserver{charter_among_hidden.get_absolute_url()}"
    description = str(walk["DESCRIPTION"])
    assert "Vi går genom centrum" in description
    assert f"{SHOWN}-EFFEKT: färre otrygga platser." in description
    meeting = events[f"{SHOWN}-DIALOGMÖTE 1"]
    assert meeting.decoded("DTEND") == datetime.date(2021, 9, 3)  # the day after it ends
    assert "LOCATION" not in meeting


def test_every_event_has_a_distinct_uid(client, charter_among_hidden):
    response = client.get(reverse("opendata:activities_ical", kwargs={"slug": "kommun-a"}))

    uids = [str(event["UID"]) for event in calendar_of(response).walk("VEVENT")]
    assert len(uids) == len(set(uids)) == 4


def test_the_calendar_of_an_unknown_kommun_answers_404(client, db):
    response = client.get(reverse("opendata:activities_ical", kwargs={"slug": "finns-inte"}))

    assert response.status_code == 404


def test_a_new_activity_shows_at_once_in_the_calendar(
    client, charter_among_hidden, django_capture_on_commit_callbacks
):
    url = reverse("opendata:activities_ical", kwargs={"slug": "kommun-a"})
    client.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        ActivityFactory(
            promise=PromiseFactory(charter=charter_among_hidden, order=99),
            title="Ny trygghetsvandring",
            start_date=datetime.date(2021, 10, 1),
        )

    assert "Ny trygghetsvandring" in unfolded(client.get(url))


# --- Fixed queries ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 3])
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        # published charters with kommun; published rounds with charter and kommun;
        # corrections of published charters with charter and kommun
        ("national_feed", 3),
        # the kommun for the cache, again for the feed; charters; rounds; corrections
        ("municipality_feed", 5),
        # the kommun; activities with charter; places
        ("activities_ical", 3),
    ],
)
def test_the_feeds_run_the_same_queries_whatever_the_amount_of_data(
    client, db, django_assert_num_queries, size, name, queries
):
    slug = national(size)[0].municipality.slug
    kwargs = {} if name == "national_feed" else {"slug": slug}

    with django_assert_num_queries(queries):
        response = client.get(reverse(f"opendata:{name}", kwargs=kwargs))

    assert response.status_code == 200
