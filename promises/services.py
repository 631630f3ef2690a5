"""Writes of the promises app: the steps of a charter, utkast → granskning → publicerad →
avslutad, or återkallad.

Each step checks the state it starts from and raises ValidationError with a Swedish message
when it cannot be taken; who may take it is promises.permissions' question. Each leaves a
history entry that names the step.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from promises.models import Charter, Signatory

Status = Charter.Status


def _require(charter: Charter, *states: str) -> None:
    if charter.status not in states:
        raise ValidationError(
            _("This step is not possible while the citizen promise is %(status)s.")
            % {"status": charter.get_status_display()},
            code="wrong_state",
        )


def _save(charter: Charter, user, reason: str) -> None:
    charter.full_clean()
    charter._change_reason = reason
    charter._history_user = user
    charter.save()


@transaction.atomic
def charter_submit(*, charter: Charter, user) -> None:
    """The coordinator sends a draft to the police manager for review."""
    _require(charter, Status.DRAFT)
    if not charter.promises.exists():
        raise ValidationError(
            _("Add at least one promise before you send the citizen promise for review."),
            code="no_promises",
        )
    charter.status = Status.REVIEW
    _save(charter, user, _("Sent for review"))


@transaction.atomic
def charter_send_back(*, charter: Charter, user, comment: str) -> None:
    """The police manager returns a charter in review to the coordinator, saying why."""
    _require(charter, Status.REVIEW)
    if not comment.strip():
        raise ValidationError(_("Write what needs to change."), code="no_comment")
    charter.status = Status.DRAFT
    charter.review_comment = comment.strip()
    _save(charter, user, _("Sent back for changes"))


@transaction.atomic
def charter_approve(
    *, charter: Charter, user, signed_on: datetime.date, signatories: Iterable[Signatory]
) -> None:
    """The police manager approves, records the signing, and the charter is public at once."""
    _require(charter, Status.REVIEW)
    if signed_on > timezone.localdate():
        raise ValidationError(_("The signing date cannot be in the future."), code="future")
    if signed_on > charter.period_end:
        raise ValidationError(
            _("The citizen promise cannot be signed after its period has ended."),
            code="after_period",
        )
    for signatory in signatories:
        signatory.charter = charter
        if signatory.signed_on is None:
            signatory.signed_on = signed_on
        signatory.full_clean()
        signatory._history_user = user
        signatory.save()
    charter.status = Status.PUBLISHED
    charter.signed_on = signed_on
    charter.published_at = timezone.now()
    charter.review_comment = ""
    _save(charter, user, _("Approved, signed and published"))


@transaction.atomic
def charter_withdraw(*, charter: Charter, user, reason: str) -> None:
    """The police manager takes a published charter off the public site; it is never deleted."""
    _require(charter, Status.PUBLISHED)
    if not reason.strip():
        raise ValidationError(_("Write why the citizen promise is withdrawn."), code="no_reason")
    charter.status = Status.WITHDRAWN
    charter.withdrawn_at = timezone.now()
    charter.withdrawal_reason = reason.strip()
    _save(charter, user, _("Withdrawn"))


@transaction.atomic
def charter_close(*, charter: Charter, user) -> None:
    """A published charter whose work is over moves to the archive."""
    _require(charter, Status.PUBLISHED)
    charter.status = Status.CLOSED
    _save(charter, user, _("Closed and archived"))
