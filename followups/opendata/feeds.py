"""Atom feeds of new charters, follow-up reports and corrections, and an iCalendar of public
activities.

Both feeds and the calendar start from the public querysets (Charter.objects.published(),
FollowUpRound.objects.published(), Activity.objects.public()), so nothing in the making and no
internal text reaches them. They are cached like the pages and run fixed queries; the cache
keeps a copy per host name, as their links are absolute.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import icalendar
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from config.lib import cache
from config.lib.periods import add_months
from followups.models import FollowUpRound
from followups.opendata.export import charter_path
from followups.opendata.views import open_to_all
from promises.models import Activity, Charter, CharterCorrection
from situations.models import Municipality

MAX_ITEMS = 50


@dataclass(frozen=True)
class Scope:
    """What a feed covers: every kommun, or one; with the request, for absolute addresses."""

    request: HttpRequest
    municipality: Municipality | None = None


@dataclass(frozen=True)
class Entry:
    guid: str
    title: str
    description: str
    link: str
    published: datetime.datetime
    author: str


def _publishers(municipality: Municipality) -> str:
    """Who publishes a kommun's charters and reports: the Atom author (RFC 4287 needs one)."""
    return _("The municipality and the police in %(municipality)s") % {
        "municipality": municipality.name
    }


def _charter_entry(charter: Charter, request: HttpRequest) -> Entry:
    municipality = charter.municipality
    link = charter_path(charter, municipality)
    return Entry(
        guid=request.build_absolute_uri(link),
        title=_("%(municipality)s: %(title)s has been published")
        % {"municipality": municipality.name, "title": charter.title},
        description=charter.summary
        or _("The citizen promise of %(municipality)s for %(period)s.")
        % {"municipality": municipality.name, "period": charter.period_label},
        link=link,
        published=charter.published_at,
        author=_publishers(municipality),
    )


def _round_entry(round_: FollowUpRound, request: HttpRequest) -> Entry:
    charter = round_.charter
    municipality = charter.municipality
    return Entry(
        # The id the entry had before reports got pages of their own: a feed reader that
        # has seen it does not show it again.
        guid=request.build_absolute_uri(
            f"{charter_path(charter, municipality)}#uppfoljning-{round_.pk}"
        ),
        title=_("%(municipality)s: follow-up report %(round)s of %(charter)s")
        % {
            "municipality": municipality.name,
            "round": round_.display_title,
            "charter": charter.title,
        },
        description=round_.summary
        or _("What has been done so far to keep the promises of %(charter)s.")
        % {"charter": charter.title},
        link=round_.get_absolute_url(),
        published=round_.published_at,
        author=_publishers(municipality),
    )


def _correction_entry(correction: CharterCorrection, request: HttpRequest) -> Entry:
    charter = correction.charter
    municipality = charter.municipality
    # The change log's address with the correction's anchor: the same id on every reading.
    link = correction.get_absolute_url()
    return Entry(
        guid=request.build_absolute_uri(link),
        title=_("%(municipality)s: %(title)s has been corrected")
        % {"municipality": municipality.name, "title": charter.title},
        description=_("Corrected by %(party)s: %(reason)s")
        % {"party": correction.get_party_display(), "reason": correction.reason},
        link=link,
        published=correction.made_at,
        author=_publishers(municipality),
    )


def feed_entries(scope: Scope) -> list[Entry]:
    """The newest published charters, follow-up reports and corrections of published
    charters, newest first, at most 50."""
    charters = Charter.objects.published().select_related("municipality")
    rounds = FollowUpRound.objects.published().select_related("charter__municipality")
    corrections = CharterCorrection.objects.public().select_related("charter__municipality")
    if scope.municipality is not None:
        charters = charters.filter(municipality=scope.municipality)
        rounds = rounds.filter(charter__municipality=scope.municipality)
        corrections = corrections.filter(charter__municipality=scope.municipality)
    entries = [
        *(
            _charter_entry(charter, scope.request)
            for charter in charters.order_by("-published_at", "-id")[:MAX_ITEMS]
        ),
        *(
            _round_entry(round_, scope.request)
            for round_ in rounds.order_by("-published_at", "-id")[:MAX_ITEMS]
        ),
        *(
            _correction_entry(correction, scope.request)
            for correction in corrections.order_by("-made_at", "-id")[:MAX_ITEMS]
        ),
    ]
    entries.sort(key=lambda entry: (entry.published, entry.guid), reverse=True)
    return entries[:MAX_ITEMS]


