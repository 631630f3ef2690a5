"""The login lockout behind the reverse proxy, and the throttle on password reset links."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.situations.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
RESET = reverse("accounts:password_reset")
PROXY = "10.0.0.1"


@pytest.fixture
def user(db):
    return UserFactory(username="anna", email="anna@example.se")


def log_in_via_proxy(client, client_address: str, password: str):
    return client.post(
        LOGIN,
        {"username": "anna", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def test_wrong_passwords_behind_the_proxy_lock_out_only_the_client_who_sent_them(
    client, user, settings
):
    settings.RATE_LIMIT_TRUSTED_PROXIES = 1
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in_via_proxy(client, "198.51.100.7", "fel-lösenord")

    locked = log_in_via_proxy(client, "198.51.100.7", PASSWORD)
    assert locked.status_code == 429
    assert SESSION_KEY not in client.session

    other = log_in_via_proxy(client, "203.0.113.9", PASSWORD)
    assert other.status_code == 302
    assert SESSION_KEY in client.session


def test_without_a_trusted_proxy_a_forged_forwarded_for_does_not_escape_the_lockout(
    client, user, settings
):
    settings.RATE_LIMIT_TRUSTED_PROXIES = 0
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in_via_proxy(client, f"198.51.100.{attempt}", "fel-lösenord")

    assert log_in_via_proxy(client, "203.0.113.9", PASSWORD).status_code == 429


def ask_for_a_reset(client, email: str, address: str = "198.51.100.7"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def test_password_reset_requests_past_the_limit_get_a_swedish_message_and_no_mail(
    client, user, settings, mailoutbox
):
    settings.PASSWORD_RESET_RATE_LIMIT = "3/h"
    for _attempt in range(3):
        assert ask_for_a_reset(client, "anna@example.se").status_code == 302
    assert len(mailoutbox) == 3

    response = ask_for_a_reset(client, "anna@example.se")

    page = response.content.decode()
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "För många förfrågningar om nytt lösenord" in page
    assert len(mailoutbox) == 3


def test_the_reset_limit_per_email_reads_the_same_whether_an_account_has_it_or_not(
    client, user, settings, mailoutbox
):
    settings.PASSWORD_RESET_RATE_LIMIT = "2/h"
    for address in ("198.51.100.1", "198.51.100.2"):
        ask_for_a_reset(client, "anna@example.se", address=address)
        ask_for_a_reset(client, "okand@example.se", address=address)
    assert len(mailoutbox) == 2

    known = ask_for_a_reset(client, "anna@example.se", address="192.0.2.1")
    unknown = ask_for_a_reset(client, "okand@example.se", address="192.0.2.2")

    assert known.status_code == unknown.status_code == 429
    for response in (known, unknown):
        assert "För många förfrågningar om nytt lösenord" in response.content.decode()
    assert len(mailoutbox) == 2


def test_one_address_asking_for_many_accounts_is_limited_by_its_client_address(
    client, settings, mailoutbox
):
    settings.PASSWORD_RESET_RATE_LIMIT = "2/h"
    for number in range(3):
        UserFactory(username=f"user{number}", email=f"user{number}@example.se")
    statuses = [ask_for_a_reset(client, f"user{n}@example.se").status_code for n in range(3)]

    assert statuses == [302, 302, 429]
    assert len(mailoutbox) == 2
