"""Reads of the public site, each in a fixed number of queries.

The kommun page, the charter page and the workspace preview all show a charter through
load_charter_page(), in the same queries whether the charter has one promise or fifty (a
published round's report page has its own, in followups.public.reports). The start page and the
overview list every kommun with the state of its charter (municipalities_with_charter_state).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import (
    Exists,
    F,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.utils import timezone
from django.utils.text import capfirst, slugify

from config.lib.compiled import together
from config.lib.text import linebreaksbr
from followups.models import CouncilReport, FollowUp, FollowUpRound
from followups.progress import FORMULA, CharterProgress, PromiseProgress, tally, verdict
from followups.public import reads
from followups.public.display import ActivityView, activity_row, follow_up_of, safety_walk_of
from followups.public.reads import LATEST_FIRST
from followups.rounds import plan_for
from promises.models import (
    Activity,
    Charter,
    Contact,
    Indicator,
    Measurement,
    Promise,
    Signatory,
)
from promises.owners import OwnerGroup, by_owner
from situations.forms.public import TipForm
from situations.models import Finding, Municipality, PoliceArea, Problem, Source, Survey


@dataclass
class PromiseView:
    promise: Promise
    activities: list[ActivityView]
    indicators: list[Indicator]
    assessment: FollowUp | None = None
    # The public problems of the published lägesbild that the promise answers, by priority,
    # each with its public findings: "Därför: …" under the promise.
    problems: list[Problem] = field(default_factory=list)
    focus_areas: list[str] = field(default_factory=list)  # their names, in their order

    @cached_property
    def shown(self) -> dict[str, Any]:
        """What the page writes of the promise, its assessment and its activities' tally, each
        value computed once: the promise loop of public/_charter_body.html reads one key per
        value shown."""
        promise, assessment = self.promise, self.assessment
        progress = self.progress
        activities = progress.activities
        return {
            "owner": promise.owner,
            "pk": promise.pk,
            "title": promise.title,
            "text": linebreaksbr(promise.text),
            "focus_areas": ", ".join(self.focus_areas),
            "assessment": progress.assessment,
            "assessment_label": capfirst(progress.assessment_label),
            "follow_up_of": self.follow_up_of,
            "narrative": assessment.narrative_public if assessment else "",
            "tally": activities.sentence if activities.total else "",
            # The bar's numbers written as integers, never localised.
            "planned": str(activities.planned) if activities.planned else "",
            "segments": [
                {"status": part.status, "start": str(part.start), "count": str(part.count)}
                for part in activities.segments
            ],
        }

    @cached_property
    def activity_rows(self) -> list[dict]:
        """What the page writes of each of its activities (display.activity_row)."""
        return [activity_row(item) for item in self.activities]

    @property
    def follow_up_of(self) -> str:
        """ "follow-up Kvartal 3 2026": the round of its assessment ("" when not assessed)."""
        return follow_up_of(self.assessment.round) if self.assessment else ""

    @cached_property
    def progress(self) -> PromiseProgress:
        """Its assessment in the latest published report, and its activities' tally."""
        return PromiseProgress(
            verdict(self.assessment.assessment if self.assessment else None),
            tally(
                (view.status for view in self.activities if not view.untracked),
                unrecorded=sum(1 for view in self.activities if view.untracked),
            ),
        )


@dataclass
class RoundReport:
    """A published round with its follow-ups of public activities and of promises (only when
    the page was loaded with every follow-up: load_charter_page(all_follow_ups=True))."""

    round: FollowUpRound
    follow_ups: list[FollowUp] = field(default_factory=list)


@dataclass
class CharterPage:
    charter: Charter
    groups: list[OwnerGroup[PromiseView]]
    signatories: list[Signatory]
    contacts: list[Contact]
    findings: list[Finding]
    sources: list[Source]
    problems: list[Problem]
    reports: list[RoundReport]
    last_updated: datetime.datetime
    entered_late: bool = False  # entered in this system after its first round was due

    @property
    def promises(self) -> list[PromiseView]:
        return [view for group in self.groups for view in group.rows]

    @cached_property
    def progress(self) -> CharterProgress:
        return CharterProgress.of(view.progress for view in self.promises)

    @property
    def latest_report(self) -> RoundReport | None:
        return self.reports[-1] if self.reports else None

    @property
    def indicators(self) -> list[Indicator]:
        return [indicator for view in self.promises for indicator in view.indicators]


