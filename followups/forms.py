"""The workspace forms of the followups app: a round's rows, its report, review decisions.

Each row of a round's page is a form of its own (an activity's follow-up, a promise's
assessment, a new value of one of its indicators), so that a save keeps the rows that are right
and returns only the others, marked. A row nobody touched is no follow-up: it is left out.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from followups.models import FollowUp, FollowUpRound, Review
from promises.forms import (
    DATE,
    DATE_ERRORS,
    ConstraintErrorNextToField,
    DecimalCommaField,
    inline_helper,
)
from promises.models import Charter, Indicator, Measurement

# Long enough for a round's account of an activity, short enough to refuse a pasted book.
TEXT_LIMIT = 10_000
# One validator for every text of every row (validators keep no state): a page of fifty rows
# does not build a hundred and fifty.
TEXT_LENGTH = MaxLengthValidator(TEXT_LIMIT)


class LinesField(forms.CharField):
    """A text of several lines, whatever line endings the browser sends.

    Browsers send a textarea's lines ending in CRLF; what is saved ends them in LF. Comparing
    the two would take a text sent back untouched for a change (a suggestion saved, a review
    reset, a history entry of nothing), so both are read the same way.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value

    def has_changed(self, initial, data) -> bool:
        return self.to_python(initial) != self.to_python(data)


def row_formfield(model_field, **kwargs) -> forms.Field | None:
    """The form field of a row form's model field. The status or assessment is made without
    options: every form is given them in the page's language (FollowUpRowForm.texts()), so the
    class's own would only be copied into each row's form to be replaced."""
    field = model_field.formfield(**kwargs)
    if model_field.choices and isinstance(field, forms.ChoiceField):
        field.choices = ()
    return field


class FollowUpRowForm(forms.ModelForm):
    """What the follow-up forms of a round share: texts of a sane length, a blank first choice.

    A row without a follow-up yet may stay empty (empty_permitted: an untouched form is not
    validated); once anything is written in it, its status or assessment is required.

    A row without a follow-up in this round starts from CARRIED, the latest one of an earlier
    round, as a suggestion: its fields show what was saved then, and the row is saved only if
    the person changes it or ticks `keep` (what is unchanged from its initial values is no
    change, so an untouched suggestion is left out like an empty row).

    The fields are drawn compactly by the round's page (no help text under each field of each
    row: the page explains them once at the top), so that a charter of fifty activities stays a
    light page.
    """

    choice_field: str
    text_fields = ("reason", "narrative_internal", "narrative_public")
    # The fields as the round's page lays them out: each name with its column classes
    # (followups.templatetags.workspace.entry_form).
    layout: tuple[tuple[str, str], ...]

    def __init__(
        self, *args, carried: FollowUp | None = None, texts: RowTexts | None = None, **kwargs
    ) -> None:
        kwargs.setdefault("use_required_attribute", False)
        kwargs.setdefault("auto_id", "%s")  # a field's id is its name: shorter, and unique
        instance = kwargs.get("instance")
        new = instance is None or instance.pk is None
        kwargs.setdefault("empty_permitted", new)
        self.carried = carried if new else None
        if self.carried is not None:
            kwargs["initial"] = {
                name: getattr(self.carried, name) for name in self._meta.fields
            } | kwargs.get("initial", {})
        super().__init__(*args, **kwargs)
        if self.carried is not None:
            self.fields["keep"] = forms.BooleanField(required=False)
            self.fields["keep"].widget.attrs["class"] = "form-check-input"
        texts = texts or self.texts()
        for name, field in self.fields.items():
            field.label = texts.labels[name]
            field.help_text = ""
            if name != "keep":
                is_choice = name == self.choice_field
                field.widget.attrs["class"] = "form-select" if is_choice else "form-control"
        for name in self.text_fields:
            if name in self.fields:
                field = self.fields[name]
                # No maxlength in the page: a browser would cut a pasted text short without a
                # word, where the save refuses it with a message and keeps it all.
                field.validators.append(TEXT_LENGTH)
        self.fields[self.choice_field].choices = texts.options

    @classmethod
    def texts(cls) -> RowTexts:
        """The labels and options of the form's fields in the active language, as plain text.

        A page of many rows translates them once and gives them to every row's form (TEXTS),
        rather than each form translating them, and drawing them from lazy strings, anew.
        """
        fields = cls.base_fields
        labels = {name: str(field.label) for name, field in fields.items()}
        labels["keep"] = str(_("Still true: save it for this round"))
        choices = cls._meta.model._meta.get_field(cls.choice_field).choices or []
        options = [(value, str(label)) for value, label in choices if value]
        return RowTexts(labels, (("", str(_("– choose –"))), *options))

    @property
    def suggests(self) -> bool:
        """Whether the row shows the earlier round's follow-up as it was, not yet taken up."""
        return self.carried is not None and not (self.is_bound and self.has_changed())

    def has_changed(self) -> bool:
        # A new row whose every field was emptied (a suggestion cleared) is no follow-up.
        if (
            self.instance.pk is None
            and self.is_bound
            and not any(self[name].value() for name in self.fields)
        ):
            return False
        return super().has_changed()

    def clean(self) -> dict:
        # Required once the row is written in, which clean() is only called for; the field
        # itself is not, so that the page does not mark rows left empty as required.
        cleaned = super().clean()
        if not cleaned.get(self.choice_field) and self.choice_field not in self.errors:
            self.add_error(
                self.choice_field, self.fields[self.choice_field].error_messages["required"]
            )
        return cleaned

    def validate_unique(self) -> None:
        # The model's constraints name the round and the activity or promise, which the page
        # sets itself; the cancellation's reason is checked by clean(), next to the field.
        # The service checks them all again (full_clean) before it saves.
        pass


