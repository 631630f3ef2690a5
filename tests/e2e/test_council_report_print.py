"""The council report on A4 paper, in Chromium: for Essunga 2021 (the demo) and a kommun of the
national demo, in Swedish and English, no table is wider than the printed page, every table
repeats its head on each page and keeps its rows whole, the site's navigation is not printed,
and the page is free of WCAG 2.1 A/AA violations. A coordinator publishes a report through the
browser and residents find it from the kommun page. Each is printed to a PDF (A4): set
COUNCIL_PDF_DIR to keep them (README, the browser tests), else they go to a temporary folder.
"""

import datetime
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from followups.demo import national
from followups.models import CouncilReport
from promises.models import Charter
from situations.models import Municipality, SituationReport
from situations.reference import load_reference_data
from tests.e2e.audit import AxeAudit
from tests.followups.council_data import rich_charter
from tests.helpers import log_in_with_the_browser
from tests.promises.factories import (
    IndicatorFactory,
    MeasurementFactory,
    SafetyWalkFactory,
    WalkFindingFactory,
)
from tests.situations.factories import FindingFactory, ProblemFactory

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)

# A4 less the print view's margins of 2 cm: 17 cm, in CSS pixels (96 per inch).
PRINTED_WIDTH = round(170 / 25.4 * 96)

MEASURE = """() => {
  const main = document.querySelector("main");
  const limit = main.getBoundingClientRect().right + 0.5;
  return {
    tables: [...document.querySelectorAll(".council-report table")].map((table) => ({
      name: table.dataset.table,
      right: table.getBoundingClientRect().right,
      scroll: table.scrollWidth,
      width: table.clientWidth,
      head: getComputedStyle(table.tHead).display,
      rows: [...table.rows].every((row) => getComputedStyle(row).breakInside === "avoid"),
    })),
    limit: limit,
    pageWidth: document.documentElement.scrollWidth,
    header: getComputedStyle(document.querySelector(".site-header")).display,
    footer: getComputedStyle(document.querySelector(".site-footer")).display,
  };
}"""


def with_problem_indicator_and_walk(charter: Charter) -> None:
    """What the generator does not make, so that its sections are printed too."""
    report = charter.situation_report
    SituationReport.objects.filter(pk=report.pk).update(status=SituationReport.Status.PUBLISHED)
    problem = ProblemFactory(
        report=report,
        title="Trafiken vid skolorna",
        description="Många kör för fort vid skolorna i tätorten morgon och eftermiddag.",
        cause_situation="Breda raka gator utan farthinder.",
        cause_offenders="Föräldrar som lämnar barn i sista stund.",
        cause_victims="Barn som går och cyklar till skolan.",
    )
    problem.findings.add(
        FindingFactory(
            report=report,
            value="26.5",
            unit="%",
            text="26,5 % av de svarande känner sig otrygga i trafiken vid skolan.",
        )
    )
    promises = list(charter.promises.order_by("order", "id"))
    for promise in promises[:2]:
        promise.problems.add(problem)
    indicator = IndicatorFactory(
        promise=promises[0], name="Andel som kör för fort vid skolorna", baseline=30, target=20
    )
    MeasurementFactory(indicator=indicator, date=datetime.date(2025, 11, 1), value=24)
    walk = SafetyWalkFactory(
        activity__promise=promises[0],
        activity__order=99,
        activity__title="Trygghetsvandring vid skolan",
        date=datetime.date(2025, 5, 5),
    )
    WalkFindingFactory(walk=walk, status="done", done_on=datetime.date(2025, 6, 1))
    WalkFindingFactory(walk=walk, location="Cykelbanan vid Vikaskolan")


@pytest.fixture
def reports(transactional_db) -> list[tuple[Municipality, int]]:
    """The demo's Essunga 2021 and a generated kommun's 2025, both published."""
    load_reference_data()  # flushed by the previous transactional test
    call_command("load_demo", verbosity=0)
    national.generate_national(today=datetime.date(2026, 6, 1), years=[2025], municipality_limit=1)
    generated = Charter.objects.get(
        period_start=datetime.date(2025, 1, 1), title__endswith="(exempeldata)"
    )
    with_problem_indicator_and_walk(generated)
    found = [(Municipality.objects.get(slug="essunga"), 2021), (generated.municipality, 2025)]
    for municipality, year in found:
        CouncilReport.objects.create(
            municipality=municipality,
            year=year,
            foreword="Kommunstyrelsen lämnar här sin årliga rapport till kommunfullmäktige.",
            status=CouncilReport.Status.PUBLISHED,
            published_at=timezone.now(),
        )
    return found


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_council_report_prints_on_a4_without_cut_tables(
    browser, live_server, reports, language, tmp_path
):
    out = Path(os.environ.get("COUNCIL_PDF_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    audit = AxeAudit()
    context = browser.new_context(
        locale="sv-SE", viewport={"width": PRINTED_WIDTH, "height": 1000}
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    for municipality, year in reports:
        url = reverse("public:council_report", kwargs={"slug": municipality.slug, "year": year})
        page.goto(live_server.url + url)
        assert page.locator("html").get_attribute("lang") == language
        audit.check(page, f"{municipality.slug} {year} ({language})")

        page.emulate_media(media="print")
        measured = page.evaluate(MEASURE)

        assert measured["tables"], "the report shows its tables"
        for table in measured["tables"]:
            assert table["right"] <= measured["limit"], table
            assert table["scroll"] <= table["width"] + 1, table
            assert table["head"] == "table-header-group", table
            assert table["rows"], table
        assert measured["pageWidth"] <= PRINTED_WIDTH
        assert measured["header"] == measured["footer"] == "none"

        pdf = out / f"{municipality.slug}-{year}-{language}.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        assert pdf.read_bytes().startswith(b"%PDF")
        page.emulate_media(media="screen")
    context.close()
    audit.assert_clean()


def test_a_coordinator_publishes_the_report_and_residents_find_it(page, live_server, world):
    load_reference_data()  # flushed by the previous transactional test
    rich_charter(world.municipality, world.police_area)
    base = live_server.url
    audit = AxeAudit()
    log_in_with_the_browser(page, base, "coordinator")

    page.goto(base + reverse("followups:municipality_workspace", kwargs={"slug": "kommun-a"}))
    page.get_by_role("link", name="Rapport till kommunfullmäktige 2021").click()
    audit.check(page, "the draft report in the workspace")
    page.get_by_label("Förord").fill("Ett år av samverkan mellan kommunen och polisen.")
    with page.expect_navigation():
        page.get_by_role("button", name="Publicera rapporten").click()
    assert page.get_by_text("Rapporten är publicerad på kommunens publika sida.").is_visible()
    assert page.get_by_text("Rapport publicerad").is_visible()  # in the history
    audit.check(page, "the published report in the workspace")

    page.goto(base + reverse("public:municipality", kwargs={"slug": "kommun-a"}))
    page.get_by_role("link", name="Rapport till kommunfullmäktige 2021").click()
    expect(page.get_by_text("Ett år av samverkan mellan kommunen och polisen.")).to_be_visible()
    expect(page.get_by_role("heading", name="Prioritet 1: Narkotikaförsäljning")).to_be_visible()
    audit.check(page, "the public report")
    audit.assert_clean()
