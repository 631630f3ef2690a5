"""Queries built and compiled once per process, run many times with new values.

Building a queryset and compiling it to SQL costs more CPU than PostgreSQL spends answering
the small queries of a public page. A query whose shape never changes (the same tables,
columns, joins and order; only some values differ) can be compiled once:

    PROMISES = CompiledQuery(
        lambda: Promise.objects.filter(charter_id=Param("charter")).order_by("order", "id"),
        "id", "title",
    )
    PROMISES.rows(charter=charter.pk)  # [(1, "…"), …], as values_list("id", "title")

The values that vary are `Param`s in the queryset; every other value is compiled into the
query. A list of values is a `ParamList`, compared with config.lib.lookups.AnyOf:

    ROUNDS = CompiledQuery(
        lambda: FollowUpRound.objects.filter(AnyOf(F("charter_id"), ParamList("charters"))),
        "id",
    )
    ROUNDS.rows(charters=[1, 2, 3])  # any number of ids, the same SQL; [] gives no rows

It is one parameter whatever its length: an array on PostgreSQL (`= ANY(%s)`, which the
planner handles as a list of constants), a JSON list on SQLite (`IN (SELECT value FROM
json_each(%s))`). Whatever else changes the SQL (a condition added or not, a slice) needs a
CompiledQuery of its own, one per shape. The SQL is compiled per database alias, so one query
serves SQLite and PostgreSQL, and it is the same text on every run, which PostgreSQL's
prepared statements reuse.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import Expression, Field, Model, QuerySet
from django.db.models.query import get_related_populators


class Param(Expression):
    """A value of a CompiledQuery given when it runs, by the keyword NAME."""

    def __init__(self, name: str, output_field: Field | None = None) -> None:
        super().__init__(output_field=output_field or Field())
        self.name = name

    def as_sql(self, compiler, connection):
        return "%s", (self,)

    def value_for(self, value: Any, connection: Any) -> Any:
        """VALUE as the query's parameter on CONNECTION."""
        return connection.ops.adapt_unknown_value(value)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


class ParamList(Param):
    """A list of values given when the query runs, by the keyword NAME: the right side of
    AnyOf (`AnyOf(F("pk"), ParamList("ids"))`), one parameter whatever the list's length.

    Not of `__in`, which would make it a subquery on PostgreSQL (`IN (SELECT unnest(%s))`),
    planned without knowing the list's length, where `= ANY(%s)` is planned with it.
    """

    def as_sql(self, compiler, connection):
        raise TypeError(f"{self!r} is compared with config.lib.lookups.AnyOf")

    def value_for(self, value: Any, connection: Any) -> Any:
        if connection.vendor == "postgresql":
            return list(value)  # an array, of values the driver adapts
        # Read by json_each(): a date or a time as the text the database compares.
        return json.dumps(
            list(value), default=lambda item: str(connection.ops.adapt_unknown_value(item))
        )


@dataclass
class _Compiled:
    sql: str | None  # None for a query that can give no rows (a slice [0:0], a filter on [])
    params: tuple  # the values compiled in, and a Param where a value is given at run time
    col_count: int
    names: tuple[str, ...]  # of the columns, for dicts()
    # (position in the row, its converters, the column's expression), as Django applies them
    converters: list[tuple[int, list, Any]]
    # For model instances, what Django's ModelIterable reads from the compiler.
    model: type[Model] | None = None
    init_list: list[str] = field(default_factory=list)
    model_columns: slice = slice(0)
    related_populators: list = field(default_factory=list)
    annotation_col_map: dict[str, int] = field(default_factory=dict)


