"""Template helpers for the workspace and the account pages."""

import datetime

from django import template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
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
def entry_field(field: BoundField, css_class: str) -> str:
    """One field of a row of a round's page, drawn compactly: its label around its control,
    and its errors under it, linked to the control (aria-describedby).

    The page holds some 250 fields for the largest charter; drawn here rather than by a
    template partial per field (or a widget template), they cost a tenth of the time. A select
    offers no blank choice once one is made; a text keeps what was written, line breaks
    included (the newline after <textarea> is the one HTML drops, so a leading one stays).
    """
    error_id = f"{field.auto_id}_error"
    invalid = (
        format_html(' id="{}" aria-invalid="true" aria-describedby="{}"', field.auto_id, error_id)
        if field.errors
        else ""
    )
    value = field.value()
    widget = field.field.widget
    control: object
    if getattr(field.field, "choices", None):
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (choice, mark_safe(" selected") if choice == value else "", label)
                for choice, label in field.field.choices
                if choice or not value
            ),
        )
        control = format_html('<select name="{}"{}>{}</select>', field.html_name, invalid, options)
    elif getattr(widget, "input_type", None) == "url":
        shown = format_html(' value="{}"', value) if value else ""
        control = format_html('<input type="url" name="{}"{}{}>', field.html_name, shown, invalid)
    elif getattr(widget, "input_type", None):
        control = field  # the widget's own markup (a date, a number)
    else:
        text = "" if value is None else value
        control = format_html(
            '<textarea name="{}"{}>\n{}</textarea>', field.html_name, invalid, text
        )
    if not field.errors:
        return format_html('<label class="{}">{}{}</label>', css_class, field.label, control)
    return format_html(
        '<div class="{}"><label>{}{}</label>'
        '<p class="invalid-feedback d-block mb-0" id="{}">{}</p></div>',
        css_class,
        field.label,
        control,
        error_id,
        format_html_join(" ", "{}", ((error,) for error in field.errors)),
    )
