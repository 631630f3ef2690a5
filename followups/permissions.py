"""Who may see what in the followups app's workspace pages (DESIGN.md §6).

A charter's own pages ask promises.permissions; the pages here that span a whole kommun ask
here. A follow-up round: those who read the kommun read its workspace pages and its export for
the lokalt BRÅ (internal texts included); the kommun's coordinator publishes its report. A
published report is public, so others get 403 there rather than 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from followups.models import FollowUpRound
from situations.models import Membership, Municipality
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


# --- Follow-up rounds ------------------------------------------------------------------------

COORDINATOR = Membership.Role.COORDINATOR.value


@dataclass(frozen=True)
class RoundAccess:
    """What one user may do with one follow-up round."""

    round: FollowUpRound
    roles: frozenset[str]

    @property
    def can_view(self) -> bool:
        """Whether the round exists for the user: a published report, or one in their scope."""
        published = self.round.published_at is not None and self.round.charter.is_public
        return published or self.can_read

    @property
    def can_read(self) -> bool:
        """The workspace pages of the round, internal texts included (the BRÅ export)."""
        return may_read(self.roles)

    @property
    def can_publish(self) -> bool:
        """Publishing the round's report is the kommun coordinator's step."""
        return COORDINATOR in self.roles


def get_round(request: HttpRequest, pk: int, need: str, *, for_update=False) -> RoundAccess:
    """The round PK with what the user may do, if they may do NEED ("can_…"), else 404/403.

    With FOR_UPDATE the round's row is locked until the transaction ends, so that two
    publishing steps take turns.
    """
    rounds = FollowUpRound.objects.select_related("charter__municipality", "charter__police_area")
    if for_update:
        rounds = rounds.select_for_update(of=("self",))
    round_ = get_object_or_404(rounds, pk=pk)
    access = RoundAccess(round_, frozenset(roles_in(request.user, round_.charter.municipality)))
    check(getattr(access, need), access.can_view)
    return access
