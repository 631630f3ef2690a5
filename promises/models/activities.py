"""The promises of a charter and the activities that keep them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.lib import periods
from config.lib.models import BoundedDateField, CarriedOver, History, TimeStampedModel
from promises.models.charters import Charter, Party
from situations.models import FocusArea, Membership, Municipality, Place, Problem

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class PromiseQuerySet(models.QuerySet):
    def published(self) -> PromiseQuerySet:
        return self.filter(charter__status__in=Charter.Status.public_values())

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> PromiseQuerySet:
        return self.filter(charter__in=Charter.objects.visible_to(user))


class Promise(CarriedOver, TimeStampedModel):
    """One promise in a charter, owned by the police, the municipality or both."""

    class Assessment(models.TextChoices):
        NOT_ASSESSED = "not_assessed", _("not assessed")
        ONGOING = "ongoing", _("ongoing")
        FULFILLED = "fulfilled", _("fulfilled")
        PARTLY_FULFILLED = "partly_fulfilled", _("partly fulfilled")
        NOT_FULFILLED = "not_fulfilled", _("not fulfilled")

    charter = models.ForeignKey(
        Charter,
        on_delete=models.CASCADE,
        related_name="promises",
        verbose_name=_("citizen promise"),
    )
    owner = models.CharField(
        _("owner"),
        max_length=20,
        choices=Party.choices,
        help_text=_("Who makes the promise: the police, the municipality or both together."),
    )
    title = models.CharField(
        _("short title"),
        max_length=200,
        blank=True,
        help_text=_("Optional. A few words, for example Trafik or Synlighet."),
    )
    text = models.TextField(
        _("promise"), help_text=_("The promise as it is written in the signed document.")
    )
    focus_areas = models.ManyToManyField(
        FocusArea, blank=True, related_name="promises", verbose_name=_("focus areas")
    )
    problems = models.ManyToManyField(
        Problem,
        blank=True,
        related_name="promises",
        verbose_name=_("problems it answers"),
        help_text=_(
            "The prioritised problems of the charter's situation report that the promise "
            "answers; through them, the findings that show them."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    assessment = models.CharField(
        _("assessment"),
        max_length=20,
        choices=Assessment.choices,
        default=Assessment.NOT_ASSESSED,
    )

    objects = PromiseQuerySet.as_manager()

    history = History(m2m_fields=["focus_areas", "problems"])

    class Meta:
        ordering = ["charter", "order", "id"]
        verbose_name = _("promise")
        verbose_name_plural = _("promises")
        constraints = [
            models.UniqueConstraint(
                fields=["charter", "order"],
                name="promises_promise_unique_order",
                violation_error_message=_("Two promises cannot have the same place in the order."),
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.text[:80]

    # Follow-ups keep a copy of their promise's owner for the review dashboard's filter; the
    # owner as loaded lets a save tell them only when it changed (followups.receivers).

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs) -> Promise:
        promise = super().from_db(db, field_names, values, **kwargs)
        promise._loaded_owner = promise.__dict__.get("owner")
        return promise

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self._loaded_owner = self.owner

    @property
    def owner_changed(self) -> bool:
        """Whether the owner may differ from the saved one (not known counts as changed)."""
        return getattr(self, "_loaded_owner", None) != self.owner

    def check_problems(self, problems: Iterable[Problem]) -> None:
        """Refuse problems of another situation report than the charter's.

        A many-to-many field is set only after the row is saved, so the edit form, the
        importer and the demo call this before they set the links.
        """
        report_id = self.charter.situation_report_id
        if any(problem.report_id != report_id for problem in problems):
            raise ValidationError(
                {
                    "problems": _(
                        "Choose among the prioritised problems of the citizen promise's "
                        "situation report."
                    )
                }
            )


class ActivityQuerySet(models.QuerySet):
    def public(self) -> ActivityQuerySet:
        """Activities residents may read: public ones in a published charter."""
        return self.filter(
            is_public=True, promise__charter__status__in=Charter.Status.public_values()
        )

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> ActivityQuerySet:
        if user.is_authenticated and user.is_superuser:
            return self.all()
        return self.filter(
            Q(is_public=True, promise__charter__status__in=Charter.Status.public_values())
            | Q(
                promise__charter__municipality__in=Municipality.objects.in_scope(
                    user, Membership.READ_ROLES
                )
            )
        )


class Activity(CarriedOver, TimeStampedModel):
    """What is done to keep a promise: who, where, when, and the effect expected."""

    class Kind(models.TextChoices):
        PATROL = "patrol", _("patrol")
        SAFETY_WALK = "safety_walk", _("safety walk")
        DIALOGUE_MEETING = "dialogue_meeting", _("dialogue meeting")
        TRAFFIC_CONTROL = "traffic_control", _("traffic control")
        PUBLIC_PRESENCE = "public_presence", _("presence at an event")
        PREVENTION = "prevention", _("preventive work")
        COMMUNICATION = "communication", _("communication")
        PHYSICAL_ENVIRONMENT = "physical_environment", _("physical environment")
        REVIEW = "review", _("review or investigation")
        OTHER = "other", _("other")

    class Repeats(models.TextChoices):
        """How the activity recurs between its start and its end, for the calendar."""

        NONE = "none", _("does not repeat")
        WEEKLY = "weekly", _("every week")
        MONTHLY = "monthly", _("every month")
        YEARLY = "yearly", _("every year")
        DATES = "dates", _("on the dates given")

        @classmethod
        def by_rule(cls) -> list[str]:
            """The choices that recur by a rule from the start date (RRULE's FREQ)."""
            return [cls.WEEKLY, cls.MONTHLY, cls.YEARLY]

    promise = models.ForeignKey(
        Promise,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("promise"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    responsible_party = models.CharField(
        _("responsible party"), max_length=20, choices=Party.choices
    )
    responsible_function = models.CharField(
        _("responsible function"),
        max_length=200,
        blank=True,
        help_text=_("For example kommunpolisen or teknik- och fritidsförvaltningen."),
    )
    places = models.ManyToManyField(
        Place, blank=True, related_name="activities", verbose_name=_("places")
    )
    start_date = BoundedDateField(_("start"), null=True, blank=True)
    end_date = BoundedDateField(_("end"), null=True, blank=True)
    recurrence = models.CharField(
        _("when"),
        max_length=200,
        blank=True,
        help_text=_("In words, for example every week or at the spring and autumn markets."),
    )
    repeats = models.CharField(
        _("repeats"),
        max_length=10,
        choices=Repeats.choices,
        default=Repeats.NONE,
        help_text=_(
            "In the calendar an activity that repeats is one event each week, month or year "
            "from its start to its end."
        ),
    )
    # Days as 2025-03-15, in order: the activity's days when it repeats on the dates given.
    dates = models.JSONField(
        _("dates"),
        default=list,
        blank=True,
        help_text=_(
            "For an activity on the dates given: each date as 2025-03-15, separated by commas."
        ),
    )
    expected_effect = models.TextField(
        _("expected effect"),
        blank=True,
        help_text=_("What residents should notice if the activity works."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Non-public activities are shown only to the workspace."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ActivityQuerySet.as_manager()

    history = History(m2m_fields=["places"])

    class Meta:
        ordering = ["promise", "order", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="promises_activity_end_after_start",
                violation_error_message=_("The activity cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["promise", "order"],
                name="promises_activity_unique_order",
                violation_error_message=_(
                    "Two activities cannot have the same place in the order."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The activity cannot end before it starts.")},
                code="end_before_start",
            )
        if self.repeats in self.Repeats.by_rule() and not self.start_date:
            raise ValidationError(
                {"start_date": _("Give the start of an activity that repeats.")},
                code="repeats_without_start",
            )
        if self.repeats != self.Repeats.DATES:
            self.dates = []
            return
        self.dates = validated_dates(self.dates)
        if not self.dates:
            raise ValidationError(
                {"dates": _("Give the dates of an activity on the dates given.")},
                code="dates_missing",
            )

    def days(self) -> list[datetime.date]:
        """The dates given, as dates."""
        return [datetime.date.fromisoformat(day) for day in self.dates]

    def occurs_on(self, day: datetime.date) -> bool:
        start = self.start_date or datetime.date.min
        end = self.end_date or datetime.date.max
        return start <= day <= end

    # A follow-up's owner is its activity's promise's (see Promise.from_db).

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs) -> Activity:
        activity = super().from_db(db, field_names, values, **kwargs)
        activity._loaded_promise_id = activity.__dict__.get("promise_id")
        return activity

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self._loaded_promise_id = self.promise_id

    @property
    def promise_changed(self) -> bool:
        """Whether the activity may have moved to another promise (not known counts)."""
        return getattr(self, "_loaded_promise_id", None) != self.promise_id


# More dates than this is a rule, not a list: weekly, monthly or yearly says it better.
MAX_DATES = 60


def validated_dates(values: object) -> list[str]:
    """VALUES (a list of dates as 2025-03-15) checked, without repeats, in order."""
    if not isinstance(values, list):
        raise ValidationError({"dates": _("Give the dates as a list.")}, code="dates_not_a_list")
    days = set()
    for value in values:
        try:
            day = datetime.date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            day = None
        if day is None or len(value) != 10:
            raise ValidationError(
                {
                    "dates": _("“%(value)s” is not a date: write each date as 2025-03-15.")
                    % {"value": value}
                },
                code="invalid_date",
            )
        try:
            periods.validate_day(day)
        except ValidationError as error:
            raise ValidationError({"dates": error.messages}, code="date_out_of_range") from error
        days.add(day)
    if len(days) > MAX_DATES:
        raise ValidationError(
            {
                "dates": _(
                    "Give at most %(limit)s dates; for more, choose every week, month or year."
                )
                % {"limit": MAX_DATES}
            },
            code="too_many_dates",
        )
    return [day.isoformat() for day in sorted(days)]
