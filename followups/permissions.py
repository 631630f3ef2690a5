"""Who may see what in the followups app's workspace pages (DESIGN.md §6).

A charter's own pages ask promises.permissions; the pages here that span a whole kommun ask
here. Follow-up rounds and reviews join this module with their pages.

A round's follow-ups are read by those who read the charter's drafts (its rounds are internal
until their report is published), and entered row by row by those who may edit the row's
promise: the coordinator every row, the police those of promises the police own alone or
jointly (CharterAccess.can_edit_promise).
"""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from followups.models import FollowUpRound
from promises.permissions import CharterAccess, get_charter
from situations.models import Municipality
from situations.permissions import check, may_read, roles_in


def get_municipality_for_workspace(
    request: HttpRequest, slug: str
) -> tuple[Municipality, set[str]]:
    """A kommun whose workspace page the user may read, with their roles there.

    Kommuner are public, so a user without a reading role gets 403, not 404.
    """
    municipality = get_object_or_404(Municipality.objects.with_geography(), slug=slug)
    roles = roles_in(request.user, municipality)
    check(may_read(roles), visible=True)
    return municipality, roles


def get_charter_for_rounds(request: HttpRequest, pk: int) -> CharterAccess:
    """A charter whose rounds the user may read: drafts' readers; else 404, or 403 when public."""
    return get_charter(request, pk, "can_read_drafts")


def get_charter_round(
    request: HttpRequest, pk: int, round_pk: int, *, for_update: bool = False
) -> tuple[FollowUpRound, CharterAccess]:
    """Round ROUND_PK of charter PK: read by drafts' readers; with FOR_UPDATE (a save), by
    those who may enter at least one row, its row locked until the transaction ends so that
    two saves of the round take turns.
    """
    access = get_charter(request, pk, "can_edit_promises" if for_update else "can_read_drafts")
    rounds = FollowUpRound.objects.filter(charter=access.charter)
    if for_update:
        rounds = rounds.select_for_update(of=("self",))
    round_ = get_object_or_404(rounds, pk=round_pk)
    round_.charter = access.charter  # loaded with its kommun and LPO
    return round_, access
