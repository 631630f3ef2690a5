"""The error pages as a reader meets them in Chromium: in the site's layout, with a way back,
and clean to axe-core and the Nu HTML checker, like every other page."""

import pytest
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.audit import AxeAudit
from tests.helpers import log_in_with_the_browser

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_the_error_pages_are_in_the_layout_and_clean(live_server, page, world):
    base = live_server.url
    audit = AxeAudit()

    response = page.goto(base + "/kommuner/finns-inte/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Vi hittar inte sidan"
    audit.check(page, "404")
    page.get_by_role("link", name="Gå till startsidan").click()
    expect(page).to_have_url(base + reverse("public:home"))

    for path, status in [("/prov/400/", 400), ("/prov/500/", 500)]:
        assert page.goto(base + path).status == status
        assert page.locator("html").get_attribute("lang") == "sv"
        audit.check(page, str(status))

    log_in_with_the_browser(page, base, "reporter")
    workspace = reverse("followups:municipality_workspace", kwargs={"slug": "kommun-a"})
    assert page.goto(base + workspace).status == 403
    assert "samordnare" in page.locator("main").inner_text()
    audit.check(page, "403")
    audit.assert_clean()
