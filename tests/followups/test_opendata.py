"""Open data: nothing internal in the JSON API or the CSV files, the JSON format, the cache,
the fixed queries of every endpoint, the export as a function and the documentation page.

The lists of kommuner and charters are in test_opendata_lists.py, the CSV files in
test_opendata_csv.py.
"""

import itertools
import json
import re

import pytest
from django.urls import reverse

from followups.opendata import charter_export
from followups.opendata import views as opendata
from promises.models import Charter
from tests.followups.opendata_data import (
    DATASETS,
    SHOWN,
    charter_with_draft_report,
    national,
    secrets_in,
)
from tests.helpers import get_json
from tests.promises.factories import CharterFactory

pytestmark = pytest.mark.django_db


# --- Nothing internal ------------------------------------------------------------------------


def test_no_json_endpoint_shows_anything_internal_or_in_the_making(
    client, charter_among_hidden, world
):
    other = Charter.objects.get(municipality=world.other_municipality)
    urls = [
        reverse("opendata:api_municipalities"),
        reverse("opendata:api_municipality", kwargs={"slug": world.municipality.slug}),
        reverse("opendata:api_municipality", kwargs={"slug": world.other_municipality.slug}),
        reverse("opendata:api_charters"),
        reverse("opendata:api_charters") + "?kommun=kommun-a",
        reverse("opendata:api_charter", kwargs={"pk": charter_among_hidden.pk}),
        reverse("opendata:api_charter", kwargs={"pk": other.pk}),
    ]
    bodies = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies.append(response.content.decode())
    everything = "\n".join(bodies)

    assert secrets_in(everything) == []
    assert f"{SHOWN}-BERÄTTELSE 2" in everything
    assert f"{SHOWN}-ORSAK" in everything


@pytest.mark.parametrize("dataset", DATASETS)
def test_no_csv_file_shows_anything_internal_or_in_the_making(
    client, charter_among_hidden, dataset
):
    response = client.get(reverse("opendata:api_csv", kwargs={"dataset": dataset}))

    assert response.status_code == 200
    text = response.getvalue().decode("utf-8")
    assert secrets_in(text) == []
    assert ("Kommun A" if dataset in {"kommuner", "medborgarloften"} else SHOWN) in text


# --- JSON format -----------------------------------------------------------------------------


def test_json_is_utf8_unescaped_and_open_to_every_origin(client, charter_among_hidden):
    response = client.get(reverse("opendata:api_charter", kwargs={"pk": charter_among_hidden.pk}))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Medborgarlöfte 2021" in response.content.decode("utf-8")


def test_a_cached_json_response_keeps_its_headers(client, charter_among_hidden):
    url = reverse("opendata:api_charters")
    client.get(url)

    response = client.get(url)

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_charter_json_holds_the_public_parts_of_the_whole_chain(client, charter_among_hidden):
    data = get_json(
        client, reverse("opendata:api_charter", kwargs={"pk": charter_among_hidden.pk})
    )

    assert data["schema_version"] == 1
    assert data["id"] == charter_among_hidden.pk
    assert data["url"] == f"http://testserver{charter_among_hidden.get_absolute_url()}"
    assert data["municipality"] == {"code": charter_among_hidden.municipality.code,
                                    "name": "Kommun A", "slug": "kommun-a"}  # fmt: skip
    assert data["police_area"] == {"name": "LPO A"}
    assert data["period"] == {"start": "2021-01-01", "end": "2021-12-31"}
    assert data["status"] == "published"
    assert data["signed_on"] == "2021-02-01"
    assert [s["name"] for s in data["signatories"]] == ["Dag Rogne", "Åsa Öberg"]
    assert data["contacts"][0]["email"] == "kommunpolis@example.se"
    report = data["situation_report"]
    assert [source["title"] for source in report["sources"]] == [f"{SHOWN}-KÄLLA trygghetsenkät"]
    assert report["findings"][0] == {
        "id": report["findings"][0]["id"],
        "order": 1,
        "text": f"{SHOWN}-IAKTTAGELSE: 60 % vill ha en mer tillgänglig polis.",
        "value": 60,
        "unit": "%",
        "focus_area": "Trafik",
        "place": "Resecentrum",
        "source_index": 0,
    }
    assert report["findings"][1]["value"] == 12.5
    assert report["findings"][1]["source_index"] is None
    first = data["promises"][0]
    assert first["order"] == 1
    assert first["focus_areas"] == ["Trafik"]
    assert [a["title"] for a in first["activities"]] == [
        f"{SHOWN}-TRYGGHETSVANDRING 1",
        f"{SHOWN}-PATRULL 1",
        f"{SHOWN}-DIALOGMÖTE 1",
    ]
    walk = first["activities"][0]
    assert walk["places"] == ["Resecentrum"]
    assert walk["start_date"] == walk["end_date"] == "2021-04-01"
    assert walk["kind"] == "safety_walk"
    indicator = first["indicators"][0]
    assert indicator["baseline"] == 60
    assert indicator["measurements"] == [
        {"date": "2021-03-01", "value": 62.5, "source": ""},
        {"date": "2021-06-01", "value": 64, "source": ""},
    ]
    [round_] = data["follow_up_rounds"]
    assert round_["title"] == "Halvår 1 2021"
    follow_ups = [f for f in round_["follow_ups"] if f["promise_order"] == 1]
    # Each names its activity by id too (test_opendata_activity_ids.py).
    assert [f.pop("activity_id") for f in follow_ups] == [
        *(a["id"] for a in first["activities"]),
        None,
    ]
    assert follow_ups == [
        {
            "promise_order": 1,
            "activity_order": 1,
            "status": "done",
            "assessment": "",
            "reason": "",
            "narrative_public": f"{SHOWN}-BERÄTTELSE 1: vandringen gjordes med 40 boende.",
            "reported_on": "2021-06-20",
        },
        {
            "promise_order": 1,
            "activity_order": 2,
            "status": "cancelled",
            "assessment": "",
            "reason": f"{SHOWN}-ORSAK: personalbrist.",
            "narrative_public": "",
            "reported_on": "2021-06-21",
        },
        {
            "promise_order": 1,
            "activity_order": 3,
            "status": "delayed",
            "assessment": "",
            "reason": "",
            "narrative_public": "Mötet flyttas till hösten.",
            "reported_on": "2021-06-22",
        },
        {
            "promise_order": 1,
            "activity_order": None,
            "status": "",
            "assessment": "ongoing",
            "reason": "",
            "narrative_public": "Löftet är på god väg.",
            "reported_on": "2021-06-23",
        },
    ]


