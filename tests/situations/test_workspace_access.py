"""Who may open and change each workspace page of the situations app (the role matrix in the
README, Workspace).

One table per URL: the answer for every user of the `world` fixture, for a GET and for a POST.
404 where the user may not know the object exists (a draft lägesbild, tips), 403 where it is
public (a published lägesbild, places, the kommun) but not theirs to change. The right roles
are shown here to get in; what their save changes is in the test file of each page.

The world and the objects are made once for the module (tests/conftest.py, shared_db); each
test rolls back to them.
"""

import copy

import pytest
from django.conf import settings
from django.urls import reverse

from situations.models import Place, SituationReport, Tip
from tests.conftest import World, build_world
from tests.helpers import context_form_data
from tests.situations.factories import PlaceFactory, SituationReportFactory, SourceFactory

EVERYONE = [
    "coordinator",
    "other_coordinator",
    "police",
    "other_police",
    "police_manager",
    "district_manager",
    "reporter",
    "viewer",
    "superuser",
    "outsider",
]
EDITORS = {"coordinator", "police", "police_manager", "district_manager", "superuser"}
READERS = EDITORS | {"viewer"}
TIP_HANDLERS = {"coordinator", "superuser"}


PUBLIC = set(EVERYONE)
DRAFT = READERS  # who sees that a draft lägesbild exists


def answer(user: str, allowed: set[str], *, visible: set[str], ok: int) -> int:
    if user in allowed:
        return ok
    return 403 if user in visible else 404


def make_situations_objects(world) -> dict:
    """A draft lägesbild with a source, a published one, a place and a tip in kommun A."""
    draft = SituationReportFactory(municipality=world.municipality)
    SourceFactory(report=draft)
    published = SituationReportFactory(
        municipality=world.municipality,
        published=True,
        period_start="2022-01-01",
        period_end="2022-12-31",
        title="Lägesbild 2022",
    )
    place = PlaceFactory(municipality=world.municipality, name="Torget")
    tip = Tip.objects.create(municipality=world.municipality, message="Mörkt vid skolan.")
    return {"draft": draft, "published": published, "place": place, "tip": tip}


@pytest.fixture(scope="module")
def shared(shared_db) -> tuple[World, dict]:
    """The world and the objects of the pages, made once for the module (see shared_db)."""
    world = build_world()
    return world, make_situations_objects(world)


@pytest.fixture
def world(shared, db) -> World:
    return copy.deepcopy(shared[0])


@pytest.fixture
def situations_objects(shared, db) -> dict:
    return copy.deepcopy(shared[1])


def history_id(model, **filters) -> int:
    return model.history.filter(**filters).order_by("history_id").first().history_id


# page: (kwargs from the objects, who may open it, who sees that it exists)
PAGES = {
    "report_create": (lambda o: {"slug": "kommun-a"}, EDITORS, PUBLIC),
    "report_edit (draft)": (lambda o: {"pk": o["draft"].pk}, EDITORS, DRAFT),
    "report_edit (published)": (lambda o: {"pk": o["published"].pk}, EDITORS, PUBLIC),
    "report_history (draft)": (lambda o: {"pk": o["draft"].pk}, READERS, DRAFT),
    "report_history (published)": (lambda o: {"pk": o["published"].pk}, READERS, PUBLIC),
    "places": (lambda o: {"slug": "kommun-a"}, EDITORS, PUBLIC),
    "places_history": (lambda o: {"slug": "kommun-a"}, READERS, PUBLIC),
    "tips": (lambda o: {"slug": "kommun-a"}, TIP_HANDLERS, TIP_HANDLERS),
}


def url_of(page: str, objects) -> str:
    kwargs, _allowed, _visible = PAGES[page]
    return reverse(f"situations:{page.split()[0]}", kwargs=kwargs(objects))


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_the_login_page(client, world, situations_objects, page):
    url = url_of(page, situations_objects)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("user", EVERYONE)
@pytest.mark.parametrize("page", PAGES)
def test_each_user_gets_the_page_or_403_or_404(client, world, situations_objects, page, user):
    _kwargs, allowed, visible = PAGES[page]
    client.force_login(getattr(world, user))

    response = client.get(url_of(page, situations_objects))

    assert response.status_code == answer(user, allowed, visible=visible, ok=200)
    if response.status_code == 200:
        assert response["Cache-Control"].startswith("max-age=0")