def published_rounds(charter: Charter) -> QuerySet[FollowUpRound]:
    """The rounds of CHARTER whose report is published, oldest first."""
    return FollowUpRound.objects.filter(charter=charter, published_at__isnull=False).order_by(
        "period_start", "id"
    )


def public_follow_ups(rounds: list[FollowUpRound]) -> QuerySet[FollowUp]:
    """The follow-ups of ROUNDS that residents may read: of public activities and of promises."""
    return (
        FollowUp.objects.filter(round__in=[round_.pk for round_ in rounds])
        # A LEFT JOIN; exclude() would scan every non-public activity in a subquery.
        .filter(Q(activity__isnull=True) | Q(activity__is_public=True))
        # Never shown on a public page, so never read for one.
        .defer("narrative_internal")
        .order_by("id")
    )


def prefetched(instance: Model, relation: str, objects: list) -> None:
    """Give INSTANCE's RELATION (a reverse foreign key) OBJECTS, as prefetch_related would."""
    queryset = getattr(instance, relation).all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[relation] = queryset


def entered_late(charter: Charter) -> bool:
    """Whether CHARTER was entered after its first round was due (imported, or typed in after
    the fact): what was never followed up here is then not "not started"."""
    planned = plan_for(charter)
    return bool(planned) and charter.entered_on > planned[0].due_on


