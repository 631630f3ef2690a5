"""The strict Content-Security-Policy blocks nothing on the main pages: the browser reports no
violation on the kommun page, a charter, the review dashboard, a round's entry page and the
charter's edit page, nor when their forms are sent."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from followups.models import FollowUp
from promises.models import Party
from situations.reference import load_reference_data
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory
from tests.helpers import log_in_with_the_browser
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Collects every violation the page reports, from the first script on: Playwright adds this
# through the DevTools protocol, so the policy does not apply to it.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def followed_up_round(transactional_db, world):
    load_reference_data()  # flushed by the previous transactional test
    today = timezone.localdate()
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        title="Tryggt i Kommun A",
        period_start=today - datetime.timedelta(days=200),
        period_end=today + datetime.timedelta(days=165),
        published=True,
    )
    promise = PromiseFactory(charter=charter, owner=Party.JOINT, order=1)
    activity = ActivityFactory(promise=promise, title="Trygghetsvandring", order=1)
    round_ = FollowUpRoundFactory(
        charter=charter,
        title="Kvartal 1",
        period_start=charter.period_start,
        period_end=charter.period_start + datetime.timedelta(days=90),
        due_on=today - datetime.timedelta(days=5),
    )
    FollowUpFactory(round=round_, activity=activity, status=FollowUp.Status.DONE)
    return round_


def test_the_main_pages_report_no_content_security_policy_violation(
    live_server, browser, followed_up_round
):
    base = live_server.url
    charter = followed_up_round.charter
    context = browser.new_context(locale="sv-SE")
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(15_000)
    console = []
    page.on("console", lambda message: console.append(message.text))
    violations = []

    def visit(url: str) -> None:
        response = page.goto(base + url)
        assert response.status == 200, url
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "unsafe-inline" not in policy
        check(url)

    def check(url: str) -> None:
        page.wait_for_load_state("load")
        reported = page.evaluate("window.__cspViolations")
        violations.extend(f"{url}: {violation}" for violation in reported)

    slug = charter.municipality.slug
    visit(reverse("public:municipality", args=[slug]))
    visit(reverse("public:charter_detail", args=[slug, charter.pk]))
    # The language switch posts and redirects back: form-action 'self' allows both.
    page.get_by_role("button", name="In English").click()
    check("language switch")
    page.get_by_role("button", name="På svenska").click()
    check("language switch back")

    log_in_with_the_browser(page, base, "coordinator")
    check("login")
    visit(reverse("followups:review"))
    visit(reverse("followups:round_entry", args=[charter.pk, followed_up_round.pk]))
    visit(reverse("promises:charter_edit", args=[charter.pk]))
    save = "main form[method='post'] button[type='submit']:not([aria-hidden='true'])"
    page.locator(save).first.click()
    check("charter edit sent")
    context.close()

    assert not violations, "\n".join(violations)
    assert not [text for text in console if "Content Security Policy" in text], console
