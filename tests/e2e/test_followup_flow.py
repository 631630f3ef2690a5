"""A round followed up in the browser: the coordinator enters it, the police manager reviews
it, the coordinator publishes the report, and residents read it on the kommun page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from followups.models import FollowUp, Review
from situations.reference import load_reference_data
from tests.followups.factories import FollowUpRoundFactory
from tests.helpers import logged_in
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def round_due(transactional_db, world):
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
    ActivityFactory(promise=promise, title="Fotpatrullering i centrum", order=1)
    return FollowUpRoundFactory(
        charter=charter,
        title="Kvartal 1",
        period_start=charter.period_start,
        period_end=charter.period_start + datetime.timedelta(days=90),
        due_on=today - datetime.timedelta(days=5),
    )


def test_a_round_is_entered_reviewed_and_its_report_published(live_server, browser, round_due):
    base = live_server.url
    charter = round_due.charter

    context, page = logged_in(browser, base, "coordinator")
    page.get_by_role("link", name="Kvartal 1").first.click()  # from "what is due"
    page.get_by_role("button", name="Spara uppföljningen").wait_for()
    # Rows are named after the activity's and the promise's ids.
    activity = f"activity-{round_due.charter.promises.get().activities.get().pk}"
    promise = f"promise-{round_due.charter.promises.get().pk}"
    # Each promise is a section that starts closed: open it.
    page.locator(f"#{promise}-section > summary").click()
    page.select_option(f"[name='{activity}-status']", "done")
    page.fill(f"[name='{activity}-narrative_public']", "Vi patrullerade varje fredagskväll.")
    page.fill(f"[name='{activity}-narrative_internal']", "Intern anteckning om bemanningen.")
    page.select_option(f"[name='{promise}-assessment']", "fulfilled")
    page.fill(f"[name='{promise}-narrative_public']", "Löftet är infriat.")
    page.get_by_role("button", name="Spara uppföljningen").click()
    page.wait_for_load_state()
    assert FollowUp.objects.filter(round=round_due).count() == 2
    context.close()

    context, page = logged_in(browser, base, "police-manager")
    page.goto(base + reverse("followups:review"))
    links = page.locator("a[href*='/arbetsyta/uppfoljningar/']")
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert len(hrefs) == 2
    for href in sorted(hrefs):
        page.goto(base + href)
        page.get_by_label("Godkänd").check()
        page.get_by_role("button", name="Spara granskningen").click()
        page.wait_for_load_state()
    assert Review.objects.filter(decision=Review.Decision.APPROVED).count() == 2
    context.close()

    context, page = logged_in(browser, base, "coordinator")
    page.goto(base + reverse("followups:round_publish", kwargs={"round_pk": round_due.pk}))
    page.get_by_role("button", name="Publicera rapporten").click()
    page.wait_for_load_state()
    round_due.refresh_from_db()
    assert round_due.published_at is not None
    context.close()

    resident = browser.new_context(locale="sv-SE")
    page = resident.new_page()
    page.goto(base + reverse("public:municipality", kwargs={"slug": "kommun-a"}))
    page.get_by_text("Kvartal 1").first.click()  # the report opens
    page.wait_for_url("**/uppfoljning/**")
    page.wait_for_load_state()
    # Under the activity (its latest follow-up) and in the report.
    assert page.get_by_text("Vi patrullerade varje fredagskväll.").count() >= 1
    assert page.get_by_text("Intern anteckning").count() == 0
    assert charter.title in page.content()
    resident.close()
