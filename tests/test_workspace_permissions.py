"""Every workspace URL enforces the role matrix (docs/design.md, Roles), for GET and for POST.

The URLs are taken from the URL configuration: a new workspace URL without a row in RULES
(tests/workspace_matrix.py)
fails test_every_workspace_url_has_a_rule, so none can be forgotten. For each URL, each role
of the world gets the answer its rule names, and a refused POST leaves every row of every
domain table, history included, exactly as it was. Every URL's view is wrapped by the one
workspace decorator (config.lib.workspace.workspace_view) with the methods its rule implies,
and answers 405 to any other: a step is POST only, a page that only shows GET and HEAD.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.accounts import sso as sso_flow
from tests.conftest import World, build_world
from tests.helpers import WEDNESDAY_NOON, form_data, forms_of
from tests.workspace_matrix import EVERYONE, GET_ONLY, LOGIN, OK, ROLES, RULES, Objects, Rule
from tests.workspace_matrix import workspace_objects as make_workspace_objects

# The objects include this week's EST observation: a fixed Wednesday keeps the week the same
# from the fixture to the requests, whenever the suite runs.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=True)]


def workspace_views() -> dict[str, Callable]:
    """The view of every URL pattern under /arbetsyta/ by its name, from the URL configuration."""
    views = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern) and route.startswith("arbetsyta/"):
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                views[name] = pattern.callback

    walk(get_resolver().url_patterns, "", "")
    return views


def workspace_url_names() -> list[str]:
    """The names of every URL pattern under /arbetsyta/, from the URL configuration."""
    return sorted(workspace_views())


def snapshot() -> dict:
    """Every row of every domain table, history tables included (in the order of their keys)."""
    tables = {}
    for app in ("situations", "promises", "followups"):
        for model in apps.get_app_config(app).get_models():
            tables[model._meta.label] = list(model._base_manager.order_by("pk").values_list())
    return tables


@pytest.fixture(scope="module")
def shared(shared_db) -> tuple[World, Objects]:
    """The world and its workspace objects, made once for the module (see shared_db)."""
    with time_machine.travel(WEDNESDAY_NOON, tick=True):
        world = build_world()
        return world, make_workspace_objects(world)


@pytest.fixture
def world(shared, db) -> World:
    return copy.deepcopy(shared[0])


@pytest.fixture
def workspace_objects(shared, db) -> Objects:
    return copy.deepcopy(shared[1])


def test_every_workspace_url_has_a_rule():
    names = workspace_url_names()
    assert len(names) >= len(RULES) > 10
    assert set(names) - set(RULES) == set(), "workspace URLs without a rule in RULES"
    assert set(RULES) - set(names) == set(), "rules for URLs that no longer exist"


def check_answer(response, expected, role: str, url: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302, (role, url)
        assert response["Location"].startswith(reverse("accounts:login")), (role, url)
    elif expected == OK:
        assert response.status_code in OK, (role, url, response.status_code)
        if response.status_code == 302:
            assert not response["Location"].startswith(reverse("accounts:login")), (role, url)
    else:
        assert response.status_code == expected, (role, url, response.status_code)


@pytest.mark.parametrize("name", sorted(RULES))
def test_every_role_gets_its_answer_and_a_refused_post_changes_nothing(
    client, world, workspace_objects, name
):
    rule = RULES[name]
    url = reverse(name, kwargs=getattr(workspace_objects, rule.kwargs))
    # Every role posts what the page's own form holds for someone allowed to use it, so a
    # refusal is tested against a real payload, not an empty one.
    client.force_login(world.superuser)
    page = client.get(url)
    payload = form_data(page) if page.status_code == 200 and forms_of(page) else {}
    # Taken once: no role's GET, nor a refused POST, may change a row.
    before = snapshot()
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(world, role))
        check_answer(client.get(url), rule.get[role], role, url)

        refused = rule.post[role] != OK
        with transaction.atomic():
            # Each role starts from the same rows: an allowed step is rolled back after it.
            response = client.post(url, payload)
            after = snapshot() if refused else None
            transaction.set_rollback(True)
        check_answer(response, rule.post[role], role, url)
        if refused:
            assert after == before, f"a refused POST by {role} to {url} changed rows"


def test_users_signed_in_through_single_sign_on_get_the_same_answers(
    world, workspace_objects, sso, settings
):
    """Each role's user signs in through the local OpenID Connect provider (the real flow),
    then reads every workspace URL: the answers are those of the matrix."""
    # The provider dates its tokens by the real clock, the pages are asked on the fixed
    # Wednesday: the session must outlast that jump.
    month = 30 * 24 * 3600
    settings.SESSION_IDLE_TIMEOUT = settings.SESSION_ABSOLUTE_LIFETIME = month
    settings.SESSION_COOKIE_AGE = month
    for role in EVERYONE:
        user = getattr(world, role)
        client = Client()
        with time_machine.travel(time_machine.escape_hatch.time.time(), tick=True):
            client.get(sso_flow.consent(sso_flow.start(client), f"sso-{user.username}"))
        assert client.session[SESSION_KEY] == str(user.pk), role
        assert client.session[BACKEND_SESSION_KEY] == "config.accounts.oidc.SignOnBackend"
        for name, rule in RULES.items():
            url = reverse(name, kwargs=getattr(workspace_objects, rule.kwargs))
            check_answer(client.get(url), rule.get[role], role, url)


# Methods ----------------------------------------------------------------------------------

READ_ONLY = frozenset({"GET", "HEAD"})
POST_ONLY = frozenset({"POST"})
GET_AND_POST = READ_ONLY | POST_ONLY
TRIED = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def methods_of(rule: Rule) -> frozenset[str]:
    """What a URL's view accepts, as its rule says: a step that GET may not take is POST
    only, a page that POST may not change only shows, and a page with a form takes both.
    """

    def refused(expected: dict) -> bool:
        return all(expected[role] == GET_ONLY for role in EVERYONE)

    if refused(rule.get):
        return POST_ONLY
    if refused(rule.post):
        return READ_ONLY
    return GET_AND_POST


def test_every_workspace_view_carries_the_workspace_decorator_with_its_rules_methods():
    views = workspace_views()
    undecorated = sorted(
        name for name, view in views.items() if not hasattr(view, "workspace_methods")
    )
    assert undecorated == [], "workspace views without workspace_view()"
    wrong = {
        name: sorted(view.workspace_methods)
        for name, view in views.items()
        if view.workspace_methods != methods_of(RULES[name])
    }
    assert wrong == {}, "workspace views whose methods differ from their rule"


@pytest.mark.parametrize("name", sorted(RULES))
def test_every_workspace_url_answers_405_to_the_methods_it_does_not_take(
    client, world, workspace_objects, name
):
    url = reverse(name, kwargs=getattr(workspace_objects, RULES[name].kwargs))
    allowed = methods_of(RULES[name])
    # The superuser may use every page: a refusal here is the method's, not the role's.
    client.force_login(world.superuser)
    for method in TRIED:
        if method in allowed:
            continue
        response = client.generic(method, url)
        assert response.status_code == 405, (method, url, response.status_code)
        assert set(response["Allow"].split(", ")) == allowed, (method, url)
