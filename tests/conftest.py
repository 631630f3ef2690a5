"""Project-wide fixtures: the role matrix of the README (Workspace) as a small world of users,
a client logged in as any of them, and the charter most tests start from.

Kommun A is covered by LPO A, kommun B by LPO B. Each role holds its membership in A's scope,
and a coordinator and a police officer of B stand for "another kommun" and "another LPO".
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import Model
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.accounts.second_factor import needs_second_factor
from config.lib.cache import forget_local_pages, forget_outage
from promises.models import Charter
from situations.models import Membership, Municipality, PoliceArea
from tests.helpers import build_sample
from tests.oidc_provider.server import LocalProvider
from tests.oidc_provider.server import start as start_test_provider
from tests.promises.factories import CharterFactory
from tests.situations.factories import (
    MembershipFactory,
    MunicipalityFactory,
    PoliceAreaFactory,
    UserFactory,
)
from tests.smtp_server import smtp_server  # noqa: F401 (a fixture for every test)
from tests.workspace_matrix import Objects
from tests.workspace_matrix import workspace_objects as make_workspace_objects


@dataclass
class World:
    municipality: Municipality
    other_municipality: Municipality
    police_area: PoliceArea
    other_police_area: PoliceArea
    coordinator: AbstractBaseUser
    other_coordinator: AbstractBaseUser
    police: AbstractBaseUser
    other_police: AbstractBaseUser
    police_manager: AbstractBaseUser
    district_manager: AbstractBaseUser
    reporter: AbstractBaseUser
    viewer: AbstractBaseUser
    superuser: AbstractBaseUser
    outsider: AbstractBaseUser


@pytest.fixture(autouse=True)
def empty_cache():
    """Public pages, rate limits and cache versions must not leak from one test to the next."""
    cache.clear()
    forget_local_pages()
    forget_outage()
    yield
    cache.clear()
    forget_local_pages()
    forget_outage()


@pytest.fixture(autouse=True)
def second_factor_with_force_login(monkeypatch):
    """Client.force_login as a sign-in that gave its second factor, where one is needed: the
    session holds the verified device, as django_otp.login() leaves it (force_login's request
    has no user for django-otp's own login signal to use). Tests of the second factor itself
    sign in through the login page."""
    force_login = Client.force_login

    def force_login_with_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        if needs_second_factor(user):
            device, _created = TOTPDevice.objects.get_or_create(
                user=user, confirmed=True, defaults={"name": "test"}
            )
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The world has a dozen users; hashing each password properly would take seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def build_world() -> World:
    """The world of the `world` fixture, for fixtures that share one (see shared_db)."""
    municipality = MunicipalityFactory(name="Kommun A", slug="kommun-a")
    other = MunicipalityFactory(name="Kommun B", slug="kommun-b")
    area = PoliceAreaFactory(name="LPO A", municipalities=[municipality])
    other_area = PoliceAreaFactory(name="LPO B", municipalities=[other])

    def member(username: str, role: str, **scope) -> AbstractBaseUser:
        return MembershipFactory(user=UserFactory(username=username), role=role, **scope).user

    Role = Membership.Role
    return World(
        municipality=municipality,
        other_municipality=other,
        police_area=area,
        other_police_area=other_area,
        coordinator=member("coordinator", Role.COORDINATOR, municipality=municipality),
        other_coordinator=member("other-coordinator", Role.COORDINATOR, municipality=other),
        police=member("police", Role.POLICE, municipality=None, police_area=area),
        other_police=member(
            "other-police", Role.POLICE, municipality=None, police_area=other_area
        ),
        police_manager=member(
            "police-manager", Role.POLICE_MANAGER, municipality=None, police_area=area
        ),
        district_manager=member(
            "district-manager",
            Role.POLICE_MANAGER,
            municipality=None,
            police_district=area.district,
        ),
        reporter=member("reporter", Role.REPORTER, municipality=municipality),
        viewer=member("viewer", Role.VIEWER, municipality=municipality),
        superuser=UserFactory(username="admin", is_superuser=True, is_staff=True),
        outsider=UserFactory(username="outsider"),
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(scope="module")
def shared_db(django_db_setup, django_db_blocker) -> Iterator[None]:
    """A transaction around the tests of a module, for the data they share, as Django's
    TestCase.setUpTestData: what a module-scoped fixture creates in it is there for each test,
    whose own changes are rolled back to it, and is rolled back itself after the module.

    Only for modules without transactional tests. A fixture that hands shared rows to a test
    hands a deep copy (as setUpTestData does), so nothing a test changes in memory leaks.
    """
    with django_db_blocker.unblock():
        atomics = [transaction.atomic(using=alias) for alias in connections]
        for atomic in atomics:
            atomic.__enter__()
        try:
            yield
        finally:
            for alias in connections:
                transaction.set_rollback(True, using=alias)
            for atomic in reversed(atomics):
                atomic.__exit__(None, None, None)


@pytest.fixture
def login_as(world: World) -> Callable[[str], Client]:
    """A function that gives a fresh client logged in as the world's user ROLE ("coordinator",
    "police", "viewer", ...); "anonymous" gives one that is not logged in."""

    def login(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(getattr(world, role))
        return client

    return login


@pytest.fixture
def coordinator(login_as) -> Client:
    """A client logged in as kommun A's coordinator, who does most of the work in a workspace."""
    return login_as("coordinator")


@pytest.fixture
def charter(world: World) -> Charter:
    """A draft charter of kommun A under LPO A, for 2021 (CharterFactory's defaults)."""
    return CharterFactory(municipality=world.municipality, police_area=world.police_area)


@pytest.fixture
def sample(world: World) -> dict[type[Model], Model]:
    """One object of every model registered in the admin (see build_sample)."""
    return build_sample(world)


@pytest.fixture
def workspace_objects(world: World) -> Objects:
    """One object of each kind a workspace URL names (tests/workspace_matrix.py)."""
    return make_workspace_objects(world)


# The people of the test OpenID Connect provider: whose email matches a user of the world,
# whose does not, and one whose address the provider has not verified.
PROVIDER_PASSWORD = "provider-password-1"
PROVIDER_USERS = [
    {"username": "anna-k", "email": "coordinator@example.se"},
    {"username": "petra-p", "email": "police-manager@example.se"},
    {"username": "stina-s", "email": "stranger@example.se"},
    {"username": "urban-u", "email": "police@example.se", "email_verified": False},
    # One for each user of the world, "sso-<username>" (the role matrix signs each one in).
    *(
        {"username": f"sso-{username}", "email": f"{username}@example.se"}
        for username in (
            "coordinator",
            "other-coordinator",
            "police",
            "other-police",
            "police-manager",
            "reporter",
            "viewer",
            "admin",
        )
    ),
]


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory) -> Iterator[LocalProvider]:
    """A real OpenID Connect provider on 127.0.0.1 for the session (tests/oidc_provider/)."""
    users = [{"password": PROVIDER_PASSWORD, **person} for person in PROVIDER_USERS]
    provider = start_test_provider(tmp_path_factory.mktemp("oidc-provider"), users)
    yield provider
    provider.stop()


@pytest.fixture
def sso(settings, oidc_provider) -> LocalProvider:
    """Single sign-on through the test provider, as the key "testkommun"."""
    settings.OIDC_PROVIDERS = {"testkommun": oidc_provider.settings()}
    return oidc_provider
