"""Signing in at the test provider as a person would, with an HTTP client instead of a browser."""

from urllib.parse import parse_qs, urlsplit

import requests
from django.test import Client
from django.urls import reverse

from tests.conftest import PROVIDER_PASSWORD
from tests.helpers import form_data


def start(client: Client, provider_key: str = "testkommun", **params) -> str:
    """Press "Logga in med …": the address at the provider the application sends us to."""
    response = client.get(reverse("accounts:sso_start", args=[provider_key]), params)
    assert response.status_code == 302
    return response["Location"]


def consent(authorize_url: str, username: str, *, allow: bool = True) -> str:
    """Sign in at the provider as USERNAME and answer its consent page; the address of the
    application's callback it sends us back to (path and query)."""
    browser = requests.Session()
    page = browser.get(authorize_url)  # to the provider's login page
    login = form_data(page)
    login.update(username=username, password=PROVIDER_PASSWORD)
    page = browser.post(page.url, data=login, headers={"Referer": page.url})
    assert "authorizationForm" in page.text, page.text[:500]
    answer = form_data(page)
    if allow:
        answer["allow"] = "Authorize"
    back = browser.post(
        page.url, data=answer, headers={"Referer": page.url}, allow_redirects=False
    )
    assert back.status_code == 302, back.text[:500]
    location = urlsplit(back.headers["Location"])
    return f"{location.path}?{location.query}"


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