@dataclass(frozen=True)
class RowTexts:
    """What a round's row form shows, in one language (FollowUpRowForm.texts())."""

    labels: dict[str, str]  # by field name
    options: tuple[tuple[str, str], ...]  # of the status or assessment, a blank "choose" first


class ActivityFollowUpForm(FollowUpRowForm):
    choice_field = "status"
    layout = (
        ("status", "col-sm-5"),
        ("reason", "col-sm-7"),
        ("narrative_internal", "col-md-6"),
        ("narrative_public", "col-md-6"),
        ("evidence_url", "col-12"),
    )

    class Meta:
        model = FollowUp
        fields = ["status", "reason", "narrative_internal", "narrative_public", "evidence_url"]
        formfield_callback = row_formfield
        field_classes = dict.fromkeys(
            ["reason", "narrative_internal", "narrative_public"], LinesField
        )
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 2}),
            "narrative_internal": forms.Textarea(attrs={"rows": 3}),
            "narrative_public": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"reason": _("Reason (required if cancelled)")}
        error_messages = {
            "status": {"required": _("Choose the status of the activity.")},
            "evidence_url": {
                "invalid": _("Write a whole web address, for example https://example.se/.")
            },
        }


class PromiseFollowUpForm(FollowUpRowForm):
    choice_field = "assessment"
    layout = (
        ("assessment", "col-12"),
        ("narrative_internal", "col-md-6"),
        ("narrative_public", "col-md-6"),
    )

    class Meta:
        model = FollowUp
        fields = ["assessment", "narrative_internal", "narrative_public"]
        formfield_callback = row_formfield
        field_classes = dict.fromkeys(["narrative_internal", "narrative_public"], LinesField)
        widgets = {
            "narrative_internal": forms.Textarea(attrs={"rows": 2}),
            "narrative_public": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"assessment": _("Assessment of the promise")}
        help_texts = {
            "narrative_internal": _("Why the promise is assessed so, for the workspace."),
            "narrative_public": _("Shown to residents once the round's report is published."),
        }
        error_messages = {"assessment": {"required": _("Choose the assessment of the promise.")}}


