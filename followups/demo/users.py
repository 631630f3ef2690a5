"""One demo user per role (docs/design.md, Roles), each with a fixed, documented password.

The passwords are for trying the demo on a laptop, never for a server that others can reach.
They are reset on every run, so a changed password never locks anyone out of the demo.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password

from followups.demo import upsert
from followups.demo.seeds import LPO_ARVIKA, LPO_VASTRA_SKARABORG
from situations.models import Membership, Municipality, PoliceArea, ReportingOrganisation

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

Role = Membership.Role

SAFFLE = "1785"
ESSUNGA = "1445"


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str | None = None  # None for the superuser, who needs no membership
    municipality_code: str | None = None
    police_area_key: str | None = None  # an LPO's reference_key
    organisation: str | None = None  # a reporter's ReportingOrganisation in the kommun

    @property
    def is_superuser(self) -> bool:
        return self.role is None


DEMO_USERS = (
    DemoUser("admin", "demo-admin-2024"),
    DemoUser("samordnare-saffle", "demo-samordnare-2024", Role.COORDINATOR, SAFFLE),
    DemoUser("samordnare-essunga", "demo-samordnare-2024", Role.COORDINATOR, ESSUNGA),
    DemoUser(
        "kommunpolis-vastra-skaraborg",
        "demo-kommunpolis-2024",
        Role.POLICE,
        police_area_key=LPO_VASTRA_SKARABORG.reference_key,
    ),
    DemoUser(
        "lpo-chef-arvika",
        "demo-lpochef-2024",
        Role.POLICE_MANAGER,
        police_area_key=LPO_ARVIKA.reference_key,
    ),
    DemoUser(
        "inrapportor-essunga",
        "demo-inrapportor-2024",
        Role.REPORTER,
        ESSUNGA,
        organisation="Fastighetsavdelningen, Essunga kommun",
    ),
    DemoUser("lasare-saffle", "demo-lasare-2024", Role.VIEWER, SAFFLE),
)


@dataclass(frozen=True)
class LoadedUser:
    username: str
    password: str
    membership: Membership | None  # None for the superuser


def load_users() -> list[LoadedUser]:
    """Create or update every demo user, reset its password and its one membership."""
    User = get_user_model()
    # Hashing takes about a second a password and releases the GIL: hash them side by side.
    passwords = sorted({demo.password for demo in DEMO_USERS})
    with ThreadPoolExecutor() as pool:
        hashes = dict(zip(passwords, pool.map(make_password, passwords), strict=True))
    loaded = []
    for demo in DEMO_USERS:
        user = User.objects.filter(username=demo.username).first() or User(username=demo.username)
        user.email = f"{demo.username}@example.org"
        user.is_active = True
        user.is_staff = user.is_superuser = demo.is_superuser
        # Fails loudly if a password here ever stops passing the project's validators.
        validate_password(demo.password, user)
        user.password = hashes[demo.password]
        user.save()
        membership = load_membership(user, demo)
        user.memberships.exclude(pk=getattr(membership, "pk", None)).delete()
        loaded.append(LoadedUser(demo.username, demo.password, membership))
    return loaded


def load_membership(user: AbstractBaseUser, demo: DemoUser) -> Membership | None:
    if demo.role is None:
        return None
    scope = {"municipality": None, "police_area": None, "police_district": None}
    if demo.municipality_code:
        scope["municipality"] = Municipality.objects.get(code=demo.municipality_code)
    else:
        scope["police_area"] = PoliceArea.objects.get(reference_key=demo.police_area_key)
    lookup = {"user": user, "role": demo.role, **{k: v for k, v in scope.items() if v}}
    organisation = None
    if demo.organisation:
        organisation = ReportingOrganisation.objects.get(
            municipality=scope["municipality"], name=demo.organisation
        )
    return upsert(Membership, lookup=lookup, values={**scope, "organisation": organisation})
