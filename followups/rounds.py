"""The follow-up rounds a charter's period and cadence call for.

A round is a period of the calendar (quarters start in January, April, July and October,
tertials in January, May and September, half-years in January and July), cut to the charter's
period where the charter starts or ends inside one. A quarter is due on the 15th of the month
after it ends, a longer round on the last day of that month, as the demo data has them. Titles
are stored in the site's language (Swedish), whoever saves: they are the charter's content. A
title generated here is shown in the reader's language (display_title); one a person wrote is
shown as written.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from config.lib import periods
from promises.models import Charter

Cadence = Charter.FollowUpCadence


@dataclass(frozen=True)
class PlannedRound:
    title: str
    period_start: datetime.date
    period_end: datetime.date
    due_on: datetime.date


TITLES = {
    Cadence.QUARTER: gettext_noop("Quarter %(number)s %(year)s"),
    Cadence.TERTIAL: gettext_noop("Tertial %(number)s %(year)s"),
    Cadence.HALF_YEAR: gettext_noop("Half-year %(number)s %(year)s"),
    Cadence.YEAR: gettext_noop("Year %(year)s"),
}


def title(cadence: Cadence, number: int, year: int) -> str:
    """The round's title as stored, for example Kvartal 1 2027 or År 2027."""
    return _title(settings.LANGUAGE_CODE, cadence, number, year)


@functools.lru_cache(maxsize=4096)
def _title(language: str, cadence: Cadence, number: int, year: int) -> str:
    """Translated once per process: plan() names every round of every charter it plans (the
    review dashboard plans each charter in scope), and each override of the language costs
    more than the rest of the plan."""
    with translation.override(language):
        return _(TITLES[cadence]) % {"number": number, "year": year}


@functools.cache
def _generated_titles() -> list[tuple[str, re.Pattern]]:
    """Each title format with a pattern of it in every language of the site."""
    placeholders = {
        re.escape("%(number)s"): r"(?P<number>\d{1,2})",
        re.escape("%(year)s"): r"(?P<year>\d{4})",
    }
    patterns = []
    for message in TITLES.values():
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                pattern = re.escape(_(message))
            for placeholder, group in placeholders.items():
                pattern = pattern.replace(placeholder, group)
            patterns.append((message, re.compile(pattern)))
    return patterns


def display_title(stored: str) -> str:
    """STORED in the reader's language if it is a title generated here ("Kvartal 3 2026" is
    "Quarter 3 2026" in English); a title a person wrote is theirs, shown as it is."""
    return _display_title(translation.get_language(), stored)


@functools.lru_cache(maxsize=4096)
def _display_title(language: str | None, stored: str) -> str:
    """display_title() in LANGUAGE, once per process for each title: the review dashboard
    shows some fifty, each tried against every title format in every language."""
    for message, pattern in _generated_titles():
        match = pattern.fullmatch(stored)
        if match:
            return _(message) % match.groupdict()
    return stored


def due(cadence: str, period_end: datetime.date) -> datetime.date:
    """The day a round ending on PERIOD_END is due."""
    if cadence == Cadence.QUARTER:
        return _add_months(period_end.replace(day=1), 1).replace(day=15)
    return _add_months(period_end.replace(day=1), 2) - datetime.timedelta(days=1)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The first of the month MONTHS after DAY's month (DAY is a first of a month)."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def plan(
    period_start: datetime.date, period_end: datetime.date, cadence: str
) -> list[PlannedRound]:
    """The rounds of a charter running from PERIOD_START to PERIOD_END, in date order."""
    cadence = Cadence(cadence)
    months = cadence.months
    rounds: list[PlannedRound] = []
    if not periods.EARLIEST <= period_start <= periods.LATEST:
        return rounds
    # A period stored before periods were bounded gets the rounds of its first years only,
    # not thousands of them (or a date past the last Python knows).
    years = periods.max_period_years()
    period_end = min(
        period_end, periods.add_months(period_start, 12 * years) - datetime.timedelta(days=1)
    )
    first_month = (period_start.month - 1) // months * months + 1
    start = datetime.date(period_start.year, first_month, 1)
    while start <= period_end:
        following = _add_months(start, months)
        number = (start.month - 1) // months + 1
        round_start = max(start, period_start)
        round_end = min(following - datetime.timedelta(days=1), period_end)
        rounds.append(
            PlannedRound(
                title=title(cadence, number, start.year),
                period_start=round_start,
                period_end=round_end,
                due_on=due(cadence, round_end),
            )
        )
        start = following
    return rounds


def plan_for(charter: Charter) -> list[PlannedRound]:
    return plan(charter.period_start, charter.period_end, charter.followup_cadence)


def around(
    planned: list[PlannedRound],
    kept: list[tuple[datetime.date, datetime.date]],
    cadence: str,
) -> list[PlannedRound]:
    """PLANNED with the days of the KEPT periods taken out, so that no day is in two rounds.

    A planned round that a kept one covers entirely is dropped; one that it covers in part
    keeps its title for the days left, due after the last of them.
    """
    one_day = datetime.timedelta(days=1)
    result = []
    for round_ in planned:
        pieces = [(round_.period_start, round_.period_end)]
        for kept_start, kept_end in kept:
            split = []
            for start, end in pieces:
                if kept_end < start or kept_start > end:
                    split.append((start, end))
                    continue
                if start < kept_start:
                    split.append((start, kept_start - one_day))
                if kept_end < end:
                    split.append((kept_end + one_day, end))
            pieces = split
        result += [
            PlannedRound(round_.title, start, end, due(cadence, end)) for start, end in pieces
        ]
    return result
