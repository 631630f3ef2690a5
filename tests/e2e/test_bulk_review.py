"""Review in bulk, in the browser: a police manager approves a whole round of a kommun in one
action; the coordinator then changes the text for residents of one approved follow-up; the
round cannot publish (the button disabled with the reason, the blocker naming the item) until
the police have seen what changed and approved it again; then the coordinator publishes.
axe finds no WCAG 2.1 A/AA violation on the pages on the way, errors included."""

import pytest
from django.urls import reverse

from followups.filters import period_value
from followups.models import FollowUp, Review
from tests.e2e.audit import AxeAudit
from tests.e2e.round_pages import rewrite_for_residents
from tests.e2e.test_review_reset_flow import round_entered  # noqa: F401 (a fixture)
from tests.helpers import logged_in

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)

NEW_TEXT = "Vi patrullerade varje fredags- och lördagskväll."


def test_a_round_approved_in_one_action_holds_back_the_report_after_a_change(
    live_server,
    browser,
    round_entered,  # noqa: F811
):
    base = live_server.url
    round_ = round_entered
    charter = round_.charter
    patrol = FollowUp.objects.get(round=round_, activity__isnull=False)
    publish_url = base + reverse("followups:round_publish", kwargs={"round_pk": round_.pk})
    filtered_list = (
        base
        + reverse("followups:review")
        + f"?municipality={charter.municipality_id}"
        + f"&round={period_value(round_.period_start, round_.period_end)}"
    )
    audit = AxeAudit()
    check = audit.check

    # The police manager approves the whole round of the kommun in one action.
    context, page = logged_in(browser, base, "police-manager")
    page.goto(filtered_list)
    check(page, "the review list with its bulk form")
    bulk = page.get_by_role("group", name="Granska flera på en gång")
    bulk.get_by_label("Alla uppföljningar i omgången som väljs nedan").check()
    bulk.get_by_label("Omgång, för en hel omgång").select_option(str(round_.pk))
    bulk.get_by_label("Kommentar").fill("Allt stämmer med protokollen.")
    bulk.get_by_role("button", name="Godkänn de valda uppföljningarna").click()
    page.wait_for_load_state()
    page.get_by_text("2 uppföljningar godkända.").wait_for()
    assert page.url == filtered_list
    assert set(FollowUp.objects.values_list("review_decision", flat=True)) == {"approved"}
    assert Review.objects.filter(comment="Allt stämmer med protokollen.").count() == 2
    context.close()

    # The coordinator changes what residents read of one approved follow-up.
    context, page = logged_in(browser, base, "coordinator")
    rewrite_for_residents(page, base, patrol, NEW_TEXT)
    patrol.refresh_from_db()
    assert patrol.review_decision == ""

    # The round cannot publish: the button is disabled, with the reason and the blocker.
    page.goto(publish_url)
    assert page.get_by_role("button", name="Publicera rapporten").is_disabled()
    missing = page.locator("#missing").inner_text()
    assert "Fotpatrullering i centrum" in missing
    assert "Polisen ska granska igen" in missing
    assert "Rapporten kan publiceras när punkten i listan ovan är klar." in page.content()
    context.close()

    # The police manager sees what changed since the approval, from the filtered list.
    context, page = logged_in(browser, base, "police-manager")
    page.goto(filtered_list)
    page.get_by_role("link", name="Fotpatrullering i centrum").click()
    page.wait_for_load_state()
    since = page.get_by_role("region", name="Ändrat sedan den senaste granskningen")
    assert "Vi patrullerade varje fredagskväll." in since.locator("del").inner_text()
    assert NEW_TEXT in since.locator("ins").inner_text()
    check(page, "the follow-up with what changed since the review")

    # Back to the list with its filters; sending back without a comment is refused.
    page.get_by_role("link", name="Tillbaka till granskningen av uppföljningar").click()
    page.wait_for_load_state()
    assert f"municipality={charter.municipality_id}" in page.url
    choose = page.get_by_label(
        f"Välj uppföljningen av Fotpatrullering i centrum, Kommun A, {round_.title}"
    )
    choose.check()
    page.get_by_role("button", name="Skicka tillbaka de valda uppföljningarna").click()
    page.wait_for_load_state()
    page.get_by_text("Ange vad som behöver ändras.").wait_for()
    assert page.get_by_label(
        f"Välj uppföljningen av Fotpatrullering i centrum, Kommun A, {round_.title}"
    ).is_checked()
    check(page, "the review list with an error in the bulk form")
    assert not Review.objects.filter(decision=Review.Decision.NEEDS_CHANGES).exists()

    # Approved again, ticked in the list.
    page.get_by_role("button", name="Godkänn de valda uppföljningarna").click()
    page.wait_for_load_state()
    page.get_by_text("1 uppföljning godkänd.").wait_for()
    patrol.refresh_from_db()
    assert patrol.review_decision == Review.Decision.APPROVED
    context.close()

    # Now the coordinator publishes.
    context, page = logged_in(browser, base, "coordinator")
    page.goto(publish_url)
    button = page.get_by_role("button", name="Publicera rapporten")
    assert button.is_enabled()
    button.click()
    page.wait_for_load_state()
    round_.refresh_from_db()
    assert round_.published_at is not None
    context.close()

    audit.assert_clean()
