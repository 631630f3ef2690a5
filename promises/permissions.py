"""Who may see and change what in the promises app (docs/design.md, Roles).

- coordinator of the kommun: creates charters, edits every part of them, submits for review,
  closes a published one, renews a published or closed one for the next period;
- police and police manager of an LPO covering the kommun: edit the promises the police own
  alone or jointly, with their activities and indicators;
- police manager: approves a charter in review and records its signing (which publishes it),
  sends it back with a comment, withdraws a published one with a reason, closes it;
- viewer: reads everything in scope, drafts included; reporter and everyone else: only what is
  public.

Closed and withdrawn charters are read-only. Every workspace view of the app asks here.

Collaboration agreements (samverkansöverenskommelser) belong to their kommuner and LPO:

- the coordinator of one of its kommuner and a police manager over its LPO create and edit it
  and link charters to it: a coordinator the charters of their own kommun, a police manager
  those of the LPO's kommuner;
- everyone who reads one of its kommuner reads it; an agreement of a public charter is public
  (its period, parties and document are on the kommun's page), so others get 403 there, 404
  for any other agreement.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from promises.models import Activity, Charter, CollaborationAgreement, Indicator, Party, Promise
from situations.models import Membership, Municipality, PoliceArea
from situations.permissions import check, may_read, roles_by_municipality, roles_in

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

COORDINATOR = Membership.Role.COORDINATOR.value
POLICE_ROLES = frozenset({Membership.Role.POLICE.value, Membership.Role.POLICE_MANAGER.value})
MANAGER = Membership.Role.POLICE_MANAGER.value
EDITABLE_STATES = frozenset(
    {Charter.Status.DRAFT.value, Charter.Status.REVIEW.value, Charter.Status.PUBLISHED.value}
)


@dataclass(frozen=True)
class CharterAccess:
    """What one user may do with one charter."""

    charter: Charter
    roles: frozenset[str]

    @property
    def can_view(self) -> bool:
        """Whether the workspace pages of the charter may be read at all."""
        return self.charter.is_public or may_read(self.roles)

    @property
    def can_read_drafts(self) -> bool:
        return may_read(self.roles)

    @property
    def is_editable(self) -> bool:
        return self.charter.status in EDITABLE_STATES

    @property
    def editable_owners(self) -> frozenset[str]:
        """The owners whose promises (and their activities, indicators) the user may edit."""
        if not self.is_editable:
            return frozenset()
        if COORDINATOR in self.roles:
            return frozenset(Party.values)
        if self.roles & POLICE_ROLES:
            return frozenset({Party.POLICE.value, Party.JOINT.value})
        return frozenset()

    @property
    def can_edit_charter(self) -> bool:
        """The charter's own texts, period, signatories and contacts."""
        return self.is_editable and COORDINATOR in self.roles

    @property
    def can_edit_promises(self) -> bool:
        return bool(self.editable_owners)

    def can_edit_promise(self, promise: Promise) -> bool:
        return promise.owner in self.editable_owners

    @property
    def can_submit(self) -> bool:
        return COORDINATOR in self.roles

    @property
    def can_renew(self) -> bool:
        """Start the next period's charter from this one: who may create a charter."""
        return COORDINATOR in self.roles

    @property
    def can_approve(self) -> bool:
        """Approve and record the signing, or send back: the police manager's step."""
        return MANAGER in self.roles

    @property
    def can_withdraw(self) -> bool:
        return MANAGER in self.roles

    @property
    def can_close(self) -> bool:
        return bool(self.roles & {COORDINATOR, MANAGER})

    @property
    def can_preview(self) -> bool:
        return may_read(self.roles)


def charter_access(user: AbstractBaseUser | AnonymousUser, charter: Charter) -> CharterAccess:
    return CharterAccess(charter, frozenset(roles_in(user, charter.municipality)))


def get_charter(request: HttpRequest, pk: int, need: str, *, for_update=False) -> CharterAccess:
    """The charter PK with what the user may do, if they may do NEED ("can_…"), else 404/403.

    With FOR_UPDATE the row is locked until the transaction ends, so that two saves of the
    same charter's pages take turns.
    """
    charters = Charter.objects.select_related(
        "municipality", "police_area", "situation_report", "renewed_from", "agreement__police_area"
    )
    if for_update:
        charters = charters.select_for_update(of=("self",))
    charter = get_object_or_404(charters, pk=pk)
    access = charter_access(request.user, charter)
    check(getattr(access, need), access.can_view)
    return access


