"""What the council report tests share: reading its tables off the page and the CSV, and the
figures the database says it must show, computed here without the report's own code."""

from __future__ import annotations

import csv
import datetime
import html
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone

from followups.models import FollowUp, FollowUpRound
from promises.models import Activity, Charter, Indicator, Party, Promise, WalkFinding
from situations.models import Municipality, Problem
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory
from tests.promises.factories import (
    ActivityFactory,
    CharterFactory,
    IndicatorFactory,
    MeasurementFactory,
    PromiseFactory,
    SafetyWalkFactory,
    WalkFindingFactory,
)
from tests.situations.factories import (
    FindingFactory,
    FocusAreaFactory,
    PlaceFactory,
    ProblemFactory,
    SituationReportFactory,
)

SV_STATUS = {
    "done": "Genomförd",
    "ongoing": "Pågår",
    "delayed": "Försenad",
    "not_started": "Ej påbörjad",
    "cancelled": "Inställd",
}
SV_ASSESSMENT = {
    "fulfilled": "Infriat",
    "partly_fulfilled": "Delvis infriat",
    "not_fulfilled": "Ej infriat",
    "ongoing": "Pågår",
    "not_assessed": "Ej bedömt än",
}


def workspace_url(municipality: Municipality, year: int) -> str:
    kwargs = {"slug": municipality.slug, "year": year}
    return reverse("followups:council_report", kwargs=kwargs)


def public_url(municipality: Municipality, year: int) -> str:
    kwargs = {"slug": municipality.slug, "year": year}
    return reverse("public:council_report", kwargs=kwargs)


def csv_url(municipality: Municipality, year: int, *, public: bool = False) -> str:
    name = "public:council_report_csv" if public else "followups:council_report_csv"
    return reverse(name, kwargs={"slug": municipality.slug, "year": year})


class Tables(HTMLParser):
    """Every <table data-table="NAME"> of a page: its caption and its body rows as cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, str, list[list[str]]]] = []
        self._name = ""
        self._caption: list[str] = []
        self._in_caption = False
        self._rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-table" in attrs:
            self._name, self._rows, self._caption = attrs["data-table"], [], []
        elif tag == "caption" and self._name:
            self._in_caption = True
        elif tag == "tbody" and self._name:
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._rows.append([])
        elif tag in ("td", "th") and self._in_body:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "caption":
            self._in_caption = False
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table" and self._name:
            caption = " ".join("".join(self._caption).split())
            self.tables.append((self._name, caption, self._rows))
            self._name = ""

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._in_caption:
            self._caption.append(data)


def tables_of(body: str) -> dict[str, list[tuple[str, list[list[str]]]]]:
    parser = Tables()
    parser.feed(body)
    found: dict[str, list[tuple[str, list[list[str]]]]] = {}
    for name, caption, rows in parser.tables:
        found.setdefault(name, []).append((caption, rows))
    return found


def text_of(body: str) -> str:
    """The page as a reader reads it: tags removed, entities decoded, whitespace collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def csv_tables(content: bytes) -> dict[str, list[list[str]]]:
    """The CSV download's tables by title, header row first."""
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    found: dict[str, list[list[str]]] = {}
    title = None
    for row in csv.reader(io.StringIO(text[1:]), delimiter=";"):
        if not row:
            title = None
        elif title is None:
            title = row[0]
            found[title] = []
        else:
            found[title].append(row)
    return found


def sv_number(value: Decimal) -> str:
    """A decimal as the Swedish page writes it: 60, 12,5."""
    value = value.normalize()
    if value == value.to_integral():
        value = value.quantize(Decimal(1))
    return format(value, "f").replace(".", ",")


