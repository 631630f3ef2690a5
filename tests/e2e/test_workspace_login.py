"""A coordinator logs in through the form in Chromium with a password and the code of their
authenticator app, and reaches the dashboard; axe-core finds
no WCAG 2.1 A/AA violation and the Nu HTML checker no error on the account pages, the dashboard
and the lockout page."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from situations.models import Tip
from situations.reference import load_reference_data
from tests.e2e.audit import AxeAudit
from tests.followups.factories import FollowUpRoundFactory
from tests.promises.factories import CharterFactory
from tests.signing_in import totp_code
from tests.situations.factories import PASSWORD

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world_with_work(transactional_db, world):
    # The flush that ends each transactional test also removes the reference data that the
    # migrations loaded; put it back (it is idempotent).
    load_reference_data()
    today = timezone.localdate()
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        title="Medborgarlöfte i dag",
        period_start=today - datetime.timedelta(days=100),
        period_end=today + datetime.timedelta(days=265),
        published=True,
    )
    CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        title="Nästa medborgarlöfte",
        period_start=today + datetime.timedelta(days=300),
        period_end=today + datetime.timedelta(days=664),
    )
    FollowUpRoundFactory(
        charter=charter,
        title="Tertial 1",
        period_start=charter.period_start,
        period_end=charter.period_start + datetime.timedelta(days=90),
        due_on=today - datetime.timedelta(days=3),
    )
    Tip.objects.create(municipality=world.municipality, message="Lampan vid torget är släckt.")
    world.coordinator_app = TOTPDevice.objects.create(
        user=world.coordinator, name="app", confirmed=True
    )
    return world


def test_a_coordinator_logs_in_and_the_account_pages_have_no_wcag_violation(
    live_server, page, world_with_work
):
    audit = AxeAudit()
    check = audit.check

    page.goto(live_server.url + reverse("followups:dashboard"))
    assert page.url.startswith(live_server.url + reverse("accounts:login"))
    check(page, "inloggning")

    page.get_by_label("Användarnamn").fill("coordinator")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()

    # A coordinator's password is followed by the code of their authenticator app.
    expect(page.get_by_role("heading", level=1)).to_have_text("Kod från din autentiseringsapp")
    check(page, "kod från autentiseringsappen")
    page.get_by_label("Kod").fill(totp_code(world_with_work.coordinator_app))
    page.get_by_role("button", name="Verifiera").click()

    expect(page).to_have_url(live_server.url + reverse("followups:dashboard"))
    assert page.get_by_role("heading", level=1).inner_text() == "Din arbetsyta"
    assert "Inloggad som coordinator" in page.content()
    assert "Medborgarlöfte i dag" in page.content()
    assert "Tertial 1" in page.content()
    check(page, "översikt")

    page.get_by_role("link", name="Ändra lösenord").click()
    expect(page).to_have_url(live_server.url + reverse("accounts:password_change"))
    check(page, "ändra lösenord")

    page.get_by_role("button", name="Logga ut", exact=True).click()
    expect(page).to_have_url(live_server.url + reverse("public:home"))

    page.goto(live_server.url + reverse("accounts:password_reset"))
    check(page, "glömt lösenordet")

    page.goto(live_server.url + reverse("accounts:login"))
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Användarnamn").fill("other-coordinator")
        page.get_by_label("Lösenord").fill("fel-lösenord")
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Logga in").click()
    assert navigation.value.status == 429
    assert "För många misslyckade försök" in page.content()
    check(page, "spärrad inloggning")

    audit.assert_clean()