def get_charter_for_view(request: HttpRequest, pk: int) -> CharterAccess:
    """A charter's workspace pages: drafts for those who read the kommun, else 404."""
    return get_charter(request, pk, "can_read_drafts")


def get_charter_for_edit(request: HttpRequest, pk: int, *, for_update=False) -> CharterAccess:
    """The charter's own texts, signatories and contacts: the coordinator's."""
    return get_charter(request, pk, "can_edit_charter", for_update=for_update)


def get_municipality_for_new_charter(request: HttpRequest, slug: str) -> Municipality:
    """The kommun a coordinator starts a charter for; kommuner are public, so others get 403."""
    municipality = get_object_or_404(Municipality, slug=slug)
    check(COORDINATOR in roles_in(request.user, municipality), visible=True)
    return municipality


def get_indicator(
    request: HttpRequest, pk: int, *, for_update=False
) -> tuple[Indicator, CharterAccess]:
    """An indicator the user may edit (its promise's owner decides), else 404/403."""
    indicators = Indicator.objects.select_related(
        "promise__charter__municipality", "promise__charter__police_area"
    )
    if for_update:
        indicators = indicators.select_for_update(of=("self",))
    indicator = get_object_or_404(indicators, pk=pk)
    access = charter_access(request.user, indicator.promise.charter)
    check(access.can_edit_promise(indicator.promise), access.can_view)
    return indicator, access


def get_promise_for_edit(
    request: HttpRequest, pk: int, *, for_update: bool = False
) -> tuple[Promise, CharterAccess]:
    """A promise whose indicators the user may add to (its owner decides), else 404/403."""
    promises = Promise.objects.select_related("charter__municipality", "charter__police_area")
    if for_update:
        promises = promises.select_for_update(of=("self",))
    promise = get_object_or_404(promises, pk=pk)
    access = charter_access(request.user, promise.charter)
    check(access.can_edit_promise(promise), access.can_view)
    return promise, access


def get_promise_page(
    request: HttpRequest, pk: int, *, for_update: bool = False
) -> tuple[Promise, CharterAccess]:
    """A promise's own page: open to those who edit the charter's promises (the police read
    the kommun's promises there), else 404/403; a save needs the promise's owner (403)."""
    promises = Promise.objects.select_related(
        "charter__municipality",
        "charter__police_area",
        "charter__renewed_from",
        "charter__situation_report",
    )
    if for_update:
        promises = promises.select_for_update(of=("self",))
    promise = get_object_or_404(promises, pk=pk)
    access = charter_access(request.user, promise.charter)
    check(access.can_edit_promises, access.can_view)
    if for_update:
        check(access.can_edit_promise(promise), visible=True)
    return promise, access


def get_indicator_for_view(request: HttpRequest, pk: int) -> tuple[Indicator, CharterAccess]:
    """An indicator of a charter whose drafts the user reads (viewers too), else 404/403."""
    indicator = get_object_or_404(
        Indicator.objects.select_related(
            "promise__charter__municipality", "promise__charter__police_area"
        ),
        pk=pk,
    )
    access = charter_access(request.user, indicator.promise.charter)
    check(access.can_read_drafts, access.can_view)
    return indicator, access


def get_walk_activity(
    request: HttpRequest, pk: int, *, edit: bool, for_update: bool = False
) -> tuple[Activity, CharterAccess]:
    """A safety walk activity whose walk and findings the user records (EDIT: its promise's
    owner decides, as for the activity itself) or reads, else 404/403. Other kinds of activity
    have no walk.
    """
    activities = Activity.objects.filter(kind=Activity.Kind.SAFETY_WALK).select_related(
        "promise__charter__municipality", "promise__charter__police_area"
    )
    if for_update:
        activities = activities.select_for_update(of=("self",))
    activity = get_object_or_404(activities, pk=pk)
    access = charter_access(request.user, activity.promise.charter)
    # A non-public activity is known only to those who read the kommun's drafts.
    visible = access.can_read_drafts or (access.charter.is_public and activity.is_public)
    if edit:
        check(access.is_editable and access.can_edit_promise(activity.promise), visible)
    else:
        check(access.can_read_drafts, visible)
    return activity, access


def get_walk_activity_for_edit(
    request: HttpRequest, pk: int, *, for_update: bool = False
) -> tuple[Activity, CharterAccess]:
    return get_walk_activity(request, pk, edit=True, for_update=for_update)


def get_walk_activity_for_view(request: HttpRequest, pk: int) -> tuple[Activity, CharterAccess]:
    return get_walk_activity(request, pk, edit=False)


