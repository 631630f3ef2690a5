"""What the review dashboard (followups.views.review) reads for its filters, counts and list:
the rounds in the user's scope, the follow-ups counted per kommun, the rows of one page."""

from __future__ import annotations

import datetime
import html
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple, TypedDict

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from config.lib.compiled import CompiledQuery, Param, ParamList
from config.lib.lookups import AnyOf
from followups import services
from followups.filters import ReviewFilter
from followups.models import (
    FollowUp,
    FollowUpRound,
    Review,
    unassessed_promises,
    unfollowed_activities,
)
from followups.rounds import display_title
from promises.models import Activity, Charter, Party, Promise
from situations.models import Municipality, PoliceArea


class ScopeRound(NamedTuple):
    """A round in the user's scope, as the dashboard's filter and counts need it."""

    pk: int
    period_start: datetime.date
    period_end: datetime.date
    title: str
    municipality_id: int
    charter_title: str


def rounds_in_scope(kommun_ids: list[int]) -> list[ScopeRound]:
    """The rounds of the kommuner KOMMUN_IDS: one query.

    Read once for the dashboard: they give the round filter's periods, the follow-ups'
    scope as an array of round ids and the kommun of each round for the counts. With a
    subquery of the rounds instead, PostgreSQL joined a police manager's follow-ups to every
    round and charter to count them: 16 ms instead of 3 (counts_by_kommun).
    """
    return list(map(ScopeRound._make, ROUNDS_OF_KOMMUNER.rows(kommun_ids=kommun_ids)))


ROUNDS_OF_KOMMUNER = CompiledQuery(
    lambda: FollowUpRound.objects.filter(
        AnyOf(F("charter__municipality_id"), ParamList("kommun_ids"))
    ).order_by(),  # in no order: not the default, which joins the kommun for its name
    # ScopeRound's fields, in its order.
    "pk",
    "period_start",
    "period_end",
    "title",
    "charter__municipality_id",
    "charter__title",
)


class PoliceAreaChoice(NamedTuple):
    pk: int
    name: str


def police_areas_of(kommun_ids: list[int] | None) -> list[PoliceAreaChoice]:
    """The LPOs of the kommuner KOMMUN_IDS (None: of every kommun), by name: one query."""
    if kommun_ids is None:
        rows = POLICE_AREAS.dicts()
    else:
        rows = POLICE_AREAS_OF.dicts(kommun_ids=kommun_ids)
    return [PoliceAreaChoice(**row) for row in rows]


def _police_areas_of(kommun_ids: ParamList | None = None) -> QuerySet:
    areas = PoliceArea.objects.order_by("name", "id")
    if kommun_ids is not None:
        areas = areas.filter(AnyOf(F("municipalities__id"), kommun_ids)).distinct()
    return areas.values("pk", "name")


POLICE_AREAS = CompiledQuery(_police_areas_of)
POLICE_AREAS_OF = CompiledQuery(lambda: _police_areas_of(ParamList("kommun_ids")))


def periods_of(rounds: list[ScopeRound]) -> list[tuple[datetime.date, datetime.date, str]]:
    """The periods of ROUNDS, the latest first, each named by the first of its rounds'
    titles: a round is chosen by its period across kommuner."""
    titles: dict[tuple[datetime.date, datetime.date], str] = {}
    for round_ in rounds:
        period = (round_.period_start, round_.period_end)
        if period not in titles or round_.title < titles[period]:
            titles[period] = round_.title
    ordered = sorted(titles.items(), key=lambda item: (-item[0][0].toordinal(), item[0][1]))
    return [(start, end, title) for (start, end), title in ordered]


