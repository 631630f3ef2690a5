"""The chain in a browser: the coordinator adds a prioritised problem with its cause analysis to
the lägesbild, links two promises to it, finds the third, unlinked promise among the warnings
before review and sends the charter saying why; once it is approved, residents read under
each linked promise "Därför:" with the finding's figure. Every page of the way is free of WCAG
2.1 A/AA violations.

Screenshots of the promise's page, the checklist and the public page at 1280 and 360 pixels go
to /tmp/shots-link/ (not part of the repository), to be looked at.
"""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from promises import services
from promises.models import Charter, Party, Signatory
from situations.models import Problem, Source
from situations.reference import load_reference_data
from tests.e2e.audit import AxeAudit
from tests.helpers import WEDNESDAY_NOON, log_in_with_the_browser, public_kommun_url
from tests.promises.factories import (
    ActivityFactory,
    CharterFactory,
    ContactFactory,
    PromiseFactory,
)
from tests.situations.factories import FindingFactory, SituationReportFactory, SourceFactory

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/tmp/shots-link")
FINDING = "60 % av de som deltagit i dialogerna vill ha en mer tillgänglig polis."
PROBLEM = "Otrygghet i centrala Säffle på kvällarna"


def shoot(page, name: str) -> None:
    """The page at a desktop's and at a phone's width, whole."""
    SHOTS.mkdir(exist_ok=True)
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def draft_charter(world) -> Charter:
    """A draft of this year, ready for review but for the links: a published lägesbild with a
    public finding and no problems yet, three promises with an activity each, a contact."""
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    report = SituationReportFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        title="Lägesbild 2026",
        period_start=start,
        period_end=end,
        published=True,
    )
    dialogue = SourceFactory(
        report=report, kind=Source.Kind.CITIZEN_DIALOGUE, title="Medborgardialoger 2025"
    )
    FindingFactory(report=report, source=dialogue, text=FINDING, value=60, unit="%", order=1)
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        situation_report=report,
        title="Medborgarlöfte 2026",
        period_start=start,
        period_end=end,
    )
    for order, (owner, title) in enumerate(
        [
            (Party.POLICE, "Synlig polis i centrum"),
            (Party.JOINT, "Mötesplatser med polisen"),
            (Party.MUNICIPALITY, "Bättre belysning i parkerna"),
        ],
        start=1,
    ):
        promise = PromiseFactory(charter=charter, owner=owner, title=title, order=order)
        ActivityFactory(promise=promise, responsible_party=Party.POLICE, order=1)
    ContactFactory(charter=charter, email="samordnare@saffle.se")
    return charter


def link_to_the_problem(page, base: str, promise, audit: AxeAudit | None = None) -> None:
    page.goto(base + reverse("promises:promise_edit", kwargs={"pk": promise.pk}))
    page.get_by_role("group", name="Vilka problem svarar löftet på?").get_by_label(
        f"1. {PROBLEM}"
    ).check()
    if audit is not None:
        audit.check(page, "Promise page with the problem ticked")
        shoot(page, "promise-editor")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara löftet och dess aktiviteter").last.click()
    page.get_by_text("Löftet och dess aktiviteter är sparade.").wait_for()


@pytest.mark.time_machine(WEDNESDAY_NOON, tick=True)
def test_a_problem_linked_to_two_promises_shows_why_under_each_on_the_public_page(
    live_server, browser, transactional_db, world
):
    load_reference_data()  # flushed by the previous transactional test
    charter = draft_charter(world)
    report = charter.situation_report
    patrol, meetings, lights = charter.promises.order_by("order")
    base = live_server.url
    audit = AxeAudit()
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in_with_the_browser(page, base, "coordinator")

    # The prioritised problem with its cause analysis, shown by the finding.
    page.goto(base + reverse("situations:report_edit", kwargs={"pk": report.pk}))
    page.fill("[name='problems-0-title']", PROBLEM)
    page.fill("[name='problems-0-priority']", "1")
    page.fill("[name='problems-0-cause_situation']", "Mörka och öde gator efter kl. 20.")
    page.fill("[name='problems-0-cause_offenders']", "Unga vuxna som samlas vid torget.")
    page.fill("[name='problems-0-cause_victims']", "Äldre och kvinnor som går hem ensamma.")
    page.locator("[name='problems-0-findings']").first.check()
    audit.check(page, "Lägesbild editor with a new problem")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara", exact=True).last.click()
    problem = Problem.objects.get(report=report)
    assert problem.cause_offenders == "Unga vuxna som samlas vid torget."
    assert [finding.text for finding in problem.findings.all()] == [FINDING]

    # Two promises answer it; the list of promises says so, and that the third answers none.
    link_to_the_problem(page, base, patrol, audit)
    link_to_the_problem(page, base, meetings)
    page.goto(base + reverse("promises:promises_edit", kwargs={"pk": charter.pk}))
    assert page.locator(".promise-answers").filter(has_text=PROBLEM).count() == 2
    assert page.get_by_text("Svarar inte på något problem").count() == 1

    # The checklist names the unlinked promise; sending asks why, and refuses without it.
    page.goto(base + reverse("promises:charter_submit", kwargs={"pk": charter.pk}))
    warnings = page.locator(".link-warnings")
    assert "Ett löfte svarar inte på något problem" in warnings.inner_text()
    assert lights.title in warnings.inner_text()
    audit.check(page, "Checklist with a warning")
    shoot(page, "submit")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka för granskning").click()
    assert "Skriv varför medborgarlöftet skickas" in page.content()
    audit.check(page, "Checklist refusing to send without a reason")
    page.get_by_label("Varför skickas det ändå?").fill(
        "Belysningen bygger på trygghetsvandringen."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka för granskning").click()
    page.get_by_text("Medborgarlöftet har skickats till polisens chef för granskning.").wait_for()
    charter.refresh_from_db()
    assert charter.status == Charter.Status.REVIEW
    assert charter.unlinked_reason == "Belysningen bygger på trygghetsvandringen."
    context.close()

    # The police manager approves it (through the service: the approval page has its own test).
    services.charter_approve(
        charter=charter,
        user=world.police_manager,
        signed_on=datetime.date(2026, 2, 1),
        signatories=[
            Signatory(
                name="Anna Ordförande",
                title="Kommunstyrelsens ordförande",
                party=Party.MUNICIPALITY,
                organisation="Säffle kommun",
            ),
            Signatory(
                name="Per Polis",
                title="Lokalpolisområdeschef",
                party=Party.POLICE,
                organisation="Polisen",
            ),
        ],
    )

    resident = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = resident.new_page()
    page.goto(base + public_kommun_url(charter.municipality))
    for promise, linked in ((patrol, True), (meetings, True), (lights, False)):
        article = page.locator(f"article[aria-labelledby='promise-{promise.pk}']")
        because = article.locator(".promise-because")
        assert because.count() == (1 if linked else 0)
        if linked:
            text = because.inner_text()
            assert text.startswith("Därför:") and PROBLEM in text
            assert "60 %" in text and "vill ha en mer tillgänglig polis" in text
    assert "Belysningen bygger på trygghetsvandringen." not in page.content()
    audit.check(page, "Public kommun page with Därför")
    shoot(page, "public")
    resident.close()
    audit.assert_clean()
