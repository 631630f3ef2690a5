"""The activities of a promise on its page: their form and formset, and the rows written in
crispy's Bootstrap markup from one template (_activity_fields.html)."""

from __future__ import annotations

import html
import re

from django import forms
from django.forms import inlineformset_factory
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from config.lib.editing import EXTRA_ROWS, ClearsCarriedOver
from promises.forms import DATE, LockableInlineFormSet
from promises.models import Activity, Promise


class DatesField(forms.CharField):
    """Dates typed as 2025-03-15, separated by commas, spaces or lines, as the list
    Activity.dates keeps; Activity.clean() checks them (validated_dates), so that a wrong
    date gets one message, not a second one saying that no date was given."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        return [part for part in re.split(r"[\s,;]+", text) if part]

    def has_changed(self, initial, data) -> bool:
        # A new row's initial is None, an empty text no change from it.
        return (initial or []) != self.to_python(data)


# The element each of Django's widget templates writes, for the widgets written inline.
INLINE_ELEMENTS = {
    "django/forms/widgets/select.html": "select",
    "django/forms/widgets/textarea.html": "textarea",
    **{
        f"django/forms/widgets/{name}.html": "input"
        for name in ("text", "number", "date", "checkbox", "hidden")
    },
}


class BootstrapBoundField(forms.BoundField):
    """A field whose widget carries the classes crispy-forms' Bootstrap 5 pack gives it.

    {% crispy %} adds them while it renders each field from a template of its own; the
    activity rows are many, so their page writes the same markup in one template
    (_activity_fields.html) and the widgets bring their classes from here: the widget's name
    ("textinput"), Bootstrap's class for its kind, and "is-invalid" when the field has errors.
    A list of checkboxes gets none: its boxes are written with their classes (boxes_html).
    """

    def build_widget_attrs(self, attrs, widget=None) -> dict:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if widget.is_hidden or isinstance(widget, forms.CheckboxSelectMultiple):
            return attrs
        if isinstance(widget, forms.Select):
            kind = "form-select"
        elif isinstance(widget, forms.CheckboxInput):
            kind = "form-check-input"
        else:
            kind = "form-control"
        classes = f"{type(widget).__name__.lower()} {kind}"
        if self.errors:
            classes += " is-invalid"
        return {"class": classes, **attrs}

    def parts(self) -> dict:
        """What _activity_fields.html writes for the field, read once: the template reads a
        dictionary much faster than a bound field's properties.

        The control (the widget, or the boxes of a list of checkboxes) and the feedback under
        it (errors, help text) come written, as crispy's and Django's templates write them:
        in templates they cost a dozen tags and a loop per option for each field of a row.
        """
        if self.is_hidden:
            kind = "hidden"
        elif isinstance(self.field.widget, forms.CheckboxSelectMultiple):
            kind = "checkboxes"
        elif isinstance(self.field.widget, forms.CheckboxInput):
            kind = "checkbox"
        else:
            kind = "field"
        errors = self.errors
        # As crispy writes the help text (|safe) after the errors (help_text_and_errors.html).
        help_text = (
            f' <div id="{esc(self.auto_id)}_helptext" class="form-text">{self.help_text}</div>'
            if self.help_text
            else ""
        )
        if kind == "checkboxes":
            control, feedback = self.boxes_html(errors), help_text
        else:
            control = self.widget_html()
            feedback = self.errors_html(errors, " <div", "span") + help_text
        return {
            "kind": kind,
            "auto_id": self.auto_id,
            "id_for_label": self.id_for_label,
            "label": self.label,
            "required": self.field.required,
            "aria_describedby": self.aria_describedby if kind == "checkboxes" else None,
            "control": control,
            "feedback": mark_safe(feedback),
        }

    def errors_html(self, errors, opening: str, tag: str) -> str:
        """The field's errors in crispy's markup: each a TAG in a div that OPENING begins."""
        if not errors:
            return ""
        field_id, auto_id = esc(getattr(errors, "field_id", None)), esc(self.auto_id)
        messages = "".join(
            f'<{tag} id="error_{number}_{auto_id}"><strong>{esc(error)}</strong></{tag}>'
            for number, error in enumerate(errors, 1)
        )
        return f'{opening} id="{field_id}_error" class="invalid-feedback">{messages}</div>'

    def widget_html(self) -> SafeString:
        """The widget as Django's widget templates write it (input.html, select.html,
        textarea.html and the options' and attributes' templates they include), from what
        BoundField.as_widget() gives them: rendering those templates costs a template, an
        included one for the attributes and one per option of a list, for each field."""
        widget = self.field.widget
        if self.field.localize:
            widget.is_localized = True
        attrs = self.build_widget_attrs({}, widget)
        if self.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", self.auto_id)
        context = widget.get_context(self.html_name, self.value(), attrs)["widget"]
        element = INLINE_ELEMENTS.get(widget.template_name)
        name, value = esc(context["name"]), context["value"]
        flat_attrs = html_attrs(context["attrs"])
        if element == "select":
            options = "".join(map(options_html, context["optgroups"]))
            return mark_safe(f'<select name="{name}"{flat_attrs}>{options}</select>')
        if element == "textarea":
            text = esc(value) if value else ""
            return mark_safe(f'<textarea name="{name}"{flat_attrs}>\n{text}</textarea>')
        if element == "input":
            shown = "" if value is None else f' value="{esc(value)}"'
            return mark_safe(
                f'<input type="{esc(context["type"])}" name="{name}"{shown}{flat_attrs}>'
            )
        return self.as_widget()

    def boxes_html(self, errors) -> SafeString:
        """The boxes of a list of checkboxes as crispy's radio_checkbox_select.html writes
        them, from its optgroups, with the field's errors after the last box."""
        widget = self.field.widget
        attrs = self.build_widget_attrs({"id": self.auto_id} if self.auto_id else {})
        values = widget.format_value(self.value())
        classes = "form-check-input is-invalid" if errors else "form-check-input"
        name = esc(self.html_name)
        boxes = [
            f'<div class="form-check"><input type="{esc(option["type"])}" class="{classes}"'
            f' name="{name}" value="{esc(option["value"])}"{html_attrs(option["attrs"])}>'
            f' <label for="{esc(option["attrs"].get("id", ""))}" class="form-check-label">'
            f"{esc(option['label'])}</label>\n"
            for _group, options, _index in widget.optgroups(self.html_name, values, attrs)
            for option in options
        ]
        if boxes:
            boxes[-1] += self.errors_html(errors, "<div", "p")
        return mark_safe("".join(f"{box}</div>\n" for box in boxes))