def counts_by_kommun(
    follow_ups: QuerySet[FollowUp],
    kommun_of_round: dict[int, int] | None = None,
    *,
    whole_scope: bool = False,
) -> list[tuple[int, str, str, int]]:
    """(kommun id, status, assessment, number) of FOLLOW_UPS: one query.

    Counted per round straight from the follow-ups' index (round, status, assessment), then
    per kommun: in Python with KOMMUN_OF_ROUND (the rounds of a user's scope, already read),
    else in the database, those few thousand sums joined to their rounds and charters.
    Joining every follow-up to its round and charter first would cost twice as long at
    national scale. WHOLE_SCOPE: FOLLOW_UPS are all those of KOMMUN_OF_ROUND's rounds
    (nothing chosen), counted by a query compiled once per process.
    """

    def per_round() -> QuerySet:
        return (
            follow_ups.order_by().values("round_id", "status", "assessment").annotate(n=Count("*"))
        )

    if kommun_of_round is not None:
        sums: dict[tuple[int, str, str], int] = defaultdict(int)
        rows: Iterable[Any]
        if whole_scope:
            rows = COUNTED_PER_ROUND.rows(round_ids=list(kommun_of_round))
        else:
            rows = per_round().values_list("round_id", "status", "assessment", "n")
        for round_id, status, assessment, number in rows:
            sums[kommun_of_round[round_id], status, assessment] += number
        return [(*key, number) for key, number in sums.items()]
    try:
        inner, params = per_round().query.sql_with_params()
    except EmptyResultSet:  # a condition that can match nothing: no query at all
        return []
    quote = connection.ops.quote_name
    rounds, charters = FollowUpRound._meta.db_table, Charter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.municipality_id, s.status, s.assessment, SUM(s.n) FROM ({inner}) s "
            f"JOIN {quote(rounds)} r ON r.id = s.round_id "
            f"JOIN {quote(charters)} c ON c.id = r.charter_id "
            "GROUP BY c.municipality_id, s.status, s.assessment",
            params,
        )
        return cursor.fetchall()


