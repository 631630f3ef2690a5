"""Medborgarenkät: the anonymous safety survey, its questions and answers."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from config.lib.models import BoundedDateField, History, TimeStampedModel, related_or_none
from situations.models.geography import Municipality
from situations.models.reports import Place


class SurveyQuerySet(models.QuerySet):
    def public(self) -> SurveyQuerySet:
        """Surveys residents may see: published (open between its dates) or closed."""
        return self.exclude(status=Survey.Status.DRAFT)

    def open_on(self, day: datetime.date) -> SurveyQuerySet:
        return self.filter(status=Survey.Status.PUBLISHED, opens_on__lte=day, closes_on__gte=day)


class Survey(TimeStampedModel):
    """A medborgarenkät: questions a kommun asks its residents, answered anonymously."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", _("closed")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("municipality"),
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("For example Trygghetsenkät 2025.")
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("What residents read first: what the survey is about and who asks."),
    )
    purpose = models.TextField(
        _("what the answers are used for"),
        help_text=_(
            "Residents read this next to the questions, for example: in the situation picture "
            "and to choose the places where the police and the municipality work."
        ),
    )
    opens_on = BoundedDateField(_("opens"), help_text=_("The first day residents can answer."))
    closes_on = BoundedDateField(_("closes"), help_text=_("The last day residents can answer."))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = SurveyQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["municipality", "-opens_on", "id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="situations_survey_closes_after_opens",
                violation_error_message=_("The survey cannot close before it opens."),
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False)
                | (~Q(status="closed") & Q(closed_at__isnull=True)),
                name="situations_survey_closed_has_date",
                violation_error_message=_("A closed survey needs the time it was closed."),
            ),
            models.CheckConstraint(
                condition=~Q(purpose=""),
                name="situations_survey_purpose_not_empty",
                violation_error_message=_("Say what the answers are used for."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.municipality})"

    def get_absolute_url(self) -> str:
        return reverse(
            "public:survey_answer", kwargs={"slug": self.municipality.slug, "pk": self.pk}
        )

    def clean(self) -> None:
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": _("The survey cannot close before it opens.")},
                code="closes_before_opens",
            )

    def is_open_on(self, day: datetime.date) -> bool:
        return self.status == self.Status.PUBLISHED and self.opens_on <= day <= self.closes_on

    @property
    def period_label(self) -> str:
        return f"{self.opens_on:%Y-%m-%d} – {self.closes_on:%Y-%m-%d}"


SCALE_MIN, SCALE_MAX = 1, 5
# The scale of a safety question as trygghetsmätningar ask it; 4 and 5 count as "safe".
SCALE_LABELS = {
    1: _("Very unsafe"),
    2: _("Fairly unsafe"),
    3: _("Neither safe nor unsafe"),
    4: _("Fairly safe"),
    5: _("Very safe"),
}
SAFE_VALUES = (4, 5)
FREE_TEXT_MAX_LENGTH = 2000


