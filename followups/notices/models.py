"""Residents who follow a kommun by email, what happened there, and who was told.

Private by design: a Subscription holds the address, what it follows, the language of the
mails, the kommun, when it was asked for and when it was confirmed; nothing else (no IP address,
no name). An unconfirmed one is deleted by `manage.py purge_expired` once its link has expired.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from situations.models import Municipality


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed_expired(self) -> SubscriptionQuerySet:
        """Never confirmed, and the confirmation link has expired."""
        cutoff = timezone.now() - datetime.timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS)
        return self.filter(confirmed_at__isnull=True, created_at__lt=cutoff)


class Subscription(models.Model):
    """An email address that follows a kommun: its charters and reports, its surveys or both."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("municipality"),
    )
    email = models.EmailField(_("email address"))
    follows_charters = models.BooleanField(_("citizen promises and follow-up reports"))
    follows_surveys = models.BooleanField(_("surveys"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("asked for"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["municipality", "id"]
        verbose_name = _("email subscription")
        verbose_name_plural = _("email subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "email"],
                name="followups_subscription_once_per_kommun_address",
            ),
            models.CheckConstraint(
                condition=Q(follows_charters=True) | Q(follows_surveys=True),
                name="followups_subscription_follows_something",
                violation_error_message=_("Choose what you want to follow."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} #{self.pk}"


class Announcement(models.Model):
    """Something residents who follow a kommun are told of: once per charter, report, survey."""

    class Kind(models.TextChoices):
        CHARTER = "charter", _("citizen promise signed")
        REPORT = "report", _("follow-up report published")
        SURVEY = "survey", _("survey opened")
        COUNCIL = "council", _("report to the municipal council published")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="announcements",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The charter's, the round's, the survey's or the council report's id, by KIND.
    object_id = models.PositiveBigIntegerField(_("object id"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Set once every subscriber of the time has been mailed; the sender then skips it.
    done_at = models.DateTimeField(_("everyone mailed"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="followups_announcement_once_per_object"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.municipality})"


class Delivery(models.Model):
    """An announcement mailed to one subscriber: written in the transaction that sends it,
    so that a second run (even a concurrent one) finds it and sends nothing."""

    announcement = models.ForeignKey(
        Announcement,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("announcement"),
    )
    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("email subscription"),
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = _("sent announcement")
        verbose_name_plural = _("sent announcements")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "subscription"],
                name="followups_delivery_once_per_subscriber",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.announcement} → #{self.subscription_id}"