def load_charter_page(charter: Charter, *, all_follow_ups: bool = False) -> CharterPage:
    """Everything a public page shows of CHARTER: only public activities, sources, findings,
    problems (with their public findings, also under each promise that answers them) and
    follow-ups of published rounds. The caller decides whether the charter may be shown.

    A page shows only the latest follow-up of each activity and promise, and reads only those;
    ALL_FOLLOW_UPS reads every published round's, each in its report (page.reports), for the
    open data and the council report.
    """
    # Each query is compiled once per process (followups.public.reads), and they are sent
    # together: on PostgreSQL the page waits for the database once (config.lib.compiled).
    report = charter.situation_report
    published = report is not None and report.status == report.Status.PUBLISHED
    of_charter = {"charter": charter.pk}
    runs = [
        reads.SIGNATORIES.later(**of_charter),
        reads.CONTACTS.later(**of_charter),
        # The promises and their public activities in a query each, grouped here: a prefetch
        # would build a queryset per relation and cost more than the rows it reads.
        reads.PROMISES.later(**of_charter),
        reads.ACTIVITIES.later(**of_charter),
        reads.FOCUS_AREAS.later("rows", **of_charter),
        reads.PLACES.later("rows", **of_charter),
        reads.INDICATORS.later(**of_charter),
        reads.MEASUREMENTS.later(**of_charter),
        reads.PUBLISHED_ROUNDS.later(**of_charter),
    ]
    if not all_follow_ups:  # else every published round's, once the rounds are known
        runs.append(reads.LATEST_FOLLOW_UPS.later(**of_charter))
    if published:
        of_report = {"report": report.pk}
        runs += [
            reads.FINDINGS.later(**of_report),
            reads.SOURCES.later(**of_report),
            reads.PROBLEMS.later(**of_report),
            # Which of the public findings show each problem.
            reads.PROBLEM_FINDINGS.later("rows", **of_report),
            # The links between the promises and the public problems.
            reads.PROMISE_PROBLEMS.later("rows", **of_charter, **of_report),
        ]
    found = iter(together(*runs))
    signatories, contacts, promises = next(found), next(found), next(found)
    activities_of: dict[int, list[Activity]] = defaultdict(list)
    for activity in next(found):
        activities_of[activity.promise_id].append(activity)
    focus_areas_of: dict[int, list[str]] = defaultdict(list)
    for promise_id, name in next(found):
        focus_areas_of[promise_id].append(name)
    places_of: dict[int, list[str]] = defaultdict(list)
    for activity_id, name in next(found):
        places_of[activity_id].append(name)
    indicators_of: dict[int, list[Indicator]] = defaultdict(list)
    indicators = next(found)
    for indicator in indicators:
        indicators_of[indicator.promise_id].append(indicator)
    measured: dict[int, list[Measurement]] = defaultdict(list)
    for measurement in next(found):
        measured[measurement.indicator_id].append(measurement)
    for indicator in indicators:
        prefetched(indicator, "measurements", measured[indicator.pk])
    rounds = next(found)
    if all_follow_ups:
        follow_ups = list(public_follow_ups(rounds)) if rounds else []
    else:
        follow_ups = next(found)
    findings, sources, problems = [], [], []
    links: list[tuple[int, int]] = []
    if published:
        findings, sources, problems = next(found), next(found), next(found)
        shown_by: dict[int, set[int]] = defaultdict(set)
        for problem_id, finding_id in next(found):
            shown_by[problem_id].add(finding_id)
        for problem in problems:
            problem.public_findings = [f for f in findings if f.pk in shown_by[problem.pk]]
        links = next(found)

    answers: dict[int, list[Problem]] = defaultdict(list)
    if problems and promises:
        position_of = {problem.pk: index for index, problem in enumerate(problems)}
        for promise_id, problem_id in sorted(links, key=lambda link: position_of[link[1]]):
            answers[promise_id].append(problems[position_of[problem_id]])

    # The follow-ups' rounds and activities are rows already loaded: attached, not joined.
    activities = {a.pk: a for found in activities_of.values() for a in found}
    rounds_by_pk = {round_.pk: round_ for round_ in rounds}
    position = {round_.pk: index for index, round_ in enumerate(rounds)}
    follow_ups.sort(key=lambda follow_up: (position[follow_up.round_id], follow_up.pk))
    latest_by_activity: dict[int, FollowUp] = {}
    assessment_by_promise: dict[int, FollowUp] = {}
    follow_ups_by_round: dict[int, list[FollowUp]] = defaultdict(list)
    for follow_up in follow_ups:  # in round order, so the last one seen is the latest
        follow_up.round = rounds_by_pk[follow_up.round_id]
        if follow_up.activity_id:
            follow_up.activity = activities[follow_up.activity_id]
            latest_by_activity[follow_up.activity_id] = follow_up
        else:
            assessment_by_promise[follow_up.promise_id] = follow_up
        if all_follow_ups:
            follow_ups_by_round[follow_up.round_id].append(follow_up)

    late = entered_late(charter)
    views = [
        PromiseView(
            promise=promise,
            activities=[
                ActivityView(
                    activity,
                    latest_by_activity.get(activity.pk),
                    untracked=late and activity.pk not in latest_by_activity,
                    places=places_of[activity.pk],
                )
                for activity in activities_of[promise.pk]
            ],
            indicators=indicators_of[promise.pk],
            focus_areas=focus_areas_of[promise.pk],
            assessment=assessment_by_promise.get(promise.pk),
            problems=answers[promise.pk],
        )
        for promise in promises
    ]
    groups = by_owner(views, owner=lambda view: view.promise.owner)
    reports = [RoundReport(round_, follow_ups_by_round[round_.pk]) for round_ in rounds]

    stamps = [charter.updated_at]
    stamps += [person.updated_at for person in [*signatories, *contacts]]
    stamps += [promise.updated_at for promise in promises]
    stamps += [activity.updated_at for activity in activities.values()]
    for activity in activities.values():
        walk = safety_walk_of(activity)
        if walk is not None:
            stamps.append(walk.updated_at)
        if activity.walk_findings_changed is not None:
            stamps.append(activity.walk_findings_changed)
    if all_follow_ups:
        stamps += [follow_up.updated_at for follow_up in follow_ups]
    elif follow_ups:
        stamps.append(follow_ups[0].changed)
    stamps += [round_.updated_at for round_ in rounds]
    stamps += [finding.updated_at for finding in findings]
    stamps += [problem.updated_at for problem in problems]
    if report is not None and (findings or problems):
        stamps.append(report.updated_at)
    return CharterPage(
        charter=charter,
        groups=groups,
        signatories=signatories,
        contacts=contacts,
        findings=findings,
        sources=sources,
        problems=problems,
        reports=reports,
        last_updated=max(stamps),
        entered_late=late,
    )


# --- Progress of many charters at once ---------------------------------------------------------


@dataclass
class CharterFigures:
    """A charter's progress as its public page shows it, without loading the page: for the
    overview, the review dashboard and the open data lists."""

    charter: Charter
    promises: list[tuple[Promise, PromiseProgress]] = field(default_factory=list)
    latest_report: FollowUpRound | None = None

    @cached_property
    def progress(self) -> CharterProgress:
        return CharterProgress.of(progress for _promise, progress in self.promises)


