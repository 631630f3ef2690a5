"""Abstract base models every app's models build on, and their history.

`TimeStampedModel` gives a row its created and updated times (the version tokens of the edit
pages read `updated_at`); `PeriodModel` a period of dates with its constraint; `History` records
every save and delete for the history pages and restore (README, "Nothing lost").
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.lib import periods


class BoundedDateField(models.DateField):
    """A date between periods.EARLIEST and periods.LATEST, checked by forms and full_clean().

    It deconstructs as Django's DateField: the range lives in Python alone, so it needs no
    migration, and the database keeps whatever was there before.
    """

    default_validators = [periods.validate_day]

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateField", args, kwargs


class TimeStampedModel(models.Model):
    """Abstract base that records when a row was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class CarriedOver(models.Model):
    """Abstract base of what a renewal copies into next period's charter or lägesbild.

    The flag marks a row as brought over unchanged ("Överförd från …"); the first edit
    through a form clears it (config.lib.editing.ClearsCarriedOver).
    """

    # A default in the database too: the demo's bulk writer inserts rows without the column.
    carried_over = models.BooleanField(
        _("carried over"), default=False, db_default=False, editable=False
    )

    class Meta:
        abstract = True


class History(HistoricalRecords):
    """Record every save and delete of a model: who, when, what (docs/design.md, nothing lost).

    simple-history names a history model "historical <verbose name>" by turning the verbose
    name into a str while the models load, which freezes it in the language active then
    (Swedish) and writes that into the migrations. Here the name stays lazily translated.
    """

    user_set_verbose_name: str | Promise | None
    user_set_verbose_name_plural: str | Promise | None

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

    period_start = BoundedDateField(_("period start"))
    period_end = BoundedDateField(_("period end"))

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
        if not (self.period_start and self.period_end):
            return
        if self.period_end < self.period_start:
            raise ValidationError(
                {"period_end": _("The period cannot end before it starts.")},
                code="period_end_before_start",
            )
        try:
            periods.validate_period_length(self.period_start, self.period_end)
        except ValidationError as error:
            raise ValidationError({"period_end": error}) from None

    @property
    def period_label(self) -> str:
        """The period as residents read it: "2021" for a calendar year, else from–to."""
        start, end = self.period_start, self.period_end
        if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
            return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
        return f"{start:%Y-%m-%d} – {end:%Y-%m-%d}"

    def covers(self, day: datetime.date) -> bool:
        return self.period_start <= day <= self.period_end


def related_or_none(instance: models.Model, name: str) -> models.Model | None:
    """INSTANCE's related object NAME, or None where the relation is empty or its row gone."""
    try:
        return getattr(instance, name)
    except models.ObjectDoesNotExist:
        return None
