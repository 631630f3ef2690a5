"""The review dashboard's table of the progress residents read (followups.views.review).

The same figures as the kommun pages (followups.public.selectors.figures_of), read with only
the columns the table shows and by queries compiled once per process (CompiledQuery): the
charters in force, their promises with their public activities, the latest published follow-up
of each, their published rounds. For one kommun the table of its promises needs the
promises themselves, and figures_of() reads them.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import F, FilteredRelation, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from config.lib.compiled import CompiledQuery, Param, ParamList, together
from config.lib.lookups import AnyOf
from followups.models import FollowUp, FollowUpRound
from followups.progress import ASSESSMENT_ORDER, CharterProgress, tally, verdict
from followups.public.selectors import LATEST_FIRST, entered_late, figures_of
from followups.rounds import display_title
from followups.views.review_reads import address_format
from promises.models import Charter, Promise


class KommunLink(NamedTuple):
    name: str
    slug: str
    url: str = ""  # of its public page
    report_url: str = ""  # of its latest published follow-up report, if any


@dataclass(frozen=True)
class LatestReport:
    pk: int
    title: str

    @property
    def display_title(self) -> str:
        return display_title(self.title)


@dataclass
class PublicFigures:
    """A charter's progress as its kommun's page shows it (as CharterFigures, without the
    promises)."""

    charter: Charter
    progress: CharterProgress
    latest_report: LatestReport | None


def public_progress(kommun_ids: list[int] | None, chosen: dict) -> list[tuple]:
    """The progress residents read of each kommun in scope (or the one chosen): the charter
    its public page shows (the one in force, else the next announced), with the same
    figures. Four queries whatever the number of kommuner, one when no charter is in force.
    """
    values: dict = {"today": timezone.localdate()}
    if "municipality" in chosen:
        values["kommun_ids"] = [int(chosen["municipality"])]
    elif kommun_ids is not None:
        values["kommun_ids"] = kommun_ids
    query = CHARTERS_IN_FORCE_OF if "kommun_ids" in values else CHARTERS_IN_FORCE
    rows = query.dicts(**values)
    shown = _charter_shown(rows, values["today"])
    charters = [
        Charter(
            pk=row["pk"],
            municipality_id=row["municipality_id"],
            period_start=row["period_start"],
            period_end=row["period_end"],
            followup_cadence=row["followup_cadence"],
            created_at=row["created_at"],
        )
        for row in sorted(shown, key=lambda row: (row["name"], row["pk"]))
    ]
    links = {row["pk"]: KommunLink(row["name"], row["slug"]) for row in shown}
    if "municipality" in chosen:  # the promises' table too
        figures: dict = figures_of(charters)
    else:
        figures = _figures_of([charter.pk for charter in charters], charters)
    # The addresses from one reverse() each rather than two per kommun.
    page = address_format("public:municipality", slug="kommun-slug")
    report = address_format(
        "public:round_report", slug="kommun-slug", pk=1_900_000_001, round_pk=1_900_000_002
    )
    shown_progress = []
    for charter in charters:
        link, latest = links[charter.pk], figures[charter.pk].latest_report
        link = link._replace(
            url=page.format(slug=link.slug),
            report_url=report.format(slug=link.slug, pk=charter.pk, round_pk=latest.pk)
            if latest
            else "",
        )
        shown_progress.append((link, figures[charter.pk]))
    return shown_progress


def _charters_in_force(today: Param, kommun_ids: ParamList | None = None) -> QuerySet:
    charters = Charter.objects.filter(status=Charter.Status.PUBLISHED, period_end__gte=today)
    if kommun_ids is not None:
        charters = charters.filter(AnyOf(F("municipality_id"), kommun_ids))
    return charters.order_by().values(
        "pk",
        "municipality_id",
        "period_start",
        "period_end",
        "followup_cadence",
        "created_at",
        name=F("municipality__name"),
        slug=F("municipality__slug"),
    )


def _charter_shown(rows: list[dict], today: datetime.date) -> list[dict]:
    """Of each kommun's published charters not yet over, the one in force today (the latest
    begun), else the next to begin: as municipalities_with_charter_state() chooses."""
    shown: dict[int, tuple[tuple[int, int, int], dict]] = {}
    for row in rows:
        kommun, start = row["municipality_id"], row["period_start"].toordinal()
        key = (0, -start, -row["pk"]) if start <= today.toordinal() else (1, start, row["pk"])
        if kommun not in shown or key < shown[kommun][0]:
            shown[kommun] = (key, row)
    return [row for _key, row in shown.values()]


def _figures_of(ids: list[int], charters: list[Charter]) -> dict[int, PublicFigures]:
    """The figures of CHARTERS (their ids IDS), counted per charter at once: the table shows
    no promise, so no promise's own tally is built (CharterProgress.of adds up the same)."""
    if not charters:
        return {}
    promises, follow_ups, rounds = together(  # one round trip on PostgreSQL
        PROMISES_OF.later("rows", ids=ids),
        LATEST_PUBLISHED_OF.later("rows", ids=ids),
        PUBLISHED_ROUNDS_OF.later("rows", ids=ids),
    )
    charter_of: dict[int, int] = {}  # the promises' charters
    activities = []
    for pk, charter_id, activity_id in promises:
        charter_of[pk] = charter_id
        if activity_id:
            activities.append((activity_id, charter_id))
    status_of: dict[int, str] = {}
    verdict_of: dict[int, str] = {}
    for activity_id, promise_id, status, assessment in follow_ups:
        if activity_id:
            status_of[activity_id] = status
        else:
            verdict_of[promise_id] = assessment
    latest: dict[int, LatestReport] = {}
    for pk, charter_id, title in rounds:
        latest[charter_id] = LatestReport(pk, title)  # the last wins
    statuses: dict[int, list[str | None]] = defaultdict(list)
    for activity_id, charter_id in activities:
        statuses[charter_id].append(status_of.get(activity_id))
    verdicts: dict[int, Counter[str]] = defaultdict(Counter)
    for promise_id, charter_id in charter_of.items():
        verdicts[charter_id][verdict(verdict_of.get(promise_id))] += 1
    figures = {}
    for charter in charters:
        found = statuses[charter.pk]
        if entered_late(charter):
            # Activities with no follow-up recorded are shown apart, not as not started.
            recorded = [status for status in found if status is not None]
            activities_tally = tally(recorded, unrecorded=len(found) - len(recorded))
        else:
            activities_tally = tally(found)
        counted = verdicts[charter.pk]
        progress = CharterProgress(
            {value: counted[value] for value in ASSESSMENT_ORDER}, activities_tally
        )
        figures[charter.pk] = PublicFigures(charter, progress, latest.get(charter.pk))
    return figures


