"""What every app's admin shares: timestamps and history on every page, sensible defaults.

The admins of situations, promises and followups build on these; nothing here names an app.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.options import BaseModelAdmin
from django.db import models
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

TIMESTAMPS = ("created_at", "updated_at")
HISTORY_FIELDSET = (_("History"), {"classes": ["collapse"], "fields": TIMESTAMPS})
SHORT_TEXTAREA = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


class TimeStampedAdmin(SimpleHistoryAdmin):
    """An admin that shows when a row was created and last changed, and every earlier version.

    The history page lists who changed what and when, and restores an earlier version.
    """

    readonly_fields = TIMESTAMPS


class CurrentUserDefaultMixin(BaseModelAdmin):
    """Suggest the signed-in administrator for the user fields named in `current_user_fields`."""

    current_user_fields: tuple[str, ...] = ()

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name in self.current_user_fields:
            kwargs.setdefault("initial", request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def count_of(related: QuerySet, field: str) -> Coalesce:
    """Count the rows of RELATED whose FIELD points at the outer row.

    A subquery rather than Count() over a join: the list needs no GROUP BY, keeps the model's
    ordering, and its row count stays a plain COUNT(*) however many rows there are.
    """
    counted = (
        related.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)
