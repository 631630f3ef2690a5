"""How far a promise and a charter have come, as residents read it, in figures that never
contradict each other.

A promise's headline is its assessment: the verdict of the latest published follow-up report
("fulfilled", "not fulfilled"…), or "not assessed yet". Its activities are counted by their
latest published status, as a tally. A percentage is shown only where it is exactly the
activities done of those planned; cancelled activities are shown but are not planned any
more, and activities with no follow-up recorded in the system (a charter entered after its
first round was due) are shown apart and not counted. A charter adds up its promises'
assessments ("2 of 5 promises fulfilled, …") first, then its activities.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from followups.models import FollowUp
from promises.models import Promise

Status = FollowUp.Status
Assessment = Promise.Assessment

# The cache scope of the national pages that show tallies (the overview, the charter list of
# the open data): a published follow-up's new status or assessment invalidates them, a
# corrected text does not (followups.receivers.follow_up_saved).
CACHE_SCOPE = "national-tallies"

FORMULA = _(
    "How it is counted: each promise is judged in the published follow-up reports (fulfilled, "
    "partly fulfilled, not fulfilled, ongoing), and one not judged yet is shown as not "
    "assessed. Each activity counts with its latest published status; one not followed up yet "
    "counts as not started. The percentage is the activities done of those planned: cancelled "
    "activities, and those without a follow-up recorded in the system, are shown but not "
    "counted as planned."
)

# The choices' values, once: Django computes them anew on every access.
STATUSES = frozenset(Status.values)
ASSESSMENTS = frozenset(Assessment.values)

# The order of the tally and of the bar's segments, from done to not started.
PLANNED_STATUSES = (Status.DONE, Status.ONGOING, Status.DELAYED, Status.NOT_STARTED)
# The order of a charter's assessment tally: the verdicts first, "not assessed" last.
ASSESSMENT_ORDER = (
    Assessment.FULFILLED,
    Assessment.PARTLY_FULFILLED,
    Assessment.NOT_FULFILLED,
    Assessment.ONGOING,
    Assessment.NOT_ASSESSED,
)


def percent_of(part: int, whole: int) -> int:
    """PART of WHOLE as a whole percent; halves round up, as people round (12.5 % is 13 %)."""
    return math.floor(Fraction(100 * part, whole) + Fraction(1, 2))


def _status_phrase(status: str, count: int) -> str:
    if status == Status.ONGOING:
        return ngettext("%(count)d ongoing", "%(count)d ongoing", count) % {"count": count}
    if status == Status.DELAYED:
        return ngettext("%(count)d delayed", "%(count)d delayed", count) % {"count": count}
    return ngettext("%(count)d not started", "%(count)d not started", count) % {"count": count}


def _assessment_phrase(assessment: str, count: int) -> str:
    values = {"count": count}
    if assessment == Assessment.PARTLY_FULFILLED:
        return ngettext("%(count)d partly fulfilled", "%(count)d partly fulfilled", count) % values
    if assessment == Assessment.NOT_FULFILLED:
        return ngettext("%(count)d not fulfilled", "%(count)d not fulfilled", count) % values
    if assessment == Assessment.ONGOING:
        return ngettext("%(count)d ongoing", "%(count)d ongoing", count) % values
    return ngettext("%(count)d not assessed yet", "%(count)d not assessed yet", count) % values


@dataclass(frozen=True)
class Segment:
    """One status's part of the stacked bar, in the bar's units (one per planned activity)."""

    status: str
    count: int
    start: int


@dataclass(frozen=True)
class ActivityTally:
    """Activities counted by their latest published status."""

    done: int = 0
    ongoing: int = 0
    delayed: int = 0
    not_started: int = 0  # not followed up yet included
    cancelled: int = 0
    unrecorded: int = 0  # no follow-up recorded in the system: neither planned nor cancelled

    @property
    def planned(self) -> int:
        return self.done + self.ongoing + self.delayed + self.not_started

    @property
    def total(self) -> int:
        return self.planned + self.cancelled + self.unrecorded

    @property
    def percent(self) -> int | None:
        """Done of planned, the only percentage shown; None when nothing is planned."""
        return percent_of(self.done, self.planned) if self.planned else None

    @property
    def label(self) -> str:
        return "" if self.percent is None else f"{self.percent}\u00a0%"

    def count_of(self, status: str) -> int:
        return getattr(self, status)

    @property
    def segments(self) -> list[Segment]:
        """The bar: the planned activities, done first; empty statuses left out."""
        segments, start = [], 0
        for status in PLANNED_STATUSES:
            count = self.count_of(status)
            if count:
                segments.append(Segment(status, count, start))
                start += count
        return segments

    @property
    def headline(self) -> str:
        """ "3 of 5 planned activities done (60 %)", or what there is when nothing is planned."""
        if not self.planned:
            return ""
        # The percentage is the label, "60 %" with a no-break space: it never breaks between
        # the number and its sign.
        return ngettext(
            "%(done)d of %(planned)d planned activity done (%(percent)s)",
            "%(done)d of %(planned)d planned activities done (%(percent)s)",
            self.planned,
        ) % {"done": self.done, "planned": self.planned, "percent": self.label}

    @property
    def details(self) -> list[str]:
        """The rest of the tally, one phrase each: "1 ongoing", "2 delayed", "1 cancelled"…"""
        phrases = [
            _status_phrase(status, self.count_of(status))
            for status in (Status.ONGOING, Status.DELAYED, Status.NOT_STARTED)
            if self.count_of(status)
        ]
        if self.cancelled:
            phrases.append(
                ngettext(
                    "%(count)d cancelled (not counted as planned)",
                    "%(count)d cancelled (not counted as planned)",
                    self.cancelled,
                )
                % {"count": self.cancelled}
            )
        if self.unrecorded:
            phrases.append(
                ngettext(
                    "%(count)d without a follow-up recorded in the system (not counted)",
                    "%(count)d without a follow-up recorded in the system (not counted)",
                    self.unrecorded,
                )
                % {"count": self.unrecorded}
            )
        return phrases

    @property
    def sentence(self) -> str:
        """The whole tally in words, as one line."""
        return ", ".join(part for part in [self.headline, *self.details] if part)

    def __add__(self, other: ActivityTally) -> ActivityTally:
        return ActivityTally(
            *(getattr(self, name) + getattr(other, name) for name in self.__dataclass_fields__)
        )

    @classmethod
    def from_dict(cls, data: dict) -> ActivityTally:
        """The tally that as_dict() gave DATA."""
        names = ("done", "ongoing", "delayed", "not_started", "cancelled")
        return cls(*(data[name] for name in names), unrecorded=data["not_recorded"])

    def as_dict(self) -> dict:
        """The tally as the open data gives it."""
        return {
            "done": self.done,
            "ongoing": self.ongoing,
            "delayed": self.delayed,
            "not_started": self.not_started,
            "cancelled": self.cancelled,
            "not_recorded": self.unrecorded,
            "planned": self.planned,
            "done_percent_of_planned": self.percent,
        }


def tally(statuses: Iterable[str | None], *, unrecorded: int = 0) -> ActivityTally:
    """The tally of activities with these latest statuses (None: not followed up yet, so not
    started; an unknown status counts as not started too)."""
    counts = Counter(
        status if status in STATUSES else Status.NOT_STARTED
        for status in (status or Status.NOT_STARTED for status in statuses)
    )
    return ActivityTally(
        done=counts[Status.DONE],
        ongoing=counts[Status.ONGOING],
        delayed=counts[Status.DELAYED],
        not_started=counts[Status.NOT_STARTED],
        cancelled=counts[Status.CANCELLED],
        unrecorded=unrecorded,
    )


def verdict(assessment: str | None) -> str:
    """An assessment as the headline counts it: none, or an unknown one, is not assessed."""
    return assessment if assessment in ASSESSMENTS else Assessment.NOT_ASSESSED


def assessment_label(assessment: str | None) -> str:
    """The headline of a promise in words: "fulfilled", …, "not assessed yet"."""
    value = verdict(assessment)
    if value == Assessment.NOT_ASSESSED:
        return str(_("not assessed yet"))
    return str(Assessment(value).label)


@dataclass(frozen=True)
class PromiseProgress:
    """A promise's headline (its assessment) and its activities' tally."""

    assessment: str
    activities: ActivityTally

    @property
    def assessment_label(self) -> str:
        return assessment_label(self.assessment)

    def as_dict(self) -> dict:
        return {"assessment": self.assessment, "activities": self.activities.as_dict()}


@dataclass(frozen=True)
class CharterProgress:
    """A charter's promises by assessment, then all its activities' tally."""

    assessments: dict[str, int] = field(default_factory=dict)
    activities: ActivityTally = field(default_factory=ActivityTally)

    @classmethod
    def of(cls, promises: Iterable[PromiseProgress]) -> CharterProgress:
        promises = list(promises)
        counts = Counter(promise.assessment for promise in promises)
        activities = sum((promise.activities for promise in promises), ActivityTally())
        return cls({value: counts[value] for value in ASSESSMENT_ORDER}, activities)

    @property
    def promises(self) -> int:
        return sum(self.assessments.values())

    @property
    def fulfilled(self) -> int:
        return self.assessments.get(Assessment.FULFILLED, 0)

    @property
    def headline(self) -> str:
        """ "2 of 5 promises fulfilled"."""
        return ngettext(
            "%(fulfilled)d of %(total)d promise fulfilled",
            "%(fulfilled)d of %(total)d promises fulfilled",
            self.promises,
        ) % {"fulfilled": self.fulfilled, "total": self.promises}

    @property
    def details(self) -> list[str]:
        return [
            _assessment_phrase(value, self.assessments[value])
            for value in ASSESSMENT_ORDER[1:]
            if self.assessments.get(value)
        ]

    @property
    def sentence(self) -> str:
        return ", ".join([self.headline, *self.details])

    def as_dict(self) -> dict:
        return {
            "promises": self.promises,
            "assessments": {
                value.value: self.assessments.get(value, 0) for value in ASSESSMENT_ORDER
            },
            "activities": self.activities.as_dict(),
        }


# --- Promises and the problems they answer ----------------------------------------------------

LINKS_EXPLAINED = _(
    "How it is counted: “Promises with a problem” is how many of the promises answer a named "
    "problem in the situation picture, at least one of its prioritised problems. “Problems "
    "with a promise” is how many of the situation picture's prioritised problems at least one "
    "promise answers. Only public problems of a published situation picture count; – means "
    "that the situation picture is not published or names no prioritised problem."
)


@dataclass(frozen=True)
class Share:
    """PART of WHOLE: "7 of 9 (78 %)", or "–" when there is nothing to count."""

    part: int = 0
    whole: int = 0

    @property
    def percent(self) -> int | None:
        return percent_of(self.part, self.whole) if self.whole else None

    @property
    def label(self) -> str:
        if not self.whole:
            return "–"
        # The percentage with a no-break space, as in the tallies: never broken apart.
        return gettext("%(part)d of %(whole)d (%(percent)s)") % {
            "part": self.part,
            "whole": self.whole,
            "percent": f"{self.percent}\u00a0%",
        }

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class LinkShares:
    """How a charter's promises and the prioritised problems of its situation picture answer
    each other, as residents may read it: public problems of a published report only.

    A charter counts only when its published situation picture names a public problem: one
    without (no situation picture, not published, or one written before problems were named)
    is shown as "–" and left out of the country's totals, rather than as promises that
    answer nothing.
    """

    promises: int = 0
    linked_promises: int = 0  # promises that answer at least one public problem
    problems: int = 0  # public prioritised problems of the published situation picture
    answered_problems: int = 0  # of them, those at least one promise answers
    charters: int = 0  # charters counted: 1 for one that counts, the number in a total

    @classmethod
    def of(cls, *, promises: int, linked: int, problems: int, answered: int) -> LinkShares:
        if not problems:
            return cls(promises=promises)
        return cls(promises, linked, problems, answered, charters=1)

    @classmethod
    def total(cls, shares: Iterable[LinkShares]) -> LinkShares:
        """The sum of the charters that count."""
        counted = [share for share in shares if share.charters]
        return cls(
            *(sum(getattr(share, name) for share in counted) for name in cls.__dataclass_fields__)
        )

    @property
    def promise_share(self) -> Share:
        return Share(self.linked_promises, self.promises if self.charters else 0)

    @property
    def problem_share(self) -> Share:
        return Share(self.answered_problems, self.problems)

    @property
    def promise_sentence(self) -> str:
        """ "7 of 9 promises (78 %) answer a named problem in their situation picture." """
        share = self.promise_share
        return ngettext(
            "%(part)d of %(whole)d promise (%(percent)s) answers a named problem in its "
            "situation picture.",
            "%(part)d of %(whole)d promises (%(percent)s) answer a named problem in their "
            "situation picture.",
            share.whole,
        ) % {"part": share.part, "whole": share.whole, "percent": f"{share.percent}\u00a0%"}

    @property
    def problem_sentence(self) -> str:
        """ "2 of 3 prioritised problems (67 %) have a promise that answers them." """
        share = self.problem_share
        return ngettext(
            "%(part)d of %(whole)d prioritised problem (%(percent)s) has at least one promise "
            "that answers it.",
            "%(part)d of %(whole)d prioritised problems (%(percent)s) have at least one promise "
            "that answers them.",
            share.whole,
        ) % {"part": share.part, "whole": share.whole, "percent": f"{share.percent}\u00a0%"}

    def as_dict(self) -> dict:
        """The shares as the open data gives them."""
        return {
            "promises": self.promises,
            "promises_linked": self.promise_share.part,
            "promises_linked_percent": self.promise_share.percent,
            "problems": self.problems,
            "problems_answered": self.answered_problems,
            "problems_answered_percent": self.problem_share.percent,
        }
