"""What a council report says, read from the chain each time it is shown.

For a kommun and a year: the charter whose period covers the year, its lägesbild's public
summary and prioritised problems with their causes, the promises that answer each problem and
their activities, what the follow-up reports published for the year's rounds say, the
indicators against their baseline and target, the safety walks' findings fixed, what is still
open and the renewed charter. Only what residents may read of the charter goes in (public
activities, findings and problems): a published report is a public page.

load_council_report() runs the same queries whether the charter has one promise or fifty.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import prefetch_related_objects
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from followups.models import FollowUp
from followups.progress import (
    PLANNED_STATUSES,
    ActivityTally,
    CharterProgress,
    PromiseProgress,
    assessment_label,
    tally,
    verdict,
)
from followups.public.display import ActivityView
from followups.public.selectors import (
    CharterPage,
    PromiseView,
    RoundReport,
    load_charter_page,
)
from promises.models import Charter, Indicator, Measurement, Promise, WalkFinding
from situations.models import Finding, Municipality, Problem

Status = FollowUp.Status


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def charter_for_year(municipality: Municipality, year: int) -> Charter | None:
    """The published or closed charter of MUNICIPALITY whose period covers YEAR: of several,
    the one in force at the year's end, else the one that started last. One query."""
    first, last = year_bounds(year)
    charters = list(
        Charter.objects.published()
        .filter(municipality=municipality, period_start__lte=last, period_end__gte=first)
        .select_related("police_area", "situation_report")
    )
    if not charters:
        return None
    charter = max(
        charters,
        key=lambda charter: (charter.covers(last), charter.period_start, charter.pk),
    )
    charter.municipality = municipality
    return charter


def number(value: Decimal | None) -> str:
    """A stored decimal as the reader's language writes it: 60, 12,5 (sv) or 12.5 (en)."""
    if value is None:
        return ""
    normalized = value.normalize()
    if normalized == normalized.to_integral():
        normalized = normalized.quantize(Decimal(1))
    return number_format(normalized, use_l10n=True)


def with_unit(value: Decimal | None, unit: str) -> str:
    # A no-break space: "20 %" never breaks between the number and its unit.
    return f"{number(value)}\u00a0{unit}".strip() if value is not None else ""


@dataclass
class ProblemSection:
    """A prioritised problem with its public findings and the promises that answer it."""

    problem: Problem
    promises: list[PromiseView]

    @property
    def findings(self) -> list[Finding]:
        return list(getattr(self.problem, "public_findings", []))

    @property
    def places(self) -> list[str]:
        return [place.name for place in self.problem.places.all()]


@dataclass
class YearActivity:
    """A public activity with its latest status in the reports published for the year."""

    view: ActivityView
    promise: Promise
    follow_up: FollowUp | None = None

    @property
    def status(self) -> str | None:
        return self.follow_up.status if self.follow_up else None

    @property
    def status_label(self) -> str:
        if self.follow_up is not None:
            return self.follow_up.get_status_display()
        if self.view.untracked:
            return str(_("not followed up in the system"))
        return str(Status.NOT_STARTED.label)


@dataclass
class IndicatorRow:
    """An indicator with its baseline, its target and its last value measured in the year."""

    indicator: Indicator
    promise: Promise
    latest: Measurement | None

    @property
    def baseline(self) -> str:
        return with_unit(self.indicator.baseline, self.indicator.unit)

    @property
    def target(self) -> str:
        return with_unit(self.indicator.target, self.indicator.unit)

    @property
    def value(self) -> str:
        return with_unit(self.latest.value, self.indicator.unit) if self.latest else ""

    @property
    def change(self) -> str:
        """The last value less the baseline, signed: "+4", "−2,5"; empty when either lacks."""
        if self.latest is None or self.indicator.baseline is None:
            return ""
        difference = self.latest.value - self.indicator.baseline
        sign = "+" if difference > 0 else "\u2212" if difference < 0 else "±"
        return f"{sign}{number(abs(difference))}"

    @property
    def reached(self) -> bool | None:
        """Whether the last value meets the target in the indicator's direction (None: no
        value, no target, or an indicator that keeps a level)."""
        indicator = self.indicator
        if self.latest is None or indicator.target is None:
            return None
        if indicator.direction == Indicator.Direction.INCREASE:
            return self.latest.value >= indicator.target
        if indicator.direction == Indicator.Direction.DECREASE:
            return self.latest.value <= indicator.target
        return None


@dataclass
class WalkRow:
    """A safety walk with its findings: how many, fixed in the year, still open."""

    view: ActivityView
    findings: list[WalkFinding]
    year: int

    @property
    def walk(self):
        return self.view.walk

    @property
    def fixed_in_year(self) -> list[WalkFinding]:
        return [
            finding
            for finding in self.findings
            if finding.status == WalkFinding.Status.DONE
            and finding.done_on is not None
            and finding.done_on.year == self.year
        ]

    @property
    def open(self) -> list[WalkFinding]:
        return [f for f in self.findings if f.status != WalkFinding.Status.DONE]


