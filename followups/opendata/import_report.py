"""The situation report of an import file: its sources, findings and prioritised problems,
with the findings each problem names and the problems each promise answers, by the ids of the
file. The importer (importer.py) takes these steps; here they keep importer.py short."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from followups.opendata.reading import (
    PERIOD_KEYS,
    CharterImportError,
    _error,
    _Node,
    _save,
)
from promises.models import Charter, Promise
from situations.models import (
    Finding,
    FocusArea,
    Municipality,
    Place,
    Problem,
    SituationReport,
    Source,
)


class ReportSteps:
    """The importer's steps for the situation report and the links that name its rows.

    The importer holds the state: what it has looked up and saved, and every error so far.
    """

    published: bool
    errors: list[tuple[str, str]]

    def __init__(self) -> None:
        self.focus_areas: dict[str, FocusArea] = {}
        self.places: dict[str, Place] = {}
        self.findings_by_id: dict[int, Finding] = {}
        self.problems_by_id: dict[int, Problem] = {}
        self.failed_findings: set[Any] = set()
        self.failed_problems: set[Any] = set()
        self.report_read = False
        self.report_failed = False

    def attempt(self, step: Any, *args: Any) -> bool:
        """Take STEP, or keep its errors and go on with the next object: every error at once."""
        try:
            step(*args)
        except CharterImportError as error:
            self.errors += error.errors_by_path
            return False
        return True

    def focus_area(self, path: str, name: str) -> FocusArea:
        if name not in self.focus_areas:
            area = (
                FocusArea.objects.filter(name=name).first()
                or FocusArea.objects.filter(slug=slugify(name)).first()
            )
            if area is None:
                area = FocusArea(name=name, slug=slugify(name))
                _save(area, path, {"name": "", "slug": ""})
            self.focus_areas[name] = area
        return self.focus_areas[name]

    def place(self, path: str, name: str, municipality: Municipality) -> Place:
        if name not in self.places:
            places = Place.objects.filter(municipality=municipality)
            place = places.filter(name=name).first() or places.filter(slug=slugify(name)).first()
            if place is None:
                place = Place(municipality=municipality, name=name, slug=slugify(name))
                _save(place, path, {"name": "", "slug": ""})
            self.places[name] = place
        return self.places[name]

    def report(self, node: _Node, charter: Charter) -> None:
        """The charter's situation report: a draft with a draft, published with a published."""
        period = node.child("period", required=True)
        published_at = None
        if self.published:
            published_at = node.datetime("published_at") or charter.published_at
        report = SituationReport(
            municipality=charter.municipality,
            police_area=charter.police_area,
            title=node.text("title"),
            period_start=period.date("start", required=True),
            period_end=period.date("end", required=True),
            status=SituationReport.Status.PUBLISHED
            if published_at
            else SituationReport.Status.DRAFT,
            summary=node.text("summary"),
            selection_rationale=node.text("selection_rationale"),
            limitations=node.text("limitations"),
            published_at=published_at,
        )
        _save(report, node.path, PERIOD_KEYS)
        sources: list[Source | None] = []
        for source_node in node.children("sources"):
            source = Source(
                report=report,
                kind=source_node.text("kind"),
                title=source_node.text("title"),
                date=source_node.date("date"),
                url=source_node.text("url"),
                description=source_node.text("description"),
                is_internal=False,
            )
            saved = self.attempt(_save, source, source_node.path)
            sources.append(source if saved else None)
        for index, finding_node in enumerate(node.children("findings")):
            if not self.attempt(self.finding, finding_node, report, sources, index):
                self.failed_findings.add(finding_node.data.get("id"))
        for index, problem_node in enumerate(node.children("problems")):
            if not self.attempt(self.problem, problem_node, report, index):
                self.failed_problems.add(problem_node.data.get("id"))
        charter.situation_report = report
        _save(charter, "")
        self.report_read = True

    def finding(
        self, node: _Node, report: SituationReport, sources: list[Source | None], index: int
    ) -> None:
        source_index = node.integer("source_index")
        source = None
        if source_index is not None:
            if not 0 <= source_index < len(sources):
                raise _error(
                    node.at("source_index"),
                    _("There is no source number %(index)s in situation_report.sources.")
                    % {"index": source_index},
                )
            source = sources[source_index]
            if source is None:  # refused itself, and said so
                self.failed_findings.add(node.data.get("id"))
                return
        focus_name = node.text("focus_area").strip()
        place_name = node.text("place").strip()
        finding = Finding(
            report=report,
            source=source,
            focus_area=self.focus_area(node.at("focus_area"), focus_name) if focus_name else None,
            place=self.place(node.at("place"), place_name, report.municipality)
            if place_name
            else None,
            text=node.text("text"),
            value=node.decimal("value"),
            unit=node.text("unit"),
            order=node.integer("order", default=index + 1),
        )
        _save(finding, node.path, {"source": "source_index"})
        self.keep(self.findings_by_id, node, finding)

    def keep(self, found: dict[int, Any], node: _Node, obj: Any) -> None:
        """Remember OBJ under the id the file gives it, for the links that name it."""
        file_id = node.integer("id")
        if file_id is None:
            return
        if file_id in found:
            raise _error(
                node.at("id"),
                _("Another one in this list has the id %(id)s already.") % {"id": file_id},
            )
        found[file_id] = obj

    def problem(self, node: _Node, report: SituationReport, index: int) -> None:
        """A prioritised problem, with its places and the findings (by id) that show it."""
        findings = []
        for path, finding_id in node.ids("finding_ids"):
            if finding_id in self.failed_findings:
                continue  # refused itself, and said so
            finding = self.findings_by_id.get(finding_id)
            if finding is None:
                raise _error(
                    path,
                    _("No finding in situation_report.findings has the id %(id)s.")
                    % {"id": finding_id},
                )
            findings.append(finding)
        focus_name = node.text("focus_area").strip()
        problem = Problem(
            report=report,
            title=node.text("title"),
            description=node.text("description"),
            focus_area=self.focus_area(node.at("focus_area"), focus_name) if focus_name else None,
            priority=node.integer("priority", default=index + 1),
            cause_situation=node.text("cause_situation"),
            cause_offenders=node.text("cause_offenders"),
            cause_victims=node.text("cause_victims"),
            is_internal=False,
        )
        places = [
            self.place(path, name, report.municipality) for path, name in node.names("places")
        ]
        problem.check_links(findings=findings, places=places)
        _save(problem, node.path)
        problem.findings.set(findings)
        problem.places.set(places)
        self.keep(self.problems_by_id, node, problem)

    def promise_problems(self, node: _Node, promise: Promise) -> None:
        """The problems (by id) the promise answers, of the file's situation report."""
        problems = []
        for index, problem_node in enumerate(node.children("problems")):
            problem_id = problem_node.integer("id", required=True)
            if problem_id in self.failed_problems or self.report_failed:
                continue  # refused itself, and said so
            problem = self.problems_by_id.get(problem_id)
            if problem is None:
                raise _error(
                    f"{node.at('problems')}[{index}].id",
                    _("No prioritised problem in situation_report.problems has the id %(id)s.")
                    % {"id": problem_id},
                )
            problems.append(problem)
        try:
            promise.check_problems(problems)
        except ValidationError as error:
            raise _error(node.at("problems"), " ".join(error.messages)) from None
        promise.problems.set(problems)
