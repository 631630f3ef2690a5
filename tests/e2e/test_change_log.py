"""A coordinator corrects a published charter in the browser, with a reason; residents read
the correction on the change log (Ändringar sedan undertecknandet), in the Atom feed and in the
open data, and nothing internal: a marker in every internal field of the charter, its promises
and activities and its follow-ups never reaches any of them. axe-core and the Nu HTML checker
check every page on the way."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from promises.models import Activity, Charter, Party
from situations.reference import load_reference_data
from tests.e2e.audit import AxeAudit
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory
from tests.helpers import log_in_with_the_browser
from tests.promises.factories import (
    ActivityFactory,
    CharterFactory,
    ContactFactory,
    PromiseFactory,
    SignatoryFactory,
)
from tests.situations.factories import ProblemFactory, SituationReportFactory, SourceFactory

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)

MARKER = "INTERNMARKÖR7Q"
REASON = "Mötena är på torsdagar, inte tisdagar."
OLD_SUMMARY = "Vi möts på tisdagar i centrum."
NEW_SUMMARY = "Vi möts på torsdagar i centrum."


@pytest.fixture
def published(transactional_db, world) -> Charter:
    """Kommun A's published charter for this year, with MARKER in every internal field."""
    load_reference_data()  # the flush of a transactional test removes it
    year = datetime.date.today().year
    report = SituationReportFactory(
        municipality=world.municipality,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        published=True,
    )
    SourceFactory(report=report, title=f"{MARKER}-intern källa", is_internal=True)
    internal_problem = ProblemFactory(
        report=report, title=f"{MARKER}-internt problem", is_internal=True
    )
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        situation_report=report,
        title=f"Medborgarlöfte {year}",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        summary=OLD_SUMMARY,
        status=Charter.Status.PUBLISHED,
        signed_on=datetime.date(year, 1, 15),
        published_at=datetime.datetime(year, 1, 15, 12, tzinfo=datetime.UTC),
        review_comment=f"{MARKER}-granskning",
        unlinked_reason=f"{MARKER}-saknad koppling",
        withdrawal_reason=f"{MARKER}-återkallelse",
        import_digest=f"{MARKER}-fingeravtryck",
    )
    SignatoryFactory(charter=charter, name="Anna Ordförande", party=Party.MUNICIPALITY, order=1)
    SignatoryFactory(charter=charter, name="Per Polischef", party=Party.POLICE, order=2)
    ContactFactory(charter=charter, name="Kim Kommunpolis", order=1)
    promise = PromiseFactory(
        charter=charter, owner=Party.MUNICIPALITY, title="Trygg parkering", order=1
    )
    promise.problems.add(internal_problem)
    public = ActivityFactory(promise=promise, title="Kvällsvandring", order=1)
    hidden = ActivityFactory(
        promise=promise,
        title=f"{MARKER}-dold aktivitet",
        description=f"{MARKER}-dold beskrivning",
        responsible_function=f"{MARKER}-dold funktion",
        recurrence=f"{MARKER}-dold tid",
        expected_effect=f"{MARKER}-dold effekt",
        is_public=False,
        order=2,
    )
    round_ = FollowUpRoundFactory(
        charter=charter,
        title="Halvår 1",
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 6, 30),
        due_on=datetime.date(year, 7, 15),
        published_at=datetime.datetime(year, 7, 20, 12, tzinfo=datetime.UTC),
    )
    for activity in (public, hidden):
        FollowUpFactory(
            round=round_,
            activity=activity,
            narrative_public="Vandringen gjordes." if activity is public else f"{MARKER}-dold",
            narrative_internal=f"{MARKER}-intern berättelse",
        )
    FollowUpFactory(
        round=round_,
        for_promise=True,
        promise=promise,
        narrative_internal=f"{MARKER}-intern bedömning",
    )
    return charter


