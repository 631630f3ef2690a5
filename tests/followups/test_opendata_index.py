"""The API index at /api/v1/: every address of the open data, absolute, with what it holds,
so that a client finds them without reading the documentation page."""

import json

import pytest
from django.urls import get_resolver, resolve, reverse

from followups.opendata.datasets import DATASETS
from tests.promises.factories import CharterFactory

pytestmark = pytest.mark.django_db

INDEX = "/api/v1/"


@pytest.fixture
def published(world):
    return CharterFactory(
        municipality=world.municipality, police_area=world.police_area, published=True
    )


def index(client, **headers) -> dict:
    response = client.get(INDEX, **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def test_the_index_is_at_the_documented_address():
    assert reverse("opendata:api_index") == INDEX


def test_every_address_in_the_index_answers(client, world, published):
    endpoints = index(client)["endpoints"]

    for endpoint in endpoints:
        assert endpoint["url"].startswith("http://testserver/"), endpoint
        assert endpoint["description"], endpoint
        url = (
            endpoint["url"]
            .removeprefix("http://testserver")
            .replace("{slug}", world.municipality.slug)
            .replace("{id}", str(published.pk))
        )
        response = client.get(url)
        assert response.status_code == 200, (endpoint["name"], url)
        expected = {
            "json": "application/json",
            "csv": "text/csv",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "atom": "application/atom+xml",
            "icalendar": "text/calendar",
            "html": "text/html",
        }
        if endpoint["format"] in expected:
            assert response["Content-Type"].startswith(expected[endpoint["format"]]), url


def test_the_index_lists_every_open_data_address_but_itself_and_the_import_example(client):
    listed = {
        resolve(
            endpoint["url"]
            .removeprefix("http://testserver")
            .replace("{slug}", "saffle")
            .replace("{id}", "1")
        ).view_name
        for endpoint in index(client)["endpoints"]
    }
    names = {
        f"opendata:{name}"
        for name in get_resolver().namespace_dict["opendata"][1].reverse_dict
        if isinstance(name, str)
    }

    assert names - listed == {"opendata:api_index", "opendata:example_charter"}


def test_the_index_lists_each_csv_dataset_with_its_filters(client):
    endpoints = {endpoint["name"]: endpoint for endpoint in index(client)["endpoints"]}

    for dataset in DATASETS.values():
        endpoint = endpoints[f"{dataset.slug}.csv"]
        assert endpoint["url"] == f"http://testserver/api/v1/{dataset.slug}.csv"
        assert endpoint["format"] == "csv"
        assert endpoint["filters"] == list(dataset.filters)
    assert endpoints["medborgarloften"]["filters"] == [
        "kommun",
        "lan",
        "polisregion",
        "status",
        "ar",
        "sida",
    ]


def test_the_index_names_the_documentation_and_the_addresses_with_placeholders(client):
    data = index(client)
    endpoints = {endpoint["name"]: endpoint["url"] for endpoint in data["endpoints"]}

    assert data["schema_version"] == 1
    assert data["documentation"] == "http://testserver/oppna-data/"
    assert endpoints["kommun"] == "http://testserver/api/v1/kommuner/{slug}/"
    assert endpoints["medborgarlofte"] == "http://testserver/api/v1/medborgarloften/{id}/"
    assert endpoints["aktiviteter.ics"] == "http://testserver/kommuner/{slug}/aktiviteter.ics"


def test_the_descriptions_are_swedish_unless_the_reader_chose_english(client):
    swedish = {e["name"]: e["description"] for e in index(client)["endpoints"]}
    client.cookies["django_language"] = "en"
    english = {e["name"]: e["description"] for e in index(client)["endpoints"]}

    assert swedish["dokumentation"].startswith("Dokumentationen: alla adresser")
    assert english["dokumentation"].startswith("The documentation: every address")


def test_the_documentation_page_links_to_the_index(client):
    page = client.get(reverse("opendata:api_docs")).content.decode()

    assert f'<a href="{INDEX}"><code>/api/v1/</code></a>' in page
    assert "Alla fel under /api/ är JSON" in page
