"""Template helpers for the workspace and the account pages."""

import datetime

from django import template
from django.utils.timesince import timesince

register = template.Library()


@register.filter
def duration(value: datetime.timedelta | None) -> str:
    """A length of time in words in the active language: "1 timme", "30 minuter"."""
    if not value:
        return ""
    start = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    return timesince(start, start + value, depth=2)


@register.filter
def period_years(period) -> list[int]:
    """The calendar years a period (a charter) touches, newest first: those a council report
    may cover."""
    return list(range(period.period_end.year, period.period_start.year - 1, -1))
