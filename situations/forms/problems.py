"""The prioritised problems of a lägesbild in its editor: one row each, with the findings
that show the problem ticked among the report's saved findings."""

from __future__ import annotations

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from config.lib.editing import ClearsCarriedOver
from situations.forms.rows import RowsFormSet, drop_examples
from situations.models import Finding, Problem, SituationReport

FINDINGS_INVALID = _("Choose among the findings of this situation report.")
PLACES_INVALID = _("Choose among the places of the municipality.")


class ProblemForm(ClearsCarriedOver):
    """One prioritised problem; its choices come in from the formset, loaded once for all."""

    class Meta:
        model = Problem
        fields = [
            "priority",
            "title",
            "focus_area",
            "description",
            "cause_situation",
            "cause_offenders",
            "cause_victims",
            "places",
            "findings",
            "is_internal",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "cause_situation": forms.Textarea(attrs={"rows": 2}),
            "cause_offenders": forms.Textarea(attrs={"rows": 2}),
            "cause_victims": forms.Textarea(attrs={"rows": 2}),
            "places": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            "findings": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        }
        error_messages = {
            "title": {"required": _("Write the problem in a few words.")},
            "priority": {
                "required": _("Give the priority: 1 is the highest."),
                "invalid": _("Give the priority as a whole number: 1 is the highest."),
                "min_value": _("Give the priority as a whole number: 1 is the highest."),
            },
            "focus_area": {"invalid_choice": _("Choose one of the focus areas in the list.")},
            "places": {"invalid_choice": PLACES_INVALID, "invalid_pk_value": PLACES_INVALID},
            "findings": {
                "invalid_choice": FINDINGS_INVALID,
                "invalid_pk_value": FINDINGS_INVALID,
            },
        }

    def __init__(self, *args, choices: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, (queryset, options) in choices.items():
            field = self.fields[name]
            field.queryset = queryset
            field.choices = options
        self.fields["priority"].widget.attrs["min"] = 1
        # The problem as saved, for its summary line: a bound form writes into its instance.
        self.saved = copy.copy(self.instance) if self.instance.pk else None
        if self.saved:
            self.saved_finding_count = len(self.initial.get("findings", []))
            drop_examples(self, ("title", "cause_situation", "cause_offenders", "cause_victims"))

    def clean(self) -> dict:
        cleaned = super().clean()
        try:
            self.instance.check_links(
                findings=cleaned.get("findings") or [], places=cleaned.get("places") or []
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, messages)
        return cleaned


class ProblemFormSet(RowsFormSet):
    delete_label = _("Remove this problem")
    removed_message = _(
        "Someone else has removed this problem meanwhile. Open the page again; the history "
        "can restore it."
    )

    def __init__(self, *args, findings: QuerySet[Finding], shared: dict, **kwargs) -> None:
        """FINDINGS are the report's saved findings; SHARED the focus area and place choices
        of the findings' formset, so that the page reads each list once."""
        super().__init__(*args, **kwargs)
        focus_areas, focus_options = shared["focus_area"]
        places, place_options = shared["place"]
        self.form_kwargs["choices"] = {
            "focus_area": (focus_areas, [("", _("No focus area")), *focus_options]),
            "places": (places, place_options),
            "findings": (findings, [(f.pk, finding_label(f)) for f in findings]),
        }


def finding_label(finding: Finding) -> str:
    text = finding.text if len(finding.text) <= 90 else f"{finding.text[:89]}…"
    return f"{finding.figure}: {text}" if finding.figure else text


def problems_queryset(report: SituationReport):
    # The links of the saved problems in two queries, for their forms' initial values.
    return (
        Problem.objects.filter(report=report)
        .select_related("focus_area")
        .prefetch_related("findings", "places")
        .order_by("priority", "id")
    )


ReportProblems = forms.inlineformset_factory(
    SituationReport,
    Problem,
    form=ProblemForm,
    formset=ProblemFormSet,
    # One blank row, not EXTRA_ROWS: a lägesbild has a handful of problems, and each row lists
    # every place and finding of the report, which three rows would make the page heavy.
    extra=1,
    can_delete=True,
    can_delete_extra=False,
)
