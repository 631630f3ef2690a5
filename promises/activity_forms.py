"""The activities of a promise on its page: their form and formset, the rows written in
crispy's Bootstrap markup by promises.bootstrap_fields."""

from __future__ import annotations

import re

from django import forms
from django.forms import inlineformset_factory
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from config.lib.editing import EXTRA_ROWS, ClearsCarriedOver
from promises.bootstrap_fields import FIELDS_TEMPLATE, BootstrapBoundField
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


class ActivityForm(ClearsCarriedOver):
    """An activity of a promise, a row of the promise's page (rendered by
    _bootstrap_fields.html in crispy's markup)."""

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


class ActivityFormSet(LockableInlineFormSet):
    """The activities of one promise, with the blank rows of a page just opened rendered once."""

    @cached_property
    def initial_forms(self) -> list:
        """The forms of the saved activities. A page just opened makes no others: its blank
        rows are copies of the empty form (blank_rows), so its extra forms would go unused."""
        if self.is_bound or "forms" in self.__dict__:
            return self.forms[: self.initial_form_count()]
        return [
            self._construct_form(index, **self.get_form_kwargs(index))  # type: ignore[attr-defined]
            for index in range(self.initial_form_count())
        ]

    def blank_rows(self) -> list[str]:
        """The HTML of each blank row of an unbound formset, in order.

        The blank rows differ only in their number, so the empty form (whose number is
        "__prefix__", the placeholder Django's admin copies its new rows from) is rendered
        once and numbered for each row: a row costs as much to render as a saved activity.
        """
        form = self.empty_form
        row = render_to_string(FIELDS_TEMPLATE, {"form": form, "fields": form})
        return [
            mark_safe(row.replace("__prefix__", str(index)))
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
