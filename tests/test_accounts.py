"""Logging in and out, the login lockout, and changing and resetting a password."""

import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.situations.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
DASHBOARD = reverse("followups:dashboard")
NEW_PASSWORD = "ny-lösenfras-för-2026"


@pytest.fixture
def user(db):
    return UserFactory(username="anna", email="anna@example.se", first_name="Annabelle")


def log_in(client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_with_the_right_password_lands_on_the_dashboard(client, user):
    response = log_in(client, "anna", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    assert client.session[SESSION_KEY] == str(user.pk)


def test_a_username_longer_than_any_is_refused_next_to_the_field_without_a_login_attempt(
    client, user
):
    response = log_in(client, "a" * 300, PASSWORD)

    assert response.status_code == 200
    # "at most 150 characters (it has 300)"
    assert re.search(r"\b150\b[^<]*\b300\b", response.content.decode())
    assert SESSION_KEY not in client.session
    assert not AccessAttempt.objects.exists()


def test_the_login_page_is_swedish_and_links_to_the_password_reset(client):
    page = client.get(LOGIN).content.decode()

    assert "Logga in" in page
    assert "Användarnamn" in page
    assert "Glömt lösenordet?" in page
    assert reverse("accounts:password_reset") in page


def test_a_wrong_password_gives_a_swedish_error_and_keeps_the_username(client, user):
    response = log_in(client, "anna", "fel-lösenord")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in page
    assert 'value="anna"' in page
    assert "fel-lösenord" not in page
    assert SESSION_KEY not in client.session


def test_after_the_failure_limit_even_the_right_password_gets_the_lockout_page(client, user):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "anna", "fel-lösenord")

    response = log_in(client, "anna", PASSWORD)

    # Durations are written with a no-break space ("1\xa0timme").
    page = response.content.decode().replace("\xa0", " ")
    assert response.status_code == 429
    assert "För många misslyckade försök" in page
    assert "1 timme" in page
    assert "Glömt lösenordet?" in page
    assert "systemförvaltare" in page
    assert SESSION_KEY not in client.session


def test_the_lockout_names_the_cool_off_time_from_the_settings(client, user, settings):
    settings.AXES_COOLOFF_TIME = 2
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "anna", "fel-lösenord")

    page = log_in(client, "anna", PASSWORD).content.decode().replace("\xa0", " ")
    assert "2 timmar" in page


def test_another_username_from_the_same_address_is_not_locked(client, user):
    UserFactory(username="bertil")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "anna", "fel-lösenord")

    response = log_in(client, "bertil", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD


def test_a_logged_in_user_who_opens_the_login_page_goes_to_the_dashboard(client, user):
    client.force_login(user)

    assert client.get(LOGIN)["Location"] == DASHBOARD


def test_logging_out_is_post_only(client, user):
    client.force_login(user)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert SESSION_KEY in client.session

    response = client.post(reverse("accounts:logout"))

    assert response["Location"] == reverse("public:home")
    assert SESSION_KEY not in client.session


def test_changing_the_password_requires_the_old_one(client, user):
    client.force_login(user)
    url = reverse("accounts:password_change")

    response = client.post(
        url,
        {
            "old_password": "fel-lösenord",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    assert "Ditt gamla lösenord var felaktigt" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_changing_the_password_works_and_the_new_one_logs_in(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("accounts:password_change_done")
    assert "Lösenordet är ändrat" in response.content.decode()
    client.post(reverse("accounts:logout"))
    assert log_in(client, "anna", NEW_PASSWORD)["Location"] == DASHBOARD


def test_the_password_change_page_needs_a_login(client):
    response = client.get(reverse("accounts:password_change"))

    assert response["Location"].startswith(LOGIN)


def test_a_password_reset_sends_a_swedish_mail_with_a_link_that_works(client, user, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "anna@example.se"})
    assert response["Location"] == reverse("accounts:password_reset_done")

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["anna@example.se"]
    assert mail.subject == "Välj ett nytt lösenord för Medborgarlöften"
    assert "Hej Annabelle," in mail.body
    assert "Ditt användarnamn: anna" in mail.body
    link = re.search(r"https?://testserver(/konto/aterstall/\S+/)", mail.body).group(1)

    # Django swaps the token in the link for one kept in the session, then redirects.
    form_page = client.get(link, follow=True)
    assert "Välj ett nytt lösenord" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")

    assert log_in(client, "anna", NEW_PASSWORD)["Location"] == DASHBOARD
    assert SESSION_KEY in client.session


def test_a_used_reset_link_says_so_in_swedish(client, user, mailoutbox):
    client.post(reverse("accounts:password_reset"), {"email": "anna@example.se"})
    link = re.search(r"https?://testserver(/konto/aterstall/\S+/)", mailoutbox[0].body).group(1)
    set_password_url = client.get(link)["Location"]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    page = client.get(link, follow=True).content.decode()

    assert "Länken fungerar inte" in page


def test_a_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": "okand@example.se"})

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mailoutbox == []


def test_the_public_footer_links_to_the_workspace_the_same_way_for_everyone(client, user):
    anonymous = client.get(reverse("public:home")).content.decode()
    client.force_login(user)
    logged_in = client.get(reverse("public:accessibility")).content.decode()

    for page in (anonymous, logged_in):
        assert f'<a href="{DASHBOARD}">Logga in / arbetsyta</a>' in page
        assert "Annabelle" not in page
        assert "Inloggad som" not in page
