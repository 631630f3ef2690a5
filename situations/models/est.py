"""EST (effektiv samordning för trygghet): reporting organisations and their observations."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from config.lib.models import BoundedDateField, History, TimeStampedModel, related_or_none
from situations.models.geography import Municipality
from situations.models.reports import Place
from situations.validators import validate_no_personal_data


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
    week = BoundedDateField(
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
        place = related_or_none(self, "place")
        if place is not None and self.municipality_id:
            if place.municipality_id != self.municipality_id:
                errors["place"] = _("The place is in another municipality.")
        organisation = related_or_none(self, "organisation")
        if organisation is not None and self.municipality_id:
            if organisation.municipality_id != self.municipality_id:
                errors["organisation"] = _("The organisation belongs to another municipality.")
        if errors:
            raise ValidationError(errors)