def _promises_of(ids: ParamList) -> QuerySet:
    """The promises of the charters IDS, each with its public activities (a row each) or
    none (one row, without an activity)."""
    public = FilteredRelation("activities", condition=Q(activities__is_public=True))
    return (
        Promise.objects.filter(AnyOf(F("charter_id"), ids))
        .annotate(public_activity=public)
        .order_by()
        .values("pk", "charter_id", activity_id=F("public_activity__id"))
    )


def _latest_published_of(ids: ParamList) -> QuerySet:
    """As followups.public.selectors.latest_published_of, the charters as an array."""
    published = FollowUpRound.objects.filter(
        AnyOf(F("charter_id"), ids), published_at__isnull=False
    )
    return (
        FollowUp.objects.filter(round__in=published.values("pk"))
        .order_by()
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("activity_id"), F("promise_id")],
                order_by=[F(name[1:]).desc() for name in LATEST_FIRST],
            )
        )
        .filter(rank=1)
        .values("activity_id", "promise_id", "status", "assessment")
    )


def _published_rounds_of(ids: ParamList) -> QuerySet:
    return (
        FollowUpRound.objects.filter(AnyOf(F("charter_id"), ids), published_at__isnull=False)
        .order_by("charter_id", "period_start", "id")
        .values("pk", "charter_id", "title")
    )


# The charters not yet over, of every kommun or of the kommuner KOMMUN_IDS.
CHARTERS_IN_FORCE = CompiledQuery(lambda: _charters_in_force(Param("today")))
CHARTERS_IN_FORCE_OF = CompiledQuery(
    lambda: _charters_in_force(Param("today"), ParamList("kommun_ids"))
)
# Of the charters IDS: their promises, the latest published follow-ups, the published rounds.
PROMISES_OF = CompiledQuery(lambda: _promises_of(ParamList("ids")))
LATEST_PUBLISHED_OF = CompiledQuery(lambda: _latest_published_of(ParamList("ids")))
PUBLISHED_ROUNDS_OF = CompiledQuery(lambda: _published_rounds_of(ParamList("ids")))
