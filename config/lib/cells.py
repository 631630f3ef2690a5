"""The cells of files for spreadsheets (CSV, and the open data's workbooks): each value as text,
and no text that a spreadsheet would run as a formula."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """VALUE as a cell: dates as ISO dates, times in Swedish time, and a text that starts like
    a formula behind an apostrophe (OWASP's advice against CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
