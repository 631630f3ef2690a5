"""The one "nothing lost" routine of every edit page (config.lib.editing.edit), on its own: what
it asks of the page when, what the page is shown with, and that a stale save never saves.

The pages themselves are tested with it in their own modules (…_conflict…, test_workspace_…).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.test import RequestFactory
from django.utils import timezone

from config.lib import editing
from situations.models import Place

# edit() saves inside a transaction; the objects themselves are never stored.
pytestmark = pytest.mark.django_db

URL = "/arbetsyta/sida/"


@dataclass
class FakePage:
    """An edit page of PLACES whose callbacks write down what edit() asked of them."""

    places: list[Place]
    valid: bool = True
    calls: list[tuple] = field(default_factory=list)
    state: editing.PageState | None = None
    data: QueryDict | None = None

    def load(self, for_update: bool) -> FakePage:
        self.calls.append(("load", for_update))
        return self

    def bind(self, page: FakePage, data: QueryDict | None) -> QueryDict | None:
        self.calls.append(("bind",))
        return data

    def save(self, page: FakePage, data: QueryDict | None) -> HttpResponse | None:
        self.calls.append(("save",))
        return HttpResponseRedirect("/sparat/") if self.valid else None

    def render(
        self, page: FakePage, data: QueryDict | None, state: editing.PageState
    ) -> HttpResponse:
        self.data, self.state = data, state
        return HttpResponse(status=state.status)

    def edit(self, request) -> HttpResponse:
        self.calls.clear()
        return editing.edit(
            request,
            load=self.load,
            objects=lambda page: page.places,
            histories=lambda page: [],
            bind=self.bind,
            save=self.save,
            render=self.render,
        )

    def get(self) -> str:
        """The version token of the page as a GET shows it."""
        self.edit(RequestFactory().get(URL))
        return self.state.version.initial[editing.FIELD]

    def post(self, **data: str) -> HttpResponse:
        return self.edit(RequestFactory().post(URL, data))


def place(pk: int) -> Place:
    return Place(pk=pk, name=f"Plats {pk}", updated_at=timezone.now())


@pytest.fixture
def edit_page() -> FakePage:
    return FakePage(places=[place(1), place(2)])


def test_a_get_loads_without_a_lock_and_shows_unbound_forms_with_the_objects_version(edit_page):
    response = edit_page.edit(RequestFactory().get(URL))

    assert response.status_code == 200
    assert edit_page.calls == [("load", False), ("bind",)]
    assert edit_page.data is None
    assert edit_page.state.conflict is None
    version = editing.read(edit_page.state.version.initial[editing.FIELD])
    assert version.fingerprint == editing.fingerprint(edit_page.places)


def test_a_save_of_the_version_loaded_locks_binds_the_users_data_and_sends_the_saves_answer(
    edit_page,
):
    token = edit_page.get()

    response = edit_page.post(version=token, name="Torget")

    assert response.status_code == 302
    assert edit_page.calls == [("load", True), ("bind",), ("save",)]


def test_an_invalid_save_shows_the_forms_again_with_the_version_that_was_sent(edit_page):
    token = edit_page.get()
    edit_page.valid = False

    response = edit_page.post(version=token, name="")

    assert response.status_code == 200
    assert edit_page.calls == [("load", True), ("bind",), ("save",)]
    assert edit_page.state.conflict is None
    assert edit_page.state.version.data[editing.FIELD] == token


def test_a_save_after_someone_else_saved_is_refused_with_the_users_text_and_a_fresh_version(
    edit_page,
):
    token = edit_page.get()
    loaded_at = editing.read(token).loaded_at
    edit_page.places[1].updated_at += datetime.timedelta(seconds=1)  # someone else saved

    response = edit_page.post(version=token, name="Min text")

    assert response.status_code == 409
    assert ("save",) not in edit_page.calls
    assert edit_page.data["name"] == "Min text"
    assert edit_page.state.conflict.since == loaded_at
    fresh = edit_page.state.version.data[editing.FIELD]
    assert fresh == edit_page.data[editing.FIELD] != token
    assert editing.read(fresh).fingerprint == editing.fingerprint(edit_page.places)
    # Saved again on purpose, with what came back, it goes through.
    assert edit_page.post(**edit_page.data.dict()).status_code == 302


def test_a_save_without_a_readable_version_is_refused_without_a_list_of_changes(edit_page):
    response = edit_page.post(version="inte en version", name="Min text")

    assert response.status_code == 409
    assert ("save",) not in edit_page.calls
    assert edit_page.state.conflict.since is None
    assert edit_page.state.conflict.entries == []
