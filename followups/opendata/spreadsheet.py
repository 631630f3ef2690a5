"""Each open dataset as an Excel workbook (.xlsx), the CSV file's columns and rows.

A spreadsheet that opens a CSV file guesses each column's type: a municipality code such as
0764 loses its zero and an id becomes a number. In the workbook codes and ids are text cells,
dates are dates, and a text that looks like a formula is neutralised as in the CSV file.
"""

from __future__ import annotations

import datetime
import io
import itertools
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from config.lib import cache
from config.lib.cells import csv_cell
from followups.opendata.datasets import DATASETS, FOLLOW_UP_ROWS, Column, Dataset
from followups.opendata.views import cached_open, error_response, open_to_all, parse_filters

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel holds at most this many characters in a cell.
MAX_CELL = 32767
# The rows that set a column's width, and the widest it gets (in characters).
WIDTH_SAMPLE = 200
MAX_WIDTH = 60
# Excel's dates start in 1900 (and count a 29 February 1900 that never was): an earlier date,
# a typing mistake most likely, is written as text rather than as a wrong date.
FIRST_DATE = datetime.date(1900, 3, 1)


def _value(value: Any, column: Column) -> Any:
    """VALUE as the workbook holds it: a date, a number, or a neutralised text."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        # Excel knows no time zones: the Swedish time the CSV file gives.
        local = timezone.localtime(value).replace(tzinfo=None)
        return local if local.date() >= FIRST_DATE else csv_cell(value)
    if isinstance(value, datetime.date):
        return value if value >= FIRST_DATE else csv_cell(value)
    if isinstance(value, int) and not column.is_code:
        return value
    # Characters XML cannot hold (a control character pasted into a text) are left out.
    return ILLEGAL_CHARACTERS_RE.sub("", csv_cell(value))[:MAX_CELL]


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, str):
        # The text format: what is typed in the cell later stays text too.
        cell.number_format = "@"
        cell.data_type = "s"  # never a formula, whatever it starts with
    return cell


def _width(value: Any) -> int:
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def workbook(dataset: Dataset, rows: list[list[Any]]) -> bytes:
    """DATASET's ROWS (values as _value() gives them) as an .xlsx file: one sheet with the
    headings in a frozen first row, each column as wide as its first rows need."""
    book = Workbook(write_only=True)
    # A sheet's name has at most 31 characters.
    sheet = book.create_sheet(str(dataset.title)[:31])
    headers = [str(column.header) for column in dataset.columns]
    for index, header in enumerate(headers, start=1):
        sample = (row[index - 1] for row in itertools.islice(rows, WIDTH_SAMPLE))
        width = max([len(header), *(_width(value) for value in sample if value is not None)])
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    last = f"{get_column_letter(len(headers))}{len(rows) + 1}"
    sheet.auto_filter.ref = f"A1:{last}"
    bold = Font(bold=True)
    heading = []
    for header in headers:
        cell = _cell(sheet, header)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@require_safe
def xlsx_download(request: HttpRequest, dataset: str) -> HttpResponse:
    """One dataset as an Excel workbook, with the CSV file's filters, columns and rows."""
    found = DATASETS.get(dataset)
    if found is None:
        return open_to_all(error_response(_("There is no such dataset."), status=404))

    def build() -> HttpResponse:
        filters = parse_filters(request, found.filters)
        absolute = request.build_absolute_uri
        rows = [
            [_value(column.value(row, absolute), column) for column in found.columns]
            for row in found.rows(filters)
        ]
        return HttpResponse(workbook(found, rows), content_type=XLSX_CONTENT_TYPE)

    response = cached_open(request, [cache.NATIONAL, FOLLOW_UP_ROWS], build, params=found.filters)
    if response.status_code == 200:
        parts = [found.slug]
        parts += [request.GET[name].strip() for name in found.filters if request.GET.get(name)]
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename="-".join(parts) + ".xlsx"
        )
    return response
