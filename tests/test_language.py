"""Swedish by default, English only when the visitor chooses it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_browser_that_prefers_english_still_gets_swedish(client):
    response = client.get(reverse("public:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response["Content-Language"] == "sv"
    assert '<html lang="sv">' in response.content.decode()
    assert "Hitta din kommun" in response.content.decode()


def test_a_visitor_who_chooses_english_gets_english_and_can_switch_back(client):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/kommuner/"}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/kommuner/"
    assert '<html lang="en">' in response.content.decode()
    assert "Every municipality" in response.content.decode()
    assert "På svenska" in response.content.decode()

    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert "Hitta din kommun" in client.get("/").content.decode()


def test_the_cached_swedish_page_is_not_served_to_an_english_reader(client):
    client.get("/")  # fills the cache in Swedish
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert "Find your municipality" in client.get("/").content.decode()


def test_an_unknown_language_cookie_falls_back_to_swedish(client):
    client.cookies["django_language"] = "xx"

    assert "Hitta din kommun" in client.get("/").content.decode()
