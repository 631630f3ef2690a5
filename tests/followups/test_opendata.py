"""Open data: the JSON API, the CSV files and the documentation page."""

import datetime
import itertools
import json
import re

import pytest
from django.urls import reverse

from followups.opendata import charter_export
from followups.opendata import views as opendata
from promises.models import Charter
from tests.followups.opendata_data import (
    SHOWN,
    charter_with_draft_report,
    national,
    secrets_in,
)
from tests.helpers import csv_rows
from tests.promises.factories import CharterFactory

pytestmark = pytest.mark.django_db

DATASETS = ["kommuner", "medborgarloften", "loften", "aktiviteter", "uppfoljningar"]


def get_json(client, url: str, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


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
    text = response.content.decode("utf-8")
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


# --- Municipalities --------------------------------------------------------------------------


def test_every_kommun_is_listed_with_its_current_charter_or_null(
    client, charter_among_hidden, world
):
    data = get_json(client, reverse("opendata:api_municipalities"))

    by_slug = {item["slug"]: item for item in data["results"]}
    assert data["count"] == len(data["results"]) >= 290  # the reference data and the world
    kommun_a = by_slug["kommun-a"]
    assert kommun_a["current_charter"]["id"] == charter_among_hidden.pk
    assert kommun_a["current_charter"]["api_url"].endswith(
        f"/api/v1/medborgarloften/{charter_among_hidden.pk}/"
    )
    assert kommun_a["county"]["code"] == world.municipality.county.code
    assert kommun_a["police_region"]["slug"] == world.municipality.county.police_region.slug
    assert by_slug["saffle"]["current_charter"] is None
    assert by_slug["saffle"]["code"] == "1785"


def test_the_current_charter_is_the_latest_that_has_started(client, world):
    area, kommun = world.police_area, world.municipality
    CharterFactory(municipality=kommun, police_area=area, published=True)
    latest = CharterFactory(municipality=kommun, police_area=area, published=True,
                            period_start=datetime.date(2022, 1, 1),
                            period_end=datetime.date(2022, 12, 31))  # fmt: skip
    CharterFactory(municipality=kommun, police_area=area, closed=True,
                   period_start=datetime.date(2023, 1, 1),
                   period_end=datetime.date(2023, 12, 31))  # fmt: skip

    data = get_json(client, reverse("opendata:api_municipality", kwargs={"slug": kommun.slug}))

    assert data["current_charter"]["id"] == latest.pk == Charter.objects.current_for(kommun).pk


def test_kommuner_are_filtered_by_county_and_police_region(client, world):
    county = world.municipality.county
    data = get_json(client, reverse("opendata:api_municipalities"), lan=county.code)
    assert {item["slug"] for item in data["results"]} == {"kommun-a"}

    data = get_json(client, reverse("opendata:api_municipalities"), lan="17")
    assert "saffle" in {item["slug"] for item in data["results"]}
    assert {item["county"]["code"] for item in data["results"]} == {"17"}

    region = world.other_municipality.county.police_region
    data = get_json(client, reverse("opendata:api_municipalities"), polisregion=region.slug)
    assert {item["slug"] for item in data["results"]} == {"kommun-b"}


def test_a_kommun_lists_its_published_and_closed_charters_newest_first(
    client, world, charter_among_hidden
):
    closed = CharterFactory(municipality=world.municipality, police_area=world.police_area,
                            closed=True, period_start=datetime.date(2020, 1, 1),
                            period_end=datetime.date(2020, 12, 31))  # fmt: skip

    data = get_json(client, reverse("opendata:api_municipality", kwargs={"slug": "kommun-a"}))

    assert [item["id"] for item in data["charters"]] == [charter_among_hidden.pk, closed.pk]
    assert [item["status"] for item in data["charters"]] == ["published", "closed"]
    assert data["police_areas"] == [{"name": "LPO A", "slug": world.police_area.slug}]


# --- The list of charters --------------------------------------------------------------------


@pytest.fixture
def several(world) -> dict[str, Charter]:
    area, kommun = world.police_area, world.municipality
    return {
        "a2021": CharterFactory(municipality=kommun, police_area=area, published=True),
        "a2019": CharterFactory(municipality=kommun, police_area=area, closed=True,
                                period_start=datetime.date(2019, 1, 1),
                                period_end=datetime.date(2020, 6, 30)),
        "b2021": CharterFactory(municipality=world.other_municipality,
                                police_area=world.other_police_area, published=True),
        "draft": CharterFactory(municipality=kommun, police_area=area,
                                period_start=datetime.date(2022, 1, 1),
                                period_end=datetime.date(2022, 12, 31)),
    }  # fmt: skip


def ids(data: dict) -> set[int]:
    return {item["id"] for item in data["results"]}


def test_the_charter_list_holds_published_and_closed_charters_only(client, several):
    data = get_json(client, reverse("opendata:api_charters"))

    assert ids(data) == {several["a2021"].pk, several["a2019"].pk, several["b2021"].pk}
    assert data["count"] == 3
    assert data["page"] == data["pages"] == 1
    assert data["page_size"] == 100
    assert data["next"] is None
    assert data["previous"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kommun": "kommun-a"}, {"a2021", "a2019"}),
        ({"status": "closed"}, {"a2019"}),
        ({"status": "published", "kommun": "kommun-a"}, {"a2021"}),
        ({"ar": "2020"}, {"a2019"}),
        ({"ar": "2021"}, {"a2021", "b2021"}),
        ({"ar": "2022"}, set()),
        ({"kommun": ""}, {"a2021", "a2019", "b2021"}),
    ],
)
def test_the_charter_list_is_filtered(client, several, params, expected):
    data = get_json(client, reverse("opendata:api_charters"), **params)

    assert ids(data) == {several[name].pk for name in expected}


