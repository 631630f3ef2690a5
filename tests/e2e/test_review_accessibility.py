"""axe-core finds no WCAG 2.1 A/AA violation on the review pages: the dashboard with its
chart, a follow-up with its review form (plain and with its error shown), and its history;
a review sent back without a comment keeps the choice and says what is missing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from followups.models import FollowUp, Review
from promises.models import Charter, Party
from situations.reference import load_reference_data
from tests.e2e.audit import AxeAudit
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory, ReviewFactory
from tests.helpers import log_in_with_the_browser
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def follow_up_sent_back(transactional_db, world) -> FollowUp:
    load_reference_data()  # flushed by the previous transactional test
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        status=Charter.Status.PUBLISHED,
        signed_on=datetime.date(2025, 1, 10),
        published_at=timezone.now(),
    )
    promise = PromiseFactory(charter=charter, owner=Party.POLICE, order=1)
    first, second = (ActivityFactory(promise=promise, order=n) for n in (1, 2))
    round_ = FollowUpRoundFactory(
        charter=charter,
        title="Kvartal 1 2025",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 3, 31),
        due_on=datetime.date(2025, 4, 15),
    )
    FollowUpFactory(round=round_, activity=second, status=FollowUp.Status.DONE)
    follow_up = FollowUpFactory(round=round_, activity=first, status=FollowUp.Status.DELAYED)
    ReviewFactory(
        follow_up=follow_up,
        reviewer=world.police_manager,
        decision=Review.Decision.NEEDS_CHANGES,
        comment="Ange när passen genomfördes.",
    )
    return follow_up


def test_the_review_pages_have_no_wcag_21_aa_violation(live_server, browser, follow_up_sent_back):
    base = live_server.url
    audit = AxeAudit()
    check = audit.check

    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in_with_the_browser(page, base, "police")
    for name, kwargs in [
        ("followups:review", {}),
        ("followups:follow_up", {"pk": follow_up_sent_back.pk}),
        ("followups:follow_up_history", {"pk": follow_up_sent_back.pk}),
    ]:
        assert page.goto(base + reverse(name, kwargs=kwargs)).status == 200, name
        check(page, name)

    page.goto(base + reverse("followups:review") + "?status=delayed")
    assert page.locator("tbody tr").filter(has_text="Fotpatrullering").count() >= 1
    check(page, "followups:review filtrerad")

    # Sent back without a comment: the error is next to the comment, the choice is kept.
    page.goto(base + reverse("followups:follow_up", kwargs={"pk": follow_up_sent_back.pk}))
    page.locator("input[value='needs_changes']").check()
    page.locator("form:has([name='decision']) button[type='submit']").click()
    page.wait_for_load_state()
    assert page.locator(".invalid-feedback").count() >= 1
    assert page.locator("input[value='needs_changes']").is_checked()
    check(page, "followups:follow_up med fel")
    context.close()

    audit.assert_clean()
