"""An approval cannot be bypassed, in the browser: the police manager approves a round, the
coordinator then changes one approved follow-up's text for residents, and the report cannot
be published until the police manager has approved it again."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from followups.models import FollowUp, Review
from situations.reference import load_reference_data
from tests.e2e.round_pages import approve, rewrite_for_residents
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory
from tests.helpers import logged_in
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def round_entered(transactional_db, world):
    """A round of a charter in force whose activity and promise the coordinator has entered."""
    load_reference_data()  # flushed by the previous transactional test
    today = timezone.localdate()
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        title="Medborgarlöfte i kraft",
        period_start=today - datetime.timedelta(days=200),
        period_end=today + datetime.timedelta(days=165),
        published=True,
    )
    promise = PromiseFactory(charter=charter, text="Polisen lovar synlighet i centrum.", order=1)
    activity = ActivityFactory(promise=promise, title="Fotpatrullering i centrum", order=1)
    round_ = FollowUpRoundFactory(
        charter=charter,
        title="Kvartal 1",
        period_start=charter.period_start,
        period_end=charter.period_start + datetime.timedelta(days=90),
        due_on=today - datetime.timedelta(days=5),
    )
    FollowUpFactory(
        round=round_,
        activity=activity,
        status=FollowUp.Status.DONE,
        narrative_public="Vi patrullerade varje fredagskväll.",
        author=world.coordinator,
    )
    FollowUpFactory(
        round=round_,
        activity=None,
        promise=promise,
        status="",
        assessment="fulfilled",
        narrative_public="Löftet är infriat.",
        author=world.coordinator,
    )
    return round_


def test_a_changed_approved_follow_up_holds_back_the_report_until_approved_again(
    live_server, browser, round_entered
):
    base = live_server.url
    round_ = round_entered
    patrol = FollowUp.objects.get(round=round_, activity__isnull=False)
    publish_url = base + reverse("followups:round_publish", kwargs={"round_pk": round_.pk})

    context, page = logged_in(browser, base, "police-manager")
    for follow_up in FollowUp.objects.filter(round=round_):
        approve(page, base, follow_up)
    assert Review.objects.filter(decision=Review.Decision.APPROVED).count() == 2
    context.close()

    context, page = logged_in(browser, base, "coordinator")
    rewrite_for_residents(page, base, patrol, "Vi patrullerade varje fredags- och lördagskväll.")
    patrol.refresh_from_db()
    assert patrol.review_decision == ""

    page.goto(publish_url)
    button = page.get_by_role("button", name="Publicera rapporten")
    assert button.is_disabled()
    missing = page.locator("#missing")
    assert "Fotpatrullering i centrum" in missing.inner_text()
    assert "Polisen ska granska igen" in missing.inner_text()
    assert "Rapporten kan publiceras när punkten i listan ovan är klar." in page.content()
    context.close()

    context, page = logged_in(browser, base, "police-manager")
    approve(page, base, patrol)
    context.close()

    context, page = logged_in(browser, base, "coordinator")
    page.goto(publish_url)
    button = page.get_by_role("button", name="Publicera rapporten")
    assert button.is_enabled()
    button.click()
    page.wait_for_load_state()
    round_.refresh_from_db()
    assert round_.published_at is not None
    context.close()
