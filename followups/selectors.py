"""Reads that assemble a charter as residents see it, in a fixed number of queries.

The kommun page, the charter page and the workspace preview all show a charter through
load_charter_page(); it runs the same queries whether the charter has one promise or fifty.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q

from followups.models import FollowUp, FollowUpRound
from followups.progress import Progress, progress
from promises.models import (
    Activity,
    Charter,
    Contact,
    Indicator,
    Measurement,
    Party,
    Promise,
    SafetyWalk,
    Signatory,
    WalkFinding,
)
from situations.models import Finding, Source


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

    @property
    def status(self) -> str | None:
        return self.latest.status if self.latest else None

    @property
    def walk(self) -> SafetyWalk | None:
        return safety_walk_of(self.activity)


@dataclass
class PromiseView:
    promise: Promise
    activities: list[ActivityView]
    indicators: list[Indicator]
    assessment: FollowUp | None = None

    @property
    def progress(self) -> Progress | None:
        return progress(view.status for view in self.activities)


@dataclass
class OwnerGroup:
    owner: Party
    promises: list[PromiseView]

    @property
    def heading(self) -> str:
        return self.owner.promise_heading


@dataclass
class PromiseReport:
    """One promise in a published round's report: its assessment, what was done to its public
    activities, and the values of its indicators measured within the round's period."""

    promise: Promise
    number: int
    assessment: FollowUp | None = None
    activities: list[FollowUp] = field(default_factory=list)
    measurements: list[tuple[Indicator, Measurement]] = field(default_factory=list)


@dataclass
class RoundReport:
    round: FollowUpRound
    follow_ups: list[FollowUp] = field(default_factory=list)
    promises: list[PromiseReport] = field(default_factory=list)


@dataclass
class CharterPage:
    charter: Charter
    groups: list[OwnerGroup]
    signatories: list[Signatory]
    contacts: list[Contact]
    findings: list[Finding]
    sources: list[Source]
    reports: list[RoundReport]
    last_updated: datetime.datetime

    @property
    def promises(self) -> list[PromiseView]:
        return [view for group in self.groups for view in group.promises]

    @property
    def progress(self) -> Progress | None:
        return progress(activity.status for view in self.promises for activity in view.activities)

    @property
    def indicators(self) -> list[Indicator]:
        return [indicator for view in self.promises for indicator in view.indicators]


