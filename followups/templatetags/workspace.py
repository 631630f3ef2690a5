"""Template helpers for the workspace and the account pages."""

import datetime
from html import escape

from django import template
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import BaseForm, BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince

register = template.Library()


@register.filter
def duration(value: datetime.timedelta | None) -> str:
    """A length of time in words in the active language: "1 timme", "30 minuter"."""
    if not value:
        return ""
    start = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    return timesince(start, start + value, depth=2)


@register.filter
def period_years(period) -> list[int]:
    """The calendar years a period (a charter) touches, newest first: those a council report
    may cover."""
    return list(range(period.period_end.year, period.period_start.year - 1, -1))


@register.simple_tag
def entry_form(form: BaseForm) -> SafeString:
    """The form of a row of a round's page: the errors of the row as a whole, the fields in a
    grid (each field of the form's LAYOUT, its name and column classes, drawn by entry_field),
    and, while the row shows a suggestion or it was ticked, the box that keeps the suggestion
    (followups.forms.FollowUpRowForm)."""
    parts = []
    if errors := form.errors.get(NON_FIELD_ERRORS):
        messages = "".join(f'<p class="mb-0">{conditional_escape(error)}</p>' for error in errors)
        parts.append(f'<div class="invalid-feedback d-block mb-2">{messages}</div>')
    fields = "".join(entry_field(form[name], css_class) for name, css_class in form.layout)
    parts.append(f'<div class="row g-2">{fields}</div>')
    if getattr(form, "carried", None) is not None:
        keep = form["keep"]
        if form.suggests or keep.value():
            checked = " checked" if keep.value() else ""
            parts.append(
                f'<label class="entry-keep"><input type="checkbox" name="{escape(keep.html_name)}"'
                f"{checked}> {escape(str(keep.label))}</label>"
            )
    return mark_safe("".join(parts))


def entry_field(field: BoundField, css_class: str) -> str:
    """One field of a row of a round's page, drawn compactly: its label around its control,
    and its errors under it, linked to the control (aria-describedby).

    The page holds some 250 fields for the largest charter: drawn here in one go rather than
    by a template partial or a widget template per field, they cost a fraction of the time.
    Every value is escaped as {{ }} would (html.escape is what django.utils.html.escape
    calls, without its check for lazy strings on each of the thousands of calls). A select
    offers no blank choice once one is made; a text keeps what was written, line breaks
    included (the newline after <textarea> is the one HTML drops, so a leading one stays).
    """
    name, field_id = escape(field.html_name), escape(field.auto_id)
    # The form's errors of the field, rather than field.errors: that makes an empty list for
    # each field without any.
    errors = field.form.errors.get(field.name)
    invalid = (
        f' id="{field_id}" aria-invalid="true" aria-describedby="{field_id}_error"'
        if errors
        else ""
    )
    value = field.value()
    input_type = getattr(field.field.widget, "input_type", None)
    if getattr(field.field, "choices", None):
        options = "".join(
            f'<option value="{escape(str(choice))}"{" selected" if choice == value else ""}>'
            f"{escape(str(label))}</option>"
            for choice, label in field.field.choices
            if choice or not value
        )
        control = f'<select name="{name}"{invalid}>{options}</select>'
    elif input_type == "url":
        shown = f' value="{escape(str(value))}"' if value else ""
        control = f'<input type="url" name="{name}"{shown}{invalid}>'
    elif input_type:
        control = str(field)  # the widget's own markup, escaped by it: a date, a number
    else:
        text = escape("" if value is None else str(value))
        control = f'<textarea name="{name}"{invalid}>\n{text}</textarea>'
    labelled = f"{escape(str(field.label))}{control}"
    if not errors:
        return mark_safe(f'<label class="{escape(css_class)}">{labelled}</label>')
    messages = " ".join(conditional_escape(error) for error in errors)
    return mark_safe(
        f'<div class="{escape(css_class)}"><label>{labelled}</label>'
        f'<p class="invalid-feedback d-block mb-0" id="{field_id}_error">{messages}</p></div>'
    )
