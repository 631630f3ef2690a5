"""What the EST pages read: the grid of places × weeks and the quarterly summary.

Each reads a constant number of queries whatever the number of places, weeks and reports.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Max, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from situations.models import Municipality, Observation, Place, monday_of

WEEK = datetime.timedelta(days=7)
# The grid shows at most a year of weeks, so that a page stays readable and fast.
MAX_WEEKS = 53
DEFAULT_WEEKS = 8


def week_count(start: datetime.date, end: datetime.date) -> int:
    """How many weeks START's week to END's week covers, without listing them."""
    return (monday_of(end) - monday_of(start)).days // 7 + 1


def weeks_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The Mondays of every week from START's week to END's week."""
    week, last = monday_of(start), monday_of(end)
    weeks = []
    while week <= last:
        weeks.append(week)
        week += WEEK
    return weeks


def week_label(monday: datetime.date) -> str:
    year, week, _day = monday.isocalendar()
    return _("week %(week)s, %(year)s") % {"week": week, "year": year}


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last DEFAULT_WEEKS weeks, this one included."""
    end = monday_of(today)
    return end - WEEK * (DEFAULT_WEEKS - 1), end + datetime.timedelta(days=6)


@dataclass
class Cell:
    """The reports of one place in one week; the grid shows the highest level among them."""

    week: datetime.date
    observations: list[Observation] = field(default_factory=list)

    @property
    def level(self) -> int | None:
        return max((o.level for o in self.observations), default=None)

    @property
    def level_text(self) -> str:
        return Observation.Level(self.level).text if self.level else ""


@dataclass
class GridRow:
    place: Place
    cells: list[Cell]

    @property
    def has_reports(self) -> bool:
        return any(cell.observations for cell in self.cells)


@dataclass
class Grid:
    weeks: list[datetime.date]
    rows: list[GridRow]
    count: int

    @property
    def columns(self) -> list[tuple[datetime.date, int, int]]:
        """Each week as (Monday, ISO week number, ISO year)."""
        return [(week, week.isocalendar().week, week.isocalendar().year) for week in self.weeks]


def est_grid(
    municipality: Municipality, observations: QuerySet[Observation], weeks: list[datetime.date]
) -> Grid:
    """Every place of MUNICIPALITY × WEEKS, each cell with the OBSERVATIONS behind it.

    Two queries: the places, and the observations with their organisations.
    """
    places = list(Place.objects.filter(municipality=municipality).order_by("name", "id"))
    by_cell: dict[tuple[int, datetime.date], list[Observation]] = defaultdict(list)
    found = list(
        observations.filter(municipality=municipality, week__in=weeks)
        .select_related("organisation")
        .order_by("week", "place_id", "-level", "category", "id")
    )
    for observation in found:
        by_cell[(observation.place_id, observation.week)].append(observation)
    rows = [
        GridRow(place, [Cell(week, by_cell.get((place.pk, week), [])) for week in weeks])
        for place in places
    ]
    return Grid(weeks=weeks, rows=rows, count=len(found))


# --- The quarterly summary ------------------------------------------------------------------


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of QUARTER (1–4) of YEAR."""
    start = datetime.date(year, 3 * quarter - 2, 1)
    next_start = (
        datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    )
    return start, next_start - datetime.timedelta(days=1)


def quarter_title(year: int, quarter: int) -> str:
    """The title of the summary as a source of a lägesbild: "EST kv 3 2026"."""
    return _("EST Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year}


@dataclass
class SummaryRow:
    place_name: str
    category: str
    count: int
    mean: Decimal
    max: int

    @property
    def category_label(self) -> str:
        return Observation.Category(self.category).label

    @property
    def mean_text(self) -> str:
        return formats.number_format(self.mean, decimal_pos=1)

    @property
    def max_text(self) -> str:
        return Observation.Level(self.max).text


def quarter_summary(municipality: Municipality, year: int, quarter: int) -> list[SummaryRow]:
    """Per place and category: how many reports, their mean and highest level, for the
    weeks whose Monday falls in the quarter. One query.
    """
    start, end = quarter_bounds(year, quarter)
    rows = (
        Observation.objects.filter(municipality=municipality, week__gte=start, week__lte=end)
        .values("place__name", "place_id", "category")
        .annotate(count=Count("id"), mean=Avg("level"), highest=Max("level"))
        .order_by("place__name", "place_id", "category")
    )
    return [
        SummaryRow(
            place_name=row["place__name"],
            category=row["category"],
            count=row["count"],
            # SQLite answers a float, PostgreSQL a Decimal: one rounding for both.
            mean=Decimal(str(row["mean"])).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
            max=row["highest"],
        )
        for row in rows
    ]


def summary_text(rows: list[SummaryRow]) -> str:
    """The summary as the description of a source: one line per place and category."""
    return "\n".join(
        ngettext(
            "%(place)s – %(category)s: %(count)s report, mean level %(mean)s, highest %(max)s",
            "%(place)s – %(category)s: %(count)s reports, mean level %(mean)s, highest %(max)s",
            row.count,
        )
        % {
            "place": row.place_name,
            "category": row.category_label,
            "count": row.count,
            "mean": row.mean_text,
            "max": row.max,
        }
        for row in rows
    )