def test_a_charter_whose_situation_report_is_a_draft_has_none_in_its_json(client, world):
    other = charter_with_draft_report(world.other_municipality, world.other_police_area)

    data = get_json(client, reverse("opendata:api_charter", kwargs={"pk": other.pk}))

    assert data["situation_report"] is None


@pytest.mark.parametrize("status", [Charter.Status.DRAFT, Charter.Status.REVIEW])
def test_a_charter_in_the_making_answers_404(client, world, status):
    draft = CharterFactory(municipality=world.municipality, police_area=world.police_area,
                           status=status)  # fmt: skip

    response = client.get(reverse("opendata:api_charter", kwargs={"pk": draft.pk}))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["error"]["status"] == 404


def test_an_unknown_charter_or_kommun_answers_404(client, db):
    assert client.get(reverse("opendata:api_charter", kwargs={"pk": 999999})).status_code == 404
    assert client.get(f"/api/v1/medborgarloften/{'9' * 30}/").status_code == 404
    response = client.get(reverse("opendata:api_municipality", kwargs={"slug": "finns-inte"}))
    assert response.status_code == 404
    assert "error" in response.json()


@pytest.mark.parametrize(
    "url", ["/api/v1/kommuner/", "/api/v1/medborgarloften/", "/api/v1/loften.csv", "/oppna-data/"]
)
def test_the_open_data_only_answers_get_and_head(client, db, url):
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200


# --- Cache -----------------------------------------------------------------------------------


def test_a_change_shows_at_once_in_the_json_and_the_csv(
    client, charter_among_hidden, django_capture_on_commit_callbacks
):
    detail = reverse("opendata:api_charter", kwargs={"pk": charter_among_hidden.pk})
    listing = reverse("opendata:api_charters")
    csv_url = reverse("opendata:api_csv", kwargs={"dataset": "medborgarloften"})
    for url in (detail, listing, csv_url):
        assert "Nytt namn" not in client.get(url).getvalue().decode()

    with django_capture_on_commit_callbacks(execute=True):
        charter_among_hidden.title = "Nytt namn på löftet"
        charter_among_hidden.save()

    for url in (detail, listing, csv_url):
        assert "Nytt namn på löftet" in client.get(url).getvalue().decode()


def test_a_new_activity_shows_at_once_in_the_charter_json(
    client, charter_among_hidden, django_capture_on_commit_callbacks
):
    url = reverse("opendata:api_charter", kwargs={"pk": charter_among_hidden.pk})
    client.get(url)
    promise = charter_among_hidden.promises.get(order=1)

    with django_capture_on_commit_callbacks(execute=True):
        promise.activities.create(title="Ny aktivitet", responsible_party="police", order=9)

    assert "Ny aktivitet" in client.get(url).content.decode()


# --- Fixed queries ---------------------------------------------------------------------------


