"""Follow-up rounds, follow-ups of activities and promises, and their reviews."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.lib.models import BoundedDateField, History, PeriodModel, TimeStampedModel
from followups.rounds import display_title
from promises.models import Activity, Charter, Party, Promise
from situations.models import Membership, Municipality

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
        in_scope = Municipality.objects.in_scope(user, Membership.READ_ROLES)
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
        follow_ups = FollowUp.objects.filter(round=OuterRef("pk"))
        return self.annotate(
            missing_activities=_count(unfollowed_activities()),
            missing_assessments=_count(unassessed_promises()),
            follow_up_count=_count(follow_ups),
            approved_count=_count(follow_ups.filter(review_decision=ReviewDecision.APPROVED)),
        )

    def in_system(self) -> FollowUpRoundQuerySet:
        """Rounds due on or after the day their charter was entered in this system.

        The others (of a charter imported or typed in after the fact) could never be followed
        up here: they are "not followed up in the system", never overdue or due.
        """
        return self.filter(charter__created_at__date__lte=F("due_on"))

    def past_due(self, today: datetime.date) -> FollowUpRoundQuerySet:
        """Rounds of charters in force past their due date, their report not yet published."""
        return self.in_system().filter(
            due_on__lt=today,
            published_at__isnull=True,
            charter__status=Charter.Status.PUBLISHED,
        )

    def overdue(self, today: datetime.date) -> FollowUpRoundQuerySet:
        """Rounds past their due date with follow-ups missing, in charters in force.

        The one definition of "overdue" (dashboards, the rounds page, the review dashboard and
        the reminders use it): TODAY is after the round's due date, its report is not
        published, its charter is published (not a draft, closed or withdrawn) and an activity
        of the charter has no follow-up in the round or a promise has no assessment. A round
        whose follow-ups are all in but not yet reviewed or published is not overdue: the work
        left is the reviewer's and the coordinator's, and the dashboard shows it as such.
        """
        return self.past_due(today).filter(
            Exists(unfollowed_activities()) | Exists(unassessed_promises())
        )


def unfollowed_activities(owner: str = "") -> models.QuerySet[Activity]:
    """Activities of the outer round's charter without a follow-up in that round.

    OWNER narrows them to the promises of one party (the review dashboard's filter).
    """
    followed = FollowUp.objects.filter(round=OuterRef(OuterRef("pk")), activity=OuterRef("pk"))
    activities = Activity.objects.filter(promise__charter=OuterRef("charter"))
    if owner:
        activities = activities.filter(promise__owner=owner)
    return activities.filter(~Exists(followed))


def unassessed_promises(owner: str = "") -> models.QuerySet[Promise]:
    """Promises of the outer round's charter not assessed in that round.

    A follow-up saying "not assessed" is no assessment.
    """
    assessed = FollowUp.objects.filter(
        round=OuterRef(OuterRef("pk")), promise=OuterRef("pk")
    ).exclude(assessment__in=["", Promise.Assessment.NOT_ASSESSED])
    promises = Promise.objects.filter(charter=OuterRef("charter"))
    if owner:
        promises = promises.filter(owner=owner)
    return promises.filter(~Exists(assessed))


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
    due_on = BoundedDateField(
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
        return f"{self.display_title} – {self.charter}"

    @property
    def display_title(self) -> str:
        """The title as the reader reads it: a generated one ("Kvartal 3 2026") in their
        language, one a person wrote as written."""
        return display_title(self.title)

    def get_absolute_url(self) -> str:
        """The public page of the round's report (which answers 404 until it is published)."""
        charter = self.charter
        return reverse(
            "public:round_report",
            kwargs={"slug": charter.municipality.slug, "pk": charter.pk, "round_pk": self.pk},
        )

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
    def predates_system(self) -> bool:
        """Due before its charter was entered in this system: see in_system()."""
        return self.due_on < self.charter.entered_on

    @property
    def is_untracked(self) -> bool:
        """Due before the charter was entered here, and not followed up here since."""
        return self.predates_system and self.published_at is None and not self.is_complete

    def is_past_due(self, today: datetime.date) -> bool:
        """See FollowUpRoundQuerySet.past_due()."""
        return (
            self.published_at is None
            and self.due_on < today
            and self.charter.status == Charter.Status.PUBLISHED
            and not self.predates_system
        )

    @property
    def is_overdue(self) -> bool:
        """See FollowUpRoundQuerySet.overdue(); with_counts() spares the query."""
        return self.is_past_due(timezone.localdate()) and not self.is_complete

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
        in_scope = Municipality.objects.in_scope(user, Membership.READ_ROLES)
        return self.filter(
            Q(pk__in=self.model.objects.public().values("pk"))
            | Q(round__charter__municipality__in=in_scope)
        )


# The police roles that review follow-ups (the round's blockers say "the police must review").
POLICE_ROLES = (Membership.Role.POLICE.value, Membership.Role.POLICE_MANAGER.value)


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", _("approved")
    NEEDS_CHANGES = "needs_changes", _("needs changes")


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
    reported_on = BoundedDateField(_("reported on"), default=timezone.localdate)
    # A copy of the promise's owner, kept on save and when a promise's owner changes
    # (followups.receivers): the review dashboard filters and counts by it from one index
    # instead of looking up 176 000 follow-ups' activities and promises (bench/).
    owner = models.CharField(
        _("promise made by"), max_length=20, choices=Party.choices, editable=False
    )
    # The decision of the latest review, kept by Review.save() and delete(): the dashboard's
    # review filter and a round's approved count read it instead of every follow-up's reviews.
    review_decision = models.CharField(
        _("latest review"),
        max_length=20,
        choices=ReviewDecision.choices,
        blank=True,
        editable=False,
    )

    # What residents read of a follow-up once its round is published: a change to any of them
    # after a review sends the follow-up back to the reviewer (services.round_entries_save).
    REVIEWED_FIELDS = ("status", "assessment", "reason", "narrative_public", "evidence_url")

    objects = FollowUpQuerySet.as_manager()

    # The two copies are not the author's changes: they stay out of the history.
    history = History(excluded_fields=["owner", "review_decision"])

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
            models.Index(
                fields=["owner", "round", "status", "assessment"],
                name="followups_followup_owner",
            ),
            models.Index(
                fields=["review_decision", "round", "status", "assessment"],
                name="followups_followup_review",
            ),
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

    # The figures as loaded tell receivers.follow_up_saved whether the public tallies changed.

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs) -> FollowUp:
        follow_up = super().from_db(db, field_names, values, **kwargs)
        follow_up._loaded_figures = follow_up.figures
        return follow_up

    @property
    def figures(self) -> tuple[str | None, str | None]:
        """What the public tallies count of this follow-up: its status and its assessment."""
        return self.__dict__.get("status"), self.__dict__.get("assessment")

    @property
    def figures_changed(self) -> bool:
        """Whether the status or assessment may differ from the saved ones (unknown: yes)."""
        return getattr(self, "_loaded_figures", None) != self.figures

    def save(self, *args, **kwargs) -> None:
        self.owner = self.promise_owner()
        super().save(*args, **kwargs)
        self._loaded_figures = self.figures

    def promise_owner(self) -> str:
        """The owner of the promise followed up, or of the activity's promise."""
        if self.activity_id:
            return self.activity.promise.owner
        return self.promise.owner if self.promise_id else ""

    @property
    def is_assessed(self) -> bool:
        """A promise's follow-up with an assessment ("not assessed" is none)."""
        return self.assessment not in ("", Promise.Assessment.NOT_ASSESSED)

    def __str__(self) -> str:
        target = self.activity or self.promise
        return f"{target} – {self.round.display_title}"

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

    Decision = ReviewDecision

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

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self.follow_up.review_decision = Review.latest_decision(self.follow_up_id)

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        Review.latest_decision(self.follow_up_id)
        return deleted

    @staticmethod
    def latest_decision(follow_up_id: int) -> str:
        """Copy the decision of the follow-up's latest review onto it, and return it."""
        latest = (
            Review.objects.filter(follow_up_id=follow_up_id)
            .order_by("-created_at", "-id")
            .values_list("decision", flat=True)
            .first()
        ) or ""
        FollowUp.objects.filter(pk=follow_up_id).update(review_decision=latest)
        return latest


class Reminder(models.Model):
    """A reminder of an overdue round mailed to one person on one day.

    Its unique constraint keeps send_followup_reminders to one mail per person, round and day
    however often (or concurrently) it runs: the row is written in the mail's transaction.
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
    sent_on = BoundedDateField(_("sent on"))
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
        return f"{self.user} – {self.round.display_title} ({self.sent_on})"


from followups.council.models import CouncilReport  # noqa: E402, F401 (own module: size)
from followups.notices.models import Announcement, Delivery, Subscription  # noqa: E402, F401
