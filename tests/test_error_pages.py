"""Errors answer in the site's layout: Swedish unless the reader chose English, with lang,
noindex, a heading that says what happened and a way back. Under /api/ they answer JSON.

Run with DEBUG off, as in production: with DEBUG on Django shows its technical pages instead.
The views that fail on purpose are in tests/error_urls.py.
"""

from __future__ import annotations

import json
import re
from unittest import mock

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.test_database_unavailable import database_down

pytestmark = pytest.mark.django_db

HEADINGS = {
    400: ("Vi kunde inte tolka begäran", "We could not understand the request"),
    403: ("Du har inte behörighet till den här sidan", "You do not have access to this page"),
    404: ("Vi hittar inte sidan", "We cannot find that page"),
    500: ("Något gick fel hos oss", "Something went wrong on our side"),
}
DASHBOARD_LINK = f'href="{reverse("followups:dashboard")}">Gå till din arbetsyta</a>'
DASHBOARD_LINK_EN = DASHBOARD_LINK.replace("Gå till din arbetsyta", "Go to your workspace")


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def reader(language: str = "sv", user=None) -> Client:
    """A client that does not raise the view's exception but gets the error page, as a
    browser does; LANGUAGE as chosen with the language switch."""
    client = Client(raise_request_exception=False)
    if language != "sv":
        client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def assert_error_page(response, status: int, language: str = "sv") -> str:
    """RESPONSE is the STATUS page in the layout, in LANGUAGE; its HTML."""
    assert response.status_code == status
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Language"] == language
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert '<meta name="robots" content="noindex">' in page
    heading = HEADINGS[status][0 if language == "sv" else 1]
    assert re.search(rf"<h1>{heading}</h1>", page), page
    # The layout: the site's name linking home, the main menu, the footer with the switch.
    assert f'<a class="site-name" href="{reverse("public:home")}">' in page
    assert 'class="language-switch"' in page
    # The way back.
    assert f'<li><a href="{reverse("public:home")}">' in page
    return page


# --- Each status in Swedish and English, from views that fail ------------------------------


@override_settings(ROOT_URLCONF="tests.error_urls")
@pytest.mark.parametrize("status", [400, 403, 404, 500])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_each_error_page_is_in_the_layout_in_the_readers_language(status, language):
    page = assert_error_page(reader(language).get(f"/prov/{status}/"), status, language)

    assert "Traceback" not in page
    assert "a bug" not in page and "a forged request" not in page
    assert DASHBOARD_LINK not in page


@override_settings(ROOT_URLCONF="tests.error_urls")
@pytest.mark.parametrize("status", [400, 403, 404])
def test_a_logged_in_user_is_offered_the_way_back_to_the_workspace(world, status):
    page = assert_error_page(reader(user=world.coordinator).get(f"/prov/{status}/"), status)

    assert DASHBOARD_LINK in page


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_the_500_page_renders_while_the_database_is_down_for_a_logged_in_user(world):
    client = reader(user=world.coordinator)

    # Reading the session or the user would fail here and turn the answer into the 503 page.
    with database_down():
        response = client.get("/prov/500/")

    page = assert_error_page(response, 500)
    assert DASHBOARD_LINK not in page
    assert "500.html" in [template.name for template in response.templates]


def test_a_database_outage_is_still_the_503_page(world):
    with database_down():
        response = reader().get(reverse("public:overview"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_a_500_page_that_cannot_render_falls_back_to_a_fixed_swedish_page():
    with mock.patch("config.errors.loader.get_template", side_effect=RuntimeError("broken")):
        response = reader("en").get("/prov/500/")

    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="sv">' in page
    assert '<meta name="robots" content="noindex">' in page
    assert "<h1>Något gick fel hos oss</h1>" in page
    assert '<a href="/">Till startsidan</a>' in page


# --- Real addresses ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_unknown_address_is_the_404_page(language):
    page = assert_error_page(reader(language).get("/finns-inte/"), 404, language)

    english = "A citizen promise that is not yet published cannot be read here."
    swedish = "Ett medborgarlöfte som inte har publicerats än går inte att läsa här."
    assert (swedish if language == "sv" else english) in page


def test_an_unknown_kommun_raises_404_through_its_view_and_gets_the_page(world):
    response = reader().get(reverse("public:municipality", kwargs={"slug": "finns-inte"}))

    assert_error_page(response, 404)
    assert "404.html" in [template.name for template in response.templates]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_refused_workspace_page_says_who_to_ask(world, language):
    response = reader(language, user=world.reporter).get(
        reverse("followups:municipality_workspace", kwargs={"slug": world.municipality.slug})
    )

    page = assert_error_page(response, 403, language)
    assert (DASHBOARD_LINK if language == "sv" else DASHBOARD_LINK_EN) in page
    if language == "sv":
        assert "fråga kommunens samordnare eller den systemförvaltare" in page
    else:
        assert "ask your municipality's coordinator or the administrator who gave you" in page


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_an_anonymous_reader_who_is_refused_is_offered_the_login():
    page = assert_error_page(reader().get("/prov/403/"), 403)

    assert f'href="{reverse("accounts:login")}?next=/prov/403/"' in page


def test_a_request_for_an_unknown_host_is_the_400_page():
    assert_error_page(reader().get("/", HTTP_HOST="evil.example"), 400)


@pytest.mark.parametrize(
    ("language", "heading", "advice"),
    [
        ("sv", "Formuläret var för gammalt för att skickas", "Ladda om sidan med formuläret"),
        ("en", "The form was too old to send", "Reload the page with the form"),
    ],
)
def test_a_form_sent_without_a_valid_token_says_it_was_too_old(language, heading, advice):
    client = Client(enforce_csrf_checks=True)
    if language != "sv":
        client.cookies["django_language"] = language

    response = client.post(reverse("accounts:login"), {"username": "a", "password": "b"})

    assert response.status_code == 403
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert '<meta name="robots" content="noindex">' in page
    assert f"<h1>{heading}</h1>" in page
    assert advice in page
    assert f'<li><a href="{reverse("public:home")}">' in page


# --- The API answers JSON -----------------------------------------------------------------


def assert_json_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = json.loads(response.content)
    assert body["error"]["status"] == status
    assert body["error"]["message"]
    return body


@pytest.mark.parametrize("path", ["/api/v1/finns-inte/", "/api/nope", "/api/v2/kommuner/"])
def test_an_unknown_api_address_answers_a_json_404(path):
    body = assert_json_error(reader().get(path), 404)

    assert "/api/v1/" in body["error"]["message"]


def test_the_api_404_is_swedish_like_the_apis_other_errors():
    body = assert_json_error(reader().get("/api/v1/finns-inte/"), 404)

    assert body["error"]["message"].startswith("Det finns inget på den här adressen.")


@override_settings(ROOT_URLCONF="tests.error_urls")
@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_every_error_under_the_api_is_json(status):
    body = assert_json_error(reader().get(f"/api/v1/prov/{status}/"), status)

    assert "Traceback" not in body["error"]["message"]
    assert "a bug" not in body["error"]["message"]


def test_an_api_request_for_an_unknown_host_answers_a_json_400():
    assert_json_error(reader().get("/api/v1/kommuner/", HTTP_HOST="evil.example"), 400)


def test_a_post_to_the_api_answers_a_json_403_not_the_form_page():
    client = Client(enforce_csrf_checks=True)

    body = assert_json_error(client.post("/api/v1/kommuner/"), 403)
    assert "GET" in body["error"]["message"]
