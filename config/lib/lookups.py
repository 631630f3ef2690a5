"""Query conditions Django lacks."""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import Lookup

from config.lib.compiled import ParamList


class AnyOf(Lookup):
    """`column = ANY(%s)` with one array parameter on PostgreSQL, `column IN (…)` elsewhere.

    For a list of ids known in Python: PostgreSQL plans the array like a list of constants,
    where a subquery can be misplanned, and Django binds one parameter instead of one per
    id (1,000 ids cost 5 ms of CPU per query as `__in`). Used as a filter expression:
    `FollowUp.objects.filter(AnyOf(F("round_id"), ids))`. The list may be a ParamList of a
    CompiledQuery (config.lib.compiled), given when the query runs: on SQLite it is then one
    JSON parameter, `column IN (SELECT value FROM json_each(%s))`.
    """

    lookup_name = "any_of"
    prepare_rhs = False  # the list is one parameter, not a value of the column

    def as_sql(self, compiler, connection):
        if isinstance(self.rhs, ParamList):
            lhs, lhs_params = self.process_lhs(compiler, connection)
            return f"{lhs} IN (SELECT value FROM json_each(%s))", (*lhs_params, self.rhs)
        if not self.rhs:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        placeholders = ", ".join(["%s"] * len(self.rhs))
        return f"{lhs} IN ({placeholders})", (*lhs_params, *self.rhs)

    def as_postgresql(self, compiler, connection):
        if isinstance(self.rhs, ParamList):
            lhs, lhs_params = self.process_lhs(compiler, connection)
            return f"{lhs} = ANY(%s)", (*lhs_params, self.rhs)
        if not self.rhs:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))
