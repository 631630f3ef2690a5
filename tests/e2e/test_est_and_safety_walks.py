"""EST and safety walks in a browser: a reporter's observation refused for a phone number with
the text kept, then sent; the coordinator finds it in the grid; a walk's finding recorded. Every
new page is free of WCAG 2.1 A/AA violations, in its plain state and with its errors shown.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from promises.models import Activity, Charter, Party
from situations.models import Membership, Observation
from situations.reference import load_reference_data
from tests.e2e.audit import AxeAudit
from tests.helpers import WEDNESDAY_NOON, log_in_with_the_browser
from tests.promises.factories import (
    ActivityFactory,
    CharterFactory,
    PromiseFactory,
    SafetyWalkFactory,
    WalkFindingFactory,
)
from tests.situations.factories import (
    PlaceFactory,
    ReportingOrganisationFactory,
    SituationReportFactory,
)

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)

PHONE_TEXT = "Ring fastighetsjouren på 070-123 45 67 om lampan släcks igen."
VALID_TEXT = "Lampan i gångtunneln är släckt, mörkt hela kvällen."


def submit(page) -> None:
    """Send the page's main form (the last one that posts; the first is logging out)."""
    with page.expect_navigation():
        page.locator("main form[method='post'] button[type='submit']").last.click()


@pytest.fixture
def est_world(transactional_db, world):
    load_reference_data()  # flushed by the previous transactional test
    PlaceFactory(municipality=world.municipality, name="Gångtunneln")
    PlaceFactory(municipality=world.municipality, name="Torget")
    school = ReportingOrganisationFactory(municipality=world.municipality, name="Skolan")
    Membership.objects.filter(user=world.reporter).update(organisation=school)
    SituationReportFactory(municipality=world.municipality)
    year = timezone.localdate().year
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
        status=Charter.Status.PUBLISHED,
        signed_on=datetime.date(year, 1, 10),
        published_at=timezone.now(),
    )
    activity = ActivityFactory(
        promise=PromiseFactory(charter=charter, owner=Party.JOINT, order=1),
        kind=Activity.Kind.SAFETY_WALK,
        title="Trygghetsvandring i centrum",
    )
    walk = SafetyWalkFactory(activity=activity, date=datetime.date(year, 4, 14))
    WalkFindingFactory(walk=walk, status="done", done_on=datetime.date(year, 5, 1))
    WalkFindingFactory(walk=walk, location="Busskuren")
    return {"activity": activity, "organisation": school}


# This week's observation is in the grid's default weeks; the live server's clock keeps moving.
@pytest.mark.time_machine(WEDNESDAY_NOON, tick=True)
def test_a_reporters_observation_reaches_the_coordinators_grid(live_server, browser, est_world):
    base = live_server.url
    audit = AxeAudit()
    check = audit.check

    kommun = {"slug": "kommun-a"}
    reporter = browser.new_context(locale="sv-SE").new_page()
    log_in_with_the_browser(reporter, base, "reporter")
    reporter.goto(base + reverse("situations:est_report", kwargs=kommun))
    check(reporter, "EST report")
    reporter.select_option("[name='place']", label="Gångtunneln")
    reporter.select_option("[name='category']", value="unsafe_place")
    reporter.check("[name='level'][value='4']")
    reporter.fill("[name='description']", PHONE_TEXT)
    submit(reporter)

    reporter.wait_for_selector("#not-saved")
    assert "EST" in reporter.locator("#id_description_error, .invalid-feedback").first.inner_text()
    assert reporter.input_value("[name='description']") == PHONE_TEXT
    assert reporter.is_checked("[name='level'][value='4']")
    check(reporter, "EST report with an error")
    assert not Observation.objects.exists()

    reporter.fill("[name='description']", VALID_TEXT)
    submit(reporter)
    reporter.wait_for_selector(".alert-success")
    assert VALID_TEXT in reporter.content()
    observation = Observation.objects.get()
    reporter.goto(base + reverse("situations:est_observation_edit", kwargs={"pk": observation.pk}))
    check(reporter, "EST observation edit")
    reporter.context.close()

    coordinator = browser.new_context(locale="sv-SE").new_page()
    log_in_with_the_browser(coordinator, base, "coordinator")
    coordinator.goto(base + reverse("situations:est_grid", kwargs=kommun))
    cell = coordinator.locator("td.est-cell details").first
    assert cell.locator(".est-level-4").inner_text().startswith("4 – ")
    cell.locator("summary").click()
    assert VALID_TEXT in cell.inner_text()
    assert "Skolan" in cell.inner_text()
    check(coordinator, "EST grid")

    # A period that ends before it starts: the message, and the grid of the last weeks.
    coordinator.goto(
        base + reverse("situations:est_grid", kwargs=kommun) + "?fran=2026-03-15&till=2026-03-01"
    )
    check(coordinator, "EST grid with an error")

    year, quarter = observation.week.year, (observation.week.month - 1) // 3 + 1
    coordinator.goto(
        base + reverse("situations:est_summary", kwargs=kommun) + f"?ar={year}&kvartal={quarter}"
    )
    check(coordinator, "EST summary")
    submit(coordinator)
    coordinator.wait_for_selector("#not-saved")
    check(coordinator, "EST summary with an error")

    coordinator.goto(base + reverse("situations:est_organisations", kwargs=kommun))
    check(coordinator, "EST organisations")
    submit(coordinator)
    coordinator.wait_for_selector("#not-saved")
    check(coordinator, "EST organisations with an error")
    coordinator.goto(
        base
        + reverse("situations:est_organisation_edit", kwargs={"pk": est_world["organisation"].pk})
    )
    check(coordinator, "EST organisation edit")

    walk_url = base + reverse("promises:safety_walk", kwargs={"pk": est_world["activity"].pk})
    coordinator.goto(walk_url)
    check(coordinator, "Safety walk")
    coordinator.fill("[name='walk-summary']", "Sammanfattning som ska finnas kvar.")
    coordinator.select_option("[name='findings-2-problem']", value="vegetation")
    submit(coordinator)
    coordinator.wait_for_selector("#not-saved")
    assert (
        coordinator.input_value("[name='walk-summary']") == "Sammanfattning som ska finnas kvar."
    )
    check(coordinator, "Safety walk with an error")
    coordinator.fill("[name='findings-2-location']", "Lekplatsen")
    submit(coordinator)
    coordinator.wait_for_selector(".alert-success")

    coordinator.goto(
        base + reverse("promises:safety_walk_history", kwargs={"pk": est_world["activity"].pk})
    )
    check(coordinator, "Safety walk history")
    coordinator.goto(
        base + reverse("promises:charter", kwargs={"pk": est_world["activity"].promise.charter_id})
    )
    check(coordinator, "Charter with its safety walks")
    coordinator.goto(base + reverse("followups:dashboard"))
    assert "Lekplatsen" in coordinator.content()
    check(coordinator, "Dashboard with open findings")
    coordinator.goto(base + reverse("followups:municipality_workspace", kwargs=kommun))
    check(coordinator, "Kommun workspace with walks")
    coordinator.goto(base + reverse("public:municipality", kwargs=kommun))
    assert "Sammanfattning som ska finnas kvar." in coordinator.content()
    check(coordinator, "Public kommun page with a walk")
    coordinator.context.close()

    audit.assert_clean()