def endpoints(charter: Charter) -> dict[str, tuple[str, int]]:
    """Each endpoint with its queries; the comment names them."""
    slug = charter.municipality.slug
    csv_url = "opendata:api_csv"
    return {
        # kommuner with county and region; published charters of them
        "kommuner": (reverse("opendata:api_municipalities"), 2),
        # the county filter; kommuner; charters
        "kommuner-lan": (reverse("opendata:api_municipalities") + "?lan=17", 3),
        # the kommun; its charters; its police areas; the charters' progress: their promises,
        # public activities, the latest published follow-up of each, published rounds; how
        # their promises and problems answer each other: promises, problems
        "kommun": (reverse("opendata:api_municipality", kwargs={"slug": slug}), 9),
        # count; page; the page's progress (4, as above) and links (2)
        "medborgarloften": (reverse("opendata:api_charters"), 8),
        # the kommun filter; count; page; the page's progress (4) and links (2)
        "medborgarloften-kommun": (reverse("opendata:api_charters") + f"?kommun={slug}", 9),
        # the charter; signatories, contacts, promises, focus areas, activities, places,
        # indicators, measurements, rounds, follow-ups, findings, sources, problems, their
        # public findings, the promises' links to them, the problems' places and focus areas,
        # its corrections
        "medborgarlofte": (reverse("opendata:api_charter", kwargs={"pk": charter.pk}), 19),
        # kommuner; published charters
        "kommuner.csv": (reverse(csv_url, kwargs={"dataset": "kommuner"}), 2),
        # charters with kommun and LPO
        "medborgarloften.csv": (reverse(csv_url, kwargs={"dataset": "medborgarloften"}), 1),
        # promises with charter and kommun; focus areas
        "loften.csv": (reverse(csv_url, kwargs={"dataset": "loften"}), 2),
        # activities with promise, charter and kommun; places
        "aktiviteter.csv": (reverse(csv_url, kwargs={"dataset": "aktiviteter"}), 2),
        # follow-ups with round, charter, kommun, activity and promise
        "uppfoljningar.csv": (reverse(csv_url, kwargs={"dataset": "uppfoljningar"}), 1),
        # links of promises to problems with charter, kommun, promise, problem and its focus
        # area; the problems' public findings
        "kopplingar.csv": (reverse(csv_url, kwargs={"dataset": "kopplingar"}), 2),
        # the example charter
        "docs": (reverse("opendata:api_docs"), 1),
    }


ENDPOINT_NAMES = [
    "kommuner",
    "kommuner-lan",
    "kommun",
    "medborgarloften",
    "medborgarloften-kommun",
    "medborgarlofte",
    "kommuner.csv",
    "medborgarloften.csv",
    "loften.csv",
    "aktiviteter.csv",
    "uppfoljningar.csv",
    "kopplingar.csv",
    "docs",
]


@pytest.mark.parametrize("size", [1, 3])
@pytest.mark.parametrize("name", ENDPOINT_NAMES)
def test_each_endpoint_runs_the_same_queries_whatever_the_amount_of_data(
    client, db, django_assert_num_queries, size, name
):
    charters = national(size)
    url, queries = endpoints(charters[0])[name]

    with django_assert_num_queries(queries):
        response = client.get(url)
        response.getvalue()  # a CSV file is streamed: its rows are read as it is sent

    assert response.status_code == 200


def test_a_cached_endpoint_runs_no_query_at_all(client, db, django_assert_num_queries):
    national(1)
    url = reverse("opendata:api_charters")
    client.get(url)

    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


# --- Export, as a function -------------------------------------------------------------------


def test_the_export_needs_no_request_and_gives_paths(charter_among_hidden):
    data = charter_export(charter_among_hidden)

    assert data["url"] == charter_among_hidden.get_absolute_url()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


# --- The documentation page ------------------------------------------------------------------


def test_the_docs_page_documents_every_endpoint_field_and_column(client, charter_among_hidden):
    response = client.get(reverse("opendata:api_docs"))

    assert response.status_code == 200
    html = response.content.decode()
    for path in ["/api/v1/kommuner/", "/api/v1/medborgarloften/", "/flode.atom", ".ics"]:
        assert path in html
    for dataset in DATASETS:
        assert f"/api/v1/{dataset}.csv" in html
        for column in opendata.DATASETS[dataset].columns:
            assert str(column.header) in html
    for field in ["schema_version", "promises[].activities[]", "narrative_public", "sida"]:
        assert field in html
    newest = Charter.objects.published().latest("published_at")
    assert f"?kommun={newest.municipality.slug}" in html


def test_the_docs_page_has_headings_in_order_and_tables_with_scoped_headers(client, db):
    html = client.get(reverse("opendata:api_docs")).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))
    assert "<th>" not in main
    assert "<pre><code>" in main


def test_the_documented_status_codes_are_only_those_of_public_charters(client):
    content = client.get(reverse("opendata:api_docs")).content.decode()
    assert "<code>published</code>" in content
    assert "<code>closed</code>" in content
    for hidden in ("draft", "withdrawn"):  # ("review" is also an activity kind)
        assert f"<code>{hidden}</code>" not in content
