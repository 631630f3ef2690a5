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

    def _run(self, alias: str, values: dict[str, Any]) -> tuple[_Compiled, list[Sequence]]:
        compiled = self._compiled.get(alias)
        if compiled is None:
            compiled = self._compiled[alias] = self._compile(alias)
        if compiled.sql is None:
            return compiled, []
        connection = connections[alias]
        params = [
            param.value_for(values[param.name], connection) if isinstance(param, Param) else param
            for param in compiled.params
        ]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            found = cursor.fetchall()
        count = compiled.col_count
        if not compiled.converters and (not found or len(found[0]) == count):
            return compiled, found  # as they are
        rows: list[list] = [list(row[:count]) for row in found]
        for row in rows:
            for position, converters, expression in compiled.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
        return compiled, list[Sequence](rows)

    def rows(self, using: str | None = None, **values: Any) -> list[tuple]:
        """The rows as tuples of FIELDS, with VALUES for the query's Params."""
        return [tuple(row) for row in self._run(self._alias(using), values)[1]]

    def dicts(self, using: str | None = None, **values: Any) -> list[dict[str, Any]]:
        """The rows as dictionaries of FIELDS (or of the columns of a .values() query)."""
        compiled, rows = self._run(self._alias(using), values)
        return [dict(zip(compiled.names, row, strict=True)) for row in rows]

    def objects(self, using: str | None = None, **values: Any) -> list[Any]:
        """The rows as the queryset's model instances."""
        alias = self._alias(using)
        compiled, rows = self._run(alias, values)
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


def _names_of(query: Any) -> tuple[str, ...]:
    """The names of a .values() query's columns, in their order (as Django's ValuesIterable)."""
    if query.selected:
        return tuple(query.selected)
    return (*query.extra_select, *query.values_select, *query.annotation_select)
