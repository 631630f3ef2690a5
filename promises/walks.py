"""Forms of a trygghetsvandring: the walk itself and its findings, saved on one page."""

from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.lib.editing import GuardedInlineFormSet
from promises.models import Party, SafetyWalk, WalkFinding
from situations.models import Place

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_INVALID = _("Write the date as YYYY-MM-DD, for example 2024-03-31.")


class SafetyWalkForm(forms.ModelForm):
    class Meta:
        model = SafetyWalk
        fields = ["date", "organisations", "residents", "summary"]
        widgets = {
            "date": DATE,
            "organisations": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "date": {"required": _("Give the day of the walk."), "invalid": DATE_INVALID},
            "residents": {
                "invalid": _("Write the number of residents as a whole number, for example 12."),
                "min_value": _("The number of residents cannot be negative."),
            },
        }


class WalkFindingForm(forms.ModelForm):
    class Meta:
        model = WalkFinding
        fields = [
            "place",
            "location",
            "problem",
            "description",
            "responsible_party",
            "responsible_function",
            "action",
            "status",
            "done_on",
        ]
        widgets = {
            "done_on": DATE,
            "description": forms.Textarea(attrs={"rows": 2}),
            "action": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "problem": {"required": _("Choose the kind of problem.")},
            "place": {"invalid_choice": _("Choose one of the municipality's places.")},
            "done_on": {"invalid": DATE_INVALID},
        }

    def __init__(self, *args, places: list[tuple[int, str]], place_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = place_queryset
        self.fields["place"].choices = [("", _("No particular place")), *places]
        self.fields["problem"].choices = [
            ("", _("Choose the problem")),
            *WalkFinding.Problem.choices,
        ]
        self.fields["responsible_party"].choices = [("", _("Someone else")), *Party.choices]
        self.fields["done_on"].help_text = _(
            "Filled in with today's date when you mark the finding done and leave it empty."
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("status") == WalkFinding.Status.DONE:
            if not cleaned.get("done_on") and "done_on" not in self.errors:
                cleaned["done_on"] = timezone.localdate()
        elif "status" in cleaned:
            # A finding taken back from done is no longer fixed on that day.
            cleaned["done_on"] = None
        return cleaned


class WalkFindingFormSet(GuardedInlineFormSet):
    def __init__(self, *args, municipality, **kwargs):
        places = Place.objects.filter(municipality=municipality).order_by("name", "id")
        # The places are read once here and shared by every form, not once per form.
        kwargs["form_kwargs"] = {
            "places": [(place.pk, place.name) for place in places],
            "place_queryset": places,
        }
        super().__init__(*args, **kwargs)

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this finding")
        id_field = form.fields[self.model._meta.pk.name]
        id_field.error_messages["invalid_choice"] = _(
            "Someone else has removed this finding meanwhile. Open the page again; the "
            "history can restore it."
        )


WalkFindings = inlineformset_factory(
    SafetyWalk,
    WalkFinding,
    form=WalkFindingForm,
    formset=WalkFindingFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
)
