"""Template filters for dates, built into every template (TEMPLATES' `builtins` in settings)."""

import datetime

from django import template

register = template.Library()


@register.filter(expects_localtime=True)
def iso_datetime(value: datetime.date | datetime.datetime | None) -> str:
    """The ISO 8601 value for `<time datetime>`: a date, or a time to the second with its
    offset, in the site's time zone. `|date:"c"` writes the microseconds too, which HTML's
    datetime syntax refuses (at most three digits of a second)."""
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
