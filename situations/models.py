"""Geography, parties, memberships and the lägesbild (situation report).

This is the lowest app: `promises` and `followups` build on it, never the other way round.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, format_lazy, slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from situations.validators import validate_no_personal_data

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class TimeStampedModel(models.Model):
    """Abstract base that records when a row was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class History(HistoricalRecords):
    """Record every save and delete of a model: who, when, what (DESIGN.md §8, nothing lost).

    simple-history names a history model "historical <verbose name>" by turning the verbose
    name into a str while the models load, which freezes it in the language active then
    (Swedish) and writes that into the migrations. Here the name stays lazily translated.
    """

    def get_meta_options(self, model: type[models.Model]) -> dict:
        self.user_set_verbose_name = self.user_set_verbose_name or format_lazy(
            _("historical {name}"), name=model._meta.verbose_name
        )
        self.user_set_verbose_name_plural = self.user_set_verbose_name_plural or format_lazy(
            _("historical {name}"), name=model._meta.verbose_name_plural
        )
        return super().get_meta_options(model)


class PeriodModel(TimeStampedModel):
    """Abstract base for everything that covers a period of dates."""

    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="%(app_label)s_%(class)s_period_end_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(
                {"period_end": _("The period cannot end before it starts.")},
                code="period_end_before_start",
            )

    @property
    def period_label(self) -> str:
        """The period as residents read it: "2021" for a calendar year, else from–to."""
        start, end = self.period_start, self.period_end
        if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
            return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
        return f"{start:%Y-%m-%d} – {end:%Y-%m-%d}"

    def covers(self, day: datetime.date) -> bool:
        return self.period_start <= day <= self.period_end


# --- Geography and parties -----------------------------------------------------------------


