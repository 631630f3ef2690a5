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
query. A list of variable length would change the SQL, so it has no place in one. The SQL is
compiled per database alias, so one query serves SQLite and PostgreSQL, and it is the same
text on every run, which PostgreSQL's prepared statements reuse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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

    def __repr__(self) -> str:
        return f"Param({self.name!r})"


@dataclass
class _Compiled:
    sql: str
    params: tuple  # the values compiled in, and a Param where a value is given at run time
    col_count: int
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

    With FIELDS, the query reads them as values_list(*FIELDS) would (rows(), dicts()); without,
    it gives model instances as the queryset would (objects(): select_related, only() and
    annotations included; prefetch_related is not supported).
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
        if self.fields:
            queryset = queryset.values_list(*self.fields)
        compiler = queryset.query.get_compiler(alias)
        sql, params = compiler.as_sql()
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        compiled = _Compiled(
            sql,
            tuple(params),
            compiler.col_count,
            [(at, found[0], found[1]) for at, found in compiler.get_converters(columns).items()],
        )
        if not self.fields:
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

    def _run(self, alias: str, values: dict[str, Any]) -> tuple[_Compiled, list[list]]:
        compiled = self._compiled.get(alias)
        if compiled is None:
            compiled = self._compiled[alias] = self._compile(alias)
        connection = connections[alias]
        adapt = connection.ops.adapt_unknown_value
        params = [
            adapt(values[param.name]) if isinstance(param, Param) else param
            for param in compiled.params
        ]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            found = cursor.fetchall()
        count = compiled.col_count
        rows = [list(row[:count]) for row in found]
        for row in rows:
            for position, converters, expression in compiled.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
        return compiled, rows

    def rows(self, using: str | None = None, **values: Any) -> list[tuple]:
        """The rows as tuples of FIELDS, with VALUES for the query's Params."""
        return [tuple(row) for row in self._run(self._alias(using), values)[1]]

    def dicts(self, using: str | None = None, **values: Any) -> list[dict[str, Any]]:
        """The rows as dictionaries of FIELDS."""
        rows = self._run(self._alias(using), values)[1]
        return [dict(zip(self.fields, row, strict=True)) for row in rows]

    def objects(self, using: str | None = None, **values: Any) -> list[Any]:
        """The rows as the queryset's model instances."""
        alias = self._alias(using)
        compiled, rows = self._run(alias, values)
        assert compiled.model is not None, "a query of FIELDS gives rows(), not objects()"
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