def test_the_charter_list_is_filtered_by_county(client, several, world):
    data = get_json(client, reverse("opendata:api_charters"), lan=world.municipality.county.code)

    assert ids(data) == {several["a2021"].pk, several["a2019"].pk}


def test_the_charter_list_is_paginated_with_sida(client, several, monkeypatch):
    monkeypatch.setattr(opendata, "PAGE_SIZE", 2)

    first = get_json(client, reverse("opendata:api_charters"))
    second = get_json(client, first["next"].removeprefix("http://testserver"))

    assert first["pages"] == 2
    assert len(first["results"]) == 2
    assert second["page"] == 2
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert second["previous"].endswith("sida=1")
    assert ids(first) | ids(second) == {
        several["a2021"].pk,
        several["a2019"].pk,
        several["b2021"].pk,
    }


def test_a_page_beyond_the_last_answers_404(client, several):
    response = client.get(reverse("opendata:api_charters"), {"sida": "2"})

    assert response.status_code == 404
    assert response.json()["error"]["parameter"] == "sida"


BAD_FILTERS = [
    ("lan", "1"),
    ("lan", "abc"),
    ("lan", "00"),
    ("polisregion", "finns-inte"),
    ("kommun", "finns-inte"),
    ("kommun", "<script>"),
    ("kommun", "a\x00b"),
    ("status", "draft"),
    ("status", "review"),
    ("ar", "21"),
    ("ar", "tjugo"),
    ("ar", "0999"),
    ("sida", "0"),
    ("sida", "-1"),
    ("sida", "ett"),
    ("sida", "9" * 20),
]


@pytest.mark.parametrize(("parameter", "value"), BAD_FILTERS)
def test_a_bad_filter_answers_400_with_a_json_error_naming_it(client, db, parameter, value):
    response = client.get(reverse("opendata:api_charters"), {parameter: value})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    error = response.json()["error"]
    assert error["parameter"] == parameter
    assert error["message"]


@pytest.mark.parametrize(("parameter", "value"), [("lan", "x"), ("polisregion", "nej")])
def test_a_bad_filter_of_the_kommun_list_answers_400(client, db, parameter, value):
    response = client.get(reverse("opendata:api_municipalities"), {parameter: value})

    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == parameter


# --- CSV -------------------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", DATASETS)
def test_each_csv_file_is_utf8_with_a_bom_swedish_headers_and_a_filename(
    client, charter_among_hidden, dataset
):
    response = client.get(reverse("opendata:api_csv", kwargs={"dataset": dataset}))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{dataset}.csv"'
    rows = csv_rows(response)
    assert rows[0] == [str(column.header) for column in opendata.DATASETS[dataset].columns]
    assert len(rows) > 1
    assert all(len(row) == len(rows[0]) for row in rows)