class NationalFeed(Feed):
    """New citizen promises and follow-up reports of every kommun."""

    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        def page(extra: dict) -> HttpResponse:
            return super(NationalFeed, self).__call__(request, *args, **kwargs)

        scopes = self.cache_scopes(request, *args, **kwargs)
        return open_to_all(cache.cached_response(request, scopes, page))

    def cache_scopes(self, request: HttpRequest, *args, **kwargs) -> list:
        return [cache.NATIONAL]

    def get_object(self, request: HttpRequest, *args, **kwargs) -> Scope:
        return Scope(request=request)

    def title(self, scope: Scope) -> str:
        return _("Citizen promises: new promises and follow-up reports")

    def subtitle(self, scope: Scope) -> str:
        return _(
            "New citizen promises of the municipalities and the police, and new reports of "
            "what came of them."
        )

    def link(self, scope: Scope) -> str:
        return reverse("public:home")

    def author_name(self, scope: Scope) -> str:
        return _("Citizen promises")

    def items(self, scope: Scope) -> list[Entry]:
        return feed_entries(scope)

    def item_title(self, entry: Entry) -> str:
        return entry.title

    def item_description(self, entry: Entry) -> str:
        return entry.description

    def item_link(self, entry: Entry) -> str:
        return entry.link

    def item_author_name(self, entry: Entry) -> str:
        return entry.author

    def item_guid(self, entry: Entry) -> str:
        return entry.guid

    item_guid_is_permalink = False

    def item_pubdate(self, entry: Entry) -> datetime.datetime:
        return entry.published

    def item_updateddate(self, entry: Entry) -> datetime.datetime:
        return entry.published


class MunicipalityFeed(NationalFeed):
    """New citizen promises and follow-up reports of one kommun."""

    def cache_scopes(self, request: HttpRequest, slug: str) -> list:
        return [get_object_or_404(Municipality, slug=slug).pk]

    def get_object(self, request: HttpRequest, slug: str) -> Scope:
        return Scope(request=request, municipality=get_object_or_404(Municipality, slug=slug))

    def title(self, scope: Scope) -> str:
        return _("Citizen promises of %(municipality)s") % {
            "municipality": scope.municipality.name
        }

    def subtitle(self, scope: Scope) -> str:
        return _(
            "New citizen promises of %(municipality)s and the police, and new reports of what "
            "came of them."
        ) % {"municipality": scope.municipality.name}

    def link(self, scope: Scope) -> str:
        return scope.municipality.get_absolute_url()

    def author_name(self, scope: Scope) -> str:
        return _publishers(scope.municipality)


# An activity that runs longer than this without repeating ("Varje månad" or "I december"
# over the whole year) is one day at its start, with its period in the description: a banner
# across months says nothing about when anything happens and hides the other events.
LONG_ACTIVITY_DAYS = 31
# How far ahead the calendar reaches: an activity that starts later is left out, and a
# repeating one stops there. A mistyped year (9999) cannot overflow a date or fill a
# calendar app with thousands of years of events.
HORIZON_YEARS = 10


