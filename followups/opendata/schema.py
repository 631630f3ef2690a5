"""The open data schema, field by field, as the open data page documents it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy

from followups.models import FollowUp
from promises.models import Activity, Charter, Indicator, Party, Promise
from situations.models import Source


@dataclass(frozen=True)
class FieldDoc:
    name: str
    type: str
    description: str
    nullable: bool = False


@dataclass(frozen=True)
class ObjectDoc:
    slug: str
    title: str
    description: str
    fields: tuple[FieldDoc, ...]


@dataclass(frozen=True)
class CodeDoc:
    fields: str
    choices: tuple[tuple[str, str], ...]


TEXT = gettext_lazy("text")
DATE = gettext_lazy("date (YYYY-MM-DD)")
DATES = gettext_lazy("list of dates (YYYY-MM-DD)")
DATETIME = gettext_lazy("date and time (ISO 8601)")
NUMBER = gettext_lazy("number")
INTEGER = gettext_lazy("whole number")
OBJECT = gettext_lazy("object")
LIST = gettext_lazy("list")
CODE = gettext_lazy("code")
URL = gettext_lazy("address (URL)")

_PERIOD = (
    FieldDoc("period.start", DATE, gettext_lazy("The first day of the period.")),
    FieldDoc("period.end", DATE, gettext_lazy("The last day of the period.")),
)
_MUNICIPALITY_REF = (
    FieldDoc("municipality.code", TEXT, gettext_lazy("The municipality code of SCB.")),
    FieldDoc("municipality.name", TEXT, gettext_lazy("The name of the municipality.")),
    FieldDoc("municipality.slug", TEXT, gettext_lazy("The name in addresses.")),
)
_PROGRESS = (
    FieldDoc(
        "progress.promises",
        INTEGER,
        gettext_lazy("How many promises the citizen promise has."),
    ),
    FieldDoc(
        "progress.assessments",
        OBJECT,
        gettext_lazy(
            "The promises by the assessment of their latest published follow-up report: how "
            "many are fulfilled, partly_fulfilled, not_fulfilled, ongoing and not_assessed "
            "(not assessed in a published report yet). The public page says “N of M promises "
            "fulfilled” from these."
        ),
    ),
    FieldDoc(
        "progress.activities",
        OBJECT,
        gettext_lazy(
            "The public activities by their latest published status: done, ongoing, "
            "delayed, not_started (not followed up yet included), cancelled and "
            "not_recorded (no follow-up recorded in the system, for a citizen promise "
            "entered after its first round was due); planned, the sum of done, ongoing, "
            "delayed and not_started; and done_percent_of_planned, done of planned as a "
            "whole percent (halves up), or null when nothing is planned. Cancelled and "
            "not recorded activities are not planned."
        ),
    ),
)
_PROBLEM_LINKS = (
    FieldDoc(
        "problem_links",
        OBJECT,
        gettext_lazy(
            "How the promises and the prioritised problems of the situation report answer "
            "each other, counting only public problems of a published situation report: "
            "promises (all of them); promises_linked, those that answer at least one of its "
            "problems, and promises_linked_percent; problems, the report's public prioritised "
            "problems; problems_answered, those that at least one promise answers, and "
            "problems_answered_percent. A percentage is whole (halves up), and null when the "
            "situation report is not published or names no public problem (then "
            "promises_linked is 0): the overview shows “–” for it and leaves it out of the "
            "country's totals."
        ),
    ),
)
_IDS = (
    FieldDoc("id", INTEGER, gettext_lazy("The number of the citizen promise on this site.")),
    FieldDoc("url", URL, gettext_lazy("The public page of the citizen promise.")),
    FieldDoc("api_url", URL, gettext_lazy("The citizen promise in full in the API.")),
)

SCHEMA = (
    ObjectDoc(
        "kommun",
        gettext_lazy("Municipality"),
        gettext_lazy(
            "One municipality as /api/v1/kommuner/ lists it; /api/v1/kommuner/<slug>/ also "
            "gives the last two fields."
        ),
        (
            FieldDoc(
                "code", TEXT, gettext_lazy("The four-digit municipality code of SCB, e.g. 1785.")
            ),
            FieldDoc("name", TEXT, gettext_lazy("The name of the municipality.")),
            FieldDoc("slug", TEXT, gettext_lazy("The name in addresses: /kommuner/<slug>/.")),
            FieldDoc("county.code", TEXT, gettext_lazy("The two-digit county code of SCB.")),
            FieldDoc("county.name", TEXT, gettext_lazy("The name of the county.")),
            FieldDoc("police_region.name", TEXT, gettext_lazy("The police region.")),
            FieldDoc(
                "police_region.slug",
                TEXT,
                gettext_lazy("The police region in addresses, for the polisregion filter."),
            ),
            FieldDoc("url", URL, gettext_lazy("The public page of the municipality.")),
            FieldDoc("api_url", URL, gettext_lazy("The municipality in the API.")),
            FieldDoc(
                "current_charter",
                OBJECT,
                gettext_lazy(
                    "The citizen promise in force today: the published one whose period "
                    "covers today (of two, the one that started last); null if there is none, "
                    "also when the latest has ended or the next has not started. Holds id, "
                    "title, period, url and api_url."
                ),
                nullable=True,
            ),
            FieldDoc(
                "police_areas",
                LIST,
                gettext_lazy(
                    "Only in /api/v1/kommuner/<slug>/: the local police areas that work with "
                    "the municipality, each with name and slug."
                ),
            ),
            FieldDoc(
                "charters",
                LIST,
                gettext_lazy(
                    "Only in /api/v1/kommuner/<slug>/: every published or closed citizen "
                    "promise of the municipality, newest first, as in the list below."
                ),
            ),
        ),
    ),
    ObjectDoc(
        "medborgarlofte-kort",
        gettext_lazy("Citizen promise in a list"),
        gettext_lazy("One citizen promise in /api/v1/medborgarloften/ and in a municipality."),
        (
            *_IDS,
            FieldDoc("title", TEXT, gettext_lazy("The title, for example Medborgarlöfte 2021.")),
            *_MUNICIPALITY_REF,
            FieldDoc("police_area.name", TEXT, gettext_lazy("The local police area.")),
            *_PERIOD,
            FieldDoc("status", CODE, gettext_lazy("published or closed, see the codes below.")),
            FieldDoc("signed_on", DATE, gettext_lazy("When it was signed."), nullable=True),
            FieldDoc("published_at", DATETIME, gettext_lazy("When it was published.")),
            *_PROGRESS,
            *_PROBLEM_LINKS,
        ),
    ),
    ObjectDoc(
        "medborgarlofte",
        gettext_lazy("Citizen promise in full"),
        gettext_lazy(
            "/api/v1/medborgarloften/<id>/: everything the public page shows, and the file "
            'that manage.py import_charter reads. Texts are plain text; an empty text is "".'
        ),
        (
            FieldDoc(
                "schema_version",
                INTEGER,
                gettext_lazy("The version of this schema, 1. A new version gets new addresses."),
            ),
            *_IDS,
            FieldDoc("updated_at", DATETIME, gettext_lazy("When anything shown last changed.")),
            *_MUNICIPALITY_REF,
            FieldDoc("police_area.name", TEXT, gettext_lazy("The local police area.")),
            FieldDoc("title", TEXT, gettext_lazy("The title, for example Medborgarlöfte 2021.")),
            *_PERIOD,
            FieldDoc("status", CODE, gettext_lazy("published or closed, see the codes below.")),
            FieldDoc("summary", TEXT, gettext_lazy("The introduction: focus and purpose.")),
            FieldDoc(
                "background", TEXT, gettext_lazy("What a citizen promise is and how it was made.")
            ),
            FieldDoc("followup_method", TEXT, gettext_lazy("How the promises are followed up.")),
            FieldDoc(
                "reporting_channels", TEXT, gettext_lazy("Where residents hear the results.")
            ),
            FieldDoc("participation", TEXT, gettext_lazy("How residents can take part.")),
            FieldDoc("signed_on", DATE, gettext_lazy("When it was signed."), nullable=True),
            FieldDoc("published_at", DATETIME, gettext_lazy("When it was published.")),
            *_PROGRESS,
            FieldDoc(
                "signatories[]",
                LIST,
                gettext_lazy(
                    "Who signed: name, title, party (a code), organisation, signed_on "
                    "(or null) and order."
                ),
            ),
            FieldDoc(
                "contacts[]",
                LIST,
                gettext_lazy("Whom to contact: name, role, party (a code), email, phone, order."),
            ),
            FieldDoc(
                "agreement",
                OBJECT,
                gettext_lazy(
                    "The collaboration agreement (samverkansöverenskommelse) the citizen "
                    "promise is the public part of: title, period, signed_on (or null), "
                    "description and police_area.name; null if none is recorded."
                ),
                nullable=True,
            ),
            FieldDoc(
                "agreement.municipalities[]",
                LIST,
                gettext_lazy("The municipalities of the agreement: code and name."),
            ),
            FieldDoc(
                "agreement.document_url",
                URL,
                gettext_lazy(
                    "Where the signed agreement is read: the address of its file on this "
                    "site, or a link to where it is published; empty if neither is recorded."
                ),
            ),
            FieldDoc(
                "agreement.signatories[]",
                LIST,
                gettext_lazy(
                    "Who signed the agreement: name, title, party (a code), organisation, "
                    "signed_on (or null) and order."
                ),
            ),
            FieldDoc(
                "situation_report",
                OBJECT,
                gettext_lazy(
                    "The public part of the situation picture the promises rest on: title, "
                    "period, summary, selection_rationale (why these problems), limitations "
                    "(what the picture does not show) and published_at; null if it is not "
                    "published."
                ),
                nullable=True,
            ),
            FieldDoc(
                "situation_report.sources[]",
                LIST,
                gettext_lazy(
                    "Where the knowledge comes from: kind (a code), title, date (or null), url "
                    "and description. Internal sources are never included."
                ),
            ),
            FieldDoc(
                "situation_report.findings[]",
                LIST,
                gettext_lazy(
                    "What the picture shows: id (its number on this site, which problems and "
                    "promises name), order, text, value (a number or null), unit, focus_area "
                    "and place (names or null), and source_index, the position (from 0) of its "
                    "source in sources, or null. Findings that rest on an internal source are "
                    "never included."
                ),
            ),
            FieldDoc(
                "situation_report.problems[]",
                LIST,
                gettext_lazy(
                    "The prioritised problems, highest priority first: id (its number on this "
                    "site), priority (1 is the highest), title, description, focus_area (a "
                    "name or null), places (a list of names), the three perspectives of the "
                    "cause analysis as texts that may be empty: cause_situation (the situation "
                    "and the place), cause_offenders (the offenders) and cause_victims (the "
                    "victims and those exposed), and finding_ids, the ids of the findings above "
                    "that show it. Internal problems are never included, and a problem lists "
                    "only public findings."
                ),
            ),
            FieldDoc(
                "promises[]",
                LIST,
                gettext_lazy(
                    "The promises in order: order, owner (a code), title (may be empty), text, "
                    "assessment (a code: the assessment of its latest published follow-up "
                    "report, not_assessed if none has assessed it yet) and focus_areas (a "
                    "list of names)."
                ),
            ),
            FieldDoc(
                "promises[].problems[]",
                LIST,
                gettext_lazy(
                    "The prioritised problems of the situation report the promise answers, "
                    "highest priority first: id (as in situation_report.problems) and title. "
                    "Empty when it names none."
                ),
            ),
            FieldDoc(
                "promises[].findings[]",
                LIST,
                gettext_lazy(
                    "Why the promise was made: the findings that show the problems it answers, "
                    "each once: id (as in situation_report.findings) and text."
                ),
            ),
            FieldDoc(
                "promises[].progress",
                OBJECT,
                gettext_lazy(
                    "The promise's progress as its public page shows it: assessment (as "
                    "above) and activities, its public activities counted by status as in "
                    "progress.activities of the citizen promise."
                ),
            ),
            FieldDoc(
                "promises[].activities[]",
                LIST,
                gettext_lazy(
                    "What is done to keep the promise: order, title, description, kind (a "
                    "code), responsible_party (a code), responsible_function, places (a list "
                    "of names), start_date and end_date (or null), recurrence (when, in "
                    "words) and expected_effect. Only public activities are included."
                ),
            ),
            FieldDoc(
                "promises[].activities[].id",
                INTEGER,
                gettext_lazy(
                    "The number of the activity on this site. It stays the same when the "
                    "activity is edited or moved, and the CSV files give it too."
                ),
            ),
            FieldDoc(
                "promises[].activities[].repeats",
                CODE,
                gettext_lazy(
                    "How the activity recurs from its start_date to its end_date, a code: "
                    "none, weekly, monthly, yearly or dates. The calendar shows a repeating "
                    "activity as a recurring event, and one on the dates given as an event on "
                    "each date. May be left out of a file to import (none)."
                ),
            ),
            FieldDoc(
                "promises[].activities[].dates",
                DATES,
                gettext_lazy(
                    "The dates of an activity that repeats on the dates given (repeats: dates), "
                    "in order; an empty list for the others. May be left out of a file to import."
                ),
            ),
            FieldDoc(
                "promises[].indicators[]",
                LIST,
                gettext_lazy(
                    "What is measured: name, description, unit, baseline, baseline_date, "
                    "target, direction (a code), source, and measurements, each with date, "
                    "value and source."
                ),
            ),
            FieldDoc(
                "corrections[]",
                LIST,
                gettext_lazy(
                    "Changes since the signing: every correction of the published citizen "
                    "promise, newest first: id, url (on the change log page), made_at, party "
                    "(a code: municipality or police, never a person), reason (as the editor "
                    "wrote it) and changes. Empty when it has not been corrected. Not read by "
                    "the import."
                ),
            ),
            FieldDoc(
                "corrections[].changes[]",
                LIST,
                gettext_lazy(
                    "Each public field the correction changed: part (charter, signatory, "
                    "contact, promise, indicator or activity), item (which one: its title or "
                    "name; empty for the citizen promise's own fields), action (added, removed or "
                    "changed), field (its name in this schema), before and after (text; dates "
                    "as 2026-03-15, codes as codes, lists as names separated by commas; empty "
                    "where there was none). Internal fields and non-public activities are "
                    "never included."
                ),
            ),
            FieldDoc(
                "follow_up_rounds[]",
                LIST,
                gettext_lazy(
                    "The follow-up reports that have been published: title, period, due_on, "
                    "summary and published_at."
                ),
            ),
            FieldDoc(
                "follow_up_rounds[].follow_ups[]",
                LIST,
                gettext_lazy(
                    "What came of each activity or promise in the round: promise_order and "
                    "activity_order (the order of the activity, or null when the promise as a "
                    "whole is assessed), status (for an activity) or assessment (for a "
                    "promise), reason (why it was cancelled), narrative_public (what was done) "
                    "and reported_on."
                ),
            ),
            FieldDoc(
                "follow_up_rounds[].follow_ups[].activity_id",
                INTEGER,
                gettext_lazy("The id of the activity followed up, or null for a promise."),
                nullable=True,
            ),
        ),
    ),
)

LIST_ENVELOPE = (
    FieldDoc("count", INTEGER, gettext_lazy("How many there are in all, over every page.")),
    FieldDoc("page", INTEGER, gettext_lazy("This page, from 1.")),
    FieldDoc("pages", INTEGER, gettext_lazy("How many pages there are.")),
    FieldDoc("page_size", INTEGER, gettext_lazy("At most this many on a page: 100.")),
    FieldDoc("next", URL, gettext_lazy("The next page."), nullable=True),
    FieldDoc("previous", URL, gettext_lazy("The previous page."), nullable=True),
    FieldDoc("results", LIST, gettext_lazy("The citizen promises of this page.")),
)


def code_docs() -> list[CodeDoc]:
    """The codes of the schema with what each means, in the language of the request."""

    def choices(enum: type[models.TextChoices], skip: Iterable[str] = ()) -> tuple:
        return tuple((value, label) for value, label in enum.choices if value not in skip)

    return [
        CodeDoc(
            "status",
            # Only public charters are published as open data.
            choices(
                Charter.Status,
                skip=(Charter.Status.DRAFT, Charter.Status.REVIEW, Charter.Status.WITHDRAWN),
            ),
        ),
        CodeDoc("owner, responsible_party, party", choices(Party)),
        CodeDoc("assessment", choices(Promise.Assessment)),
        CodeDoc("activities[].kind", choices(Activity.Kind)),
        CodeDoc("activities[].repeats", choices(Activity.Repeats)),
        CodeDoc("follow_ups[].status", choices(FollowUp.Status)),
        CodeDoc("indicators[].direction", choices(Indicator.Direction)),
        CodeDoc("sources[].kind", choices(Source.Kind, skip=(Source.Kind.POLICE_INTELLIGENCE,))),
    ]
