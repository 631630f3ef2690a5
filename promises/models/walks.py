"""Trygghetsvandringar: a walk through an area, and its findings tracked to closure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.lib.models import BoundedDateField, History, TimeStampedModel
from promises.models.activities import Activity
from promises.models.charters import Party
from situations.models import Place

if TYPE_CHECKING:
    pass


class SafetyWalk(TimeStampedModel):
    """A trygghetsvandring: an activity's walk through an area, with who took part."""

    activity = models.OneToOneField(
        Activity,
        on_delete=models.CASCADE,
        related_name="safety_walk",
        limit_choices_to={"kind": Activity.Kind.SAFETY_WALK},
        verbose_name=_("activity"),
    )
    date = BoundedDateField(_("date"), help_text=_("The day of the walk."))
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
    done_on = BoundedDateField(
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
