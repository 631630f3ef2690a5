"""The forms of a medborgarenkät: building it (workspace), answering it (public), and using its
results in a lägesbild (workspace).

Every message says what to do, through gettext; every form keeps what was typed when it comes
back with errors.
"""

from __future__ import annotations

import copy

from django import forms
from django.db.models import Max
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

from config.lib.editing import EXTRA_ROWS
from situations.forms.workspace import DATE_INVALID, RowsFormSet, date_input, drop_examples
from situations.models import (
    FREE_TEXT_MAX_LENGTH,
    SCALE_LABELS,
    Answer,
    Choice,
    Place,
    Question,
    SituationReport,
    Source,
    Survey,
)
from situations.surveys import Results
from situations.validators import contains_personnummer

Kind = Question.Kind
HONEYPOT = "website"
OTHER_PLACE = "other"
CHOICES_MAX = 30
PERSONNUMMER_ERROR = _(
    "Remove the personal identity number: the survey is anonymous, so please write nothing "
    "that tells who you or anyone else is."
)


# --- Building a survey (workspace) -----------------------------------------------------------


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "introduction", "purpose", "opens_on", "closes_on"]
        widgets = {
            "opens_on": date_input(),
            "closes_on": date_input(),
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": _("Write a title, for example Trygghetsenkät 2025.")},
            "purpose": {
                "required": _(
                    "Say what the answers are used for: residents read it before they answer."
                )
            },
            "opens_on": {
                "required": _("Give the first day residents can answer."),
                "invalid": DATE_INVALID,
            },
            "closes_on": {
                "required": _("Give the last day residents can answer."),
                "invalid": DATE_INVALID,
            },
        }

    def __init__(self, *args, municipality, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality


# The fields that only some kinds of question use, with those kinds. The builder shows each
# with a hint naming its kinds; static/js/survey-builder.js hides (and disables) the ones the
# chosen kind does not use, and without the script clean() refuses values for the wrong kind.
KIND_FIELDS: dict[str, tuple[Question.Kind, ...]] = {
    "choices_text": (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE),
    "place": (Kind.SAFETY_SCALE,),
    "time_of_day": (Kind.SAFETY_SCALE,),
}


def applies_to(kinds: tuple[Question.Kind, ...]) -> str:
    """The hint that names the kinds a field is for, as the kind list names them."""
    names = [_("“%(kind)s”") % {"kind": kind.label} for kind in kinds]
    if len(kinds) == 1:
        return _("Only for the kind %(kind)s.") % {"kind": names[0]}
    return _("Only for the kinds %(kinds)s.") % {"kinds": get_text_list(names, _("or"))}


class QuestionForm(forms.ModelForm):
    """One question; its choices one per line, its place among the kommun's places."""

    choices_text = forms.CharField(
        label=_("Choices, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Question
        fields = ["kind", "text", "choices_text", "place", "time_of_day", "required", "order"]
        widgets = {
            "text": forms.TextInput(),
            "kind": forms.Select(attrs={"data-question-kind": ""}),
        }
        error_messages = {
            "kind": {"required": _("Choose the kind of question.")},
            "text": {"required": _("Write the question.")},
            "place": {"invalid_choice": _("Choose one of the municipality's places.")},
            "order": {"invalid": _("Write a whole number, for example 3.")},
        }
        labels = {"order": _("Place in the survey"), "kind": _("Kind of question")}

    KIND_HELP = {
        "choices_text": _("At least two."),
        "place": _("The place the question is about, if any."),
        "time_of_day": _("The time of day the question is about, if any."),
    }

    def __init__(self, *args, places: tuple, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        queryset, options = places
        self.fields["place"].queryset = queryset
        self.fields["place"].choices = [("", _("No particular place")), *options]
        self.fields["kind"].choices = [("", _("Choose the kind of question")), *Kind.choices]
        self.fields["kind"].help_text = _(
            "Some fields below are only for some kinds; each says which."
        )
        self.fields["time_of_day"].choices = [("", _("Any time")), *Question.TimeOfDay.choices]
        for name, kinds in KIND_FIELDS.items():
            self.fields[name].help_text = f"{applies_to(kinds)} {self.KIND_HELP[name]}"
        self.fields["order"].required = False
        self.fields["order"].help_text = _("Leave it empty to put a new question last.")
        # The question as saved, for its summary line: a bound form writes into its instance.
        self.saved = copy.copy(self.instance) if self.instance.pk else None
        if self.saved:
            drop_examples(self, ("kind", "text", "required", "order"))
        if self.instance.pk is None:
            self.initial["order"] = None  # not the model's default 0, which would go first
        if self.instance.pk and not self.is_bound:
            self.initial["choices_text"] = "\n".join(c.text for c in self.instance.choices.all())

    @property
    def kind_fields(self) -> list[tuple[forms.BoundField, str]]:
        """The fields only some kinds use, each with those kinds as the page names them."""
        return [(self[name], " ".join(KIND_FIELDS[name])) for name in KIND_FIELDS]

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("order") is None and self.instance.pk and "order" not in self.errors:
            cleaned["order"] = self.instance.order  # an emptied place keeps the old one
        kind = cleaned.get("kind")
        lines = [line.strip() for line in (cleaned.get("choices_text") or "").splitlines()]
        lines = [line for line in lines if line]
        cleaned["choices"] = lines
        if not kind:
            return cleaned
        if Kind(kind).has_choices:
            if len(lines) < 2:
                self.add_error("choices_text", _("Write at least two choices, one per line."))
            elif len(lines) > CHOICES_MAX:
                self.add_error(
                    "choices_text", _("Write at most %(max)d choices.") % {"max": CHOICES_MAX}
                )
            elif any(len(line) > 200 for line in lines):
                self.add_error("choices_text", _("Write each choice in at most 200 characters."))
            elif len({line.casefold() for line in lines}) < len(lines):
                self.add_error("choices_text", _("Write each choice only once."))
        elif lines:
            self.add_error(
                "choices_text",
                _("Only one-choice and several-choice questions have choices: empty the box."),
            )
        if kind != Kind.SAFETY_SCALE:
            if cleaned.get("place"):
                self.add_error("place", _("Only a safety question is about a place."))
            if cleaned.get("time_of_day"):
                self.add_error("time_of_day", _("Only a safety question is about a time of day."))
        return cleaned

    def save(self, commit: bool = True) -> Question:
        question = super().save(commit=commit)
        if commit:
            self.save_choices(question)
        return question

    def save_choices(self, question: Question) -> None:
        """Make the question's choices the lines typed: matched by place, changed in place."""
        lines = self.cleaned_data["choices"] if Kind(question.kind).has_choices else []
        existing = list(question.choices.order_by("order", "id"))
        for order, text in enumerate(lines, start=1):
            choice = existing[order - 1] if order <= len(existing) else Choice(question=question)
            if choice.pk is None or choice.text != text or choice.order != order:
                choice.text, choice.order = text, order
                choice.full_clean()
                choice.save()
        for choice in existing[len(lines) :]:
            choice.delete()


class QuestionFormSet(RowsFormSet):
    delete_label = _("Remove this question")
    removed_message = _(
        "Someone else has removed this question meanwhile. Open the page again; the history "
        "can restore it."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        places = Place.objects.filter(municipality_id=self.instance.municipality_id).order_by(
            "name", "id"
        )
        # Read once here and shared by every form.
        self.form_kwargs["places"] = (places, [(place.pk, place.name) for place in places])

    def get_queryset(self):
        # Once, like Django's own: every form reads its question (and choices) from this list.
        if not hasattr(self, "_with_choices"):
            self._with_choices = super().get_queryset().prefetch_related("choices")
        return self._with_choices

    def save_new(self, form: forms.ModelForm, commit: bool = True):
        if form.cleaned_data.get("order") is None:
            highest = Question.objects.filter(survey=self.instance).aggregate(Max("order"))
            form.instance.order = (highest["order__max"] or 0) + 1
        return super().save_new(form, commit=commit)


SurveyQuestions = forms.inlineformset_factory(
    Survey,
    Question,
    form=QuestionForm,
    formset=QuestionFormSet,
    extra=EXTRA_ROWS,
    can_delete=True,
    can_delete_extra=False,
)


class SurveyEditForms:
    """The edit page of a survey: its texts and dates, and its questions unless they are
    fixed (answered or closed), saved together.
    """

    def __init__(self, survey: Survey, data=None, *, questions_fixed: bool) -> None:
        self.survey = survey
        self.questions_fixed = questions_fixed
        self.form = SurveyForm(data, instance=copy.copy(survey), municipality=survey.municipality)
        self.questions = None
        if not questions_fixed:
            self.questions = SurveyQuestions(
                data,
                instance=survey,
                prefix="questions",
                queryset=Question.objects.filter(survey=survey)
                .select_related("place")
                .order_by("order", "id"),
            )

    def is_valid(self) -> bool:
        valid = [self.form.is_valid()]
        if self.questions is not None:
            valid.append(self.questions.is_valid())
        return all(valid)

    def save(self) -> None:
        self.form.save()
        if self.questions is not None:
            self.questions.save()

    @property
    def has_errors(self) -> bool:
        return bool(
            self.form.errors or (self.questions is not None and self.questions.total_error_count())
        )


# --- Answering a survey (public) -------------------------------------------------------------


def field_name(question: Question) -> str:
    return f"q{question.pk}"


class AnswerForm(forms.Form):
    """A resident's answers: one field per question, built from the survey's questions.

    The HONEYPOT field is hidden from people; only a bot fills it in.
    """

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, questions: list[Question], places: list[Place], **kwargs) -> None:
        kwargs.setdefault("auto_id", "survey-%s")
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.places = {str(place.pk): place for place in places}
        for number, question in enumerate(questions, start=1):
            self._add(question, number)

    def _add(self, question: Question, number: int) -> None:
        name = field_name(question)
        required = question.required
        label = f"{number}. {question.text}"
        if question.kind == Kind.SAFETY_SCALE:
            field = forms.TypedChoiceField(
                label=label,
                required=required,
                coerce=int,
                choices=[(value, f"{value} {text}") for value, text in SCALE_LABELS.items()],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose how safe you feel, from 1 to 5."),
                    "invalid_choice": _("Choose one of the steps from 1 to 5."),
                },
            )
        elif question.kind == Kind.SINGLE_CHOICE:
            field = forms.ChoiceField(
                label=label,
                required=required,
                choices=[(str(c.pk), c.text) for c in question.choices.all()],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose one of the answers."),
                    "invalid_choice": _("Choose one of the answers in the list."),
                },
            )
        elif question.kind == Kind.MULTIPLE_CHOICE:
            field = forms.MultipleChoiceField(
                label=label,
                required=required,
                choices=[(str(c.pk), c.text) for c in question.choices.all()],
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "required": _("Choose at least one of the answers."),
                    "invalid_choice": _("Choose among the answers in the list."),
                },
            )
        elif question.kind == Kind.UNSAFE_PLACES:
            field = forms.MultipleChoiceField(
                label=label,
                required=False,  # checked in clean(): "another place" counts as an answer
                choices=[
                    *((pk, place.name) for pk, place in self.places.items()),
                    (OTHER_PLACE, _("Another place")),
                ],
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": _("Choose among the places in the list.")},
            )
            self.fields[f"{name}_other"] = forms.CharField(
                label=_("Which other place?"),
                required=False,
                max_length=200,
                help_text=_("For example a street, a square or a stop."),
                error_messages={
                    "max_length": _("Describe the place in at most %(limit_value)d characters.")
                },
            )
        else:
            field = forms.CharField(
                label=label,
                required=required,
                max_length=FREE_TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_(
                    "At most %(limit)d characters. Please write no names or other details that "
                    "tell who you or anyone else is."
                )
                % {"limit": FREE_TEXT_MAX_LENGTH},
                error_messages={
                    "required": _("Write your answer in the text box."),
                    "max_length": _(
                        "The answer is too long: at most %(limit_value)d characters, and yours "
                        "has %(show_value)d. Shorten it and send it again."
                    ),
                },
            )
        if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            field.widget.attrs["class"] = "form-check-input"
        else:
            field.widget.attrs["class"] = "form-control"
        if f"{name}_other" in self.fields:
            self.fields[f"{name}_other"].widget.attrs["class"] = "form-control"
        self.fields[name] = field

    @property
    def items(self) -> list[tuple[Question, forms.BoundField, forms.BoundField | None]]:
        """Each question with its field and, for places, the "which other place" field."""
        return [
            (question, self[field_name(question)], self.other_for(question))
            for question in self.questions
        ]

    @property
    def error_links(self) -> list[tuple[str, str, str]]:
        """(anchor, label, message) of every error, for the summary above the form."""
        links = []
        for _question, field, other in self.items:
            for error in field.errors:
                links.append((f"{field.auto_id}-group", field.label, error))
            for error in other.errors if other is not None else []:
                links.append((other.auto_id, f"{field.label} – {other.label}", error))
        return links

    def clean(self) -> dict:
        cleaned = super().clean()
        for question in self.questions:
            name = field_name(question)
            if question.kind == Kind.FREE_TEXT:
                if contains_personnummer(cleaned.get(name, "")):
                    self.add_error(name, PERSONNUMMER_ERROR)
            if question.kind != Kind.UNSAFE_PLACES:
                continue
            chosen = cleaned.get(name) or []
            other = (cleaned.get(f"{name}_other") or "").strip()
            if other and OTHER_PLACE not in chosen and name not in self.errors:
                # Describing a place says as much as ticking "another place".
                chosen = [*chosen, OTHER_PLACE]
                cleaned[name] = chosen
            if OTHER_PLACE in chosen and not other and f"{name}_other" not in self.errors:
                self.add_error(f"{name}_other", _("Describe the other place, or untick it."))
            if contains_personnummer(other):
                self.add_error(f"{name}_other", PERSONNUMMER_ERROR)
            if question.required and not chosen and name not in self.errors:
                self.add_error(name, _("Choose at least one place, or another place."))
        return cleaned

    @property
    def is_from_bot(self) -> bool:
        return bool(self.data.get(self.add_prefix(HONEYPOT), "").strip())

    def answers(self) -> list[Answer]:
        """The answers as unsaved rows, one per value, for services.response_submit."""
        rows = []
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if question.kind == Kind.SAFETY_SCALE and value not in (None, ""):
                rows.append(Answer(question=question, scale=value))
            elif question.kind == Kind.SINGLE_CHOICE and value:
                rows.append(Answer(question=question, choice_id=int(value)))
            elif question.kind == Kind.MULTIPLE_CHOICE:
                rows.extend(Answer(question=question, choice_id=int(pk)) for pk in value or [])
            elif question.kind == Kind.UNSAFE_PLACES:
                for pk in value or []:
                    if pk == OTHER_PLACE:
                        other = self.cleaned_data[f"{field_name(question)}_other"].strip()
                        rows.append(Answer(question=question, other_place=other))
                    else:
                        rows.append(Answer(question=question, place=self.places[pk]))
            elif question.kind == Kind.FREE_TEXT and value and value.strip():
                rows.append(Answer(question=question, text=value.strip()))
        return rows

    def field_for(self, question: Question) -> forms.BoundField:
        return self[field_name(question)]

    def other_for(self, question: Question) -> forms.BoundField | None:
        name = f"{field_name(question)}_other"
        return self[name] if name in self.fields else None


# --- The results in a lägesbild (workspace) ------------------------------------------------

SOURCE_KINDS = [
    (Source.Kind.CITIZEN_SURVEY.value, Source.Kind.CITIZEN_SURVEY.label),
    (Source.Kind.SAFETY_SURVEY.value, Source.Kind.SAFETY_SURVEY.label),
]


class ReportChoiceMixin(forms.Form):
    report = forms.ModelChoiceField(
        label=_("Situation report"),
        queryset=SituationReport.objects.none(),
        empty_label=_("Choose a situation report"),
        error_messages={
            "required": _("Choose the situation report."),
            "invalid_choice": _("Choose one of the municipality's situation reports in the list."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Kind of source"),
        choices=SOURCE_KINDS,
        initial=Source.Kind.CITIZEN_SURVEY.value,
        error_messages={"invalid_choice": _("Choose one of the kinds in the list.")},
    )

    def __init__(self, *args, reports, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = reports


class AttachForm(ReportChoiceMixin):
    """Which lägesbild the survey's results become a source of."""


class SurveyFindingForm(ReportChoiceMixin):
    """A figure of the survey as a finding of a lägesbild."""

    figure = forms.ChoiceField(
        label=_("Figure"),
        error_messages={
            "required": _("Choose the figure."),
            "invalid_choice": _("Choose one of the survey's figures in the list."),
        },
    )
    text = forms.CharField(
        label=_("Finding"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave it empty for the suggested sentence, or write your own."),
    )

    field_order = ["figure", "report", "kind", "text"]

    def __init__(self, *args, results: Results, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.results = results
        options = [("", _("Choose a figure"))]
        for result in results.questions:
            group = [
                (row.key, f"{row.label}: {'–' if row.share is None else f'{row.share} %'}")
                for row in result.figures
            ]
            if group:
                options.append((f"{result.number}. {result.question.text}", group))
        self.fields["figure"].choices = options

    def clean_figure(self):
        found = self.results.figure(self.cleaned_data["figure"])
        if found is None:
            raise forms.ValidationError(_("Choose one of the survey's figures in the list."))
        if found[1].share is None:
            raise forms.ValidationError(
                _("Nobody has answered this question yet, so it has no figure.")
            )
        return found