class RoundMeasurementForm(ConstraintErrorNextToField):
    """A new value of an indicator, dated within the charter's period; empty means none."""

    error_field = "date"
    layout = (("date", "col-sm-6"), ("value", "col-sm-6"))

    class Meta:
        model = Measurement
        fields = ["date", "value"]
        field_classes = {"value": DecimalCommaField}
        widgets = {"date": DATE}
        labels = {"date": _("Date of the value"), "value": _("Value")}
        error_messages = {
            "date": {"required": _("Write the date of the value."), **DATE_ERRORS},
            "value": {"required": _("Write the value.")},
        }

    def __init__(self, *args, indicator: Indicator, charter: Charter, **kwargs) -> None:
        kwargs.setdefault("use_required_attribute", False)
        kwargs.setdefault("auto_id", "%s")
        kwargs.setdefault("empty_permitted", True)
        super().__init__(*args, **kwargs)
        self.instance.indicator = indicator
        self.charter = charter
        # Required once the row is written in (see clean), not marked so on a row left empty.
        for name in ("date", "value"):
            self.fields[name].required = False
            self.fields[name].help_text = ""
            self.fields[name].widget.attrs["class"] = "form-control"

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in ("date", "value"):
            if cleaned.get(name) is None and name not in self.errors:
                self.add_error(name, self.fields[name].error_messages["required"])
        return cleaned

    def clean_date(self) -> datetime.date | None:
        date = self.cleaned_data.get("date")
        charter = self.charter
        if date and not charter.period_start <= date <= charter.period_end:
            raise ValidationError(
                _(
                    "The date must lie within the period of the citizen promise, "
                    "%(start)s – %(end)s."
                ),
                code="outside_period",
                params={
                    "start": formats.date_format(charter.period_start, "SHORT_DATE_FORMAT"),
                    "end": formats.date_format(charter.period_end, "SHORT_DATE_FORMAT"),
                },
            )
        return date

    def _get_validation_exclusions(self) -> set[str]:
        # The indicator is set by the page; check the one value per date with it.
        return super()._get_validation_exclusions() - {"indicator"}


class RoundPublishForm(forms.ModelForm):
    """The summary residents read with the round's report; it may stay empty."""

    class Meta:
        model = FollowUpRound
        fields = ["summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "summary": _(
                "Optional. What the round showed, in a few sentences for residents. It is "
                "shown above the report on the municipality's page and in the news feed."
            )
        }


