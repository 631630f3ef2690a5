"""Writes of collaboration agreements: saving one with its kommuner and signatories, and
linking a charter to it (through promises.services.charter_save, the charter's one write path).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from config.lib.history import change_reasons, record_as
from promises.models import Charter, CollaborationAgreement, Signatory
from promises.services import charter_save

if TYPE_CHECKING:
    from django.contrib.auth.models import User

change_reasons(
    gettext_noop("Linked to a collaboration agreement"),
    gettext_noop("Unlinked from its collaboration agreement"),
)


@transaction.atomic
def agreement_save(
    *,
    agreement: CollaborationAgreement,
    user: User,
    municipalities: Iterable,
    changed: Iterable[Signatory] = (),
    deleted: Iterable[Signatory] = (),
) -> None:
    """Validate and save AGREEMENT, new or changed, with its kommuner and its signatories
    (CHANGED new or edited, DELETED removed), each change in the history as USER's."""
    agreement.full_clean()
    record_as(agreement, user)
    agreement.save()
    record_as(agreement, user)  # the kommuner are recorded as a change of their own
    agreement.municipalities.set(list(municipalities))
    for signatory in deleted:
        record_as(signatory, user)
        signatory.delete()
    for signatory in changed:
        signatory.agreement = agreement
        signatory.charter = None
        signatory.full_clean()
        record_as(signatory, user)
        signatory.save()


def agreement_link(
    *, agreement: CollaborationAgreement | None, charter: Charter, user: User
) -> list[str]:
    """Put CHARTER under AGREEMENT (None: under none); Charter.clean checks that the
    agreement includes its kommun and LPO. Returns charter_save()'s notes."""
    charter.agreement = agreement
    reason = (
        _("Linked to a collaboration agreement")
        if agreement is not None
        else _("Unlinked from its collaboration agreement")
    )
    return charter_save(charter=charter, user=user, reason=reason)
