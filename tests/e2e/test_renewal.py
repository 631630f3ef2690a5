"""Renewing a charter in a browser: the coordinator starts next period's charter from last
year's, edits one promise (its carried-over mark goes), finds on the checklist before review
what is missing, publishes the lägesbild through the link and sends the charter. Every page of
the way is free of WCAG 2.1 A/AA violations.
"""

import pytest
from django.urls import reverse

from promises.models import Charter
from situations.reference import load_reference_data
from tests.e2e.audit import AxeAudit
from tests.helpers import WEDNESDAY_NOON, log_in_with_the_browser
from tests.promises.factories import build_renewal_setup

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.time_machine(WEDNESDAY_NOON, tick=True)
def test_a_coordinator_renews_a_charter_and_sends_it_through_the_checklist(
    live_server, browser, transactional_db, world
):
    load_reference_data()  # flushed by the previous transactional test
    old = build_renewal_setup(world).charter
    base = live_server.url
    audit = AxeAudit()
    check = audit.check

    page = browser.new_context(locale="sv-SE").new_page()
    log_in_with_the_browser(page, base, "coordinator")
    page.goto(base + reverse("promises:charter", kwargs={"pk": old.pk}))
    check(page, "Published charter with the renew button")
    with page.expect_navigation():
        page.get_by_role("button", name="Nytt medborgarlöfte för nästa period").click()

    new = Charter.objects.get(renewed_from=old)
    assert page.url == base + reverse("promises:charter", kwargs={"pk": new.pk})
    assert "Medborgarlöfte 2026" in page.locator("h1").inner_text()
    assert page.locator(".carried-over").count() == 2
    check(page, "Renewed charter")

    page.goto(base + reverse("promises:promises_edit", kwargs={"pk": new.pk}))
    check(page, "Promises with carried-over marks")
    page.get_by_role("link", name=str(new.promises.get(order=1))).click()
    check(page, "A promise with carried-over marks")
    marks = page.locator(".carried-over").count()
    page.fill("[name='promise-text']", "Polisen lovar fler trafikkontroller vid skolorna.")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara löftet och dess aktiviteter").click()
    assert page.locator(".carried-over").count() == marks - 1

    with page.expect_navigation():
        page.get_by_role(
            "link", name="kontrollera medborgarlöftet och skicka det för granskning"
        ).click()
    assert "Saknas:" in page.content()
    check(page, "Checklist with an unmet item")
    assert page.get_by_role("button", name="Skicka för granskning").count() == 0
    with page.expect_navigation():
        page.get_by_role("link", name="Publicera lägesbilden").click()
    with page.expect_navigation():
        page.locator("form[action$='publicering/'] button[type='submit']").click()

    page.goto(base + reverse("promises:charter_submit", kwargs={"pk": new.pk}))
    assert "Saknas:" not in page.content()
    check(page, "Checklist with every item done")
    # The lägesbild has no prioritised problems: sent anyway, saying why.
    assert "Lägesbilden har inga prioriterade problem" in page.content()
    page.get_by_label("Varför skickas det ändå?").fill("Problemen prioriteras i februari.")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka för granskning").click()

    new.refresh_from_db()
    assert new.status == Charter.Status.REVIEW
    old.refresh_from_db()
    assert old.status == Charter.Status.PUBLISHED
    audit.assert_clean()
