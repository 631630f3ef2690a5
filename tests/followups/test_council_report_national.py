"""The council report of a kommun of the national demo (a small generated sample): every figure
against the database, in Swedish and English, its CSV, and its renewed charter."""

import datetime

import pytest

from followups.demo import national
from followups.models import CouncilReport
from promises.models import Charter, WalkFinding
from situations.models import SituationReport
from tests.followups.council_data import (
    SV_STATUS,
    check_page,
    csv_tables,
    csv_url,
    expected,
    public_url,
    tables_of,
    text_of,
    workspace_url,
)
from tests.helpers import STOCKHOLM
from tests.promises.factories import (
    IndicatorFactory,
    MeasurementFactory,
    SafetyWalkFactory,
    WalkFindingFactory,
)
from tests.situations.factories import FindingFactory, MembershipFactory, ProblemFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2026, 6, 3, 12, tzinfo=STOCKHOLM), tick=False),
]

D = datetime.date


@pytest.fixture
def generated(world) -> Charter:
    """One generated kommun's 2025 charter (closed, followed up in four published rounds),
    with what the generator does not make: a prioritised problem that two promises answer,
    an indicator, a safety walk, and its 2026 charter marked as its renewal."""
    national.generate_national(today=D(2026, 6, 1), years=[2025, 2026], municipality_limit=1)
    charter = Charter.objects.get(period_start=D(2025, 1, 1))
    report = charter.situation_report
    SituationReport.objects.filter(pk=report.pk).update(status=SituationReport.Status.PUBLISHED)
    report.refresh_from_db()
    problem = ProblemFactory(report=report, title="Trafiken vid skolorna", priority=1)
    problem.findings.add(FindingFactory(report=report, value="26.5", unit="%"))
    promises = list(charter.promises.order_by("order", "id"))
    for promise in promises[:2]:
        promise.problems.add(problem)
    indicator = IndicatorFactory(
        promise=promises[0], name="Andel som kör för fort", baseline=30, target=20, unit="%"
    )
    indicator.direction = indicator.Direction.DECREASE
    indicator.save()
    MeasurementFactory(indicator=indicator, date=D(2025, 3, 1), value=28)
    MeasurementFactory(indicator=indicator, date=D(2025, 11, 1), value=24)
    MeasurementFactory(indicator=indicator, date=D(2026, 3, 1), value=19)  # not in 2025
    walk = SafetyWalkFactory(
        activity__promise=promises[0],
        activity__order=99,
        activity__title="Trygghetsvandring vid skolan",
        date=D(2025, 5, 5),
    )
    WalkFindingFactory(walk=walk, status=WalkFinding.Status.DONE, done_on=D(2025, 6, 1))
    WalkFindingFactory(walk=walk, status=WalkFinding.Status.DONE, done_on=D(2026, 1, 10))
    WalkFindingFactory(walk=walk, location="Cykelbanan")
    Charter.objects.filter(period_start=D(2026, 1, 1)).update(renewed_from=charter)
    MembershipFactory(
        user=world.coordinator, role="coordinator", municipality=charter.municipality
    )
    return charter


def test_every_figure_of_a_national_kommun_comes_from_the_database(coordinator, generated):
    body = coordinator.get(workspace_url(generated.municipality, 2025)).content.decode()

    check_page(body, generated, 2025)
    want = expected(generated, 2025)
    # The generator's published rounds give a real tally, not an empty one.
    assert want.planned > 0 and want.statuses["done"] > 0
    assert sum(want.assessments.values()) == generated.promises.count()
    assert want.walks == [("Trygghetsvandring vid skolan", 3, 1, 1)]
    assert want.indicators == [("Andel som kör för fort", "30 %", "24 %", "20 %")]
    text = text_of(body)
    assert "Prioritet 1: Trafiken vid skolorna" in text
    assert "26,5 %" in text
    assert "1 av 3 brister från trygghetsvandringarna åtgärdade 2025" in text
    assert "\u22126" in text  # 24 against the baseline 30
    renewal = Charter.objects.get(period_start=D(2026, 1, 1))
    assert f"Medborgarlöftet är förnyat som {renewal.title} (2026" in text


def test_a_national_kommun_report_in_english(coordinator, generated):
    coordinator.cookies["django_language"] = "en"

    body = coordinator.get(workspace_url(generated.municipality, 2025)).content.decode()

    text = text_of(body)
    want = expected(generated, 2025)
    assert "Report to the municipal council 2025" in text
    assert "Priority 1: Trafiken vid skolorna" in text
    assert "1 of 3 shortcomings found on the safety walks fixed in 2025." in text
    assert "\u22126" in text  # the change against the baseline, in any language
    english = {"done": "Done", "ongoing": "Ongoing", "delayed": "Delayed"}
    statuses = dict(tuple(row) for row in tables_of(body)["statuses"][0][1])
    for key, label in english.items():
        assert statuses[label] == str(want.statuses[key])
    assert not set(statuses) & set(SV_STATUS.values())


def test_the_csv_of_a_national_kommun_matches_the_database(coordinator, generated):
    response = coordinator.get(csv_url(generated.municipality, 2025))

    tables = csv_tables(response.content)
    want = expected(generated, 2025)
    outcome = dict(tables["Aktiviteter och löften under året"][1:])
    for key in ("done", "ongoing", "delayed", "not_started"):
        assert outcome[SV_STATUS[key].lower()] == str(want.statuses[key])
    assert outcome["inställda (räknas inte som planerade)"] == str(want.statuses["cancelled"])
    assert outcome["planerade"] == str(want.planned)
    done = round(100 * want.statuses["done"] / want.planned + 1e-9)
    assert outcome["genomförda av planerade (%)"] == str(done)
    assert tables["Indikatorer"][1][1:] == [
        "Andel som kör för fort",
        "%",
        "30",
        "20",
        "24",
        "2025-11-01",
        "nej",
    ]
    open_rows = [row[1] for row in tables["Det som återstår"][1:] if row[0] == "Aktivitet"]
    assert open_rows == want.open_activities


def test_the_published_national_report_is_public_and_the_same(coordinator, generated, client):
    url = workspace_url(generated.municipality, 2025)
    coordinator.post(url, {"foreword": "Till fullmäktige.", "action": "publish"})
    assert CouncilReport.objects.get().is_published

    body = client.get(public_url(generated.municipality, 2025)).content.decode()

    check_page(body, generated, 2025)
    assert "Till fullmäktige." in body
