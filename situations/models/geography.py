"""Geography and parties: polisregioner, län, polisområden, kommuner, lokalpolisområden."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from config.lib.models import History, TimeStampedModel
from situations.models.memberships import Membership

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


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
    reference_key = models.CharField(
        _("reference key"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_(
            "Its name in the Police Authority's organisation as the reference data gives it; "
            "empty for one made by hand. A reload of the reference data finds it by this key, "
            "so renaming it here is kept."
        ),
    )

    history = History()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("police district")
        verbose_name_plural = _("police districts")
        constraints = [
            models.UniqueConstraint(
                fields=["reference_key"],
                condition=~Q(reference_key=""),
                name="situations_policedistrict_unique_reference_key",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def with_geography(self) -> MunicipalityQuerySet:
        return self.select_related("county__police_region")

    def in_scope(
        self, user: AbstractBaseUser | AnonymousUser, roles: Iterable[str]
    ) -> MunicipalityQuerySet:
        """Municipalities where USER holds one of ROLES, directly or through the police.

        Every scope question of the project starts here: a user's memberships name
        municipalities directly, or local police areas and police districts that cover them.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        memberships = Membership.objects.filter(user=user, role__in=list(roles))
        return self.filter(
            Q(pk__in=memberships.values("municipality"))
            | Q(police_areas__in=memberships.values("police_area"))
            | Q(police_areas__district__in=memberships.values("police_district"))
        ).distinct()


class PoliceAreaQuerySet(models.QuerySet):
    def in_scope(
        self, user: AbstractBaseUser | AnonymousUser, roles: Iterable[str]
    ) -> PoliceAreaQuerySet:
        """Local police areas USER covers with one of ROLES, directly or through a district."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        memberships = Membership.objects.filter(user=user, role__in=list(roles))
        return self.filter(
            Q(pk__in=memberships.values("police_area"))
            | Q(district__in=memberships.values("police_district"))
        ).distinct()


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
        return reverse("public:municipality", kwargs={"slug": self.slug})

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
    reference_key = models.CharField(
        _("reference key"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_(
            "Its name in the Police Authority's organisation as the reference data gives it; "
            "empty for one made by hand. A reload of the reference data finds it by this key, "
            "so renaming it here is kept."
        ),
    )

    objects = PoliceAreaQuerySet.as_manager()

    history = History(m2m_fields=["municipalities"])

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("local police area")
        verbose_name_plural = _("local police areas")
        constraints = [
            models.UniqueConstraint(
                fields=["reference_key"],
                condition=~Q(reference_key=""),
                name="situations_policearea_unique_reference_key",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReferenceCoverage(TimeStampedModel):
    """One pair of an LPO and a kommun it works with, as the reference data gave it.

    A row here says the pair was loaded once; a reload never adds it again, so a kommun an
    administrator took off an LPO (or moved to another) stays where they put it. The source
    and its date say where the pair comes from: no official list exists (shared/data/README.md).
    """

    class Confidence(models.TextChoices):
        STATED = "stated", _("Stated by the source")
        INFERRED = "inferred", _("Inferred")

    area_key = models.CharField(_("local police area in the reference data"), max_length=100)
    district_key = models.CharField(_("police district in the reference data"), max_length=100)
    municipality_code = models.CharField(_("municipality code"), max_length=4)
    municipality_name = models.CharField(_("municipality"), max_length=100)
    police_area = models.ForeignKey(
        PoliceArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reference_coverage",
        verbose_name=_("local police area"),
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    as_of = models.CharField(_("source date"), max_length=40, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=10, choices=Confidence.choices, default=Confidence.STATED
    )

    history = History()

    class Meta:
        ordering = ["area_key", "municipality_name", "id"]
        verbose_name = _("reference coverage")
        verbose_name_plural = _("reference coverage")
        constraints = [
            models.UniqueConstraint(
                fields=["area_key", "municipality_code"],
                name="situations_referencecoverage_unique_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area_key} – {self.municipality_name}"
