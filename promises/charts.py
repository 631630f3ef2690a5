"""Small server-rendered SVG line charts of indicators: no JavaScript, and always a table beside.

Pure geometry over an indicator and its values, so that the workspace (promises) and the
public pages (followups) draw the same chart; templates/promises/_indicator_chart.html draws it.
Values are placed along the time axis by their date, so uneven intervals look uneven.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from promises.models import Indicator, Measurement

WIDTH, HEIGHT, PAD_X, PAD_Y = 320, 150, 40, 16
BOTTOM_AXIS = 14  # room under the chart for the first and last date


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    date: datetime.date
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
    def right(self) -> float:
        return WIDTH - PAD_X / 2

    @property
    def bottom(self) -> int:
        return HEIGHT - PAD_Y - BOTTOM_AXIS

    @property
    def top(self) -> int:
        return PAD_Y

    @property
    def date_label_y(self) -> int:
        return self.bottom + BOTTOM_AXIS

    @property
    def first(self) -> Point:
        return self.points[0]

    @property
    def last(self) -> Point:
        return self.points[-1]


def line_chart(
    measurements: Iterable[Measurement],
    *,
    baseline: Decimal | None = None,
    target: Decimal | None = None,
) -> LineChart | None:
    """MEASUREMENTS over time, with BASELINE and TARGET as lines; None when there is none."""
    measurements = sorted(measurements, key=lambda m: (m.date, m.pk or 0))
    if not measurements:
        return None
    values = [m.value for m in measurements]
    values += [v for v in (baseline, target) if v is not None]
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    bottom, top = HEIGHT - PAD_Y - BOTTOM_AXIS, PAD_Y
    left, right = PAD_X, WIDTH - PAD_X / 2

    def y(value: Decimal) -> float:
        return bottom - float((value - low) / (high - low)) * (bottom - top)

    first, last = measurements[0].date, measurements[-1].date
    days = (last - first).days

    def x(day: datetime.date) -> float:
        if days == 0:  # one value, or all on one day: in the middle
            return (left + right) / 2
        return left + (right - left) * (day - first).days / days

    return LineChart(
        points=[Point(x(m.date), y(m.value), m.date, m.value) for m in measurements],
        baseline_y=y(baseline) if baseline is not None else None,
        target_y=y(target) if target is not None else None,
        low=low,
        high=high,
    )


def indicator_chart(
    indicator: Indicator, measurements: Iterable[Measurement] | None = None
) -> LineChart | None:
    """The chart of INDICATOR: its MEASUREMENTS (by default its prefetched values)."""
    if measurements is None:
        measurements = indicator.measurements.all()
    return line_chart(measurements, baseline=indicator.baseline, target=indicator.target)
