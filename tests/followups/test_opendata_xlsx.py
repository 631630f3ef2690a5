"""Open data: each dataset as an Excel workbook, where codes keep their leading zero, and the
open data page that links them and says how to keep codes as text in the CSV files."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followups.opendata import views as opendata
from promises.models import Activity, Charter
from tests.followups.opendata_data import DATASETS, SHOWN, national
from tests.helpers import csv_rows

pytestmark = pytest.mark.django_db


def sheet_of(response) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def column(sheet, header: str) -> list:
    """The cells under HEADER, from the second row."""
    headers = [cell.value for cell in sheet[1]]
    return [row[headers.index(header)] for row in sheet.iter_rows(min_row=2)]


@pytest.mark.parametrize("dataset", DATASETS)
def test_each_dataset_is_a_workbook_with_the_rows_of_its_csv_file(
    client, charter_among_hidden, dataset
):
    response = client.get(reverse("opendata:api_xlsx", kwargs={"dataset": dataset}))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == f'attachment; filename="{dataset}.xlsx"'
    assert response["Access-Control-Allow-Origin"] == "*"
    sheet = sheet_of(response)
    header = [str(column.header) for column in opendata.DATASETS[dataset].columns]
    assert [cell.value for cell in sheet[1]] == header
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"  # the headings stay in view
    widths = [sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]]
    assert all(len(name) + 2 <= width <= 60 for name, width in zip(header, widths, strict=True))
    csv = csv_rows(client.get(reverse("opendata:api_csv", kwargs={"dataset": dataset})))
    assert sheet.max_row == len(csv) > 1


def test_codes_with_a_leading_zero_are_text_cells(client, db):
    url = reverse("opendata:api_xlsx", kwargs={"dataset": "kommuner"})

    sheet = sheet_of(client.get(url, {"lan": "07"}))

    codes = {cell.value: cell for cell in column(sheet, "Kommunkod")}
    alvesta = codes["0764"]
    assert (alvesta.data_type, alvesta.number_format) == ("s", "@")
    counties = column(sheet, "Länskod")
    assert {cell.value for cell in counties} == {"07"}
    assert all(cell.data_type == "s" for cell in counties)
    stockholm = sheet_of(client.get(url, {"lan": "01"}))
    assert {cell.value for cell in column(stockholm, "Länskod")} == {"01"}


def test_ids_are_text_and_dates_are_dates(client, charter_among_hidden):
    url = reverse("opendata:api_xlsx", kwargs={"dataset": "aktiviteter"})
    patrol = Activity.objects.get(title=f"{SHOWN}-PATRULL 1")
    patrol.start_date = datetime.date(1899, 12, 31)  # before Excel's first date
    patrol.save()

    sheet = sheet_of(client.get(url))

    walk = Activity.objects.get(title=f"{SHOWN}-TRYGGHETSVANDRING 1")
    ids = column(sheet, "Aktivitetens id")
    assert str(walk.pk) in [cell.value for cell in ids]
    assert all(cell.data_type == "s" for cell in ids)
    starts = [cell.value for cell in column(sheet, "Startdatum") if cell.value is not None]
    assert datetime.datetime(2021, 4, 1) in starts
    assert "1899-12-31" in starts
    orders = [cell.value for cell in column(sheet, "Ordning")]
    assert {1, 2, 3} <= set(orders)
    assert all(isinstance(order, int) for order in orders)  # a number to sort by


def test_a_text_that_looks_like_a_formula_is_not_run_by_a_spreadsheet(
    client, charter_among_hidden
):
    promise = charter_among_hidden.promises.get(order=1)
    promise.text = '=HYPERLINK("https://example.com","klicka")'
    promise.save()
    activity = promise.activities.get(order=1)
    activity.description = "\tkör\x01 inte"  # a control character XML cannot hold
    activity.save()

    loften = sheet_of(client.get(reverse("opendata:api_xlsx", kwargs={"dataset": "loften"})))
    aktiviteter = sheet_of(
        client.get(reverse("opendata:api_xlsx", kwargs={"dataset": "aktiviteter"}))
    )

    (cell,) = [c for c in column(loften, "Löfte") if "HYPERLINK" in c.value]
    assert cell.value == '\'=HYPERLINK("https://example.com","klicka")'
    assert cell.data_type == "s"
    descriptions = [cell.value for cell in column(aktiviteter, "Beskrivning")]
    assert "'\tkör inte" in descriptions


def test_a_workbook_takes_the_filters_and_names_them_in_its_filename(client, charter_among_hidden):
    url = reverse("opendata:api_xlsx", kwargs={"dataset": "medborgarloften"})

    response = client.get(url, {"kommun": "kommun-b"})

    filename = "medborgarloften-kommun-b.xlsx"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    sheet = sheet_of(response)
    assert [cell.value for cell in column(sheet, "Kommun")] == ["Kommun B"]
    (published,) = column(sheet, "Publicerat")
    charter = Charter.objects.get(municipality__slug="kommun-b")
    local = timezone.localtime(charter.published_at).replace(tzinfo=None, microsecond=0)
    assert abs(published.value - local) <= datetime.timedelta(seconds=1)  # Swedish time
    bad = client.get(url, {"ar": "x"})
    assert bad.status_code == 400
    assert bad.json()["error"]["parameter"] == "ar"


def test_an_unknown_dataset_answers_404(client, db):
    response = client.get(reverse("opendata:api_xlsx", kwargs={"dataset": "losenord"}))

    assert response.status_code == 404


@pytest.mark.parametrize("size", [1, 3])
@pytest.mark.parametrize("dataset", DATASETS)
def test_a_workbook_runs_the_queries_of_its_csv_file_whatever_the_amount_of_data(
    client, db, dataset, size
):
    def queries(name: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(name, kwargs={"dataset": dataset}))
            response.getvalue()  # a streamed CSV file reads its rows as it is sent
        assert response.status_code == 200
        return len(captured)

    national(size)

    # The CSV file's queries are pinned, whatever the size, in test_opendata.py.
    assert queries("opendata:api_xlsx") == queries("opendata:api_csv") > 0


def test_the_open_data_page_links_each_workbook_and_says_how_to_keep_codes_as_text(client, db):
    page = client.get(reverse("opendata:api_docs")).content.decode()

    for dataset in DATASETS:
        assert f'href="/api/v1/{dataset}.csv"' in page
        assert f'href="/api/v1/{dataset}.xlsx"' in page
        assert f"Ladda ner {dataset}.xlsx" in page
    assert "kommunkoden 0764" in page
    assert 'dtype={"Kommunkod": str, "Länskod": str}' in page