# Collaboration agreements --------------------------------------------------------------------

AGREEMENT_EDITORS = frozenset({COORDINATOR, MANAGER})


@dataclass(frozen=True)
class AgreementAccess:
    """What one user may do with one agreement: ROLES by each of its kommuner."""

    agreement: CollaborationAgreement
    roles: dict[int, frozenset[str]]
    is_public: bool

    @property
    def all_roles(self) -> frozenset[str]:
        return frozenset().union(*self.roles.values())

    @property
    def can_read(self) -> bool:
        return may_read(set(self.all_roles))

    @property
    def can_view(self) -> bool:
        return self.can_read or self.is_public

    @property
    def can_edit(self) -> bool:
        return bool(self.all_roles & AGREEMENT_EDITORS)

    def can_link(self, charter: Charter) -> bool:
        """Whether the user may link CHARTER to the agreement or unlink it."""
        roles = self.roles.get(charter.municipality_id, frozenset())
        return charter.status in EDITABLE_STATES and bool(roles & AGREEMENT_EDITORS)


def agreement_access(
    user: AbstractBaseUser | AnonymousUser, agreement: CollaborationAgreement
) -> AgreementAccess:
    """Two queries for the roles, one for whether a public charter rests on it."""
    ids = list(agreement.municipalities.values_list("pk", flat=True))
    return AgreementAccess(
        agreement,
        roles_by_municipality(user, ids),
        is_public=agreement.charters.filter(status__in=Charter.Status.public_values()).exists(),
    )


def get_agreement(
    request: HttpRequest, pk: int, *, edit: bool, for_update: bool = False
) -> AgreementAccess:
    """The agreement PK the user reads (EDIT: may change), else 404/403."""
    agreements = CollaborationAgreement.objects.select_related("police_area")
    if for_update:
        agreements = agreements.select_for_update(of=("self",))
    agreement = get_object_or_404(agreements, pk=pk)
    access = agreement_access(request.user, agreement)
    check(access.can_edit if edit else access.can_read, access.can_view)
    return access


def get_agreement_for_view(request: HttpRequest, pk: int) -> AgreementAccess:
    return get_agreement(request, pk, edit=False)


def get_agreement_for_edit(
    request: HttpRequest, pk: int, *, for_update: bool = False
) -> AgreementAccess:
    return get_agreement(request, pk, edit=True, for_update=for_update)


@dataclass(frozen=True)
class AgreementChoices:
    """The kommuner and LPOs a user may make an agreement between."""

    municipalities: QuerySet[Municipality]
    police_areas: QuerySet[PoliceArea]
    editable: frozenset[int]  # the kommuner the user coordinates or manages

    def may_choose(self, municipalities, police_area) -> bool:
        """Whether an agreement between MUNICIPALITIES and POLICE_AREA stays the user's."""
        return any(municipality.pk in self.editable for municipality in municipalities)


def agreement_choices(user: AbstractBaseUser | AnonymousUser) -> AgreementChoices:
    """What the agreement form offers USER; empty for those who may not make agreements."""
    editable = Municipality.objects.in_scope(user, AGREEMENT_EDITORS)
    areas = PoliceArea.objects.filter(municipalities__in=editable).distinct()
    return AgreementChoices(
        municipalities=Municipality.objects.filter(police_areas__in=areas)
        .distinct()
        .order_by("name"),
        police_areas=areas.order_by("name"),
        editable=frozenset(editable.values_list("pk", flat=True)),
    )


def check_may_create_agreement(request: HttpRequest) -> AgreementChoices:
    """Coordinators and police managers start agreements; everyone else gets 403."""
    choices = agreement_choices(request.user)
    check(bool(choices.editable), visible=True)
    return choices


def may_list_agreements(user: AbstractBaseUser | AnonymousUser) -> bool:
    return Municipality.objects.in_scope(user, Membership.READ_ROLES).exists()


def linkable_charters(access: AgreementAccess):
    """The charters the user may link to the agreement: of its kommuner and LPO, editable,
    and of a kommun they coordinate or manage."""
    agreement = access.agreement
    ids = [pk for pk, roles in access.roles.items() if roles & AGREEMENT_EDITORS]
    return (
        Charter.objects.filter(
            municipality__in=ids,
            police_area=agreement.police_area_id,
            status__in=EDITABLE_STATES,
        )
        .select_related("municipality")
        .order_by("municipality__name", "-period_start", "id")
    )
