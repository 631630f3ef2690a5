"""Who may see and change what in the situations app.

Every scope question of the project starts here: a user's memberships name municipalities
directly, or local police areas and police districts that cover municipalities.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from situations.models import Membership, Municipality, PoliceArea

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


def municipalities_in_scope(
    user: AbstractBaseUser | AnonymousUser, roles: Iterable[str]
) -> QuerySet[Municipality]:
    """Municipalities where the user holds one of ROLES, directly or through the police."""
    if not user.is_authenticated:
        return Municipality.objects.none()
    if user.is_superuser:
        return Municipality.objects.all()
    memberships = Membership.objects.filter(user=user, role__in=list(roles))
    return Municipality.objects.filter(
        Q(pk__in=memberships.values("municipality"))
        | Q(police_areas__in=memberships.values("police_area"))
        | Q(police_areas__district__in=memberships.values("police_district"))
    ).distinct()


def police_areas_in_scope(
    user: AbstractBaseUser | AnonymousUser, roles: Iterable[str]
) -> QuerySet[PoliceArea]:
    """Local police areas the user covers, directly or through a police district."""
    if not user.is_authenticated:
        return PoliceArea.objects.none()
    if user.is_superuser:
        return PoliceArea.objects.all()
    memberships = Membership.objects.filter(user=user, role__in=list(roles))
    return PoliceArea.objects.filter(
        Q(pk__in=memberships.values("police_area"))
        | Q(district__in=memberships.values("police_district"))
    ).distinct()


def roles_in(user: AbstractBaseUser | AnonymousUser, municipality: Municipality) -> set[str]:
    """The roles USER holds over MUNICIPALITY, directly or through its LPOs and districts.

    A superuser holds every role everywhere. One query.
    """
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return {role.value for role in Membership.Role}
    return set(
        Membership.objects.filter(user=user)
        .filter(
            Q(municipality=municipality)
            | Q(police_area__municipalities=municipality)
            | Q(police_district__areas__municipalities=municipality)
        )
        .values_list("role", flat=True)
        .distinct()
    )


def may_read(roles: set[str]) -> bool:
    """Whether ROLES let a user read everything of a municipality, drafts included."""
    return bool(roles & Membership.READ_ROLES)


def may_edit(roles: set[str]) -> bool:
    """Whether ROLES let a user edit a municipality's shared content (the lägesbild, places)."""
    return bool(roles & Membership.EDIT_ROLES)


def check(allowed: bool, visible: bool) -> None:
    """The answer of every workspace object (DESIGN.md §6).

    404 for what the user may not see, so that its existence is not given away; 403 for what
    they may see but not change.
    """
    if allowed:
        return
    if not visible:
        raise Http404
    raise PermissionDenied
