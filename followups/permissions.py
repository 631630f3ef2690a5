"""Who may see what in the followups app's workspace pages (docs/design.md, Roles).

A charter's own pages ask promises.permissions; the pages here that span a whole kommun ask
here. Follow-up rounds and reviews join this module with their pages.

A follow-up round: those who read the kommun read its workspace pages and its export for
the lokalt BRÅ (internal texts included); the kommun's coordinator publishes its report. A
published report is public, so others get 403 there rather than 404.

The review dashboard shows every follow-up of the kommuner a user reads (coordinators, the
police of their LPOs or police districts, viewers). A follow-up is reviewed by the police of
an LPO that covers its kommun and by the kommun's coordinator, never by its own author.

A round's follow-ups are read by those who read the charter's drafts (its rounds are internal
until their report is published), and entered row by row by those who may edit the row's
promise: the coordinator every row, the police those of promises the police own alone or
jointly (CharterAccess.can_edit_promise).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from config.lib.compiled import CompiledQuery, Param
from followups.council.models import FIRST_YEAR, LAST_YEAR
from followups.models import POLICE_ROLES, FollowUp, FollowUpRound, ReviewDecision
from promises.models import Charter
from promises.permissions import EDITABLE_STATES, CharterAccess, get_charter
from situations.models import Membership, Municipality
from situations.permissions import check, may_read, roles_by_municipality, roles_in

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


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


# --- The review dashboard and the follow-ups in it -------------------------------------------

REVIEWER_ROLES = frozenset(
    {
        Membership.Role.COORDINATOR.value,
        Membership.Role.POLICE.value,
        Membership.Role.POLICE_MANAGER.value,
    }
)


def get_review_scope(request: HttpRequest) -> list[Municipality]:
    """The kommuner whose follow-ups the user's review dashboard shows, by name.

    Everyone who reads a kommun's drafts (coordinators, the police, viewers) reads its
    follow-ups here; a user who reads none (a reporter) gets 403, since the page exists for
    everyone. Each kommun says whether the user `reviews` there (a viewer only reads). One
    query.
    """
    user = request.user
    if not user.is_authenticated:
        municipalities = []
    elif user.is_superuser:
        municipalities = _scope_of(_REVIEW_SCOPE_OF_SUPERUSER.rows())
    else:
        municipalities = _scope_of(_REVIEW_SCOPE.rows(user=user.pk))
    check(bool(municipalities), visible=True)
    return municipalities


def _review_scope(user: AbstractBaseUser | _UserParam) -> QuerySet:
    """The query of get_review_scope() for USER."""
    reviewing = Municipality.objects.in_scope(user, REVIEWER_ROLES)  # type: ignore[arg-type]
    return (
        Municipality.objects.in_scope(user, Membership.READ_ROLES)  # type: ignore[arg-type]
        .annotate(reviews=Exists(reviewing.filter(pk=OuterRef("pk"))))
        .order_by("name", "id")
    )


class _UserParam(Param):
    """The user of the review scope's compiled query, given by id when it runs: a user who
    is not a superuser to Municipality.objects.in_scope(), whose memberships it reads."""

    is_authenticated = True
    is_superuser = False


_MUNICIPALITY_COLUMNS = [field.attname for field in Municipality._meta.concrete_fields]
# get_review_scope()'s query, compiled once per process: for a superuser, for a user USER.
_REVIEW_SCOPE_OF_SUPERUSER = CompiledQuery(
    lambda: _review_scope(get_user_model()(is_superuser=True)),
    *_MUNICIPALITY_COLUMNS,
    "reviews",
)
_REVIEW_SCOPE = CompiledQuery(
    lambda: _review_scope(_UserParam("user")), *_MUNICIPALITY_COLUMNS, "reviews"
)


def _scope_of(rows: list[tuple]) -> list[Municipality]:
    municipalities = []
    columns = slice(len(_MUNICIPALITY_COLUMNS))
    for row in rows:
        municipality = Municipality.from_db("default", _MUNICIPALITY_COLUMNS, row[columns])
        municipality.reviews = row[-1]  # type: ignore[attr-defined]
        municipalities.append(municipality)
    return municipalities


@dataclass(frozen=True)
class FollowUpAccess:
    """What one user may do with one follow-up."""

    follow_up: FollowUp
    user_pk: int | None
    roles: frozenset[str]

    @property
    def is_public(self) -> bool:
        follow_up = self.follow_up
        round_ = follow_up.round
        return (
            round_.published_at is not None
            and round_.charter.is_public
            and (follow_up.activity is None or follow_up.activity.is_public)
        )

    @property
    def can_view(self) -> bool:
        return self.is_public or self.can_read

    @property
    def can_read(self) -> bool:
        """The workspace page: internal texts, the reviews, the history."""
        return may_read(self.roles)

    @property
    def is_own(self) -> bool:
        return self.follow_up.author_id is not None and self.follow_up.author_id == self.user_pk

    @property
    def is_reviewable(self) -> bool:
        """Closed and withdrawn charters are read-only: nothing there can be completed."""
        return self.follow_up.round.charter.status in EDITABLE_STATES

    @property
    def can_review(self) -> bool:
        """The police of the kommun's LPOs and its coordinator, on someone else's follow-up.

        A review is a second pair of eyes: approving one's own report would say nothing.
        """
        return bool(self.roles & REVIEWER_ROLES) and self.is_reviewable and not self.is_own

    @property
    def can_edit(self) -> bool:
        """Those who enter the follow-up on its round's page: see CharterAccess."""
        charter_access = CharterAccess(self.follow_up.round.charter, self.roles)
        return self.follow_up.owner in charter_access.editable_owners


