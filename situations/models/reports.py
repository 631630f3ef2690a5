"""The lägesbild: focus areas, places, situation reports, their sources and findings."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from config.lib.models import (
    BoundedDateField,
    CarriedOver,
    History,
    PeriodModel,
    TimeStampedModel,
    related_or_none,
)
from situations.models.geography import Municipality, PoliceArea
from situations.models.memberships import Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class FocusArea(TimeStampedModel):
    """A fokusområde such as trafik, narkotika or utemiljö: a small editable taxonomy."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = History()

    class Meta:
        ordering = ["order", "name", "id"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class Place(TimeStampedModel):
    """A named place in a municipality, such as "centrala Säffle" or "resecentrum"."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="places",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Optional. Decimal degrees (WGS 84), for example 59.1329."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Optional. Decimal degrees (WGS 84), for example 12.9317."),
    )

    history = History()

    class Meta:
        ordering = ["municipality", "name", "id"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"],
                name="situations_place_unique_slug",
                violation_error_message=_("This municipality already has a place by that name."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="situations_place_valid_point",
                violation_error_message=_(
                    "Give both latitude and longitude, within their ranges, or neither."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class SituationReportQuerySet(models.QuerySet):
    def published(self) -> SituationReportQuerySet:
        return self.filter(status=SituationReport.Status.PUBLISHED)

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> SituationReportQuerySet:
        """Published reports, plus every report of a municipality in the user's scope."""

        if user.is_authenticated and user.is_superuser:
            return self.all()
        return self.filter(
            Q(status=SituationReport.Status.PUBLISHED)
            | Q(municipality__in=Municipality.objects.in_scope(user, Membership.READ_ROLES))
        )

    def current_for(self, municipality: Municipality) -> SituationReport | None:
        """The latest published report of the municipality that has started."""
        return (
            self.published()
            .filter(municipality=municipality, period_start__lte=timezone.localdate())
            .order_by("-period_start", "-id")
            .first()
        )


class SituationReport(PeriodModel):
    """A lägesbild: what residents, staff, surveys and statistics say the problems are."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="situation_reports",
        verbose_name=_("municipality"),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="situation_reports",
        verbose_name=_("local police area"),
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("What the situation picture shows, in a few sentences residents understand."),
    )
    analysis = models.TextField(
        _("analysis"),
        blank=True,
        help_text=_("The cause analysis of each prioritised problem."),
    )
    selection_rationale = models.TextField(
        _("why these problems"),
        blank=True,
        help_text=_("Why these problems were prioritised and others were not."),
    )
    limitations = models.TextField(
        _("limitations"),
        blank=True,
        help_text=_("What the picture does not show, for example few answers or no dialogues."),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    renewed_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="renewals",
        verbose_name=_("renewed from"),
    )

    objects = SituationReportQuerySet.as_manager()

    history = History()

    class Meta(PeriodModel.Meta):
        ordering = ["municipality", "-period_start", "id"]
        verbose_name = _("situation report")
        verbose_name_plural = _("situation reports")
        constraints = [
            *PeriodModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["municipality", "period_start"],
                name="situations_situationreport_unique_period",
                violation_error_message=_(
                    "This municipality already has a situation report starting that day."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="situations_situationreport_published_has_date",
                violation_error_message=_("A published situation report needs a publish date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.municipality}, {self.period_label})"

    def clean(self) -> None:
        super().clean()
        if self.police_area_id and self.municipality_id:
            if not self.police_area.municipalities.filter(pk=self.municipality_id).exists():
                raise ValidationError(
                    {"police_area": _("This local police area does not cover the municipality.")},
                    code="police_area_municipality",
                )


class Source(TimeStampedModel):
    """Where a situation report's knowledge comes from."""

    class Kind(models.TextChoices):
        CITIZEN_DIALOGUE = "citizen_dialogue", _("citizen dialogue")
        STAFF_DIALOGUE = "staff_dialogue", _("staff dialogue")
        SAFETY_SURVEY = "safety_survey", _("safety survey")
        CITIZEN_SURVEY = "citizen_survey", _("citizen survey")
        CRIME_STATISTICS = "crime_statistics", _("crime statistics")
        POLICE_INTELLIGENCE = "police_intelligence", _("police intelligence")
        EST = "est", _("EST")
        SAFETY_WALK = "safety_walk", _("safety walk")
        OTHER = "other", _("other")

        @property
        def always_internal(self) -> bool:
            return self is Source.Kind.POLICE_INTELLIGENCE

    report = models.ForeignKey(
        SituationReport,
        on_delete=models.CASCADE,
        related_name="sources",
        verbose_name=_("situation report"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = BoundedDateField(
        _("date"), null=True, blank=True, help_text=_("When the knowledge was gathered.")
    )
    url = models.URLField(_("link"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_internal = models.BooleanField(
        _("internal"),
        default=False,
        help_text=_("Internal sources are never shown on a public page."),
    )
    survey = models.ForeignKey(
        "Survey",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sources",
        verbose_name=_("survey"),
        help_text=_("The survey whose results this source is, if it is one."),
    )

    history = History()

    class Meta:
        ordering = ["report", "date", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="police_intelligence") | Q(is_internal=True),
                name="situations_source_police_intelligence_internal",
                violation_error_message=_("Police intelligence is always internal."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.kind and Source.Kind(self.kind).always_internal:
            self.is_internal = True
        super().save(*args, **kwargs)


class FindingQuerySet(models.QuerySet):
    def public(self) -> FindingQuerySet:
        """Findings that may reach a public page: none that rests on an internal source."""
        return self.filter(Q(source__isnull=True) | Q(source__is_internal=False))


class Finding(CarriedOver, TimeStampedModel):
    """One stated fact, optionally with a figure: "60 % vill ha en mer tillgänglig polis"."""

    report = models.ForeignKey(
        SituationReport,
        on_delete=models.CASCADE,
        related_name="findings",
        verbose_name=_("situation report"),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("source"),
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("focus area"),
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("place"),
    )
    text = models.TextField(
        _("finding"),
        help_text=_("One fact, in a sentence: 60 % want a more accessible police."),
    )
    value = models.DecimalField(
        _("value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The figure, if the finding has one, for example 60."),
    )
    unit = models.CharField(
        _("unit"), max_length=30, blank=True, help_text=_("For example %, st or per 1 000.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = FindingQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["report", "order", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=False) | Q(unit=""),
                name="situations_finding_unit_needs_value",
                violation_error_message=_("A unit needs a value."),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def figure(self) -> str:
        """The value as residents read it: "60 %"."""
        if self.value is None:
            return ""
        number = format(Decimal(self.value).normalize(), "f").replace(".", ",")
        return f"{number} {self.unit}".strip()

    @property
    def lead_figure(self) -> str:
        """The figure to put before the text in a list, unless the text already says it:
        "60 % av de som deltagit …" reads once, not "60 % 60 % av …"."""
        figure = self.figure
        squeezed = "".join(self.text.split())
        if not figure or "".join(figure.split()) in squeezed:
            return ""
        return figure

    def clean(self) -> None:
        super().clean()
        errors = {}
        # A source or place removed since (restoring an old version) is reported by
        # clean_fields(); here it is only not compared.
        source = related_or_none(self, "source")
        if source is not None and self.report_id and source.report_id != self.report_id:
            errors["source"] = _("The source belongs to another situation report.")
        place = related_or_none(self, "place")
        if place is not None and self.report_id:
            if place.municipality_id != self.report.municipality_id:
                errors["place"] = _("The place is in another municipality.")
        if errors:
            raise ValidationError(errors)


class ProblemQuerySet(models.QuerySet):
    def public(self) -> ProblemQuerySet:
        return self.filter(is_internal=False)


class Problem(CarriedOver, TimeStampedModel):
    """A prioritised problem of a lägesbild with BRÅ's three perspectives on its causes.

    Its places lie in the report's municipality and its findings belong to the same report;
    the edit form checks both, as a many-to-many field is set only after the row is saved.
    """

    report = models.ForeignKey(
        SituationReport,
        on_delete=models.CASCADE,
        related_name="problems",
        verbose_name=_("situation report"),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("The problem in a few words: drug dealing around the bus station."),
    )
    description = models.TextField(_("description"), blank=True)
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="problems",
        verbose_name=_("focus area"),
    )
    places = models.ManyToManyField(
        Place, blank=True, related_name="problems", verbose_name=_("places")
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("1 is the highest priority."),
    )
    cause_situation = models.TextField(
        _("the situation and the place"),
        blank=True,
        help_text=_("What in the situation or the place makes the problem possible."),
    )
    cause_offenders = models.TextField(
        _("the offenders"),
        blank=True,
        help_text=_("Who commits the crimes or disturbs, and why."),
    )
    cause_victims = models.TextField(
        _("the victims and those exposed"),
        blank=True,
        help_text=_("Who is affected, and what makes them vulnerable."),
    )
    findings = models.ManyToManyField(
        Finding,
        blank=True,
        related_name="problems",
        verbose_name=_("findings"),
        help_text=_("The findings that show the problem."),
    )
    is_internal = models.BooleanField(
        _("internal"),
        default=False,
        help_text=_(
            "Internal problems are never shown on a public page. A public problem shows only "
            "its public findings."
        ),
    )

    objects = ProblemQuerySet.as_manager()

    history = History(m2m_fields=["places", "findings"])

    class Meta:
        ordering = ["report", "priority", "id"]
        verbose_name = _("prioritised problem")
        verbose_name_plural = _("prioritised problems")
        constraints = [
            models.CheckConstraint(
                condition=Q(priority__gte=1),
                name="situations_problem_priority_positive",
                violation_error_message=_("The priority is 1 or more."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def causes(self) -> list[tuple[str, str]]:
        """The filled-in perspectives of the cause analysis, as (label, text)."""
        return [
            (str(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in ("cause_situation", "cause_offenders", "cause_victims")
            if getattr(self, name)
        ]

    def check_links(self, *, findings: Iterable[Finding], places: Iterable[Place]) -> None:
        """Refuse findings of another situation report and places of another municipality."""
        errors = {}
        if any(finding.report_id != self.report_id for finding in findings):
            errors["findings"] = _("Choose among the findings of this situation report.")
        municipality_id = self.report.municipality_id
        if any(place.municipality_id != municipality_id for place in places):
            errors["places"] = _("Choose among the places of the municipality.")
        if errors:
            raise ValidationError(errors)