class PoliceRegion(TimeStampedModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    history = History()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("police region")
        verbose_name_plural = _("police regions")

    def __str__(self) -> str:
        return self.name


class County(TimeStampedModel):
    code = models.CharField(
        _("county code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^\d{2}$", _("The county code is two digits."))],
        help_text=_("The two-digit code from Statistics Sweden (SCB), for example 17."),
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    police_region = models.ForeignKey(
        PoliceRegion,
        on_delete=models.PROTECT,
        related_name="counties",
        verbose_name=_("police region"),
    )

    history = History()

    class Meta:
        ordering = ["code", "id"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name


class PoliceDistrict(TimeStampedModel):
    """A polisområde: a part of a police region, mostly one per county."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    region = models.ForeignKey(
        PoliceRegion,
        on_delete=models.PROTECT,
        related_name="districts",
        verbose_name=_("police region"),
    )

    history = History()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("police district")
        verbose_name_plural = _("police districts")

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def with_geography(self) -> MunicipalityQuerySet:
        return self.select_related("county__police_region")


class Municipality(TimeStampedModel):
    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("The municipality code is four digits."))],
        help_text=_("The four-digit code from Statistics Sweden (SCB), for example 1785."),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("The short name, for example Säffle.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Used in the address of the public page: /kommuner/<slug>/."),
    )
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("county"),
    )

    objects = MunicipalityQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("followups:municipality", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if self.code and self.county_id and not self.code.startswith(self.county.code):
            raise ValidationError(
                {"code": _("The municipality code must start with the county code.")},
                code="code_county_mismatch",
            )


class PoliceArea(TimeStampedModel):
    """A lokalpolisområde (LPO), which covers one or more municipalities."""

    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        help_text=_("For example Lokalpolisområde Arvika."),
    )
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    district = models.ForeignKey(
        PoliceDistrict,
        on_delete=models.PROTECT,
        related_name="areas",
        verbose_name=_("police district"),
    )
    municipalities = models.ManyToManyField(
        Municipality,
        related_name="police_areas",
        verbose_name=_("municipalities"),
        help_text=_("Every municipality that this local police area works with."),
    )

    history = History(m2m_fields=["municipalities"])

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("local police area")
        verbose_name_plural = _("local police areas")

    def __str__(self) -> str:
        return self.name


class ReportingOrganisation(TimeStampedModel):
    """An organisation whose staff report observations for EST in a municipality."""

    class Kind(models.TextChoices):
        SCHOOL = "school", _("school")
        SOCIAL_SERVICES = "social_services", _("social services")
        HOUSING_COMPANY = "housing_company", _("housing company")
        PROPERTY_OWNER = "property_owner", _("property owner")
        FAITH_COMMUNITY = "faith_community", _("faith community")
        BUSINESS = "business", _("business")
        RESCUE_SERVICE = "rescue_service", _("rescue service")
        SECURITY_COMPANY = "security_company", _("security company")
        MUNICIPALITY = "municipality", _("municipal administration")
        POLICE = "police", _("police")
        OTHER = "other", _("other")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="reporting_organisations",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)

    history = History()

    class Meta:
        ordering = ["municipality", "name", "id"]
        verbose_name = _("reporting organisation")
        verbose_name_plural = _("reporting organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"],
                name="situations_reportingorganisation_unique_name",
                violation_error_message=_(
                    "This municipality already has an organisation with that name."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


# --- Memberships and roles -----------------------------------------------------------------


class Membership(TimeStampedModel):
    """Who may do what where: a user's role in a municipality, an LPO or a police district."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        POLICE = "police", _("community police officer")
        POLICE_MANAGER = "police_manager", _("police manager")
        REPORTER = "reporter", _("EST reporter")
        VIEWER = "viewer", _("viewer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    police_area = models.ForeignKey(
        PoliceArea,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("local police area"),
    )
    police_district = models.ForeignKey(
        PoliceDistrict,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("police district"),
        help_text=_("Only for police managers who cover a whole police district."),
    )
    organisation = models.ForeignKey(
        ReportingOrganisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("reporting organisation"),
        help_text=_("For EST reporters: the organisation they report for."),
    )

    # Roles that may read unpublished content in their scope; reporters see only their reports.
    READ_ROLES = frozenset({Role.COORDINATOR, Role.POLICE, Role.POLICE_MANAGER, Role.VIEWER})
    EDIT_ROLES = frozenset({Role.COORDINATOR, Role.POLICE, Role.POLICE_MANAGER})

    # Which scope each role may have; the database refuses any other combination.
    SCOPES = {
        Role.COORDINATOR: {"municipality"},
        Role.POLICE: {"police_area"},
        Role.POLICE_MANAGER: {"police_area", "police_district"},
        Role.REPORTER: {"municipality"},
        Role.VIEWER: {"municipality", "police_area"},
    }

    history = History()

    class Meta:
        ordering = ["user", "role", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        municipality__isnull=False,
                        police_area__isnull=True,
                        police_district__isnull=True,
                    )
                    | Q(
                        municipality__isnull=True,
                        police_area__isnull=False,
                        police_district__isnull=True,
                    )
                    | Q(
                        municipality__isnull=True,
                        police_area__isnull=True,
                        police_district__isnull=False,
                    )
                ),
                name="situations_membership_exactly_one_scope",
                violation_error_message=_(
                    "A membership applies to exactly one municipality, local police area "
                    "or police district."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(role__in=["coordinator", "reporter"], municipality__isnull=False)
                    | Q(role="police", police_area__isnull=False)
                    | Q(role="police_manager", municipality__isnull=True)
                    | Q(role="viewer", police_district__isnull=True)
                ),
                name="situations_membership_role_fits_scope",
                violation_error_message=_(
                    "Coordinators and reporters belong to a municipality, police officers to a "
                    "local police area, managers to a local police area or a police district, "
                    "viewers to a municipality or a local police area."
                ),
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=True) | Q(role="reporter"),
                name="situations_membership_organisation_only_for_reporters",
                violation_error_message=_("Only EST reporters report for an organisation."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality"],
                condition=Q(municipality__isnull=False),
                name="situations_membership_unique_municipality_role",
                violation_error_message=_("The user already has this role here."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "police_area"],
                condition=Q(police_area__isnull=False),
                name="situations_membership_unique_police_area_role",
                violation_error_message=_("The user already has this role here."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "police_district"],
                condition=Q(police_district__isnull=False),
                name="situations_membership_unique_police_district_role",
                violation_error_message=_("The user already has this role here."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.scope}"

    @property
    def scope(self) -> Municipality | PoliceArea | PoliceDistrict | None:
        return self.municipality or self.police_area or self.police_district

    def clean(self) -> None:
        # The scope and role rules are the database constraints above; full_clean() reports
        # them through validate_constraints(), so they are not repeated here.
        super().clean()
        if self.organisation_id and self.municipality_id:
            if self.organisation.municipality_id != self.municipality_id:
                raise ValidationError(
                    {"organisation": _("The organisation belongs to another municipality.")},
                    code="organisation_municipality",
                )


# --- Lägesbild ------------------------------------------------------------------------------


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
        from situations.permissions import municipalities_in_scope

        if user.is_authenticated and user.is_superuser:
            return self.all()
        return self.filter(
            Q(status=SituationReport.Status.PUBLISHED)
            | Q(municipality__in=municipalities_in_scope(user, Membership.READ_ROLES))
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
    date = models.DateField(
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


class Finding(TimeStampedModel):
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

    def clean(self) -> None:
        super().clean()
        errors = {}
        # A source or place removed since (restoring an old version) is reported by
        # clean_fields(); here it is only not compared.
        source = _related_or_none(self, "source")
        if source is not None and self.report_id and source.report_id != self.report_id:
            errors["source"] = _("The source belongs to another situation report.")
        place = _related_or_none(self, "place")
        if place is not None and self.report_id:
            if place.municipality_id != self.report.municipality_id:
                errors["place"] = _("The place is in another municipality.")
        if errors:
            raise ValidationError(errors)


def _related_or_none(instance: models.Model, name: str) -> models.Model | None:
    try:
        return getattr(instance, name)
    except models.ObjectDoesNotExist:
        return None


# --- EST: effektiv samordning för trygghet -------------------------------------------------


def monday_of(day: datetime.date) -> datetime.date:
    """The Monday that starts DAY's ISO week."""
    return day - datetime.timedelta(days=day.weekday())


OBSERVATION_DESCRIPTION_MAX_LENGTH = 500


class ObservationQuerySet(models.QuerySet):
    def between(self, start: datetime.date, end: datetime.date) -> ObservationQuerySet:
        """Observations of the weeks that start from START's Monday up to END."""
        return self.filter(week__gte=monday_of(start), week__lte=end)


class Observation(TimeStampedModel):
    """An EST report: what an inrapportör observed at a place in a week, on a scale of 1–5.

    It describes a place and a situation, never a person: the description is refused when it
    holds what looks like a personnummer, a phone number or an email address.
    """

    DESCRIPTION_MAX_LENGTH = OBSERVATION_DESCRIPTION_MAX_LENGTH

    class Category(models.TextChoices):
        VANDALISM = "vandalism", _("vandalism")
        LITTERING = "littering", _("littering")
        UNSAFE_PLACE = "unsafe_place", _("unsafe place")
        DISORDER = "disorder", _("disorder")
        GATHERING = "gathering", _("gatherings of people that cause unease")
        DRUGS = "drugs", _("drugs")
        TRAFFIC = "traffic", _("traffic")
        FIRE = "fire", _("fire")
        OTHER = "other", _("other")

    class Level(models.IntegerChoices):
        VERY_LOW = 1, _("very low")
        LOW = 2, _("low")
        MODERATE = 3, _("moderate")
        HIGH = 4, _("high")
        VERY_HIGH = 5, _("very high")

        @property
        def text(self) -> str:
            """The level as the grid shows it, a number and a word: "3 – moderate"."""
            return f"{self.value} – {self.label}"

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        ReportingOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("reporting organisation"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("reporter"),
    )
    week = models.DateField(
        _("week"), help_text=_("The Monday of the week the observation is about.")
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="observations", verbose_name=_("place")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    level = models.PositiveSmallIntegerField(
        _("level"),
        choices=Level.choices,
        help_text=_("How large the problem was that week, from 1 (very low) to 5 (very high)."),
    )
    description = models.TextField(
        _("description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        validators=[validate_no_personal_data],
        help_text=_(
            "A few sentences about the place and the situation. Never write names, personal "
            "identity numbers, phone numbers or email addresses."
        ),
    )

    objects = ObservationQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["-week", "place", "id"]
        verbose_name = _("EST observation")
        verbose_name_plural = _("EST observations")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5),
                name="situations_observation_level_range",
                violation_error_message=_("The level is between 1 and 5."),
            ),
            models.CheckConstraint(
                condition=Q(week__iso_week_day=1),
                name="situations_observation_week_is_monday",
                violation_error_message=_("The week is stored as its Monday."),
            ),
            models.UniqueConstraint(
                fields=["reporter", "week", "place", "category"],
                name="situations_observation_one_per_reporter_week_place_category",
                violation_error_message=_(
                    "You have already reported this category for this place and week."
                ),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(
                    Length("description"), OBSERVATION_DESCRIPTION_MAX_LENGTH
                ),
                name="situations_observation_description_max_length",
                violation_error_message=_("The description is too long."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} – {self.week_label} – {self.get_category_display()}"

    @property
    def week_label(self) -> str:
        year, week, _day = self.week.isocalendar()
        return str(_("week %(week)s, %(year)s") % {"week": week, "year": year})

    @property
    def level_text(self) -> str:
        return Observation.Level(self.level).text

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.week and self.week.weekday() != 0:
            errors["week"] = _("The week is stored as its Monday.")
        place = _related_or_none(self, "place")
        if place is not None and self.municipality_id:
            if place.municipality_id != self.municipality_id:
                errors["place"] = _("The place is in another municipality.")
        organisation = _related_or_none(self, "organisation")
        if organisation is not None and self.municipality_id:
            if organisation.municipality_id != self.municipality_id:
                errors["organisation"] = _("The organisation belongs to another municipality.")
        if errors:
            raise ValidationError(errors)


# --- Residents' tips and page feedback ------------------------------------------------------


TIP_MESSAGE_MAX_LENGTH = 4000


class TipQuerySet(models.QuerySet):
    def unhandled(self) -> TipQuerySet:
        return self.filter(handled=False)

    def mark_handled(self) -> int:
        """Mark the unhandled tips among these as handled now; return how many changed."""
        now = timezone.now()
        return self.unhandled().update(handled=True, handled_at=now, updated_at=now)

    def expired(self, *, retention_days: int | None = None) -> TipQuerySet:
        """Tips older than the retention period that the privacy notice promises."""
        days = settings.TIP_RETENTION_DAYS if retention_days is None else retention_days
        return self.filter(created_at__lt=timezone.now() - datetime.timedelta(days=days))


class Tip(TimeStampedModel):
    """A resident's views, tip or idea about safety in a municipality, sent without logging in.

    Private by design: a tip holds only what the resident typed. No IP address, user agent or
    account is stored, and the contact details are optional.
    """

    MESSAGE_MAX_LENGTH = TIP_MESSAGE_MAX_LENGTH

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="tips",
        verbose_name=_("municipality"),
    )
    message = models.TextField(
        _("message"),
        help_text=_("What the resident wrote, exactly as typed."),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email address"), max_length=254, blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    place = models.ForeignKey(
        Place,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tips",
        verbose_name=_("place"),
        help_text=_("One of the municipality's named places, if the resident chose one."),
    )
    place_text = models.CharField(
        _("place in the resident's words"),
        max_length=200,
        blank=True,
        help_text=_("Where it is, as the resident described it."),
    )
    handled = models.BooleanField(
        _("handled"),
        default=False,
        help_text=_("Tick when the tip has been read and passed on or answered."),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    objects = TipQuerySet.as_manager()
    # The handling of a tip is recorded, never what the resident wrote: the privacy notice
    # promises that a tip is deleted after TIP_RETENTION_DAYS, and its history must not keep
    # the message or the contact details longer.
    history = History(excluded_fields=["message", "name", "email", "phone", "place_text"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        constraints = [
            models.CheckConstraint(
                condition=~Q(message=""),
                name="situations_tip_message_not_empty",
                violation_error_message=_("Write a message."),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("message"), TIP_MESSAGE_MAX_LENGTH),
                name="situations_tip_message_max_length",
                violation_error_message=_("The message is too long."),
            ),
            models.CheckConstraint(
                condition=Q(handled=False, handled_at__isnull=True)
                | Q(handled=True, handled_at__isnull=False),
                name="situations_tip_handled_has_date",
                violation_error_message=_("A handled tip needs the time it was handled."),
            ),
        ]

    def __str__(self) -> str:
        return Truncator(self.message).words(8)

    def save(self, *args, **kwargs) -> None:
        self._sync_handled_at()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # Before validate_constraints(), so that ticking "handled" in a form is enough.
        self._sync_handled_at()
        super().clean()
        if self.place_id and self.municipality_id:
            if self.place.municipality_id != self.municipality_id:
                raise ValidationError(
                    {"place": _("The place is in another municipality.")},
                    code="place_municipality",
                )

    def _sync_handled_at(self) -> None:
        if self.handled and self.handled_at is None:
            self.handled_at = timezone.now()
        elif not self.handled:
            self.handled_at = None


class PageFeedbackQuerySet(models.QuerySet):
    def record(self, *, page: str, helpful: bool) -> None:
        """Count one answer to "Did the information help you?" for PAGE."""
        feedback, _created = self.get_or_create(page=page)
        field = "yes_count" if helpful else "no_count"
        # F() makes the database add one, so simultaneous answers are all counted.
        self.filter(pk=feedback.pk).update(
            **{field: models.F(field) + 1}, updated_at=timezone.now()
        )


class PageFeedback(TimeStampedModel):
    """How many readers found a public page helpful: counts only, nothing about who answered."""

    page = models.CharField(
        _("page"),
        max_length=300,
        unique=True,
        help_text=_("The path of the page on this site, for example /kommuner/saffle/."),
    )
    yes_count = models.PositiveIntegerField(_("yes"), default=0)
    no_count = models.PositiveIntegerField(_("no"), default=0)

    objects = PageFeedbackQuerySet.as_manager()
    # No history: the counts are not domain data anyone edits but anonymous answers, added
    # with F() in an update() that sends no signals. A history row per answer would only say
    # "one more", and would grow with every visitor.

    class Meta:
        ordering = ["page", "id"]
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(page__startswith="/") & ~Q(page__startswith="//"),
                name="situations_pagefeedback_local_path",
                violation_error_message=_("The page must be a path on this site."),
            ),
        ]

    def __str__(self) -> str:
        return self.page


# --- Medborgarenkät: the anonymous safety survey --------------------------------------------


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
    opens_on = models.DateField(_("opens"), help_text=_("The first day residents can answer."))
    closes_on = models.DateField(_("closes"), help_text=_("The last day residents can answer."))
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
            "situations:survey_answer", kwargs={"slug": self.municipality.slug, "pk": self.pk}
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
        place = _related_or_none(self, "place")
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

    Anonymous by design (DESIGN.md §8): no user, no IP address, no user agent, no session, and
    no time of day: the date alone, so that a row cannot be matched with a server log. That is
    also why this model has no created_at/updated_at and no history.
    """

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
    like its response: nothing here but what the resident chose or wrote.
    """

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
