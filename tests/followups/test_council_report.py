"""The council report of the demo's Essunga 2021: every figure from the database, in Swedish and
English, its CSV, publishing it and taking it back, and what residents see of it."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from followups.models import CouncilReport
from promises.models import Activity, Charter, WalkFinding
from situations.models import Municipality
from tests.followups.council_data import (
    check_page,
    csv_tables,
    csv_url,
    expected,
    public_url,
    tables_of,
    text_of,
    workspace_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_db(db):
    call_command("load_demo", verbosity=0)


@pytest.fixture
def essunga(demo_db) -> Municipality:
    return Municipality.objects.get(slug="essunga")


@pytest.fixture
def charter(essunga) -> Charter:
    return Charter.objects.get(municipality=essunga, period_start__year=2021)


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def coordinator(demo_db) -> Client:
    return client_of("samordnare-essunga")


def test_every_figure_of_essunga_2021_comes_from_the_database(coordinator, essunga, charter):
    body = coordinator.get(workspace_url(essunga, 2021)).content.decode()

    check_page(body, charter, 2021)
    want = expected(charter, 2021)
    # The demo's facts, as the seed has them: nine promises, none judged in a published report
    # yet, the charter typed in after the fact, and one walk with two of three shortcomings fixed.
    assert sum(want.assessments.values()) == 9 == charter.promises.count()
    assert want.unrecorded == Activity.objects.filter(promise__charter=charter).count()
    assert want.walks == [("Tätortsvandringar och dialogmöten", 3, 2, 1)]
    assert WalkFinding.objects.filter(walk__activity__promise__charter=charter).count() == 3


def test_the_report_says_what_it_is_made_of(coordinator, essunga, charter):
    text = text_of(coordinator.get(workspace_url(essunga, 2021)).content.decode())

    assert "Rapport till kommunfullmäktige 2021" in text
    assert charter.title in text
    assert charter.situation_report.summary.split("\n")[0][:60] in text
    assert "Vad som gjordes 2021" in text
    assert "Vad som återstår" in text
    assert "Inget förnyat medborgarlöfte finns ännu." in text
    # The open shortcoming of the walk is listed with its place and status.
    open_finding = WalkFinding.objects.exclude(status="done").get(
        walk__activity__promise__charter=charter
    )
    assert open_finding.where in text


def test_the_report_renders_in_english(coordinator, essunga, charter):
    coordinator.cookies["django_language"] = "en"

    response = coordinator.get(workspace_url(essunga, 2021))

    text = text_of(response.content.decode())
    assert response["Content-Language"] == "en"
    assert "Report to the municipal council 2021" in text
    assert "What was done in 2021" in text
    assert "What is still open" in text
    assert "Activities by status" in text
    assert "Rapport till kommunfullmäktige" not in text
    assert "Vad som gjordes" not in text
    statuses = dict(tuple(row) for row in tables_of(response.content.decode())["statuses"][0][1])
    assert set(statuses) == {"Done", "Ongoing", "Delayed", "Not started", "Cancelled"}


def test_the_csv_holds_the_tables_of_the_page(coordinator, essunga, charter):
    response = coordinator.get(csv_url(essunga, 2021))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    tables = csv_tables(response.content)
    want = expected(charter, 2021)
    outcome = dict(tables["Aktiviteter och löften under året"][1:])
    assert outcome["genomförd"] == str(want.statuses["done"])
    assert outcome["planerade"] == str(want.planned)
    assert outcome["utan uppföljning i systemet"] == str(want.unrecorded)
    assert outcome["löften ej bedömt än"] == str(want.assessments["not_assessed"])
    walks = tables["Trygghetsvandringar"][1:]
    assert [(row[0], int(row[2]), int(row[3]), int(row[4])) for row in walks] == want.walks
    still_open = tables["Det som återstår"][1:]
    assert [row[1] for row in still_open if row[0] == "Aktivitet"] == want.open_activities
    measures = tables["Åtgärder per problem"][1:]
    promises = {row[1] for row in measures}
    assert promises == {p.title or p.text for p in charter.promises.all()}


def test_publishing_puts_the_report_on_the_kommun_page_and_in_the_archive(
    coordinator, essunga, client, django_capture_on_commit_callbacks
):
    assert client.get(public_url(essunga, 2021)).status_code == 404
    coordinator.post(workspace_url(essunga, 2021), {"foreword": "Ett år av samverkan."})
    # Saved, still a draft: residents do not see it.
    assert client.get(public_url(essunga, 2021)).status_code == 404
    assert (
        "rapport-till-kommunfullmaktige" not in client.get("/kommuner/essunga/").content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):  # the cached pages are renewed
        response = coordinator.post(
            workspace_url(essunga, 2021),
            {"foreword": "Ett år av samverkan.", "action": "publish"},
        )

    assert response.status_code == 302
    page = client.get(public_url(essunga, 2021))
    assert page.status_code == 200
    assert "Ett år av samverkan." in page.content.decode()
    for address in ("/kommuner/essunga/", "/kommuner/essunga/arkiv/"):
        body = client.get(address).content.decode()
        assert "Rapport till kommunfullmäktige 2021" in body
        assert public_url(essunga, 2021) in body
    assert client.get(csv_url(essunga, 2021, public=True)).status_code == 200


def test_withdrawing_and_correcting_are_in_the_history(coordinator, essunga, client):
    url = workspace_url(essunga, 2021)
    coordinator.post(url, {"foreword": "Första versionen.", "action": "publish"})
    coordinator.post(url, {"foreword": "", "action": "unpublish"})
    assert client.get(public_url(essunga, 2021)).status_code == 404
    coordinator.post(url, {"foreword": "Rättad version.", "action": "publish"})

    report = CouncilReport.objects.get(municipality=essunga, year=2021)
    history = list(report.history.order_by("history_date", "history_id"))
    assert [(h.status, h.foreword) for h in history] == [
        ("published", "Första versionen."),
        ("draft", "Första versionen."),
        ("published", "Rättad version."),
    ]
    assert {h.history_user.username for h in history} == {"samordnare-essunga"}
    assert report.published_by.username == "samordnare-essunga"
    body = coordinator.get(url).content.decode()
    assert "Rapporten togs bort från de publika sidorna" in body
    assert "Rättad version." in client.get(public_url(essunga, 2021)).content.decode()


def test_a_year_without_a_charter_says_so_and_cannot_be_published(coordinator, essunga, client):
    response = coordinator.post(
        workspace_url(essunga, 2015), {"foreword": "Ingenting.", "action": "publish"}
    )

    assert response.status_code == 400
    assert "Inget publicerat medborgarlöfte omfattar 2015" in response.content.decode()
    # What was typed is still in the form.
    assert "Ingenting." in response.content.decode()
    assert not CouncilReport.objects.filter(municipality=essunga, year=2015).exists()
    page = coordinator.get(workspace_url(essunga, 2015)).content.decode()
    assert "omfattar 2015" in text_of(page)
    assert client.get(public_url(essunga, 2015)).status_code == 404