def published_verdict() -> Subquery:
    """A promise's assessment in its latest published report, as an annotation (or None)."""
    return Subquery(_latest_published(promise=OuterRef("pk")).values("assessment")[:1])


def _latest_published(**lookups) -> QuerySet[FollowUp]:
    """The follow-ups residents read, latest first, as load_charter_page() orders them."""
    return FollowUp.objects.filter(round__published_at__isnull=False, **lookups).order_by(
        *LATEST_FIRST
    )


def latest_published_of(charter_ids: list[int]) -> QuerySet[FollowUp]:
    """The latest published follow-up of each activity and each promise of these charters,
    in one query.

    A window over the follow-ups of the charters' published rounds rather than a subquery
    per activity: PostgreSQL overestimates those a hundredfold (most follow-ups have no
    promise) and spent half a second compiling the query for the overview.
    """
    return (
        FollowUp.objects.filter(
            # The rounds as a subquery: the follow-ups are then found by their round's index.
            round__in=FollowUpRound.objects.filter(
                charter__in=charter_ids, published_at__isnull=False
            ).values("pk")
        )
        # Of every activity, public or not: the caller looks up only the public ones, and a
        # join to tell them would read every activity.
        .order_by()  # no default ordering, which joins the kommun for its name
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("activity_id"), F("promise_id")],
                order_by=[F(name[1:]).desc() for name in LATEST_FIRST],
            )
        )
        .filter(rank=1)
        .values_list("activity_id", "promise_id", "status", "assessment")
    )


def figures_of(charters: list[Charter]) -> dict[int, CharterFigures]:
    """The progress of CHARTERS by charter id, in four queries whatever their number.

    The same figures as load_charter_page() gives: each promise's assessment in its latest
    published report, each public activity's latest published status, the activities never
    followed up in a charter entered late left apart.
    """
    figures = {charter.pk: CharterFigures(charter) for charter in charters}
    if not figures:
        return figures
    ids = list(figures)
    promises = list(  # 1
        Promise.objects.filter(charter__in=ids)
        .only("pk", "charter_id", "owner", "title", "order", "text")
        .order_by("charter_id", "order", "id")
    )
    activities = list(  # 2
        Activity.objects.filter(is_public=True, promise__charter__in=ids)
        .order_by("promise_id", "order", "id")
        .values_list("pk", "promise_id")
    )
    status_of: dict[int, str] = {}
    verdict_of: dict[int, str] = {}
    for activity_id, promise_id, status, assessment in latest_published_of(ids):  # 3
        if activity_id:
            status_of[activity_id] = status
        else:
            verdict_of[promise_id] = assessment
    for round_ in (  # 4: the last one of each charter is its latest report
        FollowUpRound.objects.filter(charter__in=ids, published_at__isnull=False)
        .only("pk", "charter_id", "title", "period_start", "period_end", "published_at")
        .order_by("charter_id", "period_start", "id")
    ):
        figures[round_.charter_id].latest_report = round_
    statuses: dict[int, list[str | None]] = defaultdict(list)
    for activity_id, promise_id in activities:
        statuses[promise_id].append(status_of.get(activity_id))
    late_charters = {
        pk for pk, charter_figures in figures.items() if entered_late(charter_figures.charter)
    }
    for promise in promises:
        charter_figures = figures[promise.charter_id]
        promise.charter = charter_figures.charter
        late = promise.charter_id in late_charters
        found = statuses[promise.pk]
        unrecorded = sum(1 for status in found if status is None) if late else 0
        activities_tally = tally(
            (status for status in found if not (late and status is None)), unrecorded=unrecorded
        )
        charter_figures.promises.append(
            (promise, PromiseProgress(verdict(verdict_of.get(promise.pk)), activities_tally))
        )
    return figures


# --- Kommuner and their charters ----------------------------------------------------------------


