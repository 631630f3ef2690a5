"""The council report (rapport till kommunfullmäktige): lag 2023:196 asks the kommunstyrelse to
report on its crime prevention work to the council, and here it writes itself from the chain.

Only the foreword is typed and stored: every figure is read from the lägesbild, the promises
and their follow-ups each time the report is shown (followups.council.selectors).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from config.lib.models import History, TimeStampedModel
from situations.models import Municipality

FIRST_YEAR = 2000
LAST_YEAR = 2100
FOREWORD_MAX_LENGTH = 3000


class CouncilReportQuerySet(models.QuerySet):
    def published(self) -> CouncilReportQuerySet:
        return self.filter(status=CouncilReport.Status.PUBLISHED)


class CouncilReport(TimeStampedModel):
    """A kommun's report to its council for one calendar year: a foreword, and its state."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="council_reports",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    foreword = models.TextField(
        _("foreword"),
        blank=True,
        max_length=FOREWORD_MAX_LENGTH,
        help_text=_(
            "A few sentences to the council from the municipal executive board. Everything "
            "else in the report comes from the situation picture, the promises and their "
            "follow-ups."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = CouncilReportQuerySet.as_manager()

    history = History()

    class Meta:
        ordering = ["municipality", "-year", "id"]
        verbose_name = _("report to the municipal council")
        verbose_name_plural = _("reports to the municipal council")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year"],
                name="followups_councilreport_unique_year",
                violation_error_message=_(
                    "The municipality already has a report to the council for this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="published", published_at__isnull=False)
                | (~Q(status="published") & Q(published_at__isnull=True)),
                name="followups_councilreport_published_has_date",
                violation_error_message=_(
                    "A published report has the time it was published, and only then."
                ),
            ),
        ]

    def __str__(self) -> str:
        label = _("Report to the municipal council")
        return f"{label} {self.year} – {self.municipality}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def get_absolute_url(self) -> str:
        """The public page, which answers 404 until the report is published."""
        return reverse(
            "public:council_report", kwargs={"slug": self.municipality.slug, "year": self.year}
        )