def esc(value) -> str:
    """VALUE escaped as {{ }} writes it (conditional_escape): html.escape is what Django's
    escape calls, without its handling of lazy strings, which costs on each of the hundreds
    of calls of a page."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def options_html(optgroup) -> str:
    """One group of a select's options as select.html and select_option.html write them."""
    group_name, options, _index = optgroup
    html = "".join(
        f'<option value="{esc(option["value"])}"{html_attrs(option["attrs"])}>'
        f"{esc(option['label'])}</option>"
        for option in options
    )
    return f'<optgroup label="{esc(group_name)}">{html}</optgroup>' if group_name else html


def html_attrs(attrs: dict) -> str:
    """ATTRS as Django's widget template (attrs.html) writes them, in their order: a True
    value as the bare name, a False one left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{esc(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class ActivityForm(ClearsCarriedOver):
    """An activity of a promise, a row of the promise's page (rendered by
    _activity_fields.html in crispy's markup)."""

    bound_field_class = BootstrapBoundField

    position = forms.IntegerField(
        label=_("Place in the order"), min_value=1, max_value=999, required=False
    )
    dates = DatesField(
        label=_("Dates"),
        required=False,
        help_text=_(
            "For an activity on the dates given: each date as 2025-03-15, separated by commas."
        ),
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "kind",
            "responsible_party",
            "responsible_function",
            "description",
            "places",
            "start_date",
            "end_date",
            "recurrence",
            "repeats",
            "dates",
            "expected_effect",
            "is_public",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "expected_effect": forms.Textarea(attrs={"rows": 2}),
            "places": forms.CheckboxSelectMultiple,
            "start_date": DATE,
            "end_date": DATE,
        }

    def __init__(self, *args, places, place_choices: list, editable: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["places"].queryset = places
        self.fields["places"].choices = place_choices  # loaded once for the whole page
        self.editable = editable
        if self.instance.pk:
            self.fields["position"].initial = self.instance.order
        if not editable:
            for field in self.fields.values():
                field.disabled = True


ACTIVITY_FIELDS = "promises/workspace/_activity_fields.html"


class ActivityFormSet(LockableInlineFormSet):
    """The activities of one promise, with the blank rows of a page just opened rendered once."""

    def blank_rows(self) -> list[str]:
        """The HTML of each blank row of an unbound formset, in order.

        The blank rows differ only in their number, so the empty form (whose number is
        "__prefix__", the placeholder Django's admin copies its new rows from) is rendered
        once and numbered for each row: a row costs as much to render as a saved activity.
        """
        html = render_to_string(ACTIVITY_FIELDS, {"form": self.empty_form})
        return [
            mark_safe(html.replace("__prefix__", str(index)))
            for index in range(self.initial_form_count(), self.total_form_count())
        ]


ActivityInlineFormSet = inlineformset_factory(
    Promise,
    Activity,
    form=ActivityForm,
    formset=ActivityFormSet,
    extra=EXTRA_ROWS,
    can_delete=True,
    can_delete_extra=False,
)


def activity_formset(promise: Promise, *, can_delete: bool, **kwargs) -> ActivityFormSet:
    """The activities of one promise; a promise the user may not edit gets no blank form."""
    formset = ActivityInlineFormSet(instance=promise, **kwargs)
    # Set on the page's formset before its forms are made, as the list of promises does.
    formset.extra = EXTRA_ROWS if kwargs["form_kwargs"]["editable"] else 0
    formset.can_delete = can_delete
    return formset
