"""What the browser tests share: the axe-core rules they check and logging in by the form."""

from django.urls import reverse

from tests.situations.factories import PASSWORD

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def log_in(page, base: str, username: str) -> None:
    """Log USERNAME in through the login page, as a person would, and land on the dashboard."""
    page.goto(base + reverse("accounts:login"))
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(base + reverse("followups:dashboard"))
