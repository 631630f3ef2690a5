"""Residents' tips and page feedback."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from config.lib.models import History, TimeStampedModel
from situations.models.geography import Municipality
from situations.models.reports import Place

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
