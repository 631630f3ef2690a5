"""Queries built and compiled once per process (the review dashboard's reads and its scope).

Private to the review dashboard and its permissions for now: a generic helper of the kind
belongs in config/lib with its own tests once the other pages want one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

# The SQL, its parameters (a value's name, or a constant) and the compiler of each query shape.
_compiled: dict[Hashable, tuple[str, list[tuple[str | None, Any]], Any] | None] = {}


def _placeholder(number: int, value: Any) -> Any:
    """A value that stands for VALUE while its query is built, found in the parameters after."""
    if isinstance(value, bool | None):
        raise TypeError("a condition on True, False or None changes the SQL: put it in the key")
    if isinstance(value, int):
        return 1_900_000_000 + number
    if isinstance(value, datetime.date):
        return datetime.date(1901, 1, 1) + datetime.timedelta(days=number)
    if isinstance(value, str):
        return f"\u2063placeholder {number}\u2063"
    if isinstance(value, list):  # of ids, as AnyOf binds them: one array
        return [_placeholder(number, 0)]
    raise TypeError(f"no placeholder for {type(value).__name__}")


def compiled_rows(key: Hashable, build: Callable[..., QuerySet], **values: Any) -> list[dict]:
    """The rows of BUILD(**VALUES), a .values() queryset, as dictionaries.

    Building and compiling a query costs more CPU than PostgreSQL spends answering most of
    the dashboard's. So BUILD is called once per process and KEY, with placeholders for
    the values, and its SQL is then run with the values of each call. BUILD must give the
    same SQL whatever the values, compared with `=` or `= ANY` (AnyOf); whatever changes
    the SQL belongs in KEY. Where a value is not found as such among the parameters (an
    `IN` list on SQLite, a date SQLite binds as text), the query is built every time.
    """
    if key not in _compiled:
        _compiled[key] = _compile(build, values)
    entry = _compiled[key]
    if entry is None:
        return list(build(**values))
    sql, slots, compiler = entry
    params = [constant if name is None else values[name] for name, constant in slots]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    names = _names(compiler.query)
    converters = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
    if converters:
        rows = compiler.apply_converters(rows, converters)
    return [dict(zip(names, row, strict=True)) for row in rows]


def _names(query: Any) -> list[str]:
    """The names of a .values() query's columns, in their order (as Django's ValuesIterable)."""
    if query.selected:
        return list(query.selected)
    return [*query.extra_select, *query.values_select, *query.annotation_select]


def _compile(
    build: Callable[..., QuerySet], values: dict[str, Any]
) -> tuple[str, list[tuple[str | None, Any]], Any] | None:
    placeholders = {name: _placeholder(n, value) for n, (name, value) in enumerate(values.items())}
    queryset = build(**placeholders)
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    slots: list[tuple[str | None, Any]] = []
    for param in params:
        name = next(
            (n for n, p in placeholders.items() if type(p) is type(param) and p == param), None
        )
        slots.append((name, param))
    if {name for name, _param in slots} - {None} != set(values):
        return None
    return sql, slots, compiler