def get_follow_up(request: HttpRequest, pk: int, need: str) -> FollowUpAccess:
    """The follow-up PK with what the user may do, if they may do NEED ("can_…"), else 404/403.

    Out of scope, a follow-up residents may read is 403; any other is 404.
    """
    follow_up = get_object_or_404(
        FollowUp.objects.select_related(
            "round__charter__municipality",
            "round__charter__police_area",
            "activity__promise",
            "promise",
            "author",
        ),
        pk=pk,
    )
    access = FollowUpAccess(
        follow_up,
        request.user.pk,
        frozenset(roles_in(request.user, follow_up.round.charter.municipality)),
    )
    check(getattr(access, need), access.can_view)
    return access


def follow_ups_access(
    request: HttpRequest, follow_ups: Iterable[FollowUp]
) -> list[FollowUpAccess]:
    """What the user may do with each of FOLLOW_UPS (loaded with their round's charter), for
    a step on many at once that checks each: two queries, however many follow-ups."""
    follow_ups = list(follow_ups)
    roles = roles_by_municipality(
        request.user, {follow_up.round.charter.municipality_id for follow_up in follow_ups}
    )
    return [
        FollowUpAccess(follow_up, request.user.pk, roles[follow_up.round.charter.municipality_id])
        for follow_up in follow_ups
    ]


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


# The charter states whose follow-ups can still be reviewed or corrected (closed and withdrawn
# charters are read-only: promises.permissions.EDITABLE_STATES).
OPEN_STATES = (Charter.Status.DRAFT, Charter.Status.REVIEW, Charter.Status.PUBLISHED)


def _open_rounds_of(municipalities: models.QuerySet) -> models.QuerySet:
    """The ids of the rounds of charters still open in MUNICIPALITIES, for round__in."""
    return FollowUpRound.objects.filter(
        charter__municipality__in=municipalities, charter__status__in=OPEN_STATES
    ).values("pk")


def waiting_for_review_by(user: AbstractBaseUser) -> Q:
    """Follow-ups whose current content waits for USER's review, as a condition.

    Those of the kommuner where USER is the police (police or police manager), in charters
    still open, that no review approves or sends back (never reviewed, or changed since their
    review: services.follow_up_review_reset), and that USER did not write (no one reviews
    their own follow-up: permissions.FollowUpAccess.can_review).
    """
    in_scope = Municipality.objects.in_scope(user, POLICE_ROLES)
    return Q(review_decision="", round__in=_open_rounds_of(in_scope)) & (
        Q(author__isnull=True) | ~Q(author=user.pk)
    )


def sent_back_to(user: AbstractBaseUser) -> Q:
    """Follow-ups a reviewer sent back for changes in the kommuner USER coordinates, as a
    condition: the coordinator corrects them (services.round_missing says so)."""
    in_scope = Municipality.objects.in_scope(user, [Membership.Role.COORDINATOR])
    return Q(review_decision=ReviewDecision.NEEDS_CHANGES, round__in=_open_rounds_of(in_scope))


# --- The council report ----------------------------------------------------------------------


def get_council_municipality(
    request: HttpRequest, slug: str, year: int, *, edit: bool = False
) -> tuple[Municipality, bool]:
    """The kommun of a council report the user may read, and whether they edit it.

    Its readers read it, drafts included; its coordinator writes the foreword and publishes.
    Kommuner are public, so others get 403; a year outside the report's range is 404.
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    municipality, roles = get_municipality_for_workspace(request, slug)
    may_write = COORDINATOR in roles
    check(may_write or not edit, visible=True)
    return municipality, may_write