def test_a_cached_csv_file_keeps_its_filename(client, charter_among_hidden):
    url = reverse("opendata:api_csv", kwargs={"dataset": "loften"})
    client.get(url, {"kommun": "kommun-a"})

    response = client.get(url, {"kommun": "kommun-a"})

    assert response["Content-Disposition"] == 'attachment; filename="loften-kommun-a.csv"'
    assert response.content.startswith("\ufeff".encode())


def test_the_activity_csv_has_one_row_per_public_activity(client, charter_among_hidden):
    url = reverse("opendata:api_csv", kwargs={"dataset": "aktiviteter"})
    response = client.get(url, {"kommun": "kommun-a"})

    _header, *rows = csv_rows(response)
    assert len(rows) == 6  # 2 promises with 3 public activities each
    assert f"{SHOWN}-TRYGGHETSVANDRING 1" in rows[0]
    assert "Resecentrum" in rows[0]
    assert "2021-04-01" in rows[0]


def test_the_follow_up_csv_gives_the_reason_only_for_a_cancelled_activity(
    client, charter_among_hidden
):
    response = client.get(reverse("opendata:api_csv", kwargs={"dataset": "uppfoljningar"}))

    text = response.content.decode()
    assert f"{SHOWN}-ORSAK: personalbrist." in text
    _header, *rows = csv_rows(response)
    assert len(rows) == 8  # 2 promises: 3 public activities and 1 assessment each


def test_the_csv_files_take_the_filters_of_the_lists(client, charter_among_hidden, world):
    url = reverse("opendata:api_csv", kwargs={"dataset": "medborgarloften"})

    other = csv_rows(client.get(url, {"kommun": "kommun-b"}))
    mine = csv_rows(client.get(url, {"kommun": "kommun-a", "ar": "2021"}))
    none = csv_rows(client.get(url, {"status": "closed"}))

    assert [row[2] for row in other[1:]] == ["Kommun B"]
    assert [row[2] for row in mine[1:]] == ["Kommun A"]
    assert none[1:] == []
    kommuner = csv_rows(
        client.get(
            reverse("opendata:api_csv", kwargs={"dataset": "kommuner"}),
            {"lan": world.municipality.county.code},
        )
    )
    assert [row[1] for row in kommuner[1:]] == ["Kommun A"]


def test_a_csv_file_with_a_bad_filter_answers_400(client, db):
    response = client.get(reverse("opendata:api_csv", kwargs={"dataset": "loften"}), {"ar": "x"})

    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == "ar"


def test_an_unknown_dataset_answers_404(client, db):
    response = client.get(reverse("opendata:api_csv", kwargs={"dataset": "losenord"}))

    assert response.status_code == 404


def test_a_text_that_looks_like_a_formula_is_not_run_by_a_spreadsheet(
    client, charter_among_hidden
):
    promise = charter_among_hidden.promises.get(order=1)
    promise.text = '=HYPERLINK("https://example.com","klicka")'
    promise.save()

    response = client.get(reverse("opendata:api_csv", kwargs={"dataset": "loften"}))

    assert '\'=HYPERLINK(""https://example.com"",""klicka"")' in response.content.decode()


# --- Cache -----------------------------------------------------------------------------------


def test_a_change_shows_at_once_in_the_json_and_the_csv(
    client, charter_among_hidden, django_capture_on_commit_callbacks
):
    detail = reverse("opendata:api_charter", kwargs={"pk": charter_among_hidden.pk})
    listing = reverse("opendata:api_charters")
    csv_url = reverse("opendata:api_csv", kwargs={"dataset": "medborgarloften"})
    for url in (detail, listing, csv_url):
        assert "Nytt namn" not in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        charter_among_hidden.title = "Nytt namn på löftet"
        charter_among_hidden.save()

    for url in (detail, listing, csv_url):
        assert "Nytt namn på löftet" in client.get(url).content.decode()


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
        # the kommun; its charters; its police areas
        "kommun": (reverse("opendata:api_municipality", kwargs={"slug": slug}), 3),
        # count; page
        "medborgarloften": (reverse("opendata:api_charters"), 2),
        # the kommun filter; count; page
        "medborgarloften-kommun": (reverse("opendata:api_charters") + f"?kommun={slug}", 3),
        # the charter; signatories, contacts, promises, focus areas, activities, places,
        # indicators, measurements, rounds, follow-ups, findings, sources
        "medborgarlofte": (reverse("opendata:api_charter", kwargs={"pk": charter.pk}), 13),
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
