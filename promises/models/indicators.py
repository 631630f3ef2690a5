"""Indicators of a promise and their measurements."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.lib.models import BoundedDateField, CarriedOver, History, TimeStampedModel
from promises.models.activities import Promise

if TYPE_CHECKING:
    pass


class Indicator(CarriedOver, TimeStampedModel):
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
    baseline_date = BoundedDateField(_("baseline date"), null=True, blank=True)
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
    date = BoundedDateField(_("date"))
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
