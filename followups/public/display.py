"""Labels and dates as the public pages show them, computed once per value and language.

A charter's page shows the same few labels (a party, a status) and dates again and again, one
per activity. In a template each `get_FOO_display` and `|date` translates anew; here each
distinct value is translated once per process and language, and the page's rows carry the text
(an activity's: ActivityView).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, ngettext

from config.lib.dates import date_label
from config.lib.text import linebreaksbr
from followups.models import FollowUp, FollowUpRound
from promises.models import Activity, Party, SafetyWalk


@functools.cache
def _choice_labels(choices: type[models.Choices], language: str) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def choice_label(choices: type[models.Choices], value: str) -> str:
    """VALUE's label among CHOICES in the active language (`get_FOO_display`); an unknown
    value as it is."""
    return _choice_labels(choices, get_language()).get(value, value)


def safety_walk_of(activity: Activity) -> SafetyWalk | None:
    """The activity's recorded walk, if it is a safety walk and has one (loaded with it)."""
    if activity.kind != Activity.Kind.SAFETY_WALK:
        return None
    try:
        return activity.safety_walk
    except SafetyWalk.DoesNotExist:
        return None


@dataclass
class ActivityView:
    activity: Activity
    latest: FollowUp | None = None
    # No follow-up, in a charter entered in this system after a round was due: said neutrally
    # and left out of the tally's planned activities, not counted as not started.
    untracked: bool = False
    places: list[str] = field(default_factory=list)  # the names of its places, by name

    @property
    def status(self) -> str | None:
        return self.latest.status if self.latest else None

    @property
    def walk(self) -> SafetyWalk | None:
        return safety_walk_of(self.activity)

    # The text of the activity's rows on the page, built here once rather than by template
    # tags and filters per activity.

    @property
    def who(self) -> str:
        return capfirst(choice_label(Party, self.activity.responsible_party))

    @property
    def where(self) -> str:
        return ", ".join(self.places)

    @property
    def when(self) -> str:
        """Its dates, or its start and end, then how it recurs ("" when none is given)."""
        activity = self.activity
        if activity.dates:
            parts = [", ".join(date_label(day) for day in activity.days())]
        elif activity.start_date:
            period = date_label(activity.start_date)
            if activity.end_date and activity.end_date != activity.start_date:
                period += " – " + date_label(activity.end_date)
            parts = [period]
        elif activity.recurrence:
            parts = []
        else:
            return ""
        if activity.recurrence:
            parts.append(activity.recurrence)
        elif activity.repeats not in (Activity.Repeats.NONE, Activity.Repeats.DATES):
            parts.append(choice_label(Activity.Repeats, activity.repeats))
        return ", ".join(parts)

    @property
    def status_label(self) -> str:
        return capfirst(choice_label(FollowUp.Status, self.latest.status)) if self.latest else ""

    @property
    def follow_up_of(self) -> str:
        """ "follow-up Kvartal 3 2026": the round that gave its latest status."""
        return follow_up_of(self.latest.round) if self.latest else ""


def follow_up_of(round_: FollowUpRound) -> str:
    """ "follow-up Kvartal 3 2026": the round that gave a status or an assessment."""
    return gettext("follow-up %(round)s") % {"round": round_.display_title}


def walk_row(walk: SafetyWalk, activity: Activity) -> dict[str, str]:
    """What the page writes of an activity's safety walk: its date, who walked ("the
    municipality, the police and 12 residents"), its summary and how many shortcomings found
    on it are fixed."""
    who = ", ".join(walk.organisation_list)
    if walk.residents:
        residents = ngettext(
            "%(residents)s resident", "%(residents)s residents", walk.residents
        ) % {"residents": walk.residents}
        and_ = gettext("and")
        who = f"{who} {and_} {residents}" if who else residents
    fixed = ""
    if activity.walk_findings:
        fixed = ngettext(
            "%(fixed)s of %(total)s shortcoming fixed",
            "%(fixed)s of %(total)s shortcomings fixed",
            activity.walk_findings,
        ) % {"fixed": activity.walk_fixed, "total": activity.walk_findings}
    return {
        "iso_date": walk.date.isoformat(),
        "date": date_label(walk.date),
        "who": who,
        "summary": linebreaksbr(walk.summary) if walk.summary else "",
        "fixed": fixed,
    }


def activity_row(item: ActivityView) -> dict[str, Any]:
    """What a public page writes of ITEM's activity, each value computed once: the activity
    loop of public/_charter_body.html reads one key per value shown."""
    activity, latest = item.activity, item.latest
    who = item.who
    if activity.responsible_function:
        who = f"{who} ({activity.responsible_function})"
    cancelled = latest is not None and latest.status == FollowUp.Status.CANCELLED
    return {
        "activity": activity,
        "title": activity.title,
        "description": linebreaksbr(activity.description),
        "who": who,
        "where": item.where,
        "when": item.when,
        "effect": activity.expected_effect,
        "walk": walk_row(item.walk, activity) if item.walk else None,
        "latest": latest,
        "status": latest.status if latest else "",
        "status_label": item.status_label,
        "follow_up_of": item.follow_up_of,
        "narrative": latest.narrative_public if latest else "",
        "reason": latest.reason if cancelled else "",
        "untracked": item.untracked,
    }
