"""Dates as the site writes them: the template filters built into every template (TEMPLATES'
`builtins` in settings), and date_label() for Python and the Jinja2 templates."""

import datetime
import functools

from django import template
from django.utils import formats
from django.utils.translation import get_language

register = template.Library()

LONG_DATE = "j F Y"  # "14 april 2026"


@register.filter(expects_localtime=True)
def iso_datetime(value: datetime.date | datetime.datetime | None) -> str:
    """The ISO 8601 value for `<time datetime>`: a date, or a time to the second with its
    offset, in the site's time zone. `|date:"c"` writes the microseconds too, which HTML's
    datetime syntax refuses (at most three digits of a second)."""
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


@functools.lru_cache(maxsize=4096)
def _date_label(day: datetime.date, format: str | None, language: str) -> str:
    return formats.date_format(day, format)


def date_label(day: datetime.date | None, format: str | None = LONG_DATE) -> str:
    """DAY as the template filter `|date:FORMAT` writes it in the active language ("" for
    None), each day written once per process, format and language: a charter's page writes
    the same few dates again and again. For a date, not a datetime: convert a time to the
    local date first."""
    if day is None:
        return ""
    return _date_label(day, format, get_language())
