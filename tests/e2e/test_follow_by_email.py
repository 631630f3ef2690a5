"""A resident follows a kommun by email: subscribes on the kommun page, confirms from the mail,
gets one mail when the coordinator publishes a report, unsubscribes with one click, and gets
nothing when the next report is published. The mails go through a real SMTP server
(tests/smtp_server.py); axe and the Nu HTML checker check every new page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from followups.models import FollowUpRound
from followups.notices.models import Subscription
from situations.reference import load_reference_data
from tests.e2e.audit import AxeAudit
from tests.followups.factories import approved_rounds
from tests.helpers import logged_in
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = "invanare@example.se"


@pytest.fixture
def reviewed_rounds(transactional_db, world) -> list[FollowUpRound]:
    """Two rounds of kommun A's charter in force, every follow-up in and approved."""
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
    return approved_rounds(activity, world.police)


def link_in(body: str, part: str) -> str:
    return next(url for url in re.findall(r"https?://\S+", body) if part in url)


def publish(browser, base: str, round_: FollowUpRound) -> None:
    context, page = logged_in(browser, base, "coordinator")
    page.goto(base + reverse("followups:round_publish", kwargs={"round_pk": round_.pk}))
    page.get_by_role("button", name="Publicera rapporten").click()
    page.wait_for_load_state()
    round_.refresh_from_db()
    assert round_.published_at is not None
    context.close()


def test_a_resident_follows_a_kommun_by_email_and_leaves_with_one_click(
    live_server, browser, reviewed_rounds, smtp_server, settings
):
    base = live_server.url
    settings.SITE_URL = base  # the links in the mails lead to the live server
    audit = AxeAudit()
    resident = browser.new_context(locale="sv-SE")
    page = resident.new_page()

    # A mistyped address: a Swedish message, on the form's own page, with what was typed.
    page.goto(base + reverse("public:municipality", kwargs={"slug": "kommun-a"}))
    page.locator("#follow-email").fill("invanare@")
    with page.expect_navigation():
        page.get_by_role("button", name="Följ via e-post").click()
    assert "Skriv e-postadressen som namn@exempel.se." in page.content()
    assert page.locator("#follow-email").input_value() == "invanare@"
    audit.check(page, "följ: fel adress")

    page.locator("#follow-email").fill(ADDRESS)
    with page.expect_navigation():
        page.get_by_role("button", name="Följ via e-post").click()
    page.get_by_role("heading", name="Titta i din e-post").wait_for()
    audit.check(page, "följ: länk skickad")

    [confirmation] = smtp_server.to(ADDRESS)
    page.goto(link_in(smtp_server.body(confirmation), "/folj/bekrafta/"))
    audit.check(page, "följ: bekräfta")
    with page.expect_navigation():
        page.get_by_role("button", name="Bekräfta").click()
    page.get_by_role("heading", name="Du följer Kommun A").wait_for()
    audit.check(page, "följ: bekräftad")
    assert Subscription.objects.get().confirmed_at is not None

    publish(browser, base, reviewed_rounds[0])
    [_, notice] = smtp_server.to(ADDRESS)
    assert notice["Subject"] == "Uppföljning av medborgarlöftet i Kommun A: Kvartal 1"
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    report = link_in(smtp_server.body(notice), "/uppfoljning/")
    page.goto(report)
    assert page.get_by_text("Kvartal 1").count() >= 1

    # One click: the link in the mail, then the button (a mail program POSTs it directly).
    page.goto(notice["List-Unsubscribe"].strip("<>"))
    audit.check(page, "sluta följa")
    with page.expect_navigation():
        page.get_by_role("button", name="Sluta få e-post").click()
    page.get_by_role("heading", name="Du får inga fler e-postmeddelanden").wait_for()
    audit.check(page, "slutat följa")
    assert not Subscription.objects.exists()
    resident.close()

    publish(browser, base, reviewed_rounds[1])
    assert len(smtp_server.to(ADDRESS)) == 2  # the confirmation and the first report only
    audit.assert_clean()
