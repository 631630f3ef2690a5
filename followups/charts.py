"""Small server-rendered SVG charts: they need no JavaScript and come with a table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

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
