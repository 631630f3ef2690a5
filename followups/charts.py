"""Small server-rendered SVG charts: they need no JavaScript and come with a table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

from promises.models import Indicator

WIDTH, HEIGHT, PAD_X, PAD_Y = 320, 140, 36, 16


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: Decimal


@dataclass(frozen=True)
class LineChart:
    points: list[Point]
    baseline_y: float | None
    target_y: float | None
    low: Decimal
    high: Decimal
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def left(self) -> int:
        return PAD_X

    @property
    def right(self) -> int:
        return WIDTH - PAD_X / 2

    @property
    def bottom(self) -> int:
        return HEIGHT - PAD_Y

    @property
    def top(self) -> int:
        return PAD_Y


def indicator_chart(indicator: Indicator) -> LineChart | None:
    """The indicator's measurements over time, with its baseline and target as lines."""
    measurements = list(indicator.measurements.all())
    if not measurements:
        return None
    values = [m.value for m in measurements]
    values += [v for v in (indicator.baseline, indicator.target) if v is not None]
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1

    def y(value: Decimal) -> float:
        return HEIGHT - PAD_Y - float((value - low) / (high - low)) * (HEIGHT - 2 * PAD_Y)

    span = max(len(measurements) - 1, 1)
    points = [
        Point(
            x=PAD_X + (WIDTH - 1.5 * PAD_X) * index / span,
            y=y(m.value),
            label=m.date.isoformat(),
            value=m.value,
        )
        for index, m in enumerate(measurements)
    ]
    return LineChart(
        points=points,
        baseline_y=y(indicator.baseline) if indicator.baseline is not None else None,
        target_y=y(indicator.target) if indicator.target is not None else None,
        low=low,
        high=high,
    )


# --- Stacked bars: follow-up statuses per kommun ----------------------------------------------

BAR_LABEL_WIDTH, BAR_AREA_WIDTH, BAR_TOTAL_WIDTH = 160, 400, 56
BAR_ROW, BAR_HEIGHT, BAR_TOP = 20, 14, 4


@dataclass(frozen=True)
class Series:
    """One kind of segment: a status, or the follow-ups that are missing."""

    key: str
    label: str
    colour: str


@dataclass(frozen=True)
class Segment:
    """A part of a bar, its coordinates ready-formatted."""

    series: Series
    x: str
    width: str
    value: int


@dataclass(frozen=True)
class Bar:
    label: str
    y: str
    text_y: str
    total: str
    total_x: str
    segments: list[Segment]

    @property
    def svg(self) -> str:
        """The bar as SVG: its label, its segments and its total.

        Written here rather than in the template, and with plain string formatting: a
        national chart has 290 bars, and rendering their parts one by one took longer than
        all the page's queries. Only the label is text from the database; the rest are
        numbers and the colours above.
        """
        rects = "".join(
            f'<rect x="{s.x}" y="{self.y}" width="{s.width}" height="{BAR_HEIGHT}" '
            f'fill="{s.series.colour}" stroke="#ffffff" stroke-width="0.5"/>'
            for s in self.segments
        )
        return mark_safe(
            f'<g><text x="{BAR_LABEL_WIDTH - 6}" y="{self.text_y}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(self.label)}</text>{rects}'
            f'<text x="{self.total_x}" y="{self.text_y}" dominant-baseline="middle">'
            f"{self.total}</text></g>"
        )


@dataclass(frozen=True)
class StackedBarChart:
    series: list[Series]
    bars: list[Bar]
    label_width: int = BAR_LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def width(self) -> int:
        return BAR_LABEL_WIDTH + BAR_AREA_WIDTH + BAR_TOTAL_WIDTH

    @property
    def height(self) -> int:
        return BAR_TOP * 2 + BAR_ROW * len(self.bars)


def stacked_bar_chart(
    series: list[Series], rows: list[tuple[str, dict[str, int]]]
) -> StackedBarChart:
    """A horizontal bar per row, its segments in the order of SERIES, all on one scale.

    ROWS are (label, {series key: count}); the longest bar fills the width, and each bar
    ends with its total as text, so the chart reads without colour for the sizes.
    """
    largest = max((sum(counts.values()) for _label, counts in rows), default=0) or 1
    scale = BAR_AREA_WIDTH / largest
    bars = []
    for index, (label, counts) in enumerate(rows):
        x = float(BAR_LABEL_WIDTH)
        segments = []
        for kind in series:
            value = counts.get(kind.key, 0)
            if value:
                segments.append(Segment(kind, f"{x:.1f}", f"{value * scale:.1f}", value))
                x += value * scale
        y = BAR_TOP + index * BAR_ROW
        bars.append(
            Bar(
                label=label,
                y=str(y),
                text_y=str(y + BAR_HEIGHT // 2),
                total=str(sum(counts.values())),
                total_x=f"{x + 4:.1f}",
                segments=segments,
            )
        )
    return StackedBarChart(series=series, bars=bars)
