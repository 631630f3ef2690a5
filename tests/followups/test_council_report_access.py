"""The council report built from a charter with everything in it: who may read, write and
publish it, what never reaches it, its figures, and its queries whatever the charter's size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from followups.models import CouncilReport
from promises.models import Activity, Charter
from situations.models import SituationReport
from tests.followups.council_data import (
    INTERNAL,
    check_page,
    csv_tables,
    csv_url,
    expected,
    public_url,
    rich_charter,
    text_of,
    workspace_url,
)
from tests.promises.factories import (
    CharterFactory,
)
from tests.situations.factories import (
    MembershipFactory,
    MunicipalityFactory,
    PoliceAreaFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def charter(world) -> Charter:
    return rich_charter(world.municipality, world.police_area)


# --- Who may do what ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "viewer", "police", "police_manager"])
def test_the_kommuns_readers_read_the_draft_report(login_as, world, charter, role):
    response = login_as(role).get(workspace_url(world.municipality, 2021))

    assert response.status_code == 200
    assert "Rapport till kommunfullmäktige 2021" in response.content.decode()
    assert login_as(role).get(csv_url(world.municipality, 2021)).status_code == 200


@pytest.mark.parametrize("role", ["viewer", "police", "police_manager"])
def test_a_reader_who_is_no_coordinator_cannot_write_or_publish(login_as, world, charter, role):
    client = login_as(role)
    url = workspace_url(world.municipality, 2021)

    assert 'name="foreword"' not in client.get(url).content.decode()
    response = client.post(url, {"foreword": "Nej.", "action": "publish"})

    assert response.status_code == 403
    assert not CouncilReport.objects.exists()


@pytest.mark.parametrize("role", ["other_coordinator", "other_police", "reporter"])
def test_those_of_another_kommun_are_refused(login_as, world, charter, role):
    client = login_as(role)
    url = workspace_url(world.municipality, 2021)

    assert client.get(url).status_code == 403
    assert client.get(csv_url(world.municipality, 2021)).status_code == 403
    assert client.post(url, {"foreword": "Nej.", "action": "publish"}).status_code == 403
    assert not CouncilReport.objects.exists()


def test_anonymous_is_sent_to_log_in_and_never_sees_a_draft(login_as, world, charter, client):
    assert client.get(workspace_url(world.municipality, 2021)).status_code == 302
    login_as("coordinator").post(workspace_url(world.municipality, 2021), {"foreword": "Utkast"})
    assert CouncilReport.objects.get().status == CouncilReport.Status.DRAFT

    assert client.get(public_url(world.municipality, 2021)).status_code == 404
    assert client.get(csv_url(world.municipality, 2021, public=True)).status_code == 404
    assert "Utkast" not in client.get(f"/kommuner/{world.municipality.slug}/").content.decode()


def test_a_foreword_too_long_is_refused_and_kept(coordinator, world, charter):
    text = "Ord " * 1000

    response = coordinator.post(workspace_url(world.municipality, 2021), {"foreword": text})

    assert response.status_code == 400
    assert "har som mest 3000 tecken" in response.content.decode()
    assert text.strip() in response.content.decode()
    assert not CouncilReport.objects.exists()


def test_a_year_out_of_range_is_not_found(coordinator, world):
    assert coordinator.get(workspace_url(world.municipality, 1899)).status_code == 404


# --- What it shows -----------------------------------------------------------------------------


def test_every_figure_comes_from_the_database(coordinator, world, charter):
    body = coordinator.get(workspace_url(world.municipality, 2021)).content.decode()

    check_page(body, charter, 2021)
    want = expected(charter, 2021)
    # Each promise's walk is an activity too, not followed up: planned, not started.
    assert want.statuses["done"] == 3 and want.planned == 6
    assert want.assessments["fulfilled"] == 3
    assert want.walks == [("Trygghetsvandring i centrum", 2, 1, 1)] * 3
    assert want.indicators[0][1:] == ("55 %", "72,5 %", "70 %")
    text = text_of(body)
    assert "3 av 6 planerade aktiviteter genomförda (50 %)" in text
    assert "3 av 6 brister från trygghetsvandringarna åtgärdade 2021" in text
    # The causes, the places and the finding's figure under the problem.
    for words in ("Mörka gångvägar.", "Unga som säljer.", "Pendlare sent", "Busstationen"):
        assert words in text
    assert "+17,5" in text.replace("\u2212", "-")  # 72,5 against the baseline 55
    assert "Medborgarlöfte 2022" in text  # what comes next


def test_nothing_internal_reaches_the_report(coordinator, world, charter):
    body = coordinator.get(workspace_url(world.municipality, 2021)).content.decode()
    csv_text = coordinator.get(csv_url(world.municipality, 2021)).content.decode()

    assert INTERNAL not in body
    assert INTERNAL not in csv_text


def test_the_csv_rows_match_the_database(coordinator, world, charter):
    tables = csv_tables(coordinator.get(csv_url(world.municipality, 2021)).content)
    want = expected(charter, 2021)

    problems = tables["Prioriterade problem"]
    assert problems[1][:4] == [
        "1",
        "Narkotikaförsäljning vid busstationen",
        "Narkotika kommun-a",
        "Busstationen",
    ]
    assert "(60 %)" in problems[1][4]
    indicators = tables["Indikatorer"][1:]
    assert [row[1:8] for row in indicators] == [
        [name, "%", "55", "70", "72,5", "2021-09-01", "ja"] for name, *_rest in want.indicators
    ]
    measures = tables["Åtgärder per problem"][1:]
    assert {row[1] for row in measures if row[0] == "Narkotikaförsäljning vid busstationen"} == {
        "Löfte 1",
        "Löfte 2",
    }
    next_rows = tables["Vad som händer härnäst"][1:]
    assert next_rows == [["Medborgarlöfte 2022", "2022", "utkast"]]


def test_the_charter_in_force_at_the_years_end_is_the_one_reported(coordinator, world, charter):
    later = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        published=True,
        title="Medborgarlöfte hösten 2021",
        period_start=D(2021, 7, 1),
        period_end=D(2022, 6, 30),
    )
    Charter.objects.filter(pk=charter.pk).update(period_end=D(2021, 6, 30))

    text = text_of(coordinator.get(workspace_url(world.municipality, 2021)).content.decode())

    assert later.title in text
    assert "Löfte 1" not in text


def test_the_report_links_from_the_workspace_pages(coordinator, world, charter):
    url = workspace_url(world.municipality, 2021)

    kommun_page = coordinator.get(f"/arbetsyta/kommuner/{world.municipality.slug}/")
    charter_page = coordinator.get(f"/arbetsyta/medborgarloften/{charter.pk}/")

    assert url in kommun_page.content.decode()
    assert url in charter_page.content.decode()


# --- Queries -----------------------------------------------------------------------------------


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_report_runs_the_same_queries_for_1_and_20_promises(
    coordinator, world, django_assert_num_queries
):
    small = rich_charter(world.municipality, world.police_area, promises=1)
    other = MunicipalityFactory(name="Storkommun", slug="storkommun")
    area = PoliceAreaFactory(municipalities=[other])
    rich_charter(other, area, promises=20)
    MembershipFactory(user=world.coordinator, role="coordinator", municipality=other)

    # Session, user, roles, kommun; the stored report; the charter of the year; the public
    # charter page (signatories, contacts, promises, focus areas, activities, places,
    # indicators, measurements, published rounds, follow-ups, findings, sources, problems,
    # their findings, the promises' links to them); the problems' focus areas and places;
    # the walks' findings; the renewal; the history is empty.
    with django_assert_num_queries(25):
        coordinator.get(workspace_url(small.municipality, 2021))
    assert queries_of(coordinator, workspace_url(other, 2021)) == queries_of(
        coordinator, workspace_url(small.municipality, 2021)
    )


def test_the_public_report_runs_the_same_queries_for_1_and_20_promises(
    coordinator, world, client, django_assert_num_queries
):
    rich_charter(world.municipality, world.police_area, promises=1)
    other = MunicipalityFactory(name="Storkommun", slug="storkommun")
    rich_charter(other, PoliceAreaFactory(municipalities=[other]), promises=20)
    for municipality in (world.municipality, other):
        CouncilReport.objects.create(
            municipality=municipality, year=2021, status="published", published_at=timezone.now()
        )

    # The kommun, its published report, then as in the workspace from the charter of the year
    # to the renewal (20): no session, no roles.
    with django_assert_num_queries(22):
        client.get(public_url(world.municipality, 2021))
    assert queries_of(client, public_url(other, 2021)) == 22
    assert SituationReport.objects.count() == 2
    assert Activity.objects.filter(is_public=False).count() == 21
