"""Follow-up rounds, follow-ups of activities and promises, and their reviews."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from promises.models import Activity, Charter, Promise
from situations.models import History, Membership, PeriodModel, TimeStampedModel
from situations.permissions import municipalities_in_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class FollowUpRoundQuerySet(models.QuerySet):
    def published(self) -> FollowUpRoundQuerySet:
        """Rounds whose report is published, in a charter residents may read."""
        return self.filter(
            published_at__isnull=False, charter__status__in=Charter.Status.public_values()
        )

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> FollowUpRoundQuerySet:
        """Rounds with a published report, plus every round of a charter in the user's scope.

        An unpublished round of a published charter stays internal: its summary is written
        for the report and must not reach residents before it is published.
        """
        if user.is_authenticated and user.is_superuser:
            return self.all()
        in_scope = municipalities_in_scope(user, Membership.READ_ROLES)
        return self.filter(
            Q(
                published_at__isnull=False,
                charter__status__in=Charter.Status.public_values(),
            )
            | Q(charter__municipality__in=in_scope)
        )

    def due_by(self, day) -> FollowUpRoundQuerySet:
        """Rounds due on or before DAY whose report is not yet published."""
        return self.filter(due_on__lte=day, published_at__isnull=True)

    def with_counts(self) -> FollowUpRoundQuerySet:
        """Annotate what each round still lacks, in the same query (correlated subqueries).

        missing_activities: activities of the charter with no follow-up in the round;
        missing_assessments: promises of the charter without an assessment in the round (a
        follow-up saying "not assessed" is no assessment); follow_up_count and approved_count:
        the round's follow-ups, and those whose latest review approves them.
        """
        round_ = OuterRef("pk")
        followed = FollowUp.objects.filter(round=OuterRef(round_), activity=OuterRef("pk"))
        assessed = FollowUp.objects.filter(round=OuterRef(round_), promise=OuterRef("pk")).exclude(
            assessment__in=["", Promise.Assessment.NOT_ASSESSED]
        )
        latest_decision = Subquery(
            Review.objects.filter(follow_up=OuterRef("pk"))
            .order_by("-created_at", "-id")
            .values("decision")[:1]
        )
        follow_ups = FollowUp.objects.filter(round=round_)
        return self.annotate(
            missing_activities=_count(
                Activity.objects.filter(promise__charter=OuterRef("charter")).filter(
                    ~Exists(followed)
                )
            ),
            missing_assessments=_count(
                Promise.objects.filter(charter=OuterRef("charter")).filter(~Exists(assessed))
            ),
            follow_up_count=_count(follow_ups),
            approved_count=_count(
                follow_ups.annotate(decision=latest_decision).filter(
                    decision=Review.Decision.APPROVED
                )
            ),
        )

    def overdue(self, today: datetime.date) -> FollowUpRoundQuerySet:
        """Rounds past their due date with follow-ups missing, in charters in force.

        A round is overdue when TODAY is after its due date, its report is not published, its
        charter is published (not a draft, closed or withdrawn) and an activity of the charter
        has no follow-up in the round or a promise has no assessment. A round whose
        follow-ups are all in but not yet reviewed or published is not overdue: the work
        left is the reviewer's and the coordinator's, and the dashboard shows it as such.
        """
        return (
            self.with_counts()
            .filter(
                due_on__lt=today,
                published_at__isnull=True,
                charter__status=Charter.Status.PUBLISHED,
            )
            .filter(Q(missing_activities__gt=0) | Q(missing_assessments__gt=0))
        )


def _count(queryset: models.QuerySet) -> Coalesce:
    """The number of rows of a correlated QUERYSET, as an expression (0 when none)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted), 0)