def load_charter_page(charter: Charter) -> CharterPage:
    """Everything a public page shows of CHARTER: only public activities, sources, findings
    and follow-ups of published rounds. The caller decides whether the charter may be shown.
    """
    signatories = list(charter.signatories.all())  # 1
    contacts = list(charter.contacts.all())  # 2
    promises = list(
        charter.promises.prefetch_related(  # 3, with focus areas 4
            "focus_areas",
            Prefetch(  # 5, with places 6
                "activities",
                queryset=Activity.objects.filter(is_public=True)
                .prefetch_related("places")
                # A safety walk comes in the same query, with how many of its findings
                # are fixed and when they last changed.
                .select_related("safety_walk")
                .annotate(
                    walk_findings=Count("safety_walk__findings"),
                    walk_fixed=Count(
                        "safety_walk__findings",
                        filter=Q(safety_walk__findings__status=WalkFinding.Status.DONE),
                    ),
                    walk_findings_changed=Max("safety_walk__findings__updated_at"),
                ),
            ),
            Prefetch(  # 7, with measurements 8
                "indicators",
                queryset=Indicator.objects.prefetch_related("measurements"),
            ),
        )
    )
    rounds = list(  # 9
        FollowUpRound.objects.filter(charter=charter, published_at__isnull=False).order_by(
            "period_start", "id"
        )
    )
    follow_ups = list(  # 10
        FollowUp.objects.filter(round__in=[round_.pk for round_ in rounds])
        # A LEFT JOIN; exclude() would scan every non-public activity in a subquery.
        .filter(Q(activity__isnull=True) | Q(activity__is_public=True))
        .select_related("round", "activity", "promise")
        .order_by("round__period_start", "round_id", "id")
    )
    findings, sources = [], []
    report = charter.situation_report
    if report is not None and report.status == report.Status.PUBLISHED:
        findings = list(  # 11
            report.findings.public().select_related("source", "focus_area", "place")
        )
        sources = list(report.sources.filter(is_internal=False))  # 12

    latest_by_activity: dict[int, FollowUp] = {}
    assessment_by_promise: dict[int, FollowUp] = {}
    follow_ups_by_round: dict[int, list[FollowUp]] = defaultdict(list)
    for follow_up in follow_ups:  # in round order, so the last one seen is the latest
        if follow_up.activity_id:
            latest_by_activity[follow_up.activity_id] = follow_up
        else:
            assessment_by_promise[follow_up.promise_id] = follow_up
        follow_ups_by_round[follow_up.round_id].append(follow_up)

    views_by_owner: dict[str, list[PromiseView]] = defaultdict(list)
    for promise in promises:
        views_by_owner[promise.owner].append(
            PromiseView(
                promise=promise,
                activities=[
                    ActivityView(activity, latest_by_activity.get(activity.pk))
                    for activity in promise.activities.all()
                ],
                indicators=list(promise.indicators.all()),
                assessment=assessment_by_promise.get(promise.pk),
            )
        )
    groups = [
        OwnerGroup(owner=owner, promises=views_by_owner[owner.value])
        for owner in (Party.POLICE, Party.MUNICIPALITY, Party.JOINT)
        if views_by_owner[owner.value]
    ]
    reports = [
        RoundReport(
            round_,
            follow_ups_by_round[round_.pk],
            round_promises(round_, promises, follow_ups_by_round[round_.pk]),
        )
        for round_ in rounds
    ]

    stamps = [charter.updated_at]
    stamps += [person.updated_at for person in [*signatories, *contacts]]
    stamps += [promise.updated_at for promise in promises]
    stamps += [a.updated_at for promise in promises for a in promise.activities.all()]
    for activity in (a for promise in promises for a in promise.activities.all()):
        walk = safety_walk_of(activity)
        if walk is not None:
            stamps.append(walk.updated_at)
        if activity.walk_findings_changed is not None:
            stamps.append(activity.walk_findings_changed)
    stamps += [follow_up.updated_at for follow_up in follow_ups]
    stamps += [round_.updated_at for round_ in rounds]
    stamps += [finding.updated_at for finding in findings]
    if report is not None and findings:
        stamps.append(report.updated_at)
    return CharterPage(
        charter=charter,
        groups=groups,
        signatories=signatories,
        contacts=contacts,
        findings=findings,
        sources=sources,
        reports=reports,
        last_updated=max(stamps),
    )


def round_promises(
    round_: FollowUpRound, promises: list[Promise], follow_ups: list[FollowUp]
) -> list[PromiseReport]:
    """The report of ROUND_ promise by promise, from rows load_charter_page already holds.

    Promises are numbered as on the page (within their owner's group); one with nothing to
    report in the round is left out.
    """
    numbers: dict[str, int] = defaultdict(int)
    reports: dict[int, PromiseReport] = {}
    ordered = []
    for owner in (Party.POLICE, Party.MUNICIPALITY, Party.JOINT):
        for promise in promises:
            if promise.owner == owner.value:
                numbers[owner.value] += 1
                reports[promise.pk] = PromiseReport(promise, numbers[owner.value])
                ordered.append(reports[promise.pk])
    promise_of_activity = {
        activity.pk: activity.promise_id
        for promise in promises
        for activity in promise.activities.all()
    }
    for follow_up in follow_ups:
        if follow_up.promise_id:
            reports[follow_up.promise_id].assessment = follow_up
        elif follow_up.activity_id in promise_of_activity:
            reports[promise_of_activity[follow_up.activity_id]].activities.append(follow_up)
    for report in ordered:
        report.measurements = [
            (indicator, measurement)
            for indicator in report.promise.indicators.all()
            for measurement in indicator.measurements.all()
            if round_.period_start <= measurement.date <= round_.period_end
        ]
    return [
        report
        for report in ordered
        if report.assessment or report.activities or report.measurements
    ]
