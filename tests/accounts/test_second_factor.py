"""The second factor: a coordinator, police manager or superuser who signs in with a password
gives a code from an authenticator app (set up at the first sign-in) or a recovery code; wrong
codes count towards django-axes' lockout; single sign-on and other roles are not asked."""

import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.accounts.second_factor import confirm
from tests.helpers import WEDNESDAY_NOON
from tests.situations.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

DASHBOARD = reverse("followups:dashboard")
LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:second_factor")
SETUP = reverse("accounts:second_factor_setup")


def code_of(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():06d}"


def password_sign_in(username: str) -> tuple[Client, object]:
    client = Client()
    return client, client.post(LOGIN, {"username": username, "password": PASSWORD})


def app_of(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


@pytest.mark.parametrize(
    "role", ["coordinator", "police_manager", "district_manager", "superuser"]
)
def test_a_password_sign_in_of_whoever_publishes_approves_or_administers_owes_a_code(world, role):
    app_of(getattr(world, role))
    client, response = password_sign_in(getattr(world, role).username)

    assert response["Location"] == DASHBOARD
    workspace = client.get(DASHBOARD)
    assert workspace.status_code == 302
    assert workspace["Location"] == f"{VERIFY}?next={DASHBOARD}"
    assert client.get(reverse("admin:index"))["Location"].startswith(VERIFY)
    assert client.get(reverse("accounts:password_change"))["Location"].startswith(VERIFY)


@pytest.mark.parametrize("role", ["police", "reporter", "viewer", "outsider"])
def test_other_roles_sign_in_with_the_password_alone(world, role):
    client, _response = password_sign_in(getattr(world, role).username)

    assert client.get(DASHBOARD).status_code == 200


def test_the_right_code_opens_the_page_asked_for(world):
    device = app_of(world.coordinator)
    kommun = reverse("followups:municipality_workspace", kwargs={"slug": "kommun-a"})
    client = Client()
    client.post(LOGIN, {"username": "coordinator", "password": PASSWORD, "next": kommun})
    page = client.get(client.get(kommun)["Location"])
    assert "Kod från din autentiseringsapp" in page.content.decode()

    response = client.post(VERIFY, {"code": code_of(device), "next": kommun})

    assert response["Location"] == kommun
    assert client.get(kommun).status_code == 200
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_code_cannot_be_used_twice(world):
    device = app_of(world.coordinator)
    code = code_of(device)
    first, _ = password_sign_in("coordinator")
    first.post(VERIFY, {"code": code})

    second, _ = password_sign_in("coordinator")
    response = second.post(VERIFY, {"code": code})

    assert response.status_code == 400
    assert "Koden är fel eller för gammal" in response.content.decode()
    assert second.get(DASHBOARD).status_code == 302


def test_a_recovery_code_works_once(world):
    codes = confirm(TOTPDevice.objects.create(user=world.coordinator, name="app"))
    client, _ = password_sign_in("coordinator")

    assert client.post(VERIFY, {"code": codes[0]})["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200
    again, _ = password_sign_in("coordinator")
    with time_machine.travel(WEDNESDAY_NOON.timestamp() + 120, tick=False):
        assert again.post(VERIFY, {"code": codes[0]}).status_code == 400
    assert StaticToken.objects.count() == len(codes) - 1


def test_the_first_sign_in_sets_up_the_app_and_shows_ten_recovery_codes_once(world):
    client, _ = password_sign_in("coordinator")

    assert client.get(VERIFY)["Location"].startswith(SETUP)
    page = client.get(SETUP).content.decode()
    assert "Ställ in det andra steget" in page
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=world.coordinator, confirmed=False)
    key = re.search(r'id="totp-key">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    from base64 import b32decode

    assert b32decode(key + "=" * (-len(key) % 8)) == device.bin_key

    response = client.post(SETUP, {"code": code_of(device)})

    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert "visas bara nu" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(DASHBOARD).status_code == 200
    # A second app cannot be added through the setup page, even by the same person.
    other, _ = password_sign_in("coordinator")
    assert other.get(SETUP)["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=world.coordinator).count() == 1


def test_wrong_codes_lock_out_like_wrong_passwords(world):
    app_of(world.coordinator)
    client, _ = password_sign_in("coordinator")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        with time_machine.travel(WEDNESDAY_NOON.timestamp() + attempt * 60, tick=False):
            response = client.post(VERIFY, {"code": "000000"})

    assert response.status_code == 429
    assert "För många misslyckade försök" in response.content.decode()
    assert SESSION_KEY not in client.session
    # The password, right as it is, is locked too, and so is the right code.
    again, refused = password_sign_in("coordinator")
    assert refused.status_code == 429
    assert SESSION_KEY not in again.session
