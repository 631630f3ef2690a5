"""Open data of the chain: the problems and findings each promise answers in the JSON, the
public problems of the situation report, kopplingar.csv, and the import that reads them back."""

import copy
import json

import pytest
from django.urls import reverse

from followups.opendata import CharterImportError, charter_export, charter_import
from promises.models import Charter, Promise
from situations.models import Finding, Problem
from tests.followups.opendata_data import SECRET, SHOWN
from tests.helpers import csv_rows, get_json

pytestmark = pytest.mark.django_db


def remove(charter: Charter) -> None:
    """Delete CHARTER and its situation report, so that its export can be imported again."""
    report = charter.situation_report
    charter.delete()
    report.findings.all().delete()  # a finding protects its source from deletion
    report.delete()


def chain(charter: Charter) -> dict:
    """The public chain of CHARTER in the database, by texts: each promise's problems, and each
    problem's findings, places and causes."""
    report = charter.situation_report
    problems = report.problems.public().order_by("priority")
    return {
        "promises": [
            (promise.order, [p.title for p in promise.problems.public().order_by("priority")])
            for promise in charter.promises.order_by("order")
        ],
        "problems": [
            (
                problem.priority,
                problem.title,
                problem.focus_area.name if problem.focus_area else None,
                [place.name for place in problem.places.all()],
                problem.causes,
                [f.text for f in problem.findings.public().order_by("order")],
            )
            for problem in problems
        ],
    }


# --- The JSON --------------------------------------------------------------------------------


def test_each_promise_lists_the_public_problems_and_findings_it_answers(
    client, charter_among_hidden
):
    report = charter_among_hidden.situation_report
    problem = report.problems.get(priority=1)
    shown = report.findings.get(order=1)

    data = get_json(
        client, reverse("opendata:api_charter", kwargs={"pk": charter_among_hidden.pk})
    )

    for promise in data["promises"]:
        assert promise["problems"] == [{"id": problem.pk, "title": problem.title}]
        assert promise["findings"] == [{"id": shown.pk, "text": shown.text}]
    problems = data["situation_report"]["problems"]
    assert [p["title"] for p in problems] == [problem.title, "Fler bostadsinbrott"]
    assert problems[0] == {
        "id": problem.pk,
        "priority": 1,
        "title": f"{SHOWN}-PROBLEM: otrygg trafik vid resecentrum",
        "description": "Bilar kör fort förbi resecentrum.",
        "focus_area": "Trafik",
        "places": ["Resecentrum"],
        "cause_situation": "Lång raksträcka utan övergångsställen.",
        "cause_offenders": "",
        "cause_victims": "Barn och äldre som går till bussen.",
        "finding_ids": [shown.pk],
    }
    assert problems[1]["finding_ids"] == [report.findings.get(order=4).pk]


def test_the_json_never_holds_an_internal_problem_or_finding(client, charter_among_hidden):
    report = charter_among_hidden.situation_report
    internal_problems = set(report.problems.filter(is_internal=True).values_list("pk", flat=True))
    internal_findings = set(report.findings.values_list("pk", flat=True)) - set(
        Finding.objects.public().values_list("pk", flat=True)
    )
    assert internal_problems and internal_findings
    # Both are linked: the internal problem to every promise, the internal finding to the
    # public problem.
    assert Promise.problems.through.objects.filter(problem__in=internal_problems).exists()

    text = client.get(
        reverse("opendata:api_charter", kwargs={"pk": charter_among_hidden.pk})
    ).content.decode()
    data = json.loads(text)

    assert SECRET not in text
    report_data = data["situation_report"]
    assert not internal_problems & {p["id"] for p in report_data["problems"]}
    named = {pk for p in report_data["problems"] for pk in p["finding_ids"]}
    named |= {f["id"] for promise in data["promises"] for f in promise["findings"]}
    named |= {f["id"] for f in report_data["findings"]}
    assert named and not internal_findings & named
    listed = {p["id"] for promise in data["promises"] for p in promise["problems"]}
    assert not internal_problems & listed


