"""The workspace forms of the promises app: charters, promises, activities, indicators."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from promises.models import (
    Activity,
    Charter,
    CollaborationAgreement,
    Contact,
    Party,
    Promise,
    Signatory,
)
from situations.models import Municipality, PoliceArea, SituationReport

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def inline_helper() -> FormHelper:
    """Crispy renders the fields only; the page writes one <form> around all of them."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class CharterForm(forms.ModelForm):
    """A charter's own texts and period; its kommun is fixed by the page."""

    class Meta:
        model = Charter
        fields = [
            "title",
            "period_start",
            "period_end",
            "police_area",
            "situation_report",
            "agreement",
            "summary",
            "background",
            "followup_method",
            "reporting_channels",
            "participation",
        ]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "background": forms.Textarea(attrs={"rows": 4}),
            "followup_method": forms.Textarea(attrs={"rows": 3}),
            "reporting_channels": forms.Textarea(attrs={"rows": 3}),
            "participation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["police_area"].queryset = PoliceArea.objects.filter(
            municipalities=municipality
        ).order_by("name")
        self.fields["situation_report"].queryset = SituationReport.objects.filter(
            municipality=municipality
        ).order_by("-period_start")
        self.fields["agreement"].queryset = CollaborationAgreement.objects.filter(
            municipalities=municipality
        ).order_by("-period_start")
        self.helper = inline_helper()


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["name", "title", "party", "organisation", "signed_on"]
        widgets = {"signed_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = [
            choice for choice in self.fields["party"].choices if choice[0] != Party.JOINT
        ]


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "party", "email", "phone"]


SignatoryFormSet = inlineformset_factory(
    Charter, Signatory, form=SignatoryForm, extra=1, can_delete=True
)
ContactFormSet = inlineformset_factory(
    Charter, Contact, form=ContactForm, extra=1, can_delete=True
)


class PromiseForm(forms.ModelForm):
    """A promise on the promises page; POSITION orders it, the server numbers the rest."""

    position = forms.IntegerField(
        label=_("Place in the order"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("1 comes first. Promises are shown grouped by owner."),
    )

    class Meta:
        model = Promise
        fields = ["owner", "title", "text", "focus_areas"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "focus_areas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, owners: frozenset[str], focus_choices: list, **kwargs):
        super().__init__(*args, **kwargs)
        # Loaded once for the whole page instead of once per promise.
        self.fields["focus_areas"].choices = focus_choices
        self.editable = self.instance.pk is None or self.instance.owner in owners
        if self.editable:
            # The blank choice stays, so that an untouched blank form is not a new promise.
            self.fields["owner"].choices = [
                choice for choice in self.fields["owner"].choices if choice[0] in {"", *owners}
            ]
        if self.instance.pk:
            self.fields["position"].initial = self.instance.order
        if not self.editable:
            for field in self.fields.values():
                field.disabled = True


class ActivityForm(forms.ModelForm):
    position = forms.IntegerField(
        label=_("Place in the order"), min_value=1, max_value=999, required=False
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


class LockableInlineFormSet(BaseInlineFormSet):
    """Rows the user may not edit are shown with every field disabled and cannot be removed.

    OBJECTS, when given, are the rows already loaded (prefetched with their parent), so that a
    page of many formsets does not query once per formset.
    """

    def __init__(self, *args, objects: list | None = None, **kwargs):
        self._objects = objects
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        return self._objects if self._objects is not None else super().get_queryset()

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if not getattr(form, "editable", True):
            for name in ("DELETE",):
                if name in form.fields:
                    form.fields[name].disabled = True


PromiseFormSet = inlineformset_factory(
    Charter, Promise, form=PromiseForm, formset=LockableInlineFormSet, extra=1, can_delete=True
)


def activity_formset(promise: Promise, **kwargs):
    """The activities of one promise; a promise the user may not edit gets no blank form."""
    editable = kwargs["form_kwargs"]["editable"]
    formset = inlineformset_factory(
        Promise,
        Activity,
        form=ActivityForm,
        formset=LockableInlineFormSet,
        extra=1 if editable else 0,
        can_delete=kwargs.pop("can_delete"),
    )
    return formset(instance=promise, **kwargs)


class ApproveForm(forms.Form):
    """The police manager's approval: when the charter was signed."""

    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the citizen promise is withdrawn"),
        help_text=_("Kept in the history of the citizen promise."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