def count_of(queryset: QuerySet, group_by: str) -> Coalesce:
    """The number of rows of a correlated QUERYSET, as an annotation (0 when there are none)."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@dataclass(frozen=True)
class OverdueRound:
    """A round past due, with how many activities it expects, how many lack a follow-up
    and how many promises lack an assessment."""

    pk: int
    title: str
    due_on: datetime.date
    charter_id: int
    charter_title: str
    municipality_id: int
    municipality: str
    expected: int
    missing: int
    unassessed: int

    @property
    def display_title(self) -> str:
        return display_title(self.title)


def rounds_with_missing(
    filterset: ReviewFilter, kommun_ids: list[int] | None, today: datetime.date
) -> list[OverdueRound]:
    """Overdue rounds in scope, each with how many activities it expects, how many lack a
    follow-up and how many promises lack an assessment (of the chosen owner's promises).

    One query of the rounds past due, with only the columns the table shows, compiled once
    per process for each combination of choices (past_due_query); those with nothing missing
    are left out here rather than in SQL, where the condition would repeat the counting
    subqueries (twice the SQL to build and plan). Rounds past due and unpublished are few,
    whatever the data.
    """
    values: dict = {"today": today}
    if owner := filterset.chosen.get("owner", ""):
        values["owner"] = owner
    if kommun_ids is not None:
        values["kommun_ids"] = kommun_ids
    for name, value in filterset.round_filters().items():
        values[name] = int(value) if name.endswith("_id") else value  # a kommun's or an LPO's
    rows = past_due_query(tuple(values)).dicts(**values)
    return [OverdueRound(**row) for row in rows if row["missing"] or row["unassessed"]]


# The query of rounds_with_missing() for each combination of choices (at most 32): the
# names of its values.
_PAST_DUE: dict[tuple[str, ...], CompiledQuery] = {}


def past_due_query(names: tuple[str, ...]) -> CompiledQuery:
    """The query of the rounds past due with the values NAMES, compiled once per process."""
    if names not in _PAST_DUE:
        params: dict[str, Any] = {
            name: ParamList(name) if name == "kommun_ids" else Param(name) for name in names
        }
        _PAST_DUE[names] = CompiledQuery(lambda: _past_due(**params))
    return _PAST_DUE[names]


def _past_due(
    today: Any, owner: Any = None, kommun_ids: ParamList | None = None, **lookups: Param
) -> QuerySet:
    """The rounds past due TODAY (a Param, as OWNER and LOOKUPS' values)."""
    rounds = FollowUpRound.objects.filter(**lookups)
    if kommun_ids is not None:
        rounds = rounds.filter(AnyOf(F("charter__municipality_id"), kommun_ids))
    activities = Activity.objects.filter(promise__charter=OuterRef("charter"))
    if owner is not None:
        activities = activities.filter(promise__owner=owner)
    return (
        rounds.past_due(today)
        .annotate(
            expected=count_of(activities, "promise__charter"),
            missing=count_of(unfollowed_activities(owner), "promise__charter"),
            unassessed=count_of(unassessed_promises(owner), "charter"),
        )
        .order_by("due_on", "charter__municipality__name", "id")
        .values(
            "pk",
            "title",
            "due_on",
            "charter_id",
            "expected",
            "missing",
            "unassessed",
            charter_title=F("charter__title"),
            municipality_id=F("charter__municipality_id"),
            municipality=F("charter__municipality__name"),
        )
    )


COUNTED_PER_ROUND = CompiledQuery(
    lambda: (
        FollowUp.objects.filter(AnyOf(F("round_id"), ParamList("round_ids")))
        .order_by()
        .values("round_id", "status", "assessment")
        .annotate(n=Count("*"))
    )
)


class ScopeIds:
    """The ids of every follow-up of ROUND_IDS in the list's order, as the paginator slices
    them: the query of each page compiled once per process."""

    def __init__(self, round_ids: list[int]) -> None:
        self.round_ids = round_ids

    def __getitem__(self, page: slice) -> list[int]:
        bounds = (page.start, page.stop)
        query = _SCOPE_PAGES.get(bounds)
        if query is None:
            query = CompiledQuery(lambda: _scope_ids(ParamList("round_ids"))[page])
            if len(_SCOPE_PAGES) < _MOST_SCOPE_PAGES:
                _SCOPE_PAGES[bounds] = query
        return [pk for (pk,) in query.rows(round_ids=self.round_ids)]


def _scope_ids(round_ids: ParamList) -> QuerySet:
    return list_order(FollowUp.objects.filter(AnyOf(F("round_id"), round_ids))).values("pk")


# The query of each page of ScopeIds, for the first 40 pages read: a page's slice is in its
# SQL. Any other page's is compiled at each reading.
_SCOPE_PAGES: dict[tuple[int, int], CompiledQuery] = {}
_MOST_SCOPE_PAGES = 40


def address_format(name: str, **samples: int | str) -> str:
    """The address of the URL NAME as a format string, each argument a {field}: one reverse()
    for a whole table rather than one per row (each costs more than the row's other cells).

    SAMPLES: a value of each argument that its converter accepts and that occurs nowhere else
    in the address, e.g. address_format("public:municipality", slug="kommun-slug").
    """
    address = reverse(name, kwargs=samples).replace("{", "{{").replace("}", "}}")
    for field, sample in samples.items():
        assert address.count(str(sample)) == 1, f"{sample!r} is not unique in {address}"
        address = address.replace(str(sample), f"{{{field}}}")
    return address


def list_order(follow_ups: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    """The order of the review list: the latest reported first."""
    return follow_ups.order_by("-reported_on", "-id")


class ListRow(TypedDict):
    """A follow-up as a row of the review list shows it: its labels already chosen, and every
    text already escaped (a SafeString) so that the template writes it as it is.

    A dictionary, which the template engine reads at its first try, and escaped text, which it
    writes without escaping it again: fifty rows of some twenty values each were the page's
    most costly part. The labels repeated from row to row (a kommun, a round, a status) are
    escaped once for the page.
    """

    pk: SafeString  # the id, as text
    url: SafeString  # its page, with the list's filters
    target: SafeString  # the activity's or promise's title, cut at 90 characters
    of_promise: bool
    municipality: SafeString
    round_title: SafeString
    owner: SafeString
    status: SafeString  # the activity's status, or "" for a promise's assessment
    state: SafeString  # the status or assessment as the reader reads it
    reported_on: SafeString  # ISO date
    version: SafeString  # for the bulk form (services.follow_up_version)
    choose_label: SafeString  # the check box's label for a screen reader
    selected: bool  # ticked in the bulk form that came back with errors
    decision: SafeString  # the latest review's decision, "" when there is none
    decision_label: SafeString
    changed_since_review: bool  # changed after its latest review, which still stands
    to_review_again: bool  # changed after its latest review, whose decision was reset


@dataclass(frozen=True)
class BulkRound:
    """A round of the page's follow-ups, as the bulk form offers it."""

    pk: int
    label: str  # "Kommun: Kvartal 3 2026 (Medborgarlöfte 2026)"


class RowRound(NamedTuple):
    """What the list shows of a follow-up's round."""

    title: str  # as stored (display_title)
    period_start: datetime.date
    charter_title: str
    municipality: str


def row_rounds(
    rounds: list[ScopeRound], municipalities: Iterable[Municipality]
) -> dict[int, RowRound]:
    """What the list shows of ROUNDS (the rounds in scope), by id: their kommuner's names
    from MUNICIPALITIES (the scope) rather than from a join."""
    names = {municipality.pk: municipality.name for municipality in municipalities}
    return {
        r.pk: RowRound(r.title, r.period_start, r.charter_title, names[r.municipality_id])
        for r in rounds
    }


def choice_labels(choices: list[tuple[str, Any]]) -> dict[str, str]:
    """CHOICES' labels by value, capitalised and translated once for the page rather than
    once per row (get_FOO_display rebuilds the choices at every call). As text, not lazily:
    a lazy label is translated again wherever the template writes it."""
    return {value: str(capfirst(label)) for value, label in choices}


def _rows_of(ids: ParamList, *, with_rounds: bool) -> QuerySet:
    """The list's columns of the follow-ups IDS; WITH_ROUNDS, their rounds' too (a scope
    without its rounds read: the whole country)."""
    latest = Review.objects.filter(follow_up=OuterRef("pk")).order_by("-created_at", "-id")
    rounds = (
        (
            "round__title",
            "round__period_start",
            "round__charter__title",
            "round__charter__municipality__name",
        )
        if with_rounds
        else ()
    )
    return list_order(
        FollowUp.objects.filter(AnyOf(F("pk"), ids)).annotate(
            reviewed=Subquery(latest.values("decision")[:1]),
            reviewed_at=Subquery(latest.values("created_at")[:1]),
        )
    ).values(
        "pk",
        "status",
        "assessment",
        "reported_on",
        "updated_at",
        "review_decision",
        "reviewed",
        "reviewed_at",
        "round_id",
        "activity__title",
        "activity__promise__owner",
        "promise_id",
        "promise__title",
        "promise__text",
        "promise__owner",
        *rounds,
    )


# The rows of the follow-ups IDS, with their rounds' columns or (the rounds in scope already
# read) without: joined to every round, PostgreSQL hashed all 5,744 of them for 50 rows.
LIST_ROWS = CompiledQuery(lambda: _rows_of(ParamList("ids"), with_rounds=True))
LIST_ROWS_ALONE = CompiledQuery(lambda: _rows_of(ParamList("ids"), with_rounds=False))


def truncated(text: str, length: int) -> str:
    """TEXT cut at LENGTH characters, as Truncator(text).chars(length), which walks through
    every character of the text even when it is short enough (a tenth of the list's time)."""
    text = unicodedata.normalize("NFC", text)  # as Truncator
    return text if len(text) <= length else Truncator(text).chars(length)


def escaped(text: str) -> SafeString:
    """TEXT escaped as django.utils.html.escape() does (it calls html.escape), without its
    check for lazy strings on each of the list's hundreds of calls."""
    return SafeString(html.escape(text))


class _Escaped(dict):
    """Texts escaped once each, however many rows repeat them."""

    def __missing__(self, text: str) -> SafeString:
        self[text] = safe = escaped(text)
        return safe


def list_rows(
    ids: list[int],
    list_query: str,
    *,
    rounds: dict[int, RowRound] | None = None,
    selected: set[int] | frozenset[int] = frozenset(),
) -> tuple[list[ListRow], list[BulkRound]]:
    """The follow-ups IDS as rows of the review list, in the list's order, and their rounds
    for the bulk form: one query, of only the columns the list shows, with the latest
    review of each (no model instances: the list was half the page's time). ROUNDS: what
    the list shows of the rounds in scope, already read (else the query joins the rounds).
    Each row links to its follow-up's page with LIST_QUERY, the list's filters (ListPlace);
    those of SELECTED are ticked."""
    if not ids:
        return [], []
    if rounds is None:
        follow_ups = LIST_ROWS.dicts(ids=ids)
        rounds = {
            row["round_id"]: RowRound(
                row["round__title"],
                row["round__period_start"],
                row["round__charter__title"],
                row["round__charter__municipality__name"],
            )
            for row in follow_ups
        }
    else:
        follow_ups = LIST_ROWS_ALONE.dicts(ids=ids)
    statuses = choice_labels(FollowUp.Status.choices)
    assessments = choice_labels(Promise.Assessment.choices)
    owners = choice_labels(Party.choices)
    decisions = choice_labels(Review.Decision.choices)
    choose = _("Choose the follow-up of %(target)s, %(municipality)s, %(round)s")
    query = f"?{list_query}" if list_query else ""
    address = address_format("followups:follow_up", pk=1_900_000_000)
    labels = _Escaped()
    round_titles: dict[int, str] = {}
    rows: list[ListRow] = []
    bulk: dict[int, tuple] = {}
    for row in follow_ups:
        if row["promise_id"]:
            title = row["promise__title"] or row["promise__text"][:80]  # as Promise.__str__
            owner = row["promise__owner"]
        else:
            title, owner = row["activity__title"], row["activity__promise__owner"]
        target = truncated(title, 90)
        round_id = row["round_id"]
        round_ = rounds[round_id]
        if round_id not in round_titles:
            round_titles[round_id] = display_title(round_.title)
        round_title = round_titles[round_id]
        status, decision = row["status"], row["reviewed"] or ""
        pk = row["pk"]
        rows.append(
            {
                # Digits: nothing to escape.
                "pk": SafeString(pk),
                "url": escaped(address.format(pk=pk) + query),
                "target": escaped(target),
                "of_promise": bool(row["promise_id"]),
                "municipality": labels[round_.municipality],
                "round_title": labels[round_title],
                "owner": labels[owners.get(owner, owner)],
                "status": labels[status],
                "state": labels[
                    statuses[status] if status else assessments.get(row["assessment"], "")
                ],
                "reported_on": SafeString(row["reported_on"].isoformat()),
                "version": SafeString(services.version_of(row["updated_at"])),
                "choose_label": escaped(
                    choose
                    % {"target": target, "municipality": round_.municipality, "round": round_title}
                ),
                "selected": pk in selected,
                "decision": labels[decision],
                "decision_label": labels[decisions.get(decision, "")],
                "changed_since_review": bool(decision and row["review_decision"])
                and row["updated_at"] > row["reviewed_at"],
                "to_review_again": bool(decision) and not row["review_decision"],
            }
        )
        bulk[round_id] = (
            round_.municipality,
            -round_.period_start.toordinal(),
            round_id,
            f"{round_.municipality}: {round_title} ({round_.charter_title})",
        )
    bulk_rounds = [BulkRound(pk, label) for *_key, pk, label in sorted(bulk.values())]
    return rows, bulk_rounds