class FollowUpRound(PeriodModel):
    """A reporting period of a charter with a due date: a quarter, a tertial, a half-year."""

    charter = models.ForeignKey(
        Charter,
        on_delete=models.CASCADE,
        related_name="rounds",
        verbose_name=_("citizen promise"),
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("For example Kvartal 1 2021.")
    )
    due_on = models.DateField(
        _("due on"), help_text=_("The day every follow-up of the round should be in.")
    )
    summary = models.TextField(
        _("summary for residents"),
        blank=True,
        help_text=_("What the round showed, in a few sentences; published with the report."),
    )
    published_at = models.DateTimeField(_("report published"), null=True, blank=True)

    objects = FollowUpRoundQuerySet.as_manager()

    history = History()

    class Meta(PeriodModel.Meta):
        ordering = ["charter", "period_start", "id"]
        verbose_name = _("follow-up round")
        verbose_name_plural = _("follow-up rounds")
        constraints = [
            *PeriodModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["charter", "period_start"],
                name="followups_followupround_unique_period_start",
                violation_error_message=_(
                    "This citizen promise already has a follow-up round starting that day."
                ),
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("period_start")),
                name="followups_followupround_due_after_start",
                violation_error_message=_("A round cannot be due before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.charter}"

    def counts(self) -> dict[str, int]:
        """What the round still lacks: the annotations of with_counts(), or one query."""
        names = ("missing_activities", "missing_assessments", "follow_up_count", "approved_count")
        if all(hasattr(self, name) for name in names):
            return {name: getattr(self, name) for name in names}
        return FollowUpRound.objects.with_counts().values(*names).get(pk=self.pk)

    @property
    def missing_count(self) -> int:
        """Activities not followed up and promises not assessed in the round."""
        counts = self.counts()
        return counts["missing_activities"] + counts["missing_assessments"]

    @property
    def is_complete(self) -> bool:
        """Every activity of the charter is followed up and every promise assessed."""
        return self.missing_count == 0

    @property
    def is_reviewed(self) -> bool:
        """Every follow-up of the round has a latest review that approves it."""
        counts = self.counts()
        return counts["approved_count"] == counts["follow_up_count"]

    @property
    def is_overdue(self) -> bool:
        """See FollowUpRoundQuerySet.overdue(); with_counts() spares the query."""
        return (
            self.published_at is None
            and self.due_on < timezone.localdate()
            and self.charter.status == Charter.Status.PUBLISHED
            and not self.is_complete
        )

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.due_on and self.period_start and self.due_on < self.period_start:
            errors["due_on"] = _("A round cannot be due before it starts.")
        if self.charter_id and self.period_start and self.period_end:
            charter = self.charter
            outside = _("The round must lie within the period of the citizen promise.")
            if self.period_start < charter.period_start:
                errors["period_start"] = outside
            if self.period_end > charter.period_end:
                errors["period_end"] = outside
        if errors:
            raise ValidationError(errors)


class FollowUpQuerySet(models.QuerySet):
    def public(self) -> FollowUpQuerySet:
        """Follow-ups residents may read: in a published report, of a public activity."""
        return self.filter(
            round__published_at__isnull=False,
            round__charter__status__in=Charter.Status.public_values(),
        ).filter(Q(activity__isnull=True) | Q(activity__is_public=True))

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> FollowUpQuerySet:
        if user.is_authenticated and user.is_superuser:
            return self.all()
        in_scope = municipalities_in_scope(user, Membership.READ_ROLES)
        return self.filter(
            Q(pk__in=self.model.objects.public().values("pk"))
            | Q(round__charter__municipality__in=in_scope)
        )


class FollowUp(TimeStampedModel):
    """A dated status report on an activity or on a promise, within a round."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        ONGOING = "ongoing", _("ongoing")
        DONE = "done", _("done")
        DELAYED = "delayed", _("delayed")
        CANCELLED = "cancelled", _("cancelled")

    round = models.ForeignKey(
        FollowUpRound,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("follow-up round"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("activity"),
    )
    promise = models.ForeignKey(
        Promise,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("promise"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text=_("For an activity: how far it has come."),
    )
    assessment = models.CharField(
        _("assessment"),
        max_length=20,
        choices=Promise.Assessment.choices,
        blank=True,
        help_text=_("For a promise: whether it has been kept."),
    )
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the activity was cancelled or delayed.")
    )
    narrative_internal = models.TextField(
        _("what was done (internal)"),
        blank=True,
        help_text=_("For the coordinator, the police and the local crime prevention council."),
    )
    narrative_public = models.TextField(
        _("what was done (for residents)"),
        blank=True,
        help_text=_("Shown on the public page once the round's report is published."),
    )
    evidence_url = models.URLField(
        _("link to evidence"),
        blank=True,
        help_text=_("For example a news item, minutes or photos."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("author"),
    )
    reported_on = models.DateField(_("reported on"), default=timezone.localdate)

    objects = FollowUpQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [
            # The review dashboard counts follow-ups per round and status from this index
            # alone, and lists them newest first from the next one (bench/review_dashboard.py).
            models.Index(
                fields=["round", "status", "assessment"], name="followups_followup_counts"
            ),
            models.Index(fields=["-reported_on", "-id"], name="followups_followup_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    (
                        Q(activity__isnull=False, promise__isnull=True, assessment="")
                        & ~Q(status="")
                    )
                    | (
                        Q(activity__isnull=True, promise__isnull=False, status="")
                        & ~Q(assessment="")
                    )
                ),
                name="followups_followup_activity_status_or_promise_assessment",
                violation_error_message=_(
                    "A follow-up gives either an activity's status or a promise's assessment."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(reason=""),
                name="followups_followup_cancelled_has_reason",
                violation_error_message=_("Say why the activity was cancelled."),
            ),
            models.UniqueConstraint(
                fields=["round", "activity"],
                condition=Q(activity__isnull=False),
                name="followups_followup_unique_activity_per_round",
                violation_error_message=_("This activity is already followed up in the round."),
            ),
            models.UniqueConstraint(
                fields=["round", "promise"],
                condition=Q(promise__isnull=False),
                name="followups_followup_unique_promise_per_round",
                violation_error_message=_("This promise is already followed up in the round."),
            ),
        ]

    def __str__(self) -> str:
        target = self.activity or self.promise
        return f"{target} – {self.round.title}"

    @property
    def target(self) -> Activity | Promise | None:
        return self.activity or self.promise

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.status == FollowUp.Status.CANCELLED and not self.reason.strip():
            errors["reason"] = _("Say why the activity was cancelled.")
        if self.round_id:
            charter_id = self.round.charter_id
            if self.activity_id and self.activity.promise.charter_id != charter_id:
                errors["activity"] = _("The activity belongs to another citizen promise.")
            if self.promise_id and self.promise.charter_id != charter_id:
                errors["promise"] = _("The promise belongs to another citizen promise.")
        if errors:
            raise ValidationError(errors)


class Review(TimeStampedModel):
    """A police or coordinator review of a follow-up."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("approved")
        NEEDS_CHANGES = "needs_changes", _("needs changes")

    follow_up = models.ForeignKey(
        FollowUp,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("follow-up"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviews",
        verbose_name=_("reviewer"),
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    comment = models.TextField(
        _("comment"),
        blank=True,
        help_text=_("Required when the follow-up needs changes: say what is missing."),
    )

    history = History()

    class Meta:
        ordering = ["follow_up", "-created_at", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="needs_changes") | ~Q(comment=""),
                name="followups_review_needs_changes_has_comment",
                violation_error_message=_("Say what needs to change."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.follow_up}"


class Reminder(models.Model):
    """A reminder of an overdue round mailed to one person on one day.

    The unique constraint is what keeps send_followup_reminders to one mail per person, round
    and day however often it runs: the row is written in the transaction that sends the mail,
    so a second run on the same day (even a concurrent one) finds it and sends nothing.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="followup_reminders",
        verbose_name=_("user"),
    )
    round = models.ForeignKey(
        FollowUpRound,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("follow-up round"),
    )
    sent_on = models.DateField(_("sent on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "round", "sent_on"],
                name="followups_reminder_once_per_user_round_day",
                violation_error_message=_("This person was already reminded of the round today."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.round.title} ({self.sent_on})"