def municipalities_with_charter_state() -> QuerySet[Municipality]:
    """Every kommun, annotated with the charter a resident sees first and what it has.

    charter_pk: the charter in force today, else the next one announced (as current_of() and
    upcoming_of() choose them); has_published: it has one of them; has_closed: it has a
    charter that is over (closed, or published and past its end date).
    """
    today = timezone.localdate()
    published = Charter.objects.filter(
        municipality=OuterRef("pk"), status=Charter.Status.PUBLISHED, period_end__gte=today
    )
    running = published.filter(period_start__lte=today).order_by("-period_start", "-id")
    upcoming = published.filter(period_start__gt=today).order_by("period_start", "id")
    over = Charter.objects.filter(municipality=OuterRef("pk")).filter(
        Q(status=Charter.Status.CLOSED) | Q(status=Charter.Status.PUBLISHED, period_end__lt=today)
    )
    return Municipality.objects.select_related("county__police_region").annotate(
        has_published=Exists(published),
        has_closed=Exists(over),
        charter_pk=Coalesce(
            Subquery(running.values("pk")[:1]), Subquery(upcoming.values("pk")[:1])
        ),
        charter_start=Coalesce(
            Subquery(running.values("period_start")[:1]),
            Subquery(upcoming.values("period_start")[:1]),
        ),
    )


def search_municipalities(query: str) -> QuerySet[Municipality]:
    """Kommuner whose name contains QUERY, also when typed without å, ä and ö."""
    return Municipality.objects.filter(
        Q(name__icontains=query) | Q(slug__contains=slugify(query))
    ).select_related("county")


def public_municipality(slug: str) -> Municipality:
    """The kommun of SLUG with its county and police region, or 404."""
    found = reads.MUNICIPALITY_BY_SLUG.objects(slug=slug)
    if not found:
        raise Http404
    return found[0]


def public_charters(municipality: Municipality) -> list[Charter]:
    """MUNICIPALITY's published and closed charters, newest first, in one query."""
    return _charters_of(municipality, reads.PUBLIC_CHARTERS.objects(municipality=municipality.pk))


def _charters_of(municipality: Municipality, charters: list[Charter]) -> list[Charter]:
    for charter in charters:
        charter.municipality = municipality  # loaded already: no query for its address
        if charter.agreement_municipalities:  # reads.AGREEMENT_MUNICIPALITIES
            names = sorted(charter.agreement_municipalities.split("\n"))
            charter.agreement_municipalities = ", ".join(names)
    return charters


def get_public_charter(municipality: Municipality, pk: int) -> Charter:
    """A published or closed charter of MUNICIPALITY, or 404: drafts never reach residents."""
    charter = next((c for c in public_charters(municipality) if c.pk == pk), None)
    if charter is None:
        raise Http404
    return charter


def charter_context(charter: Charter) -> dict:
    """What a page that shows CHARTER as residents see it passes to public/_charter_body.html."""
    return {"page": load_charter_page(charter), "progress_formula": FORMULA}


def open_surveys(municipality: Municipality) -> list[Survey]:
    """The surveys of MUNICIPALITY that residents can answer today: one query."""
    surveys = reads.OPEN_SURVEYS.objects(municipality=municipality.pk, day=timezone.localdate())
    return with_municipality(municipality, surveys)


def with_municipality[T: Model](municipality: Municipality, rows: list[T]) -> list[T]:
    """ROWS, each with MUNICIPALITY (loaded already: no query for an address)."""
    for row in rows:
        row.municipality = municipality  # type: ignore[attr-defined]
    return rows


@dataclass
class KommunReads:
    charters: list[Charter]
    police_areas: list[PoliceArea]
    council_reports: list[CouncilReport]
    open_surveys: list[Survey]
    places: list[tuple[int, str]]  # for the tip form (TipForm's PLACES)


def kommun_reads(municipality: Municipality) -> KommunReads:
    """What a kommun page shows of MUNICIPALITY besides the charter: its public charters
    (public_charters()), the LPOs it works with, its published reports to the council and the
    surveys open today and the places its tip form offers, sent together (one round trip on
    PostgreSQL)."""
    of_kommun = {"municipality": municipality.pk}
    charters, police_areas, council_reports, surveys, places = together(
        reads.PUBLIC_CHARTERS.later(**of_kommun),
        reads.POLICE_AREAS.later(**of_kommun),
        reads.COUNCIL_REPORTS.later(**of_kommun),
        reads.OPEN_SURVEYS.later(**of_kommun, day=timezone.localdate()),
        TipForm.places_of(municipality),
    )
    return KommunReads(
        charters=_charters_of(municipality, charters),
        police_areas=police_areas,
        council_reports=with_municipality(municipality, council_reports),
        open_surveys=with_municipality(municipality, surveys),
        places=places,
    )


def police_areas_of(municipality: Municipality) -> list[PoliceArea]:
    """The LPOs the kommun works with (none, one, or several as in Stockholm), by name."""
    return reads.POLICE_AREAS.objects(municipality=municipality.pk)
