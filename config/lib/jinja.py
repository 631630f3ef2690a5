"""The Jinja2 environment of the templates under templates/jinja2/ (settings.TEMPLATES).

Jinja2 renders the hottest template of the public site, a charter as residents read it, which
the kommun page and the charter page show; it compiles a template to Python and renders it in
less than half the time Django's engine needs (bench/README.md, issue 18). Every other template
is Django's.

The filters and globals here are the few those templates use, with Django's behaviour: dates
in the reader's language and the site's time zone, the same line-break and capitalisation
filters, `url()` for `{% url %}`. `_()` is Django's gettext, so `makemessages` finds
`{{ _("…") }}` and `{% set x = _("…") %}` as it finds `{% translate %}`; a text with a
placeholder is written `_("… %(name)s")|format(name=…)`, and a plural is made in Python. An
undefined name is an error, never an empty string.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.template import defaultfilters
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from jinja2 import Environment, StrictUndefined

from config.lib.dates import date_label, iso_datetime


def local(value: Any) -> Any:
    """An aware time in the site's time zone, as Django's template filters take it."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def date(value: Any, format: str | None = None) -> str:
    """Django's `|date:FORMAT`; a day (not a time) written once per process, format and
    language: a charter's page writes the same few dates again and again."""
    if type(value) is datetime.date:
        return date_label(value, format)
    return defaultfilters.date(local(value), format)


def url(name: str, *args: Any, **kwargs: Any) -> str:
    """Django's `{% url %}`."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


class DjangoLookupEnvironment(Environment):
    """`a.b` looks up a dictionary's key before an attribute, as Django's templates do.

    Jinja2 tries the attribute first: on the dictionaries the pages' rows are, each lookup
    would raise and catch an AttributeError before it finds the key, some eight hundred times
    in a charter's page. A key named like a dict method (`row.items`) is the key's value, as
    in Django's templates.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def environment(**options: Any) -> Environment:
    options["undefined"] = StrictUndefined
    env = DjangoLookupEnvironment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=False)  # type: ignore[attr-defined]
    env.filters.update(
        {
            "date": date,
            "iso_datetime": lambda value: iso_datetime(local(value)),
            "linebreaks": defaultfilters.linebreaks_filter,
            "linebreaksbr": defaultfilters.linebreaksbr,
            "capfirst": defaultfilters.capfirst,
        }
    )
    env.globals["url"] = url
    return env
