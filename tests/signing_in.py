"""Signing in through the login page in the browser, as a person would: the password, then the
code of an authenticator app for whoever needs the second factor."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.accounts.second_factor import needs_second_factor
from tests.situations.factories import PASSWORD


def logged_in(browser, base: str, username: str):
    """A new browser context with USERNAME logged in; returns (context, page)."""
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in_with_the_browser(page, base, username)
    return context, page


def log_in_with_the_browser(page, base: str, username: str) -> None:
    """Log USERNAME in through the login page, as a person would, and land on the dashboard;
    whoever needs the second factor gives the code of their app (made for them if missing)."""
    user = get_user_model().objects.get(username=username)
    app = None
    if needs_second_factor(user):
        app, _created = TOTPDevice.objects.get_or_create(
            user=user, confirmed=True, defaults={"name": "test"}
        )
    page.goto(base + reverse("accounts:login"))
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    if app is not None:
        page.wait_for_url(base + reverse("accounts:second_factor") + "**")
        page.get_by_label("Kod").fill(totp_code(app))
        page.get_by_role("button", name="Verifiera").click()
    page.wait_for_url(base + reverse("followups:dashboard"))


def totp_code(app) -> str:
    """The code APP shows now, or the next one if this one was used (a code works once)."""
    app.refresh_from_db()
    totp = TOTP(app.bin_key, app.step, app.t0, app.digits, app.drift)
    if totp.t() <= app.last_t:
        # django-otp accepts the next step's code too (tolerance 1), but never one used.
        totp.time += app.step * (app.last_t + 1 - totp.t())
    return f"{totp.token():0{app.digits}d}"
