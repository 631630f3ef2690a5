"""A police manager's first sign-in with a password in Chromium: the second step is set up
from the key the page shows (the test computes the code from it, as an authenticator app
would), the recovery codes are shown once, then the dashboard. The next sign-in takes a
recovery code. axe-core and the Nu HTML checker check each page."""

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from situations.reference import load_reference_data
from tests.e2e.audit import AxeAudit
from tests.signing_in import totp_code
from tests.situations.factories import PASSWORD

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def manager_world(transactional_db, world):
    load_reference_data()
    return world


def password(page, base: str, username: str) -> None:
    page.goto(base + reverse("accounts:login"))
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_a_police_manager_sets_up_the_second_step_and_signs_in_with_a_code(
    live_server, browser, manager_world
):
    audit = AxeAudit()
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    dashboard = live_server.url + reverse("followups:dashboard")

    password(page, live_server.url, "police-manager")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ställ in det andra steget")
    assert page.locator(".qr-code svg").count() == 1
    audit.check(page, "ställ in det andra steget")

    key = page.locator("#totp-key").inner_text().replace(" ", "")
    totp = TOTP(b32decode(key + "=" * (-len(key) % 8)))
    page.get_by_role("textbox", name="Kod").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Verifiera och fortsätt").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Dina återställningskoder")
    codes = re.findall(r"<code>([a-z0-9]+)</code>", page.content())
    assert len(codes) == 10
    audit.check(page, "återställningskoder")
    page.get_by_role("link", name="Jag har sparat dem: fortsätt").click()
    expect(page).to_have_url(dashboard)
    assert "Inloggad som police-manager" in page.content()
    context.close()

    # Another browser, the phone lost: a recovery code instead of the app's.
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    password(page, live_server.url, "police-manager")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kod från din autentiseringsapp")
    page.get_by_label("Kod").fill(codes[0])
    page.get_by_role("button", name="Verifiera").click()
    expect(page).to_have_url(dashboard)
    context.close()
    audit.assert_clean()


def test_the_code_page_works_without_javascript(live_server, browser, manager_world):
    app = TOTPDevice.objects.create(user=manager_world.coordinator, name="app", confirmed=True)
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)

    password(page, live_server.url, "coordinator")
    page.get_by_label("Kod").fill(totp_code(app))
    page.get_by_role("button", name="Verifiera").click()

    expect(page).to_have_url(live_server.url + reverse("followups:dashboard"))
    context.close()
