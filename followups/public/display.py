"""Labels and dates as the public pages show them, computed once per value and language.

A charter's page shows the same few labels (a party, a status) and dates again and again, one
per activity. In a template each `get_FOO_display` and `|date` translates anew; here each
distinct value is translated once per process and language, and the page's rows carry the text.
"""

from __future__ import annotations

import datetime
import functools

from django.db import models
from django.utils import formats
from django.utils.translation import get_language

LONG_DATE = "j F Y"  # "14 april 2026"
SHORT_DATE = "j M Y"  # "14 apr 2026"


@functools.cache
def _choice_labels(choices: type[models.Choices], language: str) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def choice_label(choices: type[models.Choices], value: str) -> str:
    """VALUE's label among CHOICES in the active language (`get_FOO_display`); an unknown
    value as it is."""
    return _choice_labels(choices, get_language()).get(value, value)


@functools.lru_cache(maxsize=4096)
def _date_label(day: datetime.date, format: str, language: str) -> str:
    return formats.date_format(day, format)


def date_label(day: datetime.date | None, format: str = LONG_DATE) -> str:
    """DAY as the template filter `|date:FORMAT` writes it in the active language ("" for
    None). For a date, not a datetime: convert a time to the local date first."""
    if day is None:
        return ""
    return _date_label(day, format, get_language())