# --- POST -------------------------------------------------------------------------------------


def post_report_edit(client, objects, key):
    report = objects[key]
    url = reverse("situations:report_edit", kwargs={"pk": report.pk})
    page = client.get(url)
    if page.status_code != 200:
        return client.post(url, {})
    return client.post(
        url,
        context_form_data(page, "forms.form", "forms.sources", "forms.findings", "forms.problems"),
    )


def post_places(client, objects):
    url = reverse("situations:places", kwargs={"slug": "kommun-a"})
    page = client.get(url)
    if page.status_code != 200:
        return client.post(url, {})
    return client.post(url, context_form_data(page, "formset"))


def restore_url(objects, key):

    report = objects[key]
    return reverse(
        "situations:report_restore",
        kwargs={
            "pk": report.pk,
            "model": "situationreport",
            "history_id": history_id(SituationReport, id=report.pk),
        },
    )


def places_restore_url(objects):

    return reverse(
        "situations:places_restore",
        kwargs={
            "slug": "kommun-a",
            "model": "place",
            "history_id": history_id(Place, id=objects["place"].pk),
        },
    )


NEW_REPORT = {"title": "Lägesbild 2025", "period_start": "2025-01-01", "period_end": "2025-12-31"}

# action: (how to post, who may, who sees that the object exists)
ACTIONS = {
    "report_create": (
        lambda c, o: c.post(reverse("situations:report_create", args=["kommun-a"]), NEW_REPORT),
        EDITORS,
        PUBLIC,
    ),
    "report_edit (draft)": (lambda c, o: post_report_edit(c, o, "draft"), EDITORS, DRAFT),
    "report_edit (published)": (lambda c, o: post_report_edit(c, o, "published"), EDITORS, PUBLIC),
    "report_publish (draft)": (
        lambda c, o: c.post(
            reverse("situations:report_publish", args=[o["draft"].pk]), {"status": "published"}
        ),
        EDITORS,
        DRAFT,
    ),
    "report_publish (published)": (
        lambda c, o: c.post(
            reverse("situations:report_publish", args=[o["published"].pk]), {"status": "draft"}
        ),
        EDITORS,
        PUBLIC,
    ),
    "report_restore (draft)": (lambda c, o: c.post(restore_url(o, "draft")), EDITORS, DRAFT),
    "report_restore (published)": (
        lambda c, o: c.post(restore_url(o, "published")),
        EDITORS,
        PUBLIC,
    ),
    "places": (lambda c, o: post_places(c, o), EDITORS, PUBLIC),
    "places_restore": (lambda c, o: c.post(places_restore_url(o)), EDITORS, PUBLIC),
    "tip_handle": (
        lambda c, o: c.post(
            reverse("situations:tip_handle", args=[o["tip"].pk]), {"handled": "1"}
        ),
        TIP_HANDLERS,
        TIP_HANDLERS,
    ),
}


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_posts_are_sent_to_the_login_page_and_change_nothing(
    client, world, situations_objects, action
):
    post, _allowed, _visible = ACTIONS[action]

    response = post(client, situations_objects)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("user", EVERYONE)
@pytest.mark.parametrize("action", ACTIONS)
def test_each_user_may_post_or_gets_403_or_404(client, world, situations_objects, action, user):
    post, allowed, visible = ACTIONS[action]
    client.force_login(getattr(world, user))

    response = post(client, situations_objects)

    # Allowed: the save goes through and the browser is sent on (302 after the POST).
    assert response.status_code == answer(user, allowed, visible=visible, ok=302)


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("report_publish", lambda o: {"pk": o["draft"].pk}),
        ("tip_handle", lambda o: {"pk": o["tip"].pk}),
        ("report_restore", lambda o: {"pk": o["draft"].pk, "model": "source", "history_id": 1}),
        ("places_restore", lambda o: {"slug": "kommun-a", "model": "place", "history_id": 1}),
    ],
)
def test_a_get_cannot_change_anything(client, world, situations_objects, name, kwargs):
    client.force_login(world.superuser)

    response = client.get(reverse(f"situations:{name}", kwargs=kwargs(situations_objects)))

    assert response.status_code == 405