def activities_ical(request: HttpRequest, slug: str) -> HttpResponse:
    """The kommun's public activities that have a date, as an iCalendar (RFC 5545) of all-day
    events: a repeating activity recurs (RRULE) until its end, a long one is its first day."""
    municipality = get_object_or_404(Municipality, slug=slug)

    def page(extra: dict) -> HttpResponse:
        horizon = add_months(timezone.localdate(), 12 * HORIZON_YEARS)
        activities = (
            Activity.objects.public()
            .filter(
                Q(start_date__isnull=False, start_date__lte=horizon)
                | Q(repeats=Activity.Repeats.DATES),
                promise__charter__municipality=municipality,
            )
            .select_related("promise__charter")
            .prefetch_related("places")
            .order_by("start_date", "id")
        )
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//Medborgarlöften//Aktiviteter//SV")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add(
            "x-wr-calname",
            _("Activities of the citizen promise in %(municipality)s")
            % {"municipality": municipality.name},
        )
        calendar.add("x-wr-timezone", "Europe/Stockholm")
        # RFC 5545 wants at least one component: a kommun without a dated activity still
        # gets a valid calendar that apps subscribe to and fill as activities come.
        calendar.add_component(_stockholm())
        host = request.get_host().split(":")[0]
        for activity in activities:
            if activity.repeats == Activity.Repeats.DATES:
                # One event for each date given: calendar apps read RDATE unevenly.
                for day in activity.days():
                    if day <= horizon:
                        calendar.add_component(
                            _event(activity, municipality, request, host, horizon, day)
                        )
            else:
                calendar.add_component(_event(activity, municipality, request, host, horizon))
        return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")

    return open_to_all(cache.cached_response(request, [municipality.pk], page))


def _stockholm() -> icalendar.Timezone:
    """Swedish time as a VTIMEZONE: CET, and CEST from the last Sunday of March to the last
    Sunday of October (the EU's rule since 1996)."""
    timezone_ = icalendar.Timezone()
    timezone_.add("tzid", "Europe/Stockholm")
    for kind, name, offsets, start, month in (
        (icalendar.TimezoneStandard, "CET", (2, 1), datetime.datetime(1970, 10, 25, 3), 10),
        (icalendar.TimezoneDaylight, "CEST", (1, 2), datetime.datetime(1970, 3, 29, 2), 3),
    ):
        part = kind()
        part.add("tzname", name)
        part.add("tzoffsetfrom", datetime.timedelta(hours=offsets[0]))
        part.add("tzoffsetto", datetime.timedelta(hours=offsets[1]))
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1SU"})
        timezone_.add_component(part)
    return timezone_


def _event(
    activity: Activity,
    municipality: Municipality,
    request: HttpRequest,
    host: str,
    horizon: datetime.date,
    day: datetime.date | None = None,
) -> icalendar.Event:
    """The activity's event; DAY, for an activity on the dates given, the one of that date."""
    event = icalendar.Event()
    occurrence = "" if day is None else day.strftime("-%Y%m%d")
    event.add("uid", f"aktivitet-{activity.pk}{occurrence}@{host}")
    # The last change, not the time of the request: the calendar is cached and stays the same.
    event.add("dtstamp", activity.updated_at.astimezone(datetime.UTC))
    start = day or activity.start_date
    last_day = min(activity.end_date or start, horizon)
    event.add("dtstart", start)
    parts = [activity.description.strip()]
    charter = activity.promise.charter
    if day is not None:
        event.add("dtend", day + datetime.timedelta(days=1))
    elif activity.repeats in Activity.Repeats.by_rule():
        # Each occurrence is one day; it repeats until the activity ends, or the charter's
        # period does when the activity names no end.
        event.add("dtend", start + datetime.timedelta(days=1))
        until = min(activity.end_date or max(charter.period_end, start), horizon)
        event.add("rrule", {"freq": activity.repeats, "until": until})
    elif (last_day - start).days + 1 > LONG_ACTIVITY_DAYS:
        event.add("dtend", start + datetime.timedelta(days=1))
        parts.append(
            _("Runs from %(start)s to %(end)s.")
            % {
                "start": date_format(start, "j F Y"),
                "end": date_format(activity.end_date, "j F Y"),
            }
        )
    else:
        # All-day events end the day after their last day.
        event.add("dtend", last_day + datetime.timedelta(days=1))
    event.add("summary", activity.title)
    if activity.recurrence:
        parts.append(_("When: %(when)s") % {"when": activity.recurrence})
    if activity.expected_effect:
        parts.append(_("Expected effect: %(effect)s") % {"effect": activity.expected_effect})
    event.add("description", "\n\n".join(part for part in parts if part))
    places = sorted(place.name for place in activity.places.all())
    if places:
        event.add("location", ", ".join(places))
    event.add("url", request.build_absolute_uri(charter_path(charter, municipality)))
    return event