# --- kopplingar.csv --------------------------------------------------------------------------


def test_the_link_table_has_a_row_per_promise_problem_and_public_finding(
    client, charter_among_hidden
):
    response = client.get(reverse("opendata:api_csv", kwargs={"dataset": "kopplingar"}))

    header, *rows = csv_rows(response)
    columns = {name: index for index, name in enumerate(header)}
    found = {
        (
            row[columns["Löftets ordning"]],
            row[columns["Problemets id"]],
            row[columns["Iakttagelsens id"]],
        )
        for row in rows
    }
    expected = {
        (str(link.promise.order), str(link.problem_id), str(finding.pk))
        for link in Promise.problems.through.objects.filter(
            promise__charter__status__in=Charter.Status.public_values(),
            problem__is_internal=False,
        ).select_related("promise")
        for finding in link.problem.findings.public()
    }
    assert found == expected
    assert len(rows) == len(expected) == 2  # two promises answer one public problem
    assert rows[0][columns["Iakttagelse"]].startswith(f"{SHOWN}-IAKTTAGELSE")
    assert rows[0][columns["Värde"]] == "60"
    assert rows[0][columns["Prioriterat problem"]].startswith(f"{SHOWN}-PROBLEM")
    assert SECRET not in str(rows)


def test_a_linked_problem_without_public_findings_has_one_row_without_a_finding(
    client, charter_among_hidden
):
    problem = charter_among_hidden.situation_report.problems.get(priority=3)
    charter_among_hidden.promises.get(order=2).problems.add(problem)
    problem.findings.clear()

    response = client.get(
        reverse("opendata:api_csv", kwargs={"dataset": "kopplingar"}), {"kommun": "kommun-a"}
    )

    header, *rows = csv_rows(response)
    row = next(row for row in rows if row[header.index("Problemets id")] == str(problem.pk))
    assert row[header.index("Iakttagelsens id")] == ""
    assert len(rows) == 3


# --- The import reads the links back ----------------------------------------------------------


def test_the_round_trip_gives_the_same_problems_findings_and_links(rich_charter):
    before = chain(rich_charter)
    exported = charter_export(rich_charter)
    remove(rich_charter)

    imported = charter_import(data=json.loads(json.dumps(exported)), published=True).charter

    after = chain(imported)
    assert after == before
    title = f"{SHOWN}-PROBLEM: otrygg trafik vid resecentrum"
    assert after["promises"] == [(1, [title]), (2, [title])]
    assert len(after["problems"]) == 2
    assert (
        not Problem.objects.filter(is_internal=False, report=imported.situation_report)
        .filter(title__contains=SECRET)
        .exists()
    )


def test_a_file_without_problems_or_ids_still_imports(rich_charter):
    exported = charter_export(rich_charter)
    remove(rich_charter)
    old = copy.deepcopy(exported)
    del old["situation_report"]["problems"]
    for finding in old["situation_report"]["findings"]:
        del finding["id"]
    for promise in old["promises"]:
        del promise["problems"], promise["findings"]

    charter = charter_import(data=old).charter

    assert charter.situation_report.findings.count() == 2
    assert not charter.situation_report.problems.exists()
    assert not Promise.problems.through.objects.exists()


def test_a_link_to_an_id_the_file_does_not_hold_is_refused_with_its_path(rich_charter):
    exported = charter_export(rich_charter)
    remove(rich_charter)
    exported["promises"][1]["problems"][0]["id"] = 999999
    exported["situation_report"]["problems"][1]["finding_ids"] = [888888]

    with pytest.raises(CharterImportError) as raised:
        charter_import(data=exported)

    paths = [path for path, _message in raised.value.errors_by_path]
    assert paths == ["promises[1].problems[0].id", "situation_report.problems[1].finding_ids[0]"]
    assert not Charter.objects.exists()
