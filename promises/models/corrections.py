"""Corrections of a published charter: what residents read under "Ändringar sedan
undertecknandet"."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.lib.models import History, TimeStampedModel
from promises.models.charters import Charter, Party


class CharterCorrectionQuerySet(models.QuerySet):
    def public(self) -> CharterCorrectionQuerySet:
        """Corrections residents may read: of published and closed charters."""
        return self.filter(charter__status__in=Charter.Status.public_values())


class CharterCorrection(TimeStampedModel):
    """One correction of a published charter: when, why, by which party, and its public
    fields before and after.

    The changes are frozen when the correction is saved (promises.corrections), from the
    public fields alone: the public page and the open data read one row, never the history,
    which also holds internal fields and who made each change.
    """

    charter = models.ForeignKey(
        Charter,
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("citizen promise"),
    )
    made_at = models.DateTimeField(_("corrected"), default=timezone.now)
    reason = models.TextField(
        _("reason"), help_text=_("Why the published citizen promise was corrected: public.")
    )
    party = models.CharField(
        _("party"),
        max_length=20,
        choices=Party.choices,
        help_text=_("Who corrected it: the municipality or the police (never a person)."),
    )
    # [{"part", "item", "field", "before", "after"}, …]: see promises.corrections.Change.
    changes = models.JSONField(_("changes"), default=list, blank=True)

    objects = CharterCorrectionQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="promises_charter_correction_has_reason",
                violation_error_message=_("A correction needs a reason."),
            ),
            models.CheckConstraint(
                condition=~Q(party="joint"),
                name="promises_charter_correction_party_not_joint",
                violation_error_message=_(
                    "A correction is made by the police or the municipality."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.charter}: {self.reason[:80]}"

    def get_absolute_url(self) -> str:
        url = reverse(
            "public:charter_changes",
            kwargs={"slug": self.charter.municipality.slug, "pk": self.charter_id},
        )
        return f"{url}#andring-{self.pk}"
