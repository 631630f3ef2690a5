"""Writes of the situations app that are steps, not form saves: publishing a lägesbild,
handling a resident's tip, EST observations and attaching their quarterly summary.

Each step names its user and leaves a history entry that says what was done; who may take it
is situations.permissions' question.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from situations import est
from situations.models import (
    Municipality,
    Observation,
    ReportingOrganisation,
    SituationReport,
    Source,
    Tip,
)

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


# --- EST ------------------------------------------------------------------------------------


@transaction.atomic
def observation_submit(
    *,
    municipality: Municipality,
    organisation: ReportingOrganisation | None,
    observation: Observation,
    user,
) -> Observation:
    """Save a new EST observation by USER for ORGANISATION in MUNICIPALITY."""
    observation.municipality = municipality
    observation.organisation = organisation
    observation.reporter = user
    _save(observation, user, _("Reported"))
    return observation


@transaction.atomic
def observation_update(*, observation: Observation, user) -> Observation:
    """Save the reporter's changes to their observation; who reported it stays."""
    _save(observation, user, _("Changed"))
    return observation


@transaction.atomic
def reporting_organisation_save(
    *, organisation: ReportingOrganisation, user
) -> ReportingOrganisation:
    created = organisation.pk is None
    _save(organisation, user, _("Added") if created else _("Changed"))
    return organisation


@transaction.atomic
def est_summary_attach(
    *,
    municipality: Municipality,
    report: SituationReport,
    year: int,
    quarter: int,
    is_internal: bool,
    user,
) -> Source:
    """Attach the EST summary of a quarter to REPORT as a source of kind EST.

    Attaching the same quarter again brings its figures up to date rather than adding a
    second source.
    """
    if report.municipality_id != municipality.pk:
        raise ValidationError(
            _("The situation report belongs to another municipality."), code="municipality"
        )
    rows = est.quarter_summary(municipality, year, quarter)
    if not rows:
        raise ValidationError(
            _("There are no EST observations in this quarter to attach."), code="empty"
        )
    title = est.quarter_title(year, quarter)
    source = (
        Source.objects.select_for_update()
        .filter(report=report, kind=Source.Kind.EST, title=title)
        .first()
    )
    attached_again = source is not None
    if source is None:
        source = Source(report=report, kind=Source.Kind.EST, title=title)
    source.date = est.quarter_bounds(year, quarter)[1]
    source.description = est.summary_text(rows)
    source.is_internal = is_internal
    _save(
        source,
        user,
        _("EST summary attached again") if attached_again else _("EST summary attached"),
    )
    return source
