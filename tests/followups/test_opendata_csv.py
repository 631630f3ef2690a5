"""Open data: the CSV files, one per dataset, with their headers, filenames and filters, and
texts that a spreadsheet must not run.
"""

import pytest
from django.urls import reverse

from followups.opendata import views as opendata
from tests.followups.opendata_data import DATASETS, SHOWN
from tests.helpers import csv_rows

pytestmark = pytest.mark.django_db


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
    assert response.getvalue().startswith("\ufeff".encode())


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

    _header, *rows = csv_rows(response)
    assert f"{SHOWN}-ORSAK: personalbrist." in {cell for row in rows for cell in row}
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

    assert '\'=HYPERLINK(""https://example.com"",""klicka"")' in response.getvalue().decode()


def test_the_labels_of_a_csv_file_are_in_the_readers_language_each_time(
    client, charter_among_hidden
):
    url = reverse("opendata:api_csv", kwargs={"dataset": "uppfoljningar"})

    def statuses(language: str) -> set[str]:
        client.cookies["django_language"] = language
        header, *rows = csv_rows(client.get(url))
        return {row[header.index("Status")] for row in rows}

    # The labels are looked up in a table per language: the first reader's stays theirs.
    assert "genomförd" in statuses("sv")
    assert "done" in statuses("en")
    assert "genomförd" in statuses("sv")