@dataclass
class CouncilPage:
    """Everything a council report shows; CHARTER None when no charter covers the year."""

    municipality: Municipality
    year: int
    charter: Charter | None = None
    page: CharterPage | None = None
    problems: list[ProblemSection] = field(default_factory=list)
    unlinked: list[PromiseView] = field(default_factory=list)
    rounds: list[RoundReport] = field(default_factory=list)
    activities: list[YearActivity] = field(default_factory=list)
    assessments: dict[int, FollowUp] = field(default_factory=dict)
    indicators: list[IndicatorRow] = field(default_factory=list)
    walks: list[WalkRow] = field(default_factory=list)
    renewal: Charter | None = None

    @property
    def summary(self) -> str:
        """The lägesbild's summary, when the lägesbild is published."""
        if self.charter is None or self.charter.situation_report is None:
            return ""
        report = self.charter.situation_report
        return report.summary if report.status == report.Status.PUBLISHED else ""

    @property
    def promises(self) -> list[PromiseView]:
        return self.page.promises if self.page else []

    @cached_property
    def progress(self) -> CharterProgress:
        """The promises' assessments and the activities' statuses in the year's reports."""
        by_promise: dict[int, list[YearActivity]] = {}
        for row in self.activities:
            by_promise.setdefault(row.promise.pk, []).append(row)
        return CharterProgress.of(
            PromiseProgress(
                verdict(
                    self.assessments[view.promise.pk].assessment
                    if view.promise.pk in self.assessments
                    else None
                ),
                year_tally(by_promise.get(view.promise.pk, [])),
            )
            for view in self.promises
        )

    @property
    def tally(self) -> ActivityTally:
        return self.progress.activities

    @property
    def status_rows(self) -> list[tuple[str, int]]:
        """The activities by status in the year, done first; cancelled last, not planned."""
        tally = self.tally
        rows = [(str(status.label), tally.count_of(status)) for status in PLANNED_STATUSES]
        return [*rows, (str(Status.CANCELLED.label), tally.cancelled)]

    @property
    def assessment_rows(self) -> list[tuple[str, int]]:
        """The promises by their assessment in the year's latest report."""
        return [
            (assessment_label(value), count) for value, count in self.progress.assessments.items()
        ]

    @property
    def open_activities(self) -> list[YearActivity]:
        """Activities planned and not done: not started, ongoing or delayed."""
        closed = (Status.DONE, Status.CANCELLED)
        return [row for row in self.activities if row.status not in closed]

    @property
    def open_walk_findings(self) -> list[tuple[WalkRow, WalkFinding]]:
        return [(walk, finding) for walk in self.walks for finding in walk.open]

    @property
    def walk_findings(self) -> int:
        return sum(len(walk.findings) for walk in self.walks)

    @property
    def walk_fixed_in_year(self) -> int:
        return sum(len(walk.fixed_in_year) for walk in self.walks)


def year_tally(rows: list[YearActivity]) -> ActivityTally:
    """The tally of ROWS by their status in the year; never followed up in a charter entered
    late is apart, as on the charter's page."""
    untracked = [row for row in rows if row.follow_up is None and row.view.untracked]
    return tally((row.status for row in rows if row not in untracked), unrecorded=len(untracked))


def load_council_report(municipality: Municipality, year: int) -> CouncilPage:
    """The council report of MUNICIPALITY for YEAR, as residents may read it.

    Queries: the charter (1), its public page (load_charter_page: about 15, with the public
    problems each promise answers), the problems' focus areas and places (2), the walks'
    findings (1), the renewal (1). Without a charter for the year, only the first.
    """
    council = CouncilPage(municipality, year)
    charter = charter_for_year(municipality, year)
    if charter is None:
        return council
    first, last = year_bounds(year)
    page = load_charter_page(charter, all_follow_ups=True)
    council.charter, council.page = charter, page

    # The public problems, each with the promises that say they answer it (the page gives
    # each promise the public problems it answers).
    prefetch_related_objects(page.problems, "focus_area", "places")
    council.problems = [
        ProblemSection(problem, [view for view in page.promises if problem in view.problems])
        for problem in page.problems
    ]
    council.unlinked = [view for view in page.promises if not view.problems]

    # The year's published reports: the latest status and assessment in them.
    council.rounds = [
        report
        for report in page.reports
        if report.round.period_start <= last and report.round.period_end >= first
    ]
    for report in council.rounds:
        report.round.charter = charter  # for its address, without a query per round
    latest: dict[int, FollowUp] = {}
    for report in council.rounds:  # oldest first: the last one seen is the latest
        for follow_up in report.follow_ups:
            if follow_up.activity_id is not None:
                latest[follow_up.activity_id] = follow_up
            elif follow_up.promise_id is not None:
                council.assessments[follow_up.promise_id] = follow_up
    council.activities = [
        YearActivity(view, promise_view.promise, latest.get(view.activity.pk))
        for promise_view in page.promises
        for view in promise_view.activities
    ]

    council.indicators = [
        IndicatorRow(indicator, view.promise, last_measured(indicator, first, last))
        for view in page.promises
        for indicator in view.indicators
    ]

    walks = [
        (view, walk)
        for promise_view in page.promises
        for view in promise_view.activities
        if (walk := view.walk) is not None
    ]
    findings: dict[int, list[WalkFinding]] = {walk.pk: [] for _view, walk in walks}
    if walks:
        for finding in (
            WalkFinding.objects.filter(walk__in=list(findings))
            .select_related("place")
            .order_by("id")
        ):
            findings[finding.walk_id].append(finding)
    council.walks = [WalkRow(view, findings[walk.pk], year) for view, walk in walks]

    council.renewal = (
        Charter.objects.filter(renewed_from=charter).order_by("period_start", "id").first()
    )
    if council.renewal is not None:
        council.renewal.municipality = municipality
    return council


def last_measured(indicator: Indicator, first: datetime.date, last: datetime.date):
    """INDICATOR's last value measured between FIRST and LAST (prefetched: no query)."""
    values = [m for m in indicator.measurements.all() if first <= m.date <= last]
    return max(values, key=lambda m: (m.date, m.pk), default=None)
