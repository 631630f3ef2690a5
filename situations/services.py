"""Writes of the situations app that are steps, not form saves: publishing a lägesbild and
handling a resident's tip.

Each step names its user and leaves a history entry that says what was done; who may take it
is situations.permissions' question.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from situations.models import SituationReport, Tip

Status = SituationReport.Status


def _save(instance, user, reason: str) -> None:
    instance.full_clean()
    instance._change_reason = reason
    instance._history_user = user
    instance.save()


@transaction.atomic
def report_publish(*, report: SituationReport, user) -> None:
    """Make a draft lägesbild public; its public findings then reach the kommun's page."""
    if report.status == Status.PUBLISHED:
        raise ValidationError(_("The situation report is already published."), code="published")
    if not report.summary.strip():
        raise ValidationError(
            _("Write a summary and save it before you publish the situation report."),
            code="no_summary",
        )
    report.status = Status.PUBLISHED
    report.published_at = timezone.now()
    _save(report, user, _("Published"))


@transaction.atomic
def report_unpublish(*, report: SituationReport, user) -> None:
    """Take a published lägesbild back to draft; it stays in the history as it was."""
    if report.status != Status.PUBLISHED:
        raise ValidationError(_("The situation report is not published."), code="draft")
    report.status = Status.DRAFT
    report.published_at = None
    _save(report, user, _("Unpublished"))


def _save_handling(tip: Tip, user, reason: str) -> None:
    # Only the handling changes: what the resident wrote is saved as it came and not
    # validated again, so that no old tip can block its own handling.
    tip._change_reason = reason
    tip._history_user = user
    tip.save(update_fields=["handled", "handled_at", "updated_at"])


def tip_handle(*, tip: Tip, user) -> None:
    """Mark a tip as read and passed on or answered; the history keeps who and when."""
    if not tip.handled:
        tip.handled = True
        _save_handling(tip, user, _("Marked as handled"))


def tip_reopen(*, tip: Tip, user) -> None:
    """Put a handled tip back among the unhandled ones."""
    if tip.handled:
        tip.handled = False
        _save_handling(tip, user, _("Reopened"))
