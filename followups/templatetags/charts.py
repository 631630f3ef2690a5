from django import template

from followups.charts import LineChart, indicator_chart
from promises.models import Indicator

register = template.Library()


@register.simple_tag
def chart_for(indicator: Indicator) -> LineChart | None:
    return indicator_chart(indicator)
