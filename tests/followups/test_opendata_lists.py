"""Open data: the lists of kommuner and of charters in the JSON API, their filters and pages,
and a bad filter answered with a JSON error.
"""

import datetime

import pytest
from django.urls import reverse

from followups.opendata import views as opendata
from promises.models import Charter
from tests.helpers import STOCKHOLM, get_json
from tests.promises.factories import CharterFactory

pytestmark = pytest.mark.django_db


# --- Municipalities --------------------------------------------------------------------------


# A charter is current while its period covers today: these travel into their periods.
@pytest.mark.time_machine(datetime.datetime(2021, 6, 9, 12, tzinfo=STOCKHOLM), tick=False)
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


@pytest.mark.time_machine(datetime.datetime(2022, 6, 8, 12, tzinfo=STOCKHOLM), tick=False)
def test_the_current_charter_is_the_latest_in_force(client, world):
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
