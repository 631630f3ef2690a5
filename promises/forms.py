"""The workspace forms of the promises app: charters, promises, activities, indicators."""

from __future__ import annotations

import decimal
from typing import TYPE_CHECKING

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.lib.editing import EXTRA_ROWS, ClearsCarriedOver, GuardedInlineFormSet
from config.lib.periods import validate_day
from promises.bootstrap_fields import BootstrapBoundField
from promises.models import (
    Charter,
    CollaborationAgreement,
    Contact,
    Indicator,
    Measurement,
    Party,
    Promise,
    Signatory,
)
from situations.models import Municipality, PoliceArea, Problem, SituationReport

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def inline_helper() -> FormHelper:
    """Crispy renders the fields only; the page writes one <form> around all of them."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


NO_POLICE_AREA = _(
    "No local police area is linked to the municipality yet. An administrator links the "
    "municipality to the local police area it works with; then it can be chosen here."
)


class CharterForm(forms.ModelForm):
    """A charter's own texts and period; its kommun is fixed by the page."""

    class Meta:
        model = Charter
        fields = [
            "title",
            "period_start",
            "period_end",
            "followup_cadence",
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
        if not self.fields["police_area"].queryset.exists():
            # Three kommuner of the reference data have no LPO (shared/data/README.md).
            self.fields["police_area"].help_text = NO_POLICE_AREA
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


class ContactForm(ClearsCarriedOver):
    class Meta:
        model = Contact
        fields = ["name", "role", "party", "email", "phone"]


SignatoryFormSet = inlineformset_factory(
    Charter,
    Signatory,
    form=SignatoryForm,
    formset=GuardedInlineFormSet,
    extra=EXTRA_ROWS,
    can_delete=True,
    can_delete_extra=False,
)
ContactFormSet = inlineformset_factory(
    Charter,
    Contact,
    form=ContactForm,
    formset=GuardedInlineFormSet,
    extra=EXTRA_ROWS,
    can_delete=True,
    can_delete_extra=False,
)


class CorrectionForm(forms.Form):
    """Why a published charter is corrected: residents read it in its change log."""

    reason = forms.CharField(
        label=_("Why the citizen promise is corrected"),
        help_text=_(
            "The citizen promise is published: a change residents can read is a correction. "
            "They read this reason, the date and whether the municipality or the police made "
            "it under Changes since the signing; your name stays in the history."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
        required=False,
    )


class PromiseForm(ClearsCarriedOver):
    """A promise on its own page: its owner, texts, focus areas and the prioritised problems
    it answers; its place in the order is set on the charter's list of promises.

    PROBLEMS are the prioritised problems of the charter's situation report, loaded once for
    the page with their findings; the page lays them out itself (problem_choices), and the
    other fields in crispy's markup (promises.bootstrap_fields, LAYOUT).
    """

    bound_field_class = BootstrapBoundField
    LAYOUT = ("owner", "title", "text", "focus_areas")

    class Meta:
        model = Promise
        fields = ["owner", "title", "text", "focus_areas", "problems"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "problems": forms.CheckboxSelectMultiple,
        }

    def __init__(
        self,
        *args,
        owners: frozenset[str],
        focus_choices: list,
        problems: list[Problem],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["focus_areas"].choices = focus_choices  # loaded once for the page
        self.problems = problems
        self.fields["problems"].choices = [(problem.pk, str(problem)) for problem in problems]
        self.fields["problems"].label = _("Which problems does the promise answer?")
        self.editable = self.instance.pk is None or self.instance.owner in owners
        if self.editable:
            self.fields["owner"].choices = [
                choice for choice in self.fields["owner"].choices if choice[0] in {"", *owners}
            ]
        else:
            for field in self.fields.values():
                field.disabled = True

    def clean(self):
        cleaned = super().clean()
        problems = cleaned.get("problems")
        if problems:
            try:
                self.instance.check_problems(problems)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def layout_fields(self) -> list[forms.BoundField]:
        """The fields the page writes in crispy's markup, in their order."""
        return [self[name] for name in self.LAYOUT]

    def problem_choices(self) -> list[tuple[Problem, bool]]:
        """Each problem of the situation report, with whether its box is ticked."""
        ticked = {str(value) for value in self["problems"].value() or []}
        return [(problem, str(problem.pk) in ticked) for problem in self.problems]


class PromiseOrderForm(ClearsCarriedOver):
    """A promise's row on the charter's list of promises: its place in the order."""

    position = forms.IntegerField(
        label=_("Place in the order"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("1 comes first. Promises are shown grouped by owner."),
    )

    class Meta:
        model = Promise
        fields: list[str] = []

    def __init__(self, *args, owners: frozenset[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.editable = self.instance.owner in owners
        self.fields["position"].initial = self.instance.order
        self.fields["position"].disabled = not self.editable

    def clean(self):
        # A row is an existing promise: one whose id is missing or unknown was removed
        # meanwhile (or the form was tampered with), and must not become an empty promise.
        if self.instance.pk is None:
            raise ValidationError(
                _("This promise is no longer in the citizen promise. Load the page again.")
            )
        return super().clean()


class LockableInlineFormSet(GuardedInlineFormSet):
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


PromiseOrderFormSet = inlineformset_factory(
    Charter,
    Promise,
    form=PromiseOrderForm,
    formset=LockableInlineFormSet,
    extra=0,
    can_delete=True,
    can_delete_extra=False,
)


class ApproveForm(forms.Form):
    """The police manager's approval: when the charter was signed."""

    signed_on = forms.DateField(label=_("Signed on"), widget=DATE, validators=[validate_day])

    def __init__(self, *args, charter: Charter, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The date the draft already gives (its own, else the latest its signatories signed),
        # else today: most charters are signed the day they are approved.
        signed = charter.signatories.aggregate(latest=Max("signed_on"))["latest"]
        self.fields["signed_on"].initial = charter.signed_on or signed or timezone.localdate()


class SubmitForm(forms.Form):
    """Why a charter goes for review with links missing between its problems and promises."""

    unlinked_reason = forms.CharField(
        label=_("Why is it sent anyway?"),
        help_text=_(
            "Internal: the police manager reads it when reviewing the citizen promise; "
            "residents never see it."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )


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


# Indicators and measurements

NUMBER_ERRORS = {
    "invalid": _("Write a number, for example 12.5 or 12,5."),
    "max_digits": _("The number is too long: at most %(max)s digits."),
    "max_decimal_places": _("Write at most %(max)s decimals."),
    "max_whole_digits": _("The number is too large: at most %(max)s digits before the decimals."),
}
DATE_ERRORS = {"invalid": _("Write the date as YYYY-MM-DD, for example 2024-03-31.")}


class DecimalCommaField(forms.DecimalField):
    """A number as people in Sweden write it: "12,5" and "1 234,5" as well as "12.5".

    Rendered in the active language's format, so a Swedish page shows "12,50". Django alone
    reads the comma only while the page is in Swedish; a coordinator who switched to English
    still types Swedish numbers.
    """

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.error_messages.update(NUMBER_ERRORS)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value) -> decimal.Decimal | None:
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u2212", "-")
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)


class ConstraintErrorNextToField(forms.ModelForm):
    """Shows the error of the model's unique constraint next to ERROR_FIELD.

    Django puts a constraint over several fields above the form; the person fixes it in one
    field (the name, the date), so the error goes there.
    """

    error_field: str

    def validate_unique(self) -> None:
        try:
            self.instance.validate_constraints(exclude=self._get_validation_exclusions())
        except ValidationError as error:
            self.add_error(self.error_field, error.messages)


class IndicatorForm(ClearsCarriedOver, ConstraintErrorNextToField):
    """An indicator of a promise; the promise comes from the URL, not from the form."""

    error_field = "name"

    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "direction",
            "baseline",
            "baseline_date",
            "target",
            "source",
            "description",
        ]
        field_classes = {"baseline": DecimalCommaField, "target": DecimalCommaField}
        widgets = {
            "baseline_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "name": {"required": _("Write the name of the indicator.")},
            "baseline_date": DATE_ERRORS,
        }

    def __init__(self, *args, promise: Promise, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.promise = promise

    def _get_validation_exclusions(self) -> set[str]:
        # The promise is not a field, so Django would skip the constraint that names it
        # (one name per promise); the promise is set, so check it with the rest.
        return super()._get_validation_exclusions() - {"promise"}


class InvalidMarkingBoundField(forms.BoundField):
    """A field that Bootstrap shows as invalid when it has errors, whoever added them."""

    def build_widget_attrs(self, attrs, widget=None) -> dict:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if self.errors and not widget.is_hidden:
            attrs["class"] = f"{attrs.get('class', widget.attrs.get('class', ''))} is-invalid"
        return attrs


class MeasurementForm(ConstraintErrorNextToField):
    """One value of an indicator, as a row of the table on the indicator's page."""

    error_field = "date"

    bound_field_class = InvalidMarkingBoundField

    class Meta:
        model = Measurement
        fields = ["date", "value", "source", "note"]
        field_classes = {"value": DecimalCommaField}
        widgets = {"date": DATE, "note": forms.TextInput}
        error_messages = {
            "date": {"required": _("Write the date of the value."), **DATE_ERRORS},
            "value": {"required": _("Write the value.")},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("date", "value", "source", "note"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-sm"


class BaseMeasurementFormSet(GuardedInlineFormSet):
    """The values of one indicator; new ones are recorded by USER."""

    def __init__(self, *args, user: AbstractBaseUser, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields["id"].error_messages["invalid_choice"] = _(
            "Someone else removed this value meanwhile. Tick Remove to let it go, or write it "
            "again on the empty row."
        )
        if "DELETE" in form.fields:  # not on the blank form that adds a value
            form.fields["DELETE"].label = _("Remove")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def validate_unique(self) -> None:
        """Two rows with the same date: the error goes next to the later row's date.

        Django would put a general error above the table; each row's date against the saved
        values is checked by the row's own form, with the message of the model's constraint.
        """
        seen = set()
        for form in self.forms:
            if self._should_delete_form(form) or not hasattr(form, "cleaned_data"):
                continue
            date = form.cleaned_data.get("date")
            if date is None:
                continue
            if date in seen:
                form.add_error("date", _("This date is already in another row."))
            seen.add(date)

    def save_new(self, form: forms.ModelForm, commit: bool = True) -> Measurement:
        form.instance.recorded_by = self.user
        return super().save_new(form, commit=commit)


MeasurementFormSet = inlineformset_factory(
    Indicator,
    Measurement,
    form=MeasurementForm,
    formset=BaseMeasurementFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=500,
    validate_max=True,
)