def test_a_correction_with_a_reason_reaches_the_change_log_the_feed_and_the_open_data(
    live_server, browser, world, published
):
    base = live_server.url
    audit = AxeAudit()
    check = audit.check
    coordinator = browser.new_context(locale="sv-SE")
    page = coordinator.new_page()
    page.set_default_timeout(15_000)
    # The coordinator has a name; the change log must never tell it.
    get_user_model().objects.filter(username="coordinator").update(
        first_name="Cecilia", last_name="Samordnarsson"
    )
    log_in_with_the_browser(page, base, "coordinator")

    # The charter's texts: without a reason nothing is saved and nothing typed is lost.
    page.goto(base + reverse("promises:charter_edit", kwargs={"pk": published.pk}))
    check(page, "rätta medborgarlöftet")
    page.get_by_label("Sammanfattning").fill(NEW_SUMMARY)
    page.get_by_role("button", name="Spara", exact=True).last.click()
    page.get_by_text(
        "Medborgarlöftet är publicerat: skriv kort varför det rättas."
    ).first.wait_for()
    check(page, "rättelse utan skäl")
    assert page.get_by_label("Sammanfattning").input_value() == NEW_SUMMARY
    published.refresh_from_db()
    assert published.summary == OLD_SUMMARY

    page.get_by_label("Varför medborgarlöftet rättas").fill(REASON)
    page.get_by_role("button", name="Spara", exact=True).last.click()
    page.get_by_text("Medborgarlöftet är sparat.").wait_for()

    # A promise's page: a public activity renamed, the hidden one's text changed too.
    promise = published.promises.get()
    page.goto(base + reverse("promises:promise_edit", kwargs={"pk": promise.pk}))
    for index in (0, 1):  # each saved activity is folded under its title
        if not page.locator(f"[name='activities-{index}-title']").is_visible():
            page.locator(f"details:has([name='activities-{index}-title']) > summary").click()
    page.locator("[name='activities-0-title']").fill("Kvällsvandring i parken")
    page.locator("[name='activities-1-description']").fill(f"{MARKER}-ny dold beskrivning")
    page.get_by_label("Varför medborgarlöftet rättas").fill("Vandringen går i parken.")
    check(page, "rätta ett löfte")
    page.get_by_role("button", name="Spara löftet och dess aktiviteter").last.click()
    page.get_by_text("Löftet och dess aktiviteter är sparade.").wait_for()
    assert Activity.objects.get(pk=promise.activities.get(order=1).pk).title == (
        "Kvällsvandring i parken"
    )

    # A resident finds the change log from the charter's page.
    resident = browser.new_context(locale="sv-SE").new_page()
    resident.set_default_timeout(15_000)
    resident.goto(base + published.get_absolute_url())
    resident.get_by_role("link", name="Ändringar sedan undertecknandet").click()
    resident.get_by_role("heading", name="Ändringar sedan undertecknandet").wait_for()
    check(resident, "ändringar sedan undertecknandet")
    text = resident.content()
    assert REASON in text
    assert "Vandringen går i parken." in text
    assert OLD_SUMMARY in text and NEW_SUMMARY in text
    assert "Kvällsvandring" in text and "Kvällsvandring i parken" in text
    parties = resident.locator("dt:text-is('Rättat av') + dd").all_inner_texts()
    assert parties == ["Kommunen", "Kommunen"]  # the party of each correction, never who
    assert "Samordnarsson" not in text and "coordinator" not in text
    assert MARKER not in text

    # The kommun page links to it too.
    resident.goto(base + reverse("public:municipality", kwargs={"slug": "kommun-a"}))
    assert resident.get_by_role("link", name="Ändringar sedan undertecknandet").count() == 1

    feed = resident.request.get(
        base + reverse("opendata:municipality_feed", kwargs={"slug": "kommun-a"})
    )
    assert REASON in feed.text()
    assert MARKER not in feed.text()
    national = resident.request.get(base + reverse("opendata:national_feed"))
    assert REASON in national.text() and MARKER not in national.text()
    data = resident.request.get(
        base + reverse("opendata:api_charter", kwargs={"pk": published.pk})
    )
    assert [c["reason"] for c in data.json()["corrections"]] == [
        "Vandringen går i parken.",
        REASON,
    ]
    assert MARKER not in data.text()

    coordinator.close()
    audit.assert_clean()
