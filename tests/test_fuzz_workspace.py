"""Hostile input to every form and filter of the workspace: never a 500 (see tests/test_fuzz.py).

One test per workspace URL, so that pytest-xdist spreads them over its workers; the world and
its workspace objects are made once for the module (tests/conftest.py, shared_db) and each
test rolls back to them.
"""

from __future__ import annotations

import copy

import pytest
from django.urls import reverse

from tests.conftest import World, build_world
from tests.test_fuzz import fuzz_page
from tests.workspace_matrix import RULES, Objects
from tests.workspace_matrix import workspace_objects as make_workspace_objects

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shared(shared_db) -> tuple[World, Objects]:
    world = build_world()
    return world, make_workspace_objects(world)


@pytest.fixture
def world(shared, db) -> World:
    return copy.deepcopy(shared[0])


@pytest.fixture
def workspace_objects(shared, db) -> Objects:
    return copy.deepcopy(shared[1])


@pytest.mark.parametrize("name", sorted(RULES))
def test_no_workspace_form_or_filter_answers_500_to_hostile_input(
    client, world, workspace_objects, name
):
    url = reverse(name, kwargs=getattr(workspace_objects, RULES[name].kwargs))
    fuzz_page(client, url, log_in=lambda: client.force_login(world.superuser))