class Question(TimeStampedModel):
    """One question of a survey."""

    class Kind(models.TextChoices):
        SAFETY_SCALE = "safety_scale", _("how safe, on a scale from 1 to 5")
        SINGLE_CHOICE = "single_choice", _("one choice")
        MULTIPLE_CHOICE = "multiple_choice", _("several choices")
        UNSAFE_PLACES = "unsafe_places", _("places that feel unsafe")
        FREE_TEXT = "free_text", _("free text")

        @property
        def has_choices(self) -> bool:
            return self in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE)

    class TimeOfDay(models.TextChoices):
        DAY = "day", _("in the daytime")
        EVENING = "evening", _("in the evening")
        NIGHT = "night", _("at night")

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    text = models.CharField(
        _("question"),
        max_length=500,
        help_text=_("For example: How safe do you feel in the town centre in the evening?"),
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_questions",
        verbose_name=_("place"),
        help_text=_("Only for safety questions: the place the question is about, if any."),
    )
    time_of_day = models.CharField(
        _("time of day"),
        max_length=20,
        choices=TimeOfDay.choices,
        blank=True,
        help_text=_("Only for safety questions: the time of day the question is about, if any."),
    )
    required = models.BooleanField(
        _("required"), default=False, help_text=_("Residents must answer this question.")
    )

    history = History()

    class Meta:
        ordering = ["survey", "order", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="safety_scale") | Q(place__isnull=True, time_of_day=""),
                name="situations_question_place_time_only_for_scale",
                violation_error_message=_(
                    "Only a safety question is about a place or a time of day."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="situations_question_text_not_empty",
                violation_error_message=_("Write the question."),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        super().clean()
        place = related_or_none(self, "place")
        if place is not None and self.survey_id:
            if place.municipality_id != self.survey.municipality_id:
                raise ValidationError(
                    {"place": _("The place is in another municipality.")},
                    code="place_municipality",
                )


class Choice(TimeStampedModel):
    """One answer a resident may choose in a single or multiple choice question."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("choice"), max_length=200)

    history = History()

    class Meta:
        ordering = ["question", "order", "id"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""),
                name="situations_choice_text_not_empty",
                violation_error_message=_("Write the choice."),
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    """One resident's answers to a survey, as a whole.

    Anonymous by design (docs/design.md, private by design): no user, no IP address, no user
    agent, no session, and no time of day: the date alone, so that a row cannot be matched with
    a server log. That is also why this model has no created_at/updated_at and no history, and
    why its key is random: sequential ids kept the order of answers, which a log could match.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey")
    )
    submitted_on = models.DateField(_("answered on"))

    class Meta:
        ordering = ["survey", "id"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return f"{self.survey.title}, {self.submitted_on:%Y-%m-%d}"


class Answer(models.Model):
    """One value of a response: a scale step, a choice, a place, another place, or a text.

    A multiple choice or an unsafe-places question has one row per chosen option. Anonymous
    like its response: nothing here but what the resident chose or wrote, under a random key.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    scale = models.PositiveSmallIntegerField(
        _("scale value"),
        null=True,
        blank=True,
        validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)],
    )
    choice = models.ForeignKey(
        Choice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("choice"),
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_answers",
        verbose_name=_("place"),
    )
    other_place = models.CharField(_("other place"), max_length=200, blank=True)
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["response", "question", "id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            # Exactly one kind of value per row.
            models.CheckConstraint(
                condition=Q(
                    scale__isnull=False,
                    choice__isnull=True,
                    place__isnull=True,
                    other_place="",
                    text="",
                )
                | Q(scale__isnull=True, choice__isnull=False, place__isnull=True, other_place="")
                & Q(text="")
                | Q(scale__isnull=True, choice__isnull=True, place__isnull=False, other_place="")
                & Q(text="")
                | Q(scale__isnull=True, choice__isnull=True, place__isnull=True, text="")
                & ~Q(other_place="")
                | Q(scale__isnull=True, choice__isnull=True, place__isnull=True, other_place="")
                & ~Q(text=""),
                name="situations_answer_one_value",
                violation_error_message=_("An answer holds exactly one value."),
            ),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=SCALE_MIN, scale__lte=SCALE_MAX),
                name="situations_answer_scale_range",
                violation_error_message=_("The scale goes from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), FREE_TEXT_MAX_LENGTH),
                name="situations_answer_text_max_length",
                violation_error_message=_("The answer is too long."),
            ),
            models.UniqueConstraint(
                fields=["response", "question", "choice"],
                condition=Q(choice__isnull=False),
                name="situations_answer_unique_choice",
            ),
            models.UniqueConstraint(
                fields=["response", "question", "place"],
                condition=Q(place__isnull=False),
                name="situations_answer_unique_place",
            ),
            models.UniqueConstraint(
                fields=["response", "question"],
                condition=Q(scale__isnull=False) | ~Q(text="") | ~Q(other_place=""),
                name="situations_answer_unique_value",
            ),
        ]

    def __str__(self) -> str:
        return str(self.pk)
