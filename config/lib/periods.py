"""Sane dates and periods, and the period after a period: what a renewal moves a charter, a
lägesbild and their dates to."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# Every date a person or an address gives lies within these years. Nothing in the service is
# older, and a date far ahead (9999-12-31) made pages loop over thousands of rounds or weeks,
# or step past the last date Python knows.
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)


def validate_day(value: datetime.date | None) -> None:
    """Refuse a date outside EARLIEST–LATEST."""
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={"earliest": EARLIEST.year, "latest": LATEST.year},
        )


def clamp_day(value: datetime.date) -> datetime.date:
    """VALUE moved into EARLIEST–LATEST."""
    return min(max(value, EARLIEST), LATEST)


def max_period_years() -> int:
    return int(getattr(settings, "CHARTER_MAX_YEARS", 4))


def validate_period_length(start: datetime.date, end: datetime.date) -> None:
    """Refuse a period longer than CHARTER_MAX_YEARS years."""
    years = max_period_years()
    if EARLIEST <= start <= LATEST and end >= add_months(start, 12 * years):
        raise ValidationError(
            ngettext(
                "A period can be at most %(years)d year long.",
                "A period can be at most %(years)d years long.",
                years,
            )
            % {"years": years},
            code="period_too_long",
        )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """DAY moved by MONTHS, on the month's last day where it is shorter (29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def _whole_months(start: datetime.date, end: datetime.date) -> int | None:
    """How many whole months START to END covers (a year, a half-year), or None."""
    following = end + datetime.timedelta(days=1)
    months = (following.year - start.year) * 12 + following.month - start.month
    if months > 0 and add_months(start, months) == following:
        return months
    return None


@dataclass(frozen=True)
class NextPeriod:
    """The period that follows one, of the same length: a calendar year follows a year."""

    start: datetime.date
    end: datetime.date
    months: int | None  # the length in whole months, when it is that
    days: int  # else how many days dates move

    def shift(self, day: datetime.date | None) -> datetime.date | None:
        """DAY moved into this period as far as the period moved."""
        if day is None:
            return None
        if self.months is not None:
            return add_months(day, self.months)
        return day + datetime.timedelta(days=self.days)


def next_period(start: datetime.date, end: datetime.date) -> NextPeriod:
    new_start = end + datetime.timedelta(days=1)
    months = _whole_months(start, end)
    if months is not None:
        new_end = add_months(new_start, months) - datetime.timedelta(days=1)
    else:
        new_end = new_start + (end - start)
    return NextPeriod(new_start, new_end, months, (new_start - start).days)


def renamed(title: str, old: tuple[datetime.date, datetime.date], new: NextPeriod) -> str:
    """TITLE with the years of the OLD period moved to the NEW one ("Medborgarlöfte 2025"
    becomes "Medborgarlöfte 2026"); a title without them keeps its words and gains the year."""
    years = new.start.year - old[0].year
    span = range(old[0].year, old[1].year + 1)

    def move(match: re.Match) -> str:
        year = int(match.group())
        return str(year + years) if year in span else match.group()

    moved = re.sub(r"(?<!\d)(?:19|20)\d\d(?!\d)", move, title)
    if moved != title or years == 0:
        return moved
    return f"{title} {new.start.year}"[:200]
