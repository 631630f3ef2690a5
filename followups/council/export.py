"""The council report's tables as one CSV file, one table after the other.

Like the other CSV downloads: UTF-8 with a byte order mark and semicolons, for Swedish Excel.
Each table starts with its title on a row of its own and its header row, and ends with an
empty row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from config.lib.cells import csv_cell
from followups.council.selectors import CouncilPage, load_council_report, number
from followups.progress import ASSESSMENT_ORDER, PLANNED_STATUSES, assessment_label
from promises.models import Party
from situations.models import Municipality


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("yes") if value else _("no")


def promise_label(promise) -> str:
    return promise.title or promise.text


def tables(council: CouncilPage) -> list[tuple[str, Sequence[str], Iterable[Sequence]]]:
    """The report's tables: (title, header, rows), in the order of the page."""
    result: list[tuple[str, Sequence[str], Iterable[Sequence]]] = []
    result.append(
        (
            _("Prioritised problems"),
            [_("Priority"), _("Problem"), _("Focus area"), _("Places"), _("Findings")],
            [
                [
                    section.problem.priority,
                    section.problem.title,
                    section.problem.focus_area.name if section.problem.focus_area else "",
                    ", ".join(section.places),
                    " | ".join(
                        f"{finding.text} ({finding.figure})" if finding.figure else finding.text
                        for finding in section.findings
                    ),
                ]
                for section in council.problems
            ],
        )
    )
    measures = []
    for problem, views in [
        *((section.problem.title, section.promises) for section in council.problems),
        (_("Promises that answer no named problem"), council.unlinked),
    ]:
        for view in views:
            measures.append(
                [problem, promise_label(view.promise), Party(view.promise.owner).label, ""]
            )
            measures += [
                [problem, promise_label(view.promise), "", item.activity.title]
                for item in view.activities
            ]
    result.append(
        (
            _("Measures per problem"),
            [_("Problem"), _("Promise"), _("Made by"), _("Activity")],
            measures,
        )
    )
    tally = council.tally
    outcome = [[str(status.label), tally.count_of(status)] for status in PLANNED_STATUSES]
    outcome += [
        [_("cancelled (not counted as planned)"), tally.cancelled],
        [_("planned activities"), tally.planned],
        [_("done of planned (%)"), tally.percent if tally.percent is not None else ""],
    ]
    if tally.unrecorded:
        outcome.append([_("without a follow-up recorded in the system"), tally.unrecorded])
    outcome += [
        [_("promises %(assessment)s") % {"assessment": assessment_label(value)}, count]
        for value, count in council.progress.assessments.items()
        if value in ASSESSMENT_ORDER
    ]
    result.append((_("Activities and promises in the year"), [_("Status"), _("Count")], outcome))
    result.append(
        (
            _("Indicators"),
            [
                _("Promise"),
                _("Indicator"),
                _("Unit"),
                _("Baseline"),
                _("Target"),
                _("Value in the year"),
                _("Measured on"),
                _("Target reached"),
            ],
            [
                [
                    promise_label(row.promise),
                    row.indicator.name,
                    row.indicator.unit,
                    number(row.indicator.baseline),
                    number(row.indicator.target),
                    number(row.latest.value) if row.latest else "",
                    row.latest.date if row.latest else "",
                    yes_no(row.reached),
                ]
                for row in council.indicators
            ],
        )
    )
    result.append(
        (
            _("Safety walks"),
            [
                _("Activity"),
                _("Date"),
                _("Shortcomings found"),
                _("Fixed in the year"),
                _("Not yet fixed"),
            ],
            [
                [
                    walk.view.activity.title,
                    walk.walk.date if walk.walk else "",
                    len(walk.findings),
                    len(walk.fixed_in_year),
                    len(walk.open),
                ]
                for walk in council.walks
            ],
        )
    )
    still_open = [
        [_("Activity"), row.view.activity.title, row.status_label]
        for row in council.open_activities
    ]
    still_open += [
        [_("Safety walk shortcoming"), str(finding), finding.get_status_display()]
        for _walk, finding in council.open_walk_findings
    ]
    result.append((_("Still open"), [_("Kind"), _("What"), _("Status")], still_open))
    renewal = council.renewal
    result.append(
        (
            _("What comes next"),
            [_("Citizen promise"), _("Period"), _("State")],
            [[renewal.title, renewal.period_label, renewal.state_label]] if renewal else [],
        )
    )
    return result


def council_csv(council: CouncilPage) -> str:
    """The tables of COUNCIL as the text of one CSV file."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    for title, header, rows in tables(council):
        writer.writerow([csv_cell(title)])
        writer.writerow([csv_cell(cell) for cell in header])
        for row in rows:
            writer.writerow([csv_cell(cell) for cell in row])
        writer.writerow([])
    return buffer.getvalue()


def csv_response(municipality: Municipality, year: int) -> HttpResponse:
    """The council report of MUNICIPALITY for YEAR as a CSV download."""
    council = load_council_report(municipality, year)
    response = HttpResponse(council_csv(council), content_type="text/csv; charset=utf-8")
    label = _("council report")
    filename = slugify(f"{municipality.name} {label} {year}") + ".csv"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response
