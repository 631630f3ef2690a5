"""The turn of a year in the browser: in December the coordinator renews the published charter,
edits one promise and sends the draft through the checklist; the police manager approves it
with a signatory for each party; residents see it announced, and on its first day it is the
kommun's current charter while last year's is closed into the archive by the daily command."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from promises.models import Charter
from situations.reference import load_reference_data
from tests.helpers import STOCKHOLM, approve_with_the_browser, logged_in
from tests.promises.factories import build_renewal_setup

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)

DECEMBER = datetime.datetime(2025, 12, 10, 12, 0, tzinfo=STOCKHOLM)  # a Wednesday
NEW_YEAR = datetime.datetime(2026, 1, 1, 9, 0, tzinfo=STOCKHOLM)


def test_a_renewed_charter_is_approved_by_both_parties_and_takes_over_on_its_first_day(
    live_server, browser, transactional_db, world, time_machine
):
    time_machine.move_to(DECEMBER, tick=True)
    load_reference_data()  # flushed by the previous transactional test
    old = build_renewal_setup(world).charter
    base = live_server.url

    # The coordinator renews last year's charter and edits one carried-over promise.
    context, page = logged_in(browser, base, "coordinator")
    page.goto(base + reverse("promises:charter", kwargs={"pk": old.pk}))
    with page.expect_navigation():
        page.get_by_role("button", name="Nytt medborgarlöfte för nästa period").click()
    new = Charter.objects.get(renewed_from=old)
    assert (new.period_start, new.period_end) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
    )
    page.goto(base + reverse("promises:promise_edit", kwargs={"pk": new.promises.get(order=1).pk}))
    page.fill("[name='promise-text']", "Polisen lovar fler trafikkontroller vid skolorna.")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara löftet och dess aktiviteter").click()
    page.get_by_text("Löftet och dess aktiviteter är sparade.").wait_for()

    # The checklist names what is missing (the new lägesbild is a draft) and links to it.
    page.goto(base + reverse("promises:charter", kwargs={"pk": new.pk}))
    with page.expect_navigation():
        page.get_by_role("link", name="Skicka för granskning").click()
    assert "Saknas:" in page.content()
    assert page.get_by_role("button", name="Skicka för granskning").count() == 0
    with page.expect_navigation():
        page.get_by_role("link", name="Publicera lägesbilden").click()
    with page.expect_navigation():
        page.locator("form[action$='publicering/'] button[type='submit']").click()
    page.goto(base + reverse("promises:charter_submit", kwargs={"pk": new.pk}))
    assert "Saknas:" not in page.content()
    # The lägesbild has no prioritised problems: sent anyway, saying why.
    page.get_by_label("Varför skickas det ändå?").fill("Problemen prioriteras i februari.")
    page.get_by_role("button", name="Skicka för granskning").click()
    page.get_by_text("Medborgarlöftet har skickats till polisens chef för granskning.").wait_for()
    context.close()

    # The police manager approves it, signed for the kommun and for the police.
    context, page = logged_in(browser, base, "police-manager")
    with page.expect_navigation():
        page.get_by_role("link", name=f"Godkänn {new.title}").click()
    assert page.input_value("[name='signed_on']") == "2025-12-10"
    approve_with_the_browser(page)
    context.close()
    new.refresh_from_db()
    assert new.status == Charter.Status.PUBLISHED
    assert sorted(new.signatories.values_list("party", flat=True)) == ["municipality", "police"]

    # In December residents read last year's charter and see the new one announced.
    kommun_page = base + reverse("public:municipality", kwargs={"slug": "kommun-a"})
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.goto(kommun_page)
    assert page.locator("h1, h2").filter(has_text="Medborgarlöfte 2025").count() >= 1
    announcement = page.get_by_role("note").filter(has_text="Kommande medborgarlöfte")
    assert "gäller från 1 januari 2026" in announcement.inner_text()
    assert announcement.get_by_role("link", name="Medborgarlöfte 2026").count() == 1

    # On New Year's Day the new charter is current; the daily command archives the old one.
    time_machine.move_to(NEW_YEAR, tick=True)
    out = StringIO()
    call_command("close_ended_charters", stdout=out)
    assert "Medborgarlöfte 2025" in out.getvalue()
    old.refresh_from_db()
    assert old.status == Charter.Status.CLOSED

    page.goto(kommun_page)
    assert page.locator("h1, h2").filter(has_text="Medborgarlöfte 2026").count() >= 1
    assert page.get_by_role("note").filter(has_text="Kommande medborgarlöfte").count() == 0
    earlier = page.locator("section[aria-labelledby='archive']")
    assert earlier.get_by_role("link", name="Medborgarlöfte 2025").count() == 1
    assert "avslutad period" in earlier.inner_text()
    context.close()
