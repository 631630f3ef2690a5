"""A workspace session ends when idle or too old; "Logga ut överallt" ends the user's other
sessions; a user whose last membership goes loses the workspace at once."""

import datetime

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.accounts.second_factor import needs_second_factor
from situations.models import Membership
from tests.helpers import WEDNESDAY_NOON
from tests.signing_in import totp_code
from tests.situations.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("followups:dashboard")
LOGIN = reverse("accounts:login")
EVERYWHERE = reverse("accounts:logout_everywhere")


def minutes(n: float) -> datetime.timedelta:
    return datetime.timedelta(minutes=n)


def signed_in(username: str) -> Client:
    """A client signed in as USERNAME with the password, and the app's code if it needs one."""
    user = get_user_model().objects.get(username=username)
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response["Location"] == DASHBOARD
    if needs_second_factor(user):
        app, _created = TOTPDevice.objects.get_or_create(
            user=user, confirmed=True, defaults={"name": "app"}
        )
        code = client.post(reverse("accounts:second_factor"), {"code": totp_code(app)})
        assert code["Location"] == DASHBOARD
    return client


def is_in(client: Client) -> bool:
    response = client.get(DASHBOARD)
    if response.status_code == 302:
        assert response["Location"].startswith(LOGIN)
        return False
    assert response.status_code == 200
    return True


@pytest.fixture
def settings_for_sessions(settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    settings.SESSION_ABSOLUTE_LIFETIME = 8 * 3600
    return settings


def test_a_session_idle_longer_than_the_idle_time_is_logged_out_with_a_message(
    world, settings_for_sessions
):
    with time_machine.travel(WEDNESDAY_NOON, tick=False) as clock:
        client = signed_in("coordinator")
        clock.shift(minutes(29))
        assert is_in(client)

        clock.shift(minutes(31))
        response = client.get(DASHBOARD, follow=True)

    assert response.redirect_chain[-1][0].startswith(LOGIN)
    assert "Du har loggats ut eftersom du varit borta en stund" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_requests_keep_a_session_alive_until_its_lifetime_ends(world, settings_for_sessions):
    with time_machine.travel(WEDNESDAY_NOON, tick=False) as clock:
        client = signed_in("coordinator")
        # A request every 25 minutes for almost eight hours: never idle for 30.
        for _step in range(19):
            clock.shift(minutes(25))
            assert is_in(client)
        clock.shift(minutes(25))  # 8 h 20 min after signing in

        assert not is_in(client)


def test_the_idle_time_and_lifetime_come_from_the_environment(monkeypatch):
    import importlib

    import config.settings as project_settings

    monkeypatch.setenv("SESSION_IDLE_MINUTES", "15")
    monkeypatch.setenv("SESSION_LIFETIME_HOURS", "2")
    try:
        reloaded = importlib.reload(project_settings)
        assert reloaded.SESSION_IDLE_TIMEOUT == 15 * 60
        assert reloaded.SESSION_ABSOLUTE_LIFETIME == 2 * 3600
        assert reloaded.SESSION_COOKIE_AGE == 2 * 3600
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)


def test_logging_out_everywhere_ends_the_other_sessions_of_that_user_only(world):
    here = signed_in("coordinator")
    elsewhere = signed_in("coordinator")
    colleague = signed_in("police")

    response = here.post(EVERYWHERE, follow=True)

    assert "Du är utloggad i 1 annan webbläsare." in response.content.decode()
    assert is_in(here)
    assert not is_in(elsewhere)
    assert is_in(colleague)


def test_logging_out_everywhere_is_post_only_and_needs_a_login(world):
    client = signed_in("coordinator")
    assert client.get(EVERYWHERE).status_code == 405

    anonymous = Client().post(EVERYWHERE)
    assert anonymous["Location"].startswith(LOGIN)


def test_the_password_page_offers_logging_out_everywhere(world):
    page = signed_in("coordinator").get(reverse("accounts:password_change")).content.decode()

    assert f'action="{EVERYWHERE}"' in page
    assert "Logga ut överallt" in page


def test_a_user_whose_last_membership_is_removed_loses_the_workspace_at_once(world):
    client = signed_in("coordinator")
    kommun = reverse("followups:municipality_workspace", kwargs={"slug": "kommun-a"})
    assert client.get(kommun).status_code == 200

    Membership.objects.filter(user=world.coordinator).delete()

    assert client.get(kommun).status_code == 403
    page = client.get(DASHBOARD).content.decode()
    assert "ditt konto hör ännu inte till någon kommun" in page
    assert "Kommun A" not in page


def test_a_user_made_inactive_is_logged_out_at_once(world):
    client = signed_in("coordinator")
    UserFactory._meta.model.objects.filter(pk=world.coordinator.pk).update(is_active=False)

    assert not is_in(client)
