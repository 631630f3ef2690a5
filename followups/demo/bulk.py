"""Fast writing of the national demo data: plain rows with reserved ids, COPY on PostgreSQL.

Promises, activities and follow-ups are some 230 000 rows at national scale. Building a model
instance for each and letting bulk_create prepare every value through its field took most of
the run's time, so they are collected as plain rows here and written by insert_rows().
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections, router
from django.db.models import DateField, DateTimeField, Model
from django.utils import timezone

from followups.models import FollowUp, FollowUpRound
from promises.models import Activity, Charter, Contact, Promise, Signatory
from situations.models import Finding, Problem, SituationReport, Source

BATCH_SIZE = 2000
Assessment = Promise.Assessment


@dataclass(slots=True)
class PromiseRow:
    charter: Charter
    owner: str
    title: str
    text: str
    order: int
    focus_area_id: int
    assessment: str = Assessment.NOT_ASSESSED
    pk: int | None = None
    problem: Problem | None = None  # the prioritised problem it answers, if any


@dataclass(slots=True)
class ActivityRow:
    promise: PromiseRow
    title: str
    kind: str
    party: str
    recurrence: str
    expected_effect: str
    start_date: datetime.date
    end_date: datetime.date
    is_public: bool
    order: int
    place_id: int | None
    pk: int | None = None


@dataclass(slots=True)
class FollowUpRow:
    round: FollowUpRound
    activity: ActivityRow | None
    promise: PromiseRow | None
    status: str
    assessment: str
    reason: str
    narrative: str
    reported_on: datetime.date


class Batch:
    """The rows of one run, collected per table and then written parents first.

    The few thousand charters, reports and rounds are model instances saved with bulk_create;
    promises, activities and follow-ups are plain rows written by insert_rows().
    """

    def __init__(self) -> None:
        self.reports: list[SituationReport] = []
        self.sources: list[Source] = []
        self.findings: list[Finding] = []
        self.problems: list[Problem] = []
        self.problem_findings: list[tuple[Problem, Finding]] = []
        self.problem_places: list[tuple[Problem, int]] = []
        self.charters: list[Charter] = []
        self.signatories: list[Signatory] = []
        self.contacts: list[Contact] = []
        self.rounds: list[FollowUpRound] = []
        self.promises: list[PromiseRow] = []
        self.activities: list[ActivityRow] = []
        self.follow_ups: list[FollowUpRow] = []

    def save(self) -> None:
        for rows in (
            self.reports,
            self.sources,
            self.findings,
            self.problems,
            self.charters,
            self.signatories,
            self.contacts,
            self.rounds,
        ):
            if rows:
                type(rows[0]).objects.bulk_create(rows, batch_size=BATCH_SIZE)
        for row, pk in zip(self.promises, allocate_ids(Promise, len(self.promises)), strict=True):
            row.pk = pk
        insert_rows(
            Promise,
            ["id", "charter", "owner", "title", "text", "order", "assessment"],
            (
                (p.pk, p.charter.pk, p.owner, p.title, p.text, p.order, p.assessment)
                for p in self.promises
            ),
        )
        insert_rows(
            Promise.focus_areas.through,
            ["promise", "focusarea"],
            ((p.pk, p.focus_area_id) for p in self.promises),
        )
        insert_rows(
            Problem.findings.through,
            ["problem", "finding"],
            ((problem.pk, finding.pk) for problem, finding in self.problem_findings),
        )
        insert_rows(
            Problem.places.through,
            ["problem", "place"],
            ((problem.pk, place_id) for problem, place_id in self.problem_places),
        )
        insert_rows(
            Promise.problems.through,
            ["promise", "problem"],
            ((p.pk, p.problem.pk) for p in self.promises if p.problem is not None),
        )
        for row, pk in zip(
            self.activities, allocate_ids(Activity, len(self.activities)), strict=True
        ):
            row.pk = pk
        insert_rows(
            Activity,
            [
                "id",
                "promise",
                "title",
                "description",
                "kind",
                "responsible_party",
                "responsible_function",
                "recurrence",
                "repeats",
                "dates",
                "expected_effect",
                "start_date",
                "end_date",
                "is_public",
                "order",
            ],
            (
                (
                    a.pk,
                    a.promise.pk,
                    a.title,
                    "",
                    a.kind,
                    a.party,
                    "",
                    a.recurrence,
                    Activity.Repeats.NONE,
                    "[]",  # no dates given: JSON, as the column keeps it
                    a.expected_effect,
                    a.start_date,
                    a.end_date,
                    a.is_public,
                    a.order,
                )
                for a in self.activities
            ),
        )
        insert_rows(
            Activity.places.through,
            ["activity", "place"],
            ((a.pk, a.place_id) for a in self.activities if a.place_id),
        )
        insert_rows(
            FollowUp,
            [
                "round",
                "activity",
                "promise",
                "status",
                "assessment",
                "reason",
                "narrative_internal",
                "narrative_public",
                "reported_on",
                "evidence_url",
                "owner",
                "review_decision",
            ],
            (
                (
                    f.round.pk,
                    f.activity and f.activity.pk,
                    f.promise and f.promise.pk,
                    f.status,
                    f.assessment,
                    f.reason,
                    f.narrative,
                    f.narrative,
                    f.reported_on,
                    "",
                    (f.activity.promise if f.activity else f.promise).owner,
                    "",  # no review yet
                )
                for f in self.follow_ups
            ),
        )


def allocate_ids(model: type[Model], count: int) -> list[int]:
    """Reserve COUNT primary keys of MODEL, so that rows can be written with their ids."""
    connection = connections[router.db_for_write(model)]
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return [pk for (pk,) in cursor.fetchall()]
        if connection.vendor != "sqlite":
            raise NotImplementedError(connection.vendor)
        # SQLite: the writes of this transaction hold the database's write lock, so no one
        # else can take these ids; sqlite_sequence keeps AUTOINCREMENT from reusing old ones.
        cursor.execute(
            f"SELECT MAX(COALESCE((SELECT MAX({connection.ops.quote_name(column)}) "
            f"FROM {connection.ops.quote_name(table)}), 0), "
            "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def insert_rows(model: type[Model], names: list[str], rows: Iterable[tuple]) -> None:
    """Insert ROWS of values for the fields NAMES, without building model instances.

    PostgreSQL gets them through COPY, SQLite through executemany. Every column needs a value:
    the created and updated times are added here, but other defaults are not.
    """
    connection = connections[router.db_for_write(model)]
    ops = connection.ops
    stamped = any(field.name == "created_at" for field in model._meta.fields)
    fields = [model._meta.get_field(name) for name in names]
    if stamped:
        now = timezone.now()
        fields += [model._meta.get_field("created_at"), model._meta.get_field("updated_at")]
        rows = ((*row, now, now) for row in rows)
    table = ops.quote_name(model._meta.db_table)
    columns = ", ".join(ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        adapters = [
            ops.adapt_datetimefield_value
            if isinstance(field, DateTimeField)
            else ops.adapt_datefield_value
            if isinstance(field, DateField)
            else None
            for field in fields
        ]
        placeholders = ", ".join(["%s"] * len(fields))
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",
            (
                [
                    adapt(value) if adapt and value is not None else value
                    for value, adapt in zip(row, adapters, strict=True)
                ]
                for row in rows
            ),
        )
