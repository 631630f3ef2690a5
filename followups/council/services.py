"""The coordinator's steps on a council report: write the foreword, publish, withdraw."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.lib.history import record_as
from followups.council.models import CouncilReport
from followups.council.selectors import charter_for_year
from followups.notices import services as notices
from followups.notices.models import Announcement
from situations.models import Municipality

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def council_report_for(
    municipality: Municipality, year: int, *, lock: bool = False
) -> CouncilReport:
    """The stored report of MUNICIPALITY for YEAR, or a new unsaved draft. With LOCK the row
    is locked until the transaction ends, so that two coordinators' steps take turns."""
    reports = CouncilReport.objects.all()
    if lock:
        reports = reports.select_for_update()
    found = reports.filter(municipality=municipality, year=year).first()
    return found or CouncilReport(municipality=municipality, year=year)


@transaction.atomic
def council_report_save(
    *, municipality: Municipality, year: int, foreword: str, user: User
) -> CouncilReport:
    """Save the foreword; a published report is corrected in place (the history keeps the
    version before)."""
    report = council_report_for(municipality, year, lock=True)
    report.foreword = foreword.strip()
    report.full_clean()
    record_as(report, user, _("Foreword saved"))
    report.save()
    return report


@transaction.atomic
def council_report_publish(
    *, municipality: Municipality, year: int, foreword: str, user: User
) -> CouncilReport:
    """Publish the report with FOREWORD: it is on the kommun's public page from now on.

    Refused when no published charter covers the year: there would be nothing to report.
    """
    report = council_report_for(municipality, year, lock=True)
    if report.is_published:
        raise ValidationError(_("The report is already published."), code="published")
    if charter_for_year(municipality, year) is None:
        raise ValidationError(
            _("No published citizen promise covers %(year)s: there is nothing to report.")
            % {"year": year},
            code="no_charter",
        )
    report.foreword = foreword.strip()
    report.status = CouncilReport.Status.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = user
    report.full_clean()
    record_as(report, user, _("Report published"))
    report.save()
    notices.announce(
        kind=Announcement.Kind.COUNCIL, object_id=report.pk, municipality_id=municipality.pk
    )
    return report


@transaction.atomic
def council_report_unpublish(*, municipality: Municipality, year: int, user: User) -> None:
    """Take the report off the public pages: a draft again, to correct and publish anew."""
    report = council_report_for(municipality, year, lock=True)
    if not report.is_published:
        raise ValidationError(_("The report is not published."), code="draft")
    report.status = CouncilReport.Status.DRAFT
    report.published_at = None
    report.published_by = None
    report.full_clean()
    record_as(report, user, _("Report withdrawn from the public pages"))
    report.save()
