"""Collaboration agreements, charters (medborgarlöften), promises, activities and indicators."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from situations.models import (
    FocusArea,
    History,
    Membership,
    Municipality,
    PeriodModel,
    Place,
    PoliceArea,
    SituationReport,
    TimeStampedModel,
)
from situations.permissions import municipalities_in_scope

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Party(models.TextChoices):
    """Who owns a promise or is responsible for an activity."""

    POLICE = "police", _("the police")
    MUNICIPALITY = "municipality", _("the municipality")
    JOINT = "joint", _("together")

    @property
    def promise_heading(self) -> str:
        """The heading a charter groups this owner's promises under."""
        return {
            Party.POLICE: _("The police promise"),
            Party.MUNICIPALITY: _("The municipality promises"),
            Party.JOINT: _("Together we promise"),
        }[self]


class CollaborationAgreement(PeriodModel):
    """A samverkansöverenskommelse between one or more municipalities and an LPO."""

    title = models.CharField(_("title"), max_length=200)
    municipalities = models.ManyToManyField(
        Municipality,
        related_name="collaboration_agreements",
        verbose_name=_("municipalities"),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        on_delete=models.PROTECT,
        related_name="collaboration_agreements",
        verbose_name=_("local police area"),
    )
    description = models.TextField(_("description"), blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    document = models.FileField(
        _("document"),
        upload_to="agreements/%Y/",
        blank=True,
        help_text=_("The signed agreement as a PDF, if you have it."),
    )

    history = History(m2m_fields=["municipalities"])

    class Meta(PeriodModel.Meta):
        ordering = ["-period_start", "title", "id"]
        verbose_name = _("collaboration agreement")
        verbose_name_plural = _("collaboration agreements")

    def __str__(self) -> str:
        return f"{self.title} ({self.period_label})"


class CharterQuerySet(models.QuerySet):
    def published(self) -> CharterQuerySet:
        """Charters residents may read: published ones and the archive."""
        return self.filter(status__in=Charter.Status.public_values())

    def archived(self) -> CharterQuerySet:
        return self.filter(status=Charter.Status.CLOSED)

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> CharterQuerySet:
        """Public charters, plus every charter of a municipality in the user's scope."""
        if user.is_authenticated and user.is_superuser:
            return self.all()
        return self.filter(
            Q(status__in=Charter.Status.public_values())
            | Q(municipality__in=municipalities_in_scope(user, Membership.READ_ROLES))
        )

    def current_for(self, municipality: Municipality) -> Charter | None:
        """The published charter residents should see first (see current_of())."""
        return current_of(
            self.filter(municipality=municipality, status=Charter.Status.PUBLISHED),
            timezone.localdate(),
        )


def current_of(charters: Iterable[Charter], today: datetime.date) -> Charter | None:
    """Among one municipality's CHARTERS, the published one residents should see first.

    The one whose period covers today; else the latest that has started; else, for a charter
    signed ahead of its period, the next one to start. Rows already loaded cost no query.
    """
    published = [charter for charter in charters if charter.status == Charter.Status.PUBLISHED]
    started = [charter for charter in published if charter.period_start <= today]
    if started:
        return max(started, key=lambda charter: (charter.period_start, charter.pk))
    return min(published, key=lambda charter: (charter.period_start, charter.pk), default=None)


class Charter(PeriodModel):
    """A medborgarlöfte: the signed, public document for a municipality and a period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", _("closed")
        WITHDRAWN = "withdrawn", _("withdrawn")

        @classmethod
        def public_values(cls) -> list[str]:
            return [cls.PUBLISHED.value, cls.CLOSED.value]

        @property
        def is_public(self) -> bool:
            return self.value in Charter.Status.public_values()

    class FollowUpCadence(models.TextChoices):
        """How often the activities are followed up: one round per period of the calendar."""

        QUARTER = "quarter", _("quarter")
        TERTIAL = "tertial", _("tertial")
        HALF_YEAR = "half_year", _("half-year")
        YEAR = "year", _("year")

        @property
        def months(self) -> int:
            """The length of one round, in months."""
            return {"quarter": 3, "tertial": 4, "half_year": 6, "year": 12}[self.value]

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="charters",
        verbose_name=_("municipality"),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        on_delete=models.PROTECT,
        related_name="charters",
        verbose_name=_("local police area"),
    )
    agreement = models.ForeignKey(
        CollaborationAgreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charters",
        verbose_name=_("collaboration agreement"),
    )
    situation_report = models.ForeignKey(
        SituationReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charters",
        verbose_name=_("situation report"),
        help_text=_("The situation picture the promises rest on."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("As residents will read it, for example Medborgarlöfte 2021."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("The introduction residents read first: the focus and the purpose."),
    )
    background = models.TextField(
        _("background"),
        blank=True,
        help_text=_("What a citizen promise is here and how this one was made."),
    )
    followup_method = models.TextField(
        _("how it is followed up"),
        blank=True,
        help_text=_("Who follows up the activities, where and how often."),
    )
    reporting_channels = models.TextField(
        _("how results are reported"),
        blank=True,
        help_text=_("Where residents hear what came of the promises: web site, local media…"),
    )
    participation = models.TextField(
        _("how to take part"),
        blank=True,
        help_text=_("How residents can take part: dialogues, surveys, safety walks."),
    )
    followup_cadence = models.CharField(
        _("follow-up cadence"),
        max_length=20,
        choices=FollowUpCadence.choices,
        default=FollowUpCadence.HALF_YEAR,
        help_text=_(
            "How often the activities are followed up: the follow-up rounds of the whole "
            "period, and their due dates, are made from it."
        ),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    review_comment = models.TextField(
        _("comment from the review"),
        blank=True,
        help_text=_("Why the police manager sent the citizen promise back for changes."),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    objects = CharterQuerySet.as_manager()

    history = History()

    class Meta(PeriodModel.Meta):
        ordering = ["municipality", "-period_start", "id"]
        verbose_name = _("citizen promise")
        verbose_name_plural = _("citizen promises")
        constraints = [
            *PeriodModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["municipality", "period_start"],
                name="promises_charter_unique_municipality_period_start",
                violation_error_message=_(
                    "This municipality already has a citizen promise starting that day."
                ),
            ),
            models.CheckConstraint(
                # The signing is recorded when known; a charter brought in from an old web
                # page may not say when it was signed, and a made-up date would mislead.
                condition=Q(status__in=["draft", "review"]) | Q(published_at__isnull=False),
                name="promises_charter_public_has_publish_date",
                violation_error_message=_("A published citizen promise needs a publish date."),
            ),
            models.CheckConstraint(
                # Never deleted, only withdrawn, and residents' questions deserve an answer.
                condition=~Q(status="withdrawn")
                | (Q(withdrawn_at__isnull=False) & ~Q(withdrawal_reason="")),
                name="promises_charter_withdrawn_has_reason",
                violation_error_message=_(
                    "A withdrawn citizen promise needs the date and the reason it was withdrawn."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.municipality}"

    def get_absolute_url(self) -> str:
        return reverse(
            "followups:charter_detail", kwargs={"slug": self.municipality.slug, "pk": self.pk}
        )

    @property
    def is_public(self) -> bool:
        return self.status in Charter.Status.public_values()

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.police_area_id and self.municipality_id:
            if not self.police_area.municipalities.filter(pk=self.municipality_id).exists():
                errors["police_area"] = _(
                    "This local police area does not cover the municipality."
                )
        if self.situation_report_id and self.municipality_id:
            if self.situation_report.municipality_id != self.municipality_id:
                errors["situation_report"] = _(
                    "The situation report belongs to another municipality."
                )
        if self.agreement_id and self.municipality_id:
            if not self.agreement.municipalities.filter(pk=self.municipality_id).exists():
                errors["agreement"] = _("The agreement does not include the municipality.")
            elif self.police_area_id and self.agreement.police_area_id != self.police_area_id:
                errors["agreement"] = _("The agreement was made with another local police area.")
        if self.signed_on and self.signed_on > timezone.localdate():
            errors["signed_on"] = _("The signing date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class Signatory(TimeStampedModel):
    """Someone who signed a charter or an agreement: name, title, organisation, date."""

    charter = models.ForeignKey(
        Charter,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signatories",
        verbose_name=_("citizen promise"),
    )
    agreement = models.ForeignKey(
        CollaborationAgreement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signatories",
        verbose_name=_("collaboration agreement"),
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("For example kommunstyrelsens ordförande or lokalpolisområdeschef."),
    )
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        help_text=_("For example Säffle kommun or Lokalpolisområde Arvika."),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = History()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.CheckConstraint(
                condition=Q(charter__isnull=False, agreement__isnull=True)
                | Q(charter__isnull=True, agreement__isnull=False),
                name="promises_signatory_exactly_one_document",
                violation_error_message=_(
                    "A signatory signs exactly one citizen promise or agreement."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(party="joint"),
                name="promises_signatory_party_not_joint",
                violation_error_message=_("A signatory signs for the police or the municipality."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"

    def clean(self) -> None:
        super().clean()
        if self.signed_on and self.signed_on > timezone.localdate():
            raise ValidationError(
                {"signed_on": _("The signing date cannot be in the future.")},
                code="signed_in_future",
            )


class Contact(TimeStampedModel):
    """Whom residents can contact about a charter: the kommunpolis, the coordinator."""

    charter = models.ForeignKey(
        Charter,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("citizen promise"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role"),
        max_length=200,
        help_text=_("For example kommunpolis or brottsförebyggande samordnare."),
    )
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = History()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.name}, {self.role}"


class PromiseQuerySet(models.QuerySet):
    def published(self) -> PromiseQuerySet:
        return self.filter(charter__status__in=Charter.Status.public_values())

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> PromiseQuerySet:
        return self.filter(charter__in=Charter.objects.visible_to(user))


class Promise(TimeStampedModel):
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
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    assessment = models.CharField(
        _("assessment"),
        max_length=20,
        choices=Assessment.choices,
        default=Assessment.NOT_ASSESSED,
    )

    objects = PromiseQuerySet.as_manager()

    history = History(m2m_fields=["focus_areas"])

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
                promise__charter__municipality__in=municipalities_in_scope(
                    user, Membership.READ_ROLES
                )
            )
        )


class Activity(TimeStampedModel):
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
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    recurrence = models.CharField(
        _("when"),
        max_length=200,
        blank=True,
        help_text=_("In words, for example every week or at the spring and autumn markets."),
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


class Indicator(TimeStampedModel):
    """What is measured to know whether a promise works: a baseline, a target, values."""

    class Direction(models.TextChoices):
        INCREASE = "increase", _("higher is better")
        DECREASE = "decrease", _("lower is better")
        MAINTAIN = "maintain", _("keep the level")

    promise = models.ForeignKey(
        Promise,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("promise"),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("For example Share who feel safe in the town centre in the evening."),
    )
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    direction = models.CharField(
        _("direction"), max_length=20, choices=Direction.choices, default=Direction.INCREASE
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where the values come from, for example the police safety survey."),
    )

    history = History()

    class Meta:
        ordering = ["promise", "name", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["promise", "name"],
                name="promises_indicator_unique_name",
                violation_error_message=_("This promise already has an indicator by that name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Measurement(TimeStampedModel):
    """One value of an indicator at a date."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("indicator"),
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = History()

    class Meta:
        ordering = ["indicator", "date", "id"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"],
                name="promises_measurement_unique_date",
                violation_error_message=_("This indicator already has a value for that date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.date})"


# --- Trygghetsvandringar ---------------------------------------------------------------------


class SafetyWalk(TimeStampedModel):
    """A trygghetsvandring: an activity's walk through an area, with who took part."""

    activity = models.OneToOneField(
        Activity,
        on_delete=models.CASCADE,
        related_name="safety_walk",
        limit_choices_to={"kind": Activity.Kind.SAFETY_WALK},
        verbose_name=_("activity"),
    )
    date = models.DateField(_("date"), help_text=_("The day of the walk."))
    organisations = models.TextField(
        _("participating organisations"),
        blank=True,
        help_text=_("For example kommunpolisen, Essungabostäder and the school, one per line."),
    )
    residents = models.PositiveIntegerField(
        _("number of residents"),
        default=0,
        help_text=_("How many residents walked along. Only the number, never names."),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("What the walk found and what happens next, for the public page."),
    )

    history = History()

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = _("safety walk")
        verbose_name_plural = _("safety walks")

    def __str__(self) -> str:
        return f"{self.activity} ({self.date:%Y-%m-%d})"

    @property
    def organisation_list(self) -> list[str]:
        return [line.strip() for line in self.organisations.splitlines() if line.strip()]

    def clean(self) -> None:
        super().clean()
        if self.activity_id and self.activity.kind != Activity.Kind.SAFETY_WALK:
            raise ValidationError(
                {"activity": _("Only an activity of the kind safety walk has a walk.")},
                code="activity_kind",
            )


class WalkFinding(TimeStampedModel):
    """A shortcoming found on a safety walk, followed until it is fixed."""

    class Problem(models.TextChoices):
        LIGHTING = "lighting", _("lighting")
        VEGETATION = "vegetation", _("overgrown vegetation")
        LITTER = "litter", _("littering")
        BLOCKED_VIEW = "blocked_view", _("blocked view")
        VANDALISM = "vandalism", _("graffiti or vandalism")
        TRAFFIC = "traffic", _("traffic")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

        @property
        def is_done(self) -> bool:
            return self is WalkFinding.Status.DONE

    walk = models.ForeignKey(
        SafetyWalk,
        on_delete=models.CASCADE,
        related_name="findings",
        verbose_name=_("safety walk"),
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="walk_findings",
        verbose_name=_("place"),
    )
    location = models.CharField(
        _("location"),
        max_length=200,
        blank=True,
        help_text=_("Where exactly, for example the footpath behind the sports hall."),
    )
    problem = models.CharField(_("problem"), max_length=20, choices=Problem.choices)
    description = models.TextField(_("description"), blank=True)
    responsible_party = models.CharField(
        _("responsible party"), max_length=20, choices=Party.choices, blank=True
    )
    responsible_function = models.CharField(
        _("responsible"),
        max_length=200,
        blank=True,
        help_text=_("Who fixes it, for example the technical office or the housing company."),
    )
    action = models.TextField(_("action"), blank=True, help_text=_("What will be done."))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    done_on = models.DateField(
        _("done on"), null=True, blank=True, help_text=_("The day the shortcoming was fixed.")
    )

    history = History()

    class Meta:
        ordering = ["walk", "id"]
        verbose_name = _("safety walk finding")
        verbose_name_plural = _("safety walk findings")
        constraints = [
            models.CheckConstraint(
                condition=Q(place__isnull=False) | ~Q(location=""),
                name="promises_walkfinding_has_place",
                violation_error_message=_("Choose a place or describe the location."),
            ),
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False)
                | (~Q(status="done") & Q(done_on__isnull=True)),
                name="promises_walkfinding_done_has_date",
                violation_error_message=_(
                    "A finding that is done has the day it was fixed, and only then."
                ),
            ),
        ]

    def __str__(self) -> str:
        where = self.location or (str(self.place) if self.place_id else "")
        return f"{self.get_problem_display()}: {where}".strip()

    @property
    def where(self) -> str:
        if self.place_id and self.location:
            return f"{self.place.name}, {self.location}"
        return self.place.name if self.place_id else self.location

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.status == self.Status.DONE and self.done_on is None:
            errors["done_on"] = _("Give the day the shortcoming was fixed.")
        elif self.status != self.Status.DONE and self.done_on is not None:
            errors["done_on"] = _("Only a finding that is done has a day it was fixed.")
        if self.place_id is None and not self.location.strip():
            errors["location"] = _("Choose a place or describe the location.")
        elif self.place_id and self.walk_id:
            charter = self.walk.activity.promise.charter
            if self.place.municipality_id != charter.municipality_id:
                errors["place"] = _("The place is in another municipality.")
        if errors:
            raise ValidationError(errors)
