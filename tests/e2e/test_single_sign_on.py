"""A coordinator signs in through the local OpenID Connect provider in Chromium: the login
page's button, the provider's login and consent pages, the callback, the dashboard. Someone the
workspace does not know gets the page that says whom to ask. The application's pages on the
way are checked with axe-core and the Nu HTML checker."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from situations.reference import load_reference_data
from tests.conftest import PROVIDER_PASSWORD
from tests.e2e.audit import AxeAudit

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def signed_on_world(transactional_db, world, sso):
    load_reference_data()
    return world


def sign_in_at_the_provider(page, username: str) -> None:
    page.get_by_role("link", name="Logga in med Testkommunens inloggning").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()
    # The provider's consent page.
    expect(page.get_by_text("Authorize Medborgarlöften?")).to_be_visible()
    page.get_by_role("button", name="Authorize").click()


def test_a_coordinator_signs_in_through_the_provider_and_reaches_the_dashboard(
    live_server, page, signed_on_world, sso
):
    audit = AxeAudit()
    page.goto(live_server.url + reverse("followups:dashboard"))
    assert page.url.startswith(live_server.url + reverse("accounts:login"))
    audit.check(page, "inloggning med knapp för gemensam inloggning")

    sign_in_at_the_provider(page, "anna-k")

    expect(page).to_have_url(live_server.url + reverse("followups:dashboard"))
    assert page.get_by_role("heading", level=1).inner_text() == "Din arbetsyta"
    assert "Inloggad som coordinator" in page.content()
    audit.check(page, "översikt efter gemensam inloggning")
    audit.assert_clean()


def test_someone_the_workspace_does_not_know_is_told_whom_to_ask(
    live_server, page, signed_on_world, sso
):
    audit = AxeAudit()
    page.goto(live_server.url + reverse("accounts:login"))

    sign_in_at_the_provider(page, "stina-s")

    expect(page.get_by_role("heading", level=1)).to_have_text("Inget konto för dig här ännu")
    assert "stranger@example.se" in page.content()
    audit.check(page, "okänd identitet")
    page.get_by_role("link", name="Tillbaka till inloggningen").click()
    expect(page).to_have_url(live_server.url + reverse("accounts:login"))
    audit.assert_clean()


def test_signing_on_works_without_javascript(live_server, browser, signed_on_world, sso):
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + reverse("accounts:login"))

    sign_in_at_the_provider(page, "anna-k")

    expect(page).to_have_url(live_server.url + reverse("followups:dashboard"))
    context.close()
