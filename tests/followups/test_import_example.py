"""The import format's complete example on /oppna-data/: shown, downloadable, and importable."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from followups.models import FollowUpRound
from followups.opendata.import_format import import_rows
from followups.opendata.views import EXAMPLE_CHARTER
from promises.models import Activity, Charter
from situations.models import Municipality, SituationReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def amal() -> Municipality:
    """Åmål, whose LPO in the reference data is the one the example names."""
    municipality = Municipality.objects.get(code="1492")
    assert municipality.police_areas.filter(name="Lokalpolisområde Östra Fyrbodal").exists()
    return municipality


def run(*options: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("import_charter", str(EXAMPLE_CHARTER), *options, stdout=out)
    return out.getvalue()


def test_the_documented_example_imports_as_a_draft(amal):
    output = run()

    charter = Charter.objects.get(municipality=amal)
    assert "Imported Medborgarlöfte 2025–2026 of Åmål" in output
    assert "2 promises, 3 activities, 1 indicator, 2 sources, 2 findings" in output
    assert charter.status == Charter.Status.DRAFT
    assert Activity.objects.filter(promise__charter=charter).count() == 3


def test_the_documented_example_loads_as_published_by_the_administrator(amal):
    run("--published")

    charter = Charter.objects.get(municipality=amal)
    assert charter.status == Charter.Status.PUBLISHED
    assert charter.situation_report.status == SituationReport.Status.PUBLISHED
    assert FollowUpRound.objects.filter(charter=charter).exists()


def test_the_open_data_page_documents_every_field_and_shows_the_example(client, db):
    page = client.get(reverse("opendata:api_docs")).content.decode()

    for row in import_rows():
        assert f"<code>{row.path}</code>" in page
    assert "<code>promises[].activities[].kind</code>" in page
    assert "Obligatoriskt" in page
    assert "<code>patrol</code>, <code>safety_walk</code>" in page
    assert "Lokalpolisområde Östra Fyrbodal" in page
    assert reverse("opendata:example_charter") in page


def test_the_example_downloads_as_the_very_file(client, db):
    response = client.get(reverse("opendata:example_charter"))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content) == json.loads(EXAMPLE_CHARTER.read_text())


def test_every_key_of_the_example_is_documented():
    documented = {row.path.replace("[]", "") for row in import_rows()}

    def paths(value, prefix=""):
        if isinstance(value, dict):
            for key, item in value.items():
                yield f"{prefix}{key}"
                yield from paths(item, f"{prefix}{key}.")
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    yield from paths(item, prefix)

    example = json.loads(EXAMPLE_CHARTER.read_text())
    assert set(paths(example)) == documented