class ReviewForm(forms.ModelForm):
    """The review decision on a follow-up; sending it back needs a comment."""

    class Meta:
        model = Review
        fields = ["decision", "comment"]
        widgets = {
            "decision": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A ModelForm radio list offers an empty "---------" choice; a decision has two.
        self.fields["decision"].choices = [
            (value, capfirst(label)) for value, label in Review.Decision.choices
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("decision") == Review.Decision.NEEDS_CHANGES and not cleaned.get("comment"):
            self.add_error("comment", _("Say what needs to change."))
        return cleaned

    def validate_constraints(self, exclude=None) -> None:
        # The one constraint (a comment when sending back) is reported on its field in clean().
        pass


class IdListField(forms.Field):
    """Ids of rows, as checkboxes or hidden fields post them: a list of whole numbers."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("Choose follow-ups from the list.")}

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        try:
            return sorted({int(item) for item in value})
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


# More than a round of the largest charter, far fewer than a hostile post may send.
BULK_LIMIT = 1_000


class BulkReviewForm(forms.Form):
    """One review decision on many follow-ups of the review list: those ticked, the page, or
    every follow-up of a round. Sending them back needs a comment, as for one.

    Which of them the user may review is checked for each (followups.permissions); the
    versions the list showed come with the post (see followups.services.follow_ups_review).
    """

    SELECTED, PAGE, ROUND = "selected", "page", "round"

    scope = forms.ChoiceField(
        label=_("Which follow-ups"),
        choices=[
            (SELECTED, _("Those ticked in the list")),
            (PAGE, _("Every follow-up on this page of the list")),
            (ROUND, _("Every follow-up of the round chosen below, also those on other pages")),
        ],
        initial=SELECTED,
        widget=forms.RadioSelect,
    )
    selected = IdListField(required=False)
    round = forms.IntegerField(
        label=_("Round"),
        required=False,
        min_value=1,
        error_messages={"invalid": _("Choose the round from the list.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_(
            "Given with every decision. Required when you send the follow-ups back: say "
            "what needs to change."
        ),
    )
    decision = forms.ChoiceField(
        choices=Review.Decision.choices,
        error_messages={"required": _("Choose to approve or to send back.")},
    )
    loaded = forms.CharField(required=False)

    def clean(self) -> dict:
        cleaned = super().clean()
        scope = cleaned.get("scope")
        selected, on_page = cleaned.get("selected") or [], list(self.seen)
        if scope == self.SELECTED and not selected and "selected" not in self.errors:
            self.add_error("scope", _("Tick at least one follow-up in the list."))
        if scope == self.PAGE and not on_page:
            self.add_error("scope", _("This page of the list has no follow-ups."))
        if scope == self.ROUND and not cleaned.get("round") and "round" not in self.errors:
            self.add_error("round", _("Choose the round."))
        if len(selected) + len(on_page) > BULK_LIMIT:
            limit = _("Choose at most %(limit)d follow-ups.") % {"limit": BULK_LIMIT}
            self.add_error("scope", limit)
        if (
            cleaned.get("decision") == Review.Decision.NEEDS_CHANGES
            and not cleaned.get("comment", "").strip()
        ):
            self.add_error("comment", _("Say what needs to change."))
        return cleaned

    def full_clean(self) -> None:
        super().full_clean()
        if "comment" in self.errors:  # marked as crispy marks a field in error
            self.fields["comment"].widget.attrs["class"] += " is-invalid"

    @property
    def ids(self) -> list[int] | None:
        """The follow-ups asked for by id; None for a whole round."""
        scope = self.cleaned_data["scope"]
        if scope == self.ROUND:
            return None
        return self.cleaned_data["selected"] if scope == self.SELECTED else sorted(self.seen)

    @cached_property
    def seen(self) -> dict[int, str]:
        """The version of each follow-up on the list's page, by id (see follow_up_version):
        the follow-ups of "every follow-up on this page"."""
        prefix = self.add_prefix("seen-")
        seen = {}
        for name, value in self.data.items():
            if name.startswith(prefix) and name[len(prefix) :].isdigit():
                seen[int(name[len(prefix) :])] = value
        return seen

    @cached_property
    def selected_ids(self) -> set[int]:
        """The follow-ups ticked, to tick them again when the form comes back with errors."""
        if not self.is_bound:
            return set()
        try:
            ticked = self.data.getlist(self.add_prefix("selected"))
            return set(self.fields["selected"].to_python(ticked))
        except ValidationError:
            return set()


# A charter of nine promises is some 40 kB of JSON; a megabyte is far more than any needs.
IMPORT_LIMIT = 1_000_000


class CharterImportForm(forms.Form):
    """A charter's JSON, as a file or pasted; the file wins when both are given.

    clean() gives the parsed data in cleaned_data["data"] and the text in ["json"], which the
    preview sends back with the confirmation.
    """

    file = forms.FileField(
        label=_("JSON file"),
        required=False,
        help_text=_("A file in the open data format, at most 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    json = forms.CharField(
        label=_("Or paste the JSON here"),
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 12, "class": "font-monospace", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = inline_helper()

    def clean(self) -> dict:
        cleaned = super().clean()
        upload = cleaned.get("file")
        text = cleaned.get("json") or ""
        if upload:
            if upload.size > IMPORT_LIMIT:
                raise ValidationError(
                    _("The file is larger than 1 MB; a citizen promise is far smaller.")
                )
            try:
                # utf-8-sig: a file saved by a Windows editor may start with a byte order mark.
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ValidationError(
                    _("The file is not text in UTF-8; save it as UTF-8 and try again.")
                ) from None
            # What is previewed is kept in the text field, for the confirmation.
            self.data = self.data.copy()
            self.data["json"] = text
        if not text.strip():
            raise ValidationError(_("Choose a JSON file or paste the JSON."))
        if len(text.encode()) > IMPORT_LIMIT:
            raise ValidationError(
                _("The JSON is larger than 1 MB; a citizen promise is far smaller.")
            )
        try:
            cleaned["data"] = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValidationError(
                _("This is not valid JSON: %(error)s (line %(line)s, column %(column)s).")
                % {"error": error.msg, "line": error.lineno, "column": error.colno}
            ) from None
        cleaned["json"] = text
        return cleaned
