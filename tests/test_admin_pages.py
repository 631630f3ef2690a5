"""The Django admin's pages of every registered model, with one object of each (build_sample in
tests/helpers.py): its list, add page, change page, search, history and autocompletes work.

The tests walk `admin.site._registry` (see tests/test_admin.py). The sample and its world are
made once for the module (tests/conftest.py, shared_db); each test gets a copy and rolls back
to them.
"""

import copy

import pytest
from django.contrib import admin
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from promises.models import Charter, Promise
from tests.conftest import World, build_world
from tests.helpers import admin_url, build_sample, change_form_data
from tests.test_admin import REGISTERED, label

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shared(shared_db) -> tuple[World, dict[type[Model], Model]]:
    world = build_world()
    return world, build_sample(world)


@pytest.fixture
def world(shared, db) -> World:
    return copy.deepcopy(shared[0])


@pytest.fixture
def sample(shared, db) -> dict[type[Model], Model]:
    return copy.deepcopy(shared[1])


@pytest.fixture
def superuser_client(login_as) -> Client:
    return login_as("superuser")


def test_every_registered_model_has_a_sample_here(sample):
    assert set(REGISTERED) - set(sample) == set()


def test_the_history_page_of_a_charter_answers_200(superuser_client, sample):
    charter = sample[Charter]
    charter.title = "Medborgarlöfte 2025, reviderat"
    charter.save()

    response = superuser_client.get(admin_url(Charter, "history", charter.pk))

    assert response.status_code == 200
    assert [record.history_type for record in response.context["page_obj"]] == ["~", "+"]


def test_the_history_page_of_a_promise_shows_a_change_of_its_focus_areas(superuser_client, sample):
    promise = sample[Promise]
    promise.focus_areas.clear()

    response = superuser_client.get(admin_url(Promise, "history", promise.pk))

    assert response.status_code == 200
    assert "[Trafik]" in response.text  # the focus areas before the change


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_the_changelist_answers_200(superuser_client, sample, model):
    response = superuser_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_the_add_page_answers_200(superuser_client, sample, model):
    assert superuser_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_the_change_page_of_an_existing_object_answers_200(superuser_client, sample, model):
    assert superuser_client.get(admin_url(model, "change", sample[model].pk)).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_saving_a_change_page_as_it_is_succeeds(superuser_client, sample, model):
    url = admin_url(model, "change", sample[model].pk)
    response = superuser_client.post(url, change_form_data(superuser_client.get(url)))
    assert response.status_code == 302, response.context["errors"]


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_a_changelist_search_finds_the_object_by_its_first_search_field(
    superuser_client, sample, model
):
    obj = sample[model]
    value = obj
    for part in admin.site._registry[model].search_fields[0].lstrip("^=@").split("__"):
        value = getattr(value, part)
    assert value

    response = superuser_client.get(admin_url(model, "changelist"), {"q": str(value)})

    assert response.status_code == 200
    assert obj in response.context["cl"].result_list


def test_a_changelist_search_leaves_out_what_does_not_match(superuser_client, sample):
    response = superuser_client.get(admin_url(Charter, "changelist"), {"q": "Ingen sådan"})
    assert list(response.context["cl"].result_list) == []


def autocomplete_fields() -> list[tuple[type[Model], str]]:
    """Every (model, field) an admin or one of its inlines offers as an autocomplete."""
    fields = set()
    for model, model_admin in admin.site._registry.items():
        fields |= {(model, name) for name in model_admin.autocomplete_fields}
        for inline in model_admin.inlines:
            fields |= {(inline.model, name) for name in inline.autocomplete_fields}
    return sorted(fields, key=lambda field: (label(field[0]), field[1]))


@pytest.mark.parametrize(
    "model, field_name", autocomplete_fields(), ids=lambda v: v if isinstance(v, str) else label(v)
)
def test_every_autocomplete_answers_with_results(superuser_client, sample, model, field_name):
    response = superuser_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": model._meta.app_label,
            "model_name": model._meta.model_name,
            "field_name": field_name,
            "term": "",
        },
    )
    assert response.status_code == 200
    assert response.json()["results"]
