"""What the workspace's row editors share: a formset of one parent's rows, lean saved rows."""

from __future__ import annotations

from django import forms

from config.lib.editing import GuardedInlineFormSet


def drop_examples(form: forms.BaseForm, names: tuple[str, ...]) -> None:
    """Leave out the hints of NAMES on a saved row: they help write a new one, the blank rows
    below still show them, and a long lägesbild or survey carries them once per row."""
    for name in names:
        form.fields[name].help_text = ""


class RowsFormSet(GuardedInlineFormSet):
    """The rows of one parent, and only those: an id that is not among them is an error.

    Django accepts the id of any row of the model and then quietly ignores what was typed
    for it; here that text comes back with a message instead.
    """

    delete_label = ""
    removed_message = ""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:  # not on the blank forms that add a row
            form.fields["DELETE"].label = self.delete_label
        id_field = form.fields[self.model._meta.pk.name]
        id_field.queryset = self.get_queryset()
        # Short of a forged form, an id goes missing only when someone removed the row.
        id_field.error_messages["invalid_choice"] = self.removed_message
