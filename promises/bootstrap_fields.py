"""Form fields written in the Bootstrap 5 markup of crispy-forms (_bootstrap_fields.html,
BootstrapBoundField.bootstrap_html) rather than by {% crispy %}, which renders a template per
field and Django's widget templates per widget and option: the fields of a promise's page, its
own and those of each of its activities (a row of sixteen fields per activity plus the blank
ones).
tests/promises/test_bootstrap_fields.py compares the markup with crispy's."""

from __future__ import annotations

import html

from django import forms
from django.utils.safestring import SafeString, mark_safe

# The template that writes a form's non-field errors and FIELDS (bound fields of this class).
FIELDS_TEMPLATE = "promises/workspace/_bootstrap_fields.html"

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
    promise's page writes the same markup (bootstrap_html) and the widgets bring their
    classes from here: the widget's name ("textinput"), Bootstrap's class for its kind, and
    "is-invalid" when the field has errors. A list of checkboxes gets none: its boxes are
    written with their classes (boxes_html).
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

    def bootstrap_html(self) -> SafeString:
        """The field as crispy's Bootstrap 5 field.html writes it: its label, its control (the
        widget, or the boxes of a list of checkboxes) and the feedback under it (errors, help
        text). Written here rather than by a template: in a template each field costs some
        twenty tags and a loop per option, and a promise's page has a hundred fields."""
        auto_id = esc(self.auto_id)
        errors = self.errors
        # As crispy writes the help text (|safe) after the errors (help_text_and_errors.html).
        help_text = (
            f' <div id="{auto_id}_helptext" class="form-text">{self.help_text}</div>'
            if self.help_text
            else ""
        )
        required = self.field.required
        label = esc(self.label) + ('<span class="asteriskField">*</span>' if required else "")
        required_class = " requiredField" if required else ""
        widget = self.field.widget
        if self.is_hidden:
            return self.widget_html()
        if isinstance(widget, forms.CheckboxSelectMultiple):
            described = self.aria_describedby
            described = f' aria-describedby="{esc(described)}"' if described else ""
            return mark_safe(
                f'<div id="div_{auto_id}" class="mb-3"><fieldset{described}>'
                f'<legend class="form-label{required_class} fs-6">{label}</legend><div>\n'
                f"{self.boxes_html(errors)}</div>{help_text}</fieldset></div>"
            )
        feedback = self.errors_html(errors, " <div", "span") + help_text
        label_for = esc(self.id_for_label)
        if isinstance(widget, forms.CheckboxInput):
            return mark_safe(
                f'<div class="mb-3"><div id="div_{auto_id}" class="form-check">'
                f'{self.widget_html()} <label for="{label_for}" class="form-check-label'
                f'{required_class}">{label}</label>{feedback}</div></div>'
            )
        if self.label:
            label = f'<label for="{label_for}" class="form-label{required_class}">{label}</label> '
        else:
            label = ""
        return mark_safe(
            f'<div id="div_{auto_id}" class="mb-3">{label}{self.widget_html()}{feedback}</div>'
        )

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