class CompiledQuery:
    """BUILD()'s queryset compiled once per database alias and run with new values.

    With FIELDS, the query reads them as values_list(*FIELDS) would (rows(), dicts()). Without,
    a queryset built with .values(…) reads its columns (dicts() as the queryset's rows, rows()
    as tuples), any other gives model instances as the queryset would (objects():
    select_related, only() and annotations included; prefetch_related is not supported).
    """

    def __init__(self, build: Callable[[], QuerySet], *fields: str) -> None:
        self.build = build
        self.fields = fields
        self._compiled: dict[str, _Compiled] = {}
        self._model: type[Model] | None = None

    def _alias(self, using: str | None) -> str:
        if using:
            return using
        if self._model is None:
            self._model = self.build().model
        return router.db_for_read(self._model)

    def _compile(self, alias: str) -> _Compiled:
        queryset = self.build()
        if queryset._prefetch_related_lookups:  # type: ignore[attr-defined]
            raise ValueError("A compiled query cannot prefetch: read the relation on its own.")
        names: tuple[str, ...] = self.fields
        if self.fields:
            queryset = queryset.values_list(*self.fields)
        elif queryset._fields is not None:  # type: ignore[attr-defined]  # built as .values()
            names = _names_of(queryset.query)
        compiler = queryset.query.get_compiler(alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return _Compiled(None, (), 0, names, [])
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        compiled = _Compiled(
            sql,
            tuple(params),
            compiler.col_count,
            names,
            [(at, found[0], found[1]) for at, found in compiler.get_converters(columns).items()],
        )
        if not names:
            klass_info, select = compiler.klass_info, compiler.select
            first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
            compiled.model = klass_info["model"]
            compiled.init_list = [column[0].target.attname for column in select[first:last]]
            compiled.model_columns = slice(first, last)
            compiled.related_populators = get_related_populators(
                klass_info,
                select,
                alias,
                queryset._fetch_mode,  # type: ignore[attr-defined]
            )
            compiled.annotation_col_map = compiler.annotation_col_map or {}
        return compiled

    def _compiled_for(self, alias: str) -> _Compiled:
        compiled = self._compiled.get(alias)
        if compiled is None:
            compiled = self._compiled[alias] = self._compile(alias)
        return compiled

    def _params(self, compiled: _Compiled, values: dict[str, Any], connection: Any) -> list:
        return [
            param.value_for(values[param.name], connection) if isinstance(param, Param) else param
            for param in compiled.params
        ]

    def rows(self, using: str | None = None, **values: Any) -> list[tuple]:
        """The rows as tuples of FIELDS, with VALUES for the query's Params."""
        return together(self.later("rows", using, **values))[0]

    def dicts(self, using: str | None = None, **values: Any) -> list[dict[str, Any]]:
        """The rows as dictionaries of FIELDS (or of the columns of a .values() query)."""
        return together(self.later("dicts", using, **values))[0]

    def objects(self, using: str | None = None, **values: Any) -> list[Any]:
        """The rows as the queryset's model instances."""
        return together(self.later("objects", using, **values))[0]

    def later(self, kind: str = "objects", using: str | None = None, **values: Any) -> Later:
        """This query with VALUES, to be run by together() with others: its result as
        KIND ("rows", "dicts" or "objects") says."""
        if kind not in ("rows", "dicts", "objects"):
            raise ValueError(f"{kind!r}: a query gives rows, dicts or objects")
        return Later(self, kind, self._alias(using), values)

    @staticmethod
    def _as_objects(alias: str, compiled: _Compiled, rows: list[Sequence]) -> list[Any]:
        if compiled.sql is None:
            return []
        assert compiled.model is not None, "a query of columns gives rows(), not objects()"
        from_db, init_list, columns = (
            compiled.model.from_db,
            compiled.init_list,
            compiled.model_columns,
        )
        instances = []
        for row in rows:
            instance = from_db(alias, init_list, row[columns])
            for populator in compiled.related_populators:
                populator.populate(row, instance)
            for name, position in compiled.annotation_col_map.items():
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances


@dataclass(frozen=True)
class Later:
    """A CompiledQuery with its values, waiting for together() (CompiledQuery.later())."""

    query: CompiledQuery
    kind: str
    alias: str
    values: dict[str, Any]


def together(*runs: Later) -> list[list[Any]]:
    """The results of RUNS, in their order, each as its kind says: the same as running each
    (rows(), dicts(), objects()) one after the other, but on PostgreSQL sent and answered in
    one round trip (psycopg's pipeline mode) instead of one per query.

    A page that needs ten small queries whose values it knows beforehand then waits for the
    database once: each round trip costs this process some sixty microseconds of system calls
    on top of the query, and a worker that waits is put aside for another process on a busy
    machine. PostgreSQL runs them in the order given, in one implicit transaction when none is
    open (they only read), and stops at the first that fails, whose error is raised here. Each
    is counted and logged as a query as any other.
    """
    aliases = {run.alias for run in runs}
    if len(aliases) != 1:
        raise ValueError("together() runs queries of one database")
    alias = aliases.pop()
    connection = connections[alias]
    compiled = [run.query._compiled_for(alias) for run in runs]
    found: list[list[Sequence]] = [[] for _ in runs]
    # (position, SQL, parameters) of each query that can give rows.
    queries = [
        (index, one.sql, run.query._params(one, run.values, connection))
        for index, (one, run) in enumerate(zip(compiled, runs, strict=True))
        if one.sql is not None
    ]
    pipelined = connection.vendor == "postgresql" and len(queries) > 1
    if pipelined:
        connection.ensure_connection()
    cursors = []
    try:
        with connection.connection.pipeline() if pipelined else contextlib.nullcontext():
            for _index, sql, params in queries:
                cursors.append(cursor := connection.cursor())
                cursor.execute(sql, params)
        # Leaving the pipeline sent it and read every answer: fetching reads no more.
        for (index, _sql, _params), cursor in zip(queries, cursors, strict=True):
            found[index] = cursor.fetchall()
    finally:
        for cursor in cursors:
            cursor.close()
    results: list[list[Any]] = []
    for one, run, rows in zip(compiled, runs, found, strict=True):
        rows = _converted(one, rows, connection)
        if run.kind == "rows":
            results.append([tuple(row) for row in rows])
        elif run.kind == "dicts":
            results.append([dict(zip(one.names, row, strict=True)) for row in rows])
        else:
            results.append(CompiledQuery._as_objects(alias, one, rows))
    return results


def _converted(compiled: _Compiled, found: list, connection: Any) -> list[Sequence]:
    """FOUND, the rows the database gave, with Django's converters applied (as a queryset's
    values) and only the query's own columns."""
    count = compiled.col_count
    if not compiled.converters and (not found or len(found[0]) == count):
        return found  # as they are
    rows: list[list] = [list(row[:count]) for row in found]
    for row in rows:
        for position, converters, expression in compiled.converters:
            value = row[position]
            for converter in converters:
                value = converter(value, expression, connection)
            row[position] = value
    return list[Sequence](rows)


def _names_of(query: Any) -> tuple[str, ...]:
    """The names of a .values() query's columns, in their order (as Django's ValuesIterable)."""
    if query.selected:
        return tuple(query.selected)
    return (*query.extra_select, *query.values_select, *query.annotation_select)
