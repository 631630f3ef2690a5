"""What waits for a user: the counts of the dashboard's "Waiting for you", each with the
address of the list that shows exactly what it counts (the review dashboard, filtered).

The police: follow-ups waiting for their review (permissions.waiting_for_review_by), by the owner
of the promise; police managers: charters waiting for their approval. Coordinators:
follow-ups sent back to them (permissions.sent_back_to) and overdue rounds of their kommuner.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from followups.filters import FOR_MY_REVIEW, SENT_BACK_TO_ME
from followups.models import FollowUp, FollowUpRound
from followups.permissions import sent_back_to, waiting_for_review_by
from promises.models import Party
from situations.models import Membership, Municipality

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# The owners in the order the police care for them: their own promises first.
OWNERS = [
    (Party.POLICE, _("of the police's promises")),
    (Party.JOINT, _("of joint promises")),
    (Party.MUNICIPALITY, _("of the municipality's promises")),
]


@dataclass
class Figure:
    """A number of things that wait, and where they are listed."""

    count: int
    url: str
    parts: list[tuple[str, int, str]] = field(default_factory=list)  # (label, count, url)


def for_review(user: AbstractBaseUser) -> Figure:
    """Follow-ups waiting for USER's review, in all and by the owner of the promise: one query."""
    base = reverse("followups:review") + f"?waiting={FOR_MY_REVIEW}"
    by_owner = dict(
        FollowUp.objects.filter(waiting_for_review_by(user))
        .order_by()
        .values_list("owner")
        .annotate(n=Count("pk"))
    )
    parts = [
        (label, by_owner[value], f"{base}&owner={value}")
        for value, label in OWNERS
        if by_owner.get(value)
    ]
    return Figure(sum(by_owner.values()), base, parts)


def sent_back(user: AbstractBaseUser) -> Figure:
    """Follow-ups sent back for changes in the kommuner USER coordinates: one query."""
    return Figure(
        FollowUp.objects.filter(sent_back_to(user)).count(),
        reverse("followups:review") + f"?waiting={SENT_BACK_TO_ME}",
    )


def overdue_rounds(user: AbstractBaseUser, today: datetime.date) -> Figure:
    """Overdue rounds of the kommuner USER coordinates (FollowUpRoundQuerySet.overdue): one
    query. The review dashboard lists them under "Overdue rounds"."""
    in_scope = Municipality.objects.in_scope(user, [Membership.Role.COORDINATOR])
    return Figure(
        FollowUpRound.objects.overdue(today).filter(charter__municipality__in=in_scope).count(),
        reverse("followups:review") + "?overdue=on#overdue-heading",
    )
