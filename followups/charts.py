"""Server-rendered SVG charts of the followups app: follow-up statuses per kommun.

(Indicator charts live in promises.charts, which the promises app can use too.)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

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
