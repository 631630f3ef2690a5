"""Who may see and change what in the situations app.

Every scope question of the project starts here: a user's memberships name municipalities
directly, or local police areas and police districts that cover municipalities.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

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
