"""Helpers for the tests of the situations workspace: Swedish messages and form data.

Messages are compared with what gettext gives in Swedish, the site's default language, so the
tests hold before and after the Swedish catalog has them.
"""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from situations.models import Municipality


def sv(message: str, **params) -> str:
    """MESSAGE as a Swedish reader sees it on a page: translated, HTML-escaped."""
    with translation.override("sv"):
        text = translation.gettext(message)
    return escape(text % params if params else text)


def field_errors(response: HttpResponse, form: forms.Form, name: str) -> str:
    """The HTML that crispy renders next to field NAME of FORM: its error block."""
    html = response.content.decode()
    marker = f'id="{form[name].auto_id}_error"'
    start = html.index(marker)
    return html[start : html.index("</div>", start)]


def form_data(response: HttpResponse, *names: str) -> dict[str, str]:
    """What the browser would send back unchanged from the forms and formsets NAMES.

    NAMES are paths in the response's context ("forms.form", "forms.sources", "formset");
    the page's version field is included.
    """
    data: dict[str, str] = {}
    for name in names:
        obj = response.context
        for part in name.split("."):
            obj = obj[part] if hasattr(obj, "__getitem__") else getattr(obj, part)
        parts = [obj.management_form, *obj.forms] if hasattr(obj, "management_form") else [obj]
        for form in parts:
            for bound in form:
                value = bound.value()
                if isinstance(bound.field.widget, forms.CheckboxInput):
                    if value:
                        data[bound.html_name] = "on"
                    continue
                data[bound.html_name] = "" if value is None else str(value)
    data["version"] = response.context["version"]["version"].value()
    return data


def kommun_url(name: str, municipality: Municipality) -> str:
    return reverse(f"situations:{name}", kwargs={"slug": municipality.slug})
