"""The area at a glance in a real browser: axe-core finds no WCAG 2.1 A/AA violation
and the Nu HTML checker no error, with
the local police area filter shown; at 360 px the table scrolls inside its region, not the
page; a figure opens the review dashboard listing as many follow-ups."""

import pytest
from django.urls import reverse

from situations.models import Membership
from situations.reference import load_reference_data
from tests.e2e.audit import AxeAudit
from tests.followups.area_data import build_area
from tests.helpers import log_in_with_the_browser
from tests.situations.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def area(transactional_db, world):
    load_reference_data()  # flushed by the previous transactional test
    MembershipFactory(  # the manager of LPO A, now also of LPO B
        user=world.police_manager,
        role=Membership.Role.POLICE_MANAGER,
        municipality=None,
        police_area=world.other_police_area,
    )
    return build_area(world)


def test_the_area_page_is_accessible_and_scrolls_its_table_on_a_phone(live_server, browser, area):
    base = live_server.url
    url = base + reverse("followups:area")
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in_with_the_browser(page, base, "police-manager")

    assert page.goto(url).status == 200
    assert page.get_by_label("Lokalpolisområde").count() == 1  # two LPOs: the filter shows
    audit = AxeAudit()
    audit.check(page, "område")

    page.get_by_label("Ordna efter").select_option("waiting")
    with page.expect_navigation():
        page.get_by_role("button", name="Visa").click()
    assert page.locator("tbody th").first.inner_text() == "Kommun A"

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    region = page.get_by_role("region", name="kommuner")
    assert region.evaluate("element => element.scrollWidth > element.clientWidth")
    audit.check(page, "område på en telefon")

    row = page.locator("tbody tr").filter(has_text="Kommun A")
    row.get_by_role("link", name="2", exact=True).first.click()  # waiting for review
    page.wait_for_url("**/arbetsyta/granskning/?**")
    assert "2 uppföljningar matchar filtren" in page.locator("[role=status]").first.inner_text()
    context.close()
    audit.assert_clean()
