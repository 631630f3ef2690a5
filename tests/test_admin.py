"""The Django admin: every registered model has a list, an add page and a change page that work.

The tests walk `admin.site._registry`, so a model registered later is tested without anyone
remembering to; a model of our apps left unregistered, or registered without sample data in
build_sample (tests/helpers.py), fails loudly. The pages of each model, with its sample, are
tested in tests/test_admin_pages.py; here, what the administrators do with them.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from simple_history.models import HistoricalChanges

from followups.models import FollowUp
from promises.models import (
    Activity,
    Charter,
)
from tests.followups.factories import FollowUpFactory, ReviewFactory
from tests.helpers import admin_url
from tests.promises.factories import (
    ActivityFactory,
    CharterFactory,
    PromiseFactory,
)

User = get_user_model()
OUR_APPS = ["situations", "promises", "followups"]
# django-axes registers read-only admins for its own login logs, django-otp admins for the
# second factor's devices; they are theirs to test.
THIRD_PARTY_APPS = ["axes", "otp_totp", "otp_static"]
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label not in THIRD_PARTY_APPS),
    key=lambda model: model._meta.label,
)


def label(model: type[Model]) -> str:
    return model._meta.label


@pytest.fixture
def superuser_client(login_as) -> Client:
    return login_as("superuser")


def test_every_model_of_our_apps_is_registered():
    ours = {
        model
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        if not model._meta.auto_created and not issubclass(model, HistoricalChanges)
    }
    assert ours - set(admin.site._registry) == set()


def management_form(prefix: str, total: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_an_administrator_adds_a_charter_with_its_signatory_and_promise_at_once(
    superuser_client, world
):
    data = {
        "municipality": world.municipality.pk,
        "police_area": world.police_area.pk,
        "title": "Medborgarlöfte 2025",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "status": "draft",
        **management_form("signatories", 1),
        "signatories-0-order": "1",
        "signatories-0-name": "Dag Rogne",
        "signatories-0-title": "Kommunalråd",
        "signatories-0-party": "municipality",
        "signatories-0-organisation": "Kommun A",
        **management_form("contacts", 0),
        **management_form("promises", 1),
        "promises-0-order": "1",
        "promises-0-owner": "police",
        "promises-0-text": "Polisen ska synas i centrum.",
        "promises-0-assessment": "not_assessed",
    }

    response = superuser_client.post(admin_url(Charter, "add"), data)

    assert response.status_code == 302, response.context["errors"]
    charter = Charter.objects.get(title="Medborgarlöfte 2025")
    assert charter.signatories.get().name == "Dag Rogne"
    assert charter.promises.get().text == "Polisen ska synas i centrum."


# --- Giving a user roles from the user page -----------------------------------------------


def user_change_data(user, **memberships: str) -> dict[str, str]:
    return {
        "username": user.username,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2024-01-01",
        "date_joined_1": "08:00:00",
        **management_form("memberships", 1),
        **{f"memberships-0-{name}": value for name, value in memberships.items()},
    }


def test_an_administrator_gives_a_user_a_role_from_the_user_page(superuser_client, world):
    user = world.outsider
    data = user_change_data(user, role="coordinator", municipality=str(world.municipality.pk))

    response = superuser_client.post(admin_url(User, "change", user.pk), data)

    assert response.status_code == 302
    membership = user.memberships.get()
    assert (membership.role, membership.municipality) == ("coordinator", world.municipality)


def test_the_user_page_refuses_a_police_role_in_a_municipality(superuser_client, world):
    user = world.outsider
    data = user_change_data(user, role="police", municipality=str(world.municipality.pk))

    response = superuser_client.post(admin_url(User, "change", user.pk), data)

    assert response.status_code == 200
    assert not user.memberships.exists()


def test_the_user_list_shows_each_users_roles(superuser_client, world):
    response = superuser_client.get(admin_url(User, "changelist"), {"q": "coordinator"})
    assert "Kommun A" in response.content.decode()


# --- Query counts of the big lists ---------------------------------------------------------


def add_charters(count: int) -> None:
    for _ in range(count):
        charter = CharterFactory()
        PromiseFactory.create_batch(2, charter=charter)


def add_activities(count: int) -> None:
    ActivityFactory.create_batch(count)


def add_follow_ups(count: int) -> None:
    for follow_up in FollowUpFactory.create_batch(count):
        ReviewFactory(follow_up=follow_up)
        FollowUpFactory(round=follow_up.round, for_promise=True)


def changelist_queries(client: Client, model: type[Model]) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    return len(context.captured_queries)


# Every list costs 2 queries for the session and the user, 1 for the rows with their related
# objects in one join, and 2 for the date hierarchy (the first and last date, then the dates).
# Charters and activities also count their rows twice (filtered and in total; follow-ups skip
# the total), and charters list the counties for their filter.
@pytest.mark.parametrize(
    "model, add_rows, expected",
    [(Charter, add_charters, 8), (Activity, add_activities, 7), (FollowUp, add_follow_ups, 6)],
    ids=["charters", "activities", "follow-ups"],
)
def test_the_changelist_runs_as_many_queries_for_many_rows_as_for_one(
    superuser_client, world, model, add_rows, expected
):
    add_rows(1)
    one_row = changelist_queries(superuser_client, model)
    add_rows(6)
    many_rows = changelist_queries(superuser_client, model)

    assert (one_row, many_rows) == (expected, expected)