@dataclass
class Expected:
    """The figures of a council report, from the database."""

    statuses: Counter = field(default_factory=Counter)
    unrecorded: int = 0
    assessments: Counter = field(default_factory=Counter)
    open_activities: list[str] = field(default_factory=list)
    indicators: list[tuple[str, str, str, str]] = field(default_factory=list)
    walks: list[tuple[str, int, int, int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    linked: dict[int, list[str]] = field(default_factory=dict)
    unlinked: list[str] = field(default_factory=list)

    @property
    def planned(self) -> int:
        return sum(self.statuses[s] for s in ("done", "ongoing", "delayed", "not_started"))


def expected(charter: Charter, year: int) -> Expected:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rounds = FollowUpRound.objects.filter(
        charter=charter, published_at__isnull=False, period_start__lte=last, period_end__gte=first
    )
    follow_ups = FollowUp.objects.filter(round__in=rounds).order_by(
        "round__period_start", "round_id", "id"
    )
    status_of, assessment_of = {}, {}
    for follow_up in follow_ups:
        if follow_up.activity_id:
            status_of[follow_up.activity_id] = follow_up.status
        else:
            assessment_of[follow_up.promise_id] = follow_up.assessment
    planned = FollowUpRound.objects.filter(charter=charter).order_by("due_on").first()
    late = planned is not None and charter.created_at.date() > planned.due_on
    result = Expected()
    activities = Activity.objects.filter(promise__charter=charter, is_public=True).order_by(
        "promise__order", "promise_id", "order", "id"
    )
    for activity in activities:
        status = status_of.get(activity.pk)
        if status is None and late:
            result.unrecorded += 1
        else:
            result.statuses[status or "not_started"] += 1
        if status not in ("done", "cancelled"):
            result.open_activities.append(activity.title)
    promises = list(Promise.objects.filter(charter=charter))
    for promise in promises:
        value = assessment_of.get(promise.pk) or "not_assessed"
        result.assessments["not_assessed" if value == "not_assessed" else value] += 1
    for indicator in Indicator.objects.filter(promise__charter=charter).order_by("pk"):
        values = indicator.measurements.filter(date__range=(first, last)).order_by("date")
        last_value = values.last()
        unit = f" {indicator.unit}" if indicator.unit else ""
        result.indicators.append(
            (
                indicator.name,
                f"{sv_number(indicator.baseline)}{unit}"
                if indicator.baseline is not None
                else "–",
                f"{sv_number(last_value.value)}{unit}" if last_value else "",
                f"{sv_number(indicator.target)}{unit}" if indicator.target is not None else "–",
            )
        )
    walks = Activity.objects.filter(
        promise__charter=charter, is_public=True, kind=Activity.Kind.SAFETY_WALK
    ).exclude(safety_walk=None)
    for activity in walks.order_by("promise__order", "promise_id", "order", "id"):
        findings = WalkFinding.objects.filter(walk__activity=activity)
        result.walks.append(
            (
                activity.title,
                findings.count(),
                findings.filter(status="done", done_on__year=year).count(),
                findings.exclude(status="done").count(),
            )
        )
    report = charter.situation_report
    if report is not None and report.status == report.Status.PUBLISHED:
        result.problems = list(Problem.objects.public().filter(report=report))
    shown = {problem.pk for problem in result.problems}
    for problem in result.problems:
        result.linked[problem.pk] = [
            p.title or p.text for p in problem.promises.filter(charter=charter).order_by("pk")
        ]
    for promise in promises:
        if not set(promise.problems.values_list("pk", flat=True)) & shown:
            result.unlinked.append(promise.title or promise.text)
    return result


def check_page(body: str, charter: Charter, year: int) -> None:
    """Every figure of the Swedish report page against the database."""
    want = expected(charter, year)
    tables = tables_of(body)
    text = text_of(body)

    statuses = dict(tuple(row) for row in tables["statuses"][0][1])
    assert statuses == {label: str(want.statuses[key]) for key, label in SV_STATUS.items()}
    if want.planned:
        percent = round(100 * want.statuses["done"] / want.planned + 1e-9)
        assert (
            f"{want.statuses['done']} av {want.planned} planerade aktiviteter genomförda "
            f"({percent}\u00a0%)" in html.unescape(body)
        )
    if want.unrecorded:
        assert f"{want.unrecorded} utan uppföljning i systemet" in text
    assessments = dict(tuple(row) for row in tables["assessments"][0][1])
    assert assessments == {
        label: str(want.assessments[key]) for key, label in SV_ASSESSMENT.items()
    }

    indicators = [tuple(row) for row in tables.get("indicators", [("", [])])[0][1]]
    assert [(row[0], row[1], row[4]) for row in indicators] == [
        (name, baseline, target) for name, baseline, _value, target in want.indicators
    ]
    for row, (_name, _baseline, value, _target) in zip(indicators, want.indicators, strict=True):
        assert row[2].startswith(value) if value else row[2] == "inte mätt"

    walks = [tuple(row) for row in tables.get("walks", [("", [])])[0][1]]
    assert [(r[0], int(r[2]), int(r[3]), int(r[4])) for r in walks] == want.walks
    if want.walks:
        fixed = sum(walk[2] for walk in want.walks)
        found = sum(walk[1] for walk in want.walks)
        assert f"{fixed} av {found} brister" in text

    open_rows = tables.get("open-activities", [("", [])])[0][1]
    assert [row[0] for row in open_rows] == want.open_activities

    measures = tables.get("measures", [])
    by_caption = {caption: [row[0] for row in rows] for caption, rows in measures}
    for problem in want.problems:
        assert f"Prioritet {problem.priority}: {problem.title}" in text
        for finding in problem.findings.public():
            assert finding.text in text
            if finding.value is not None:
                assert f"{sv_number(finding.value)} {finding.unit}".strip() in text
        assert by_caption[problem.title] == (
            want.linked[problem.pk] or ["Inget löfte svarar mot problemet."]
        )
    if want.unlinked:
        assert sorted(by_caption["Löften som inte svarar mot ett namngivet problem"]) == sorted(
            want.unlinked
        )


# --- A charter with everything in it -------------------------------------------------------

D = datetime.date
INTERNAL = "INTERNT-SKA-INTE-SYNAS"


def rich_charter(municipality, police_area, promises: int = 3) -> Charter:
    """A published 2021 charter: a published lägesbild with a public and an internal problem,
    PROMISES promises (all but the last answering the public problem), each with a public and
    an internal activity and an indicator, a safety walk, a published and an unpublished round,
    and a draft renewal."""
    report = SituationReportFactory(municipality=municipality, published=True)
    public_finding = FindingFactory(report=report, value=60, unit="%")
    FindingFactory(  # resting on an internal source, so internal itself
        report=report, text=f"{INTERNAL} iakttagelse", source__is_internal=True
    )
    problem = ProblemFactory(
        report=report,
        focus_area=FocusAreaFactory(name=f"Narkotika {municipality.slug}"),
        cause_situation="Mörka gångvägar.",
        cause_offenders="Unga som säljer.",
        cause_victims="Pendlare sent på kvällen.",
    )
    problem.findings.set([public_finding])
    problem.places.set([PlaceFactory(municipality=municipality, name="Busstationen")])
    ProblemFactory(report=report, title=f"{INTERNAL} problem", priority=2, is_internal=True)
    charter = CharterFactory(
        municipality=municipality, police_area=police_area, published=True, situation_report=report
    )
    round_ = FollowUpRoundFactory(charter=charter, published_at=timezone.now())
    FollowUpRoundFactory(  # not published: its follow-ups are no part of the report
        charter=charter,
        title="Kvartal 2",
        period_start=D(2021, 4, 1),
        period_end=D(2021, 6, 30),
        due_on=D(2021, 7, 15),
    )
    for number in range(promises):
        promise = PromiseFactory(
            charter=charter, order=number + 1, text=f"Löfte {number + 1}", owner=Party.JOINT
        )
        if number < promises - 1:
            promise.problems.add(problem)
        done = ActivityFactory(promise=promise, title=f"Aktivitet {number + 1}", order=1)
        ActivityFactory(promise=promise, title=f"{INTERNAL} aktivitet", is_public=False, order=2)
        FollowUpFactory(round=round_, activity=done, status=FollowUp.Status.DONE)
        FollowUpFactory(
            round=round_,
            for_promise=True,
            promise=promise,
            assessment=Promise.Assessment.FULFILLED,
        )
        indicator = IndicatorFactory(promise=promise, baseline=55, target=70, unit="%")
        MeasurementFactory(indicator=indicator, date=D(2020, 6, 1), value=50)
        MeasurementFactory(indicator=indicator, date=D(2021, 9, 1), value="72.5")
        walk = SafetyWalkFactory(activity__promise=promise, activity__order=3, date=D(2021, 9, 21))
        WalkFindingFactory(walk=walk, status=WalkFinding.Status.DONE, done_on=D(2021, 10, 1))
        WalkFindingFactory(walk=walk, location="Parkeringen vid skolan")
    CharterFactory(
        municipality=municipality,
        police_area=police_area,
        title="Medborgarlöfte 2022",
        period_start=D(2022, 1, 1),
        period_end=D(2022, 12, 31),
        renewed_from=charter,
    )
    return charter
