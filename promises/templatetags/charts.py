"""{% chart_for indicator as chart %}: the geometry of an indicator's chart, for
templates/promises/_indicator_chart.html (used by the workspace and the public pages)."""

from collections.abc import Iterable

from django import template

from promises.charts import LineChart, indicator_chart
from promises.models import Indicator, Measurement

register = template.Library()


@register.simple_tag
def chart_for(
    indicator: Indicator, measurements: Iterable[Measurement] | None = None
) -> LineChart | None:
    return indicator_chart(indicator, measurements)
