"""The demo is linked: the seed lägesbilder have prioritised problems shown by their findings,
the seed promises name the problems they answer, and the national generator links most of its
promises, deterministically."""

import datetime

import pytest
from django.urls import reverse

from followups.demo import national
from followups.demo.seeds import load_seeds
from promises.models import Charter, Promise
from situations.models import Problem
from tests.helpers import get_json

pytestmark = pytest.mark.django_db

SAFFLE, ESSUNGA = "1785", "1445"
SIXTY = "60 % av de som deltagit i dialogerna vill ha en mer tillgänglig polis."
TWENTY_SIX = "26 % önskar mer satsning på utemiljön."


def charter_of(code: str, year: int) -> Charter:
    return Charter.objects.get(municipality__code=code, period_start=datetime.date(year, 1, 1))


def answers(charter: Charter) -> list[tuple[str, list[str]]]:
    """Each promise's first four words, with the titles of the problems it answers."""
    return [
        (" ".join(promise.text.split()[:4]), [problem.title for problem in promise.problems.all()])
        for promise in charter.promises.order_by("order").prefetch_related("problems")
    ]


# --- The seeds -------------------------------------------------------------------------------


def test_the_saffle_json_lists_the_60_percent_finding_under_the_visibility_promise(client):
    load_seeds()
    charter = charter_of(SAFFLE, 2017)

    data = get_json(client, reverse("opendata:api_charter", kwargs={"pk": charter.pk}))

    promises = {promise["title"]: promise for promise in data["promises"]}
    visibility, outdoors = promises["Synlighet"], promises["Utemiljö"]
    assert [finding["text"] for finding in visibility["findings"]] == [SIXTY]
    assert [problem["title"] for problem in visibility["problems"]] == ["En mer tillgänglig polis"]
    assert [finding["text"] for finding in outdoors["findings"]] == [TWENTY_SIX]
    sixty = next(f for f in data["situation_report"]["findings"] if f["text"] == SIXTY)
    assert visibility["findings"][0]["id"] == sixty["id"]
    problems = data["situation_report"]["problems"]
    assert [(p["priority"], p["title"], p["finding_ids"]) for p in problems] == [
        (1, "En mer tillgänglig polis", [sixty["id"]]),
        (2, "Mer satsning på utemiljön", [outdoors["findings"][0]["id"]]),
    ]
    # The lägesbild gives no cause analysis: none is invented.
    assert {
        p["cause_situation"] + p["cause_offenders"] + p["cause_victims"] for p in problems
    } == {""}


def test_essunga_promises_answer_its_drugs_traffic_and_theft_problems():
    load_seeds()
    charter = charter_of(ESSUNGA, 2021)

    problems = list(charter.situation_report.problems.order_by("priority"))
    assert [(p.priority, p.title, p.focus_area.name) for p in problems] == [
        (1, "Droger", "Alkohol och droger"),
        (2, "Trafik", "Trafik"),
        (3, "Stölder och inbrott", "Stölder och inbrott"),
    ]
    assert [list(p.findings.values_list("text", flat=True)) for p in problems] == [
        ["Det finns en oro för droger."],
        ["Det finns en oro för trafik."],
        ["Det finns en oro för stölder."],
    ]
    assert list(problems[0].places.values_list("name", flat=True)) == ["skolmiljö"]
    assert "skolmiljö" in problems[0].cause_situation
    assert problems[2].causes == []
    assert answers(charter) == [
        ("Polisen ska genomföra riktad", ["Trafik"]),
        ("Polisen ska ha täta", ["Droger"]),
        ("Polisen ska samverka med", ["Droger"]),
        ("Polisen ska informera och", ["Stölder och inbrott"]),
        ("Kommunen ska bistå med", ["Droger"]),
        ("Kommunen ska ansvara för", []),
        ("Kommunen ska stötta frivilligorganisationer", []),
        ("Kommunen ska ansvara och", []),
        ("Genomföra tätortsvandringar och dialogmöten", []),
    ]


def test_loading_the_seeds_again_keeps_their_problems_and_links():
    load_seeds()
    before = (
        sorted(Problem.objects.values_list("pk", "title", "priority")),
        sorted(Promise.problems.through.objects.values_list("promise_id", "problem_id")),
        sorted(Problem.findings.through.objects.values_list("problem_id", "finding_id")),
    )
    charter = charter_of(ESSUNGA, 2021)
    charter.promises.get(order=1).problems.clear()

    load_seeds()

    assert before == (
        sorted(Problem.objects.values_list("pk", "title", "priority")),
        sorted(Promise.problems.through.objects.values_list("promise_id", "problem_id")),
        sorted(Problem.findings.through.objects.values_list("problem_id", "finding_id")),
    )


# --- The national generator ------------------------------------------------------------------


def generate(**kwargs) -> national.NationalResult:
    return national.generate_national(
        today=datetime.date(2026, 6, 1), years=[2025, 2026], municipality_limit=25, **kwargs
    )


def links() -> list[tuple]:
    """Every promise's problems by kommun, year, promise and priority: comparable across runs."""
    return sorted(
        Promise.problems.through.objects.values_list(
            "promise__charter__municipality__code",
            "promise__charter__period_start",
            "promise__order",
            "problem__priority",
            "problem__title",
        )
    )


def test_the_national_generator_links_most_promises_and_leaves_a_realistic_share_unlinked():
    result = generate()

    promises = Promise.objects.all()
    unlinked = promises.filter(problems__isnull=True).count()
    assert result.unlinked_promises == unlinked
    assert 0.08 <= unlinked / promises.count() <= 0.28
    problems = Problem.objects.all()
    assert result.problems == problems.count()
    assert problems.filter(promises__isnull=True).exists()  # some problem has no promise
    assert problems.filter(promises__isnull=True).count() < problems.count() / 4
    for report in Charter.objects.all().values_list("situation_report", flat=True):
        assert 2 <= problems.filter(report=report).count() <= 5


def test_every_generated_link_stays_within_the_lägesbild_and_its_focus_area():
    generate()

    for link in Promise.problems.through.objects.select_related(
        "promise__charter", "problem"
    ).prefetch_related("promise__focus_areas"):
        assert link.problem.report_id == link.promise.charter.situation_report_id
        assert [area.pk for area in link.promise.focus_areas.all()] == [link.problem.focus_area_id]
    for problem in Problem.objects.prefetch_related("findings"):
        (finding,) = problem.findings.all()
        assert finding.report_id == problem.report_id
        assert finding.focus_area_id == problem.focus_area_id
        assert problem.title and problem.description
        assert "{plats}" not in problem.title


def test_the_national_links_are_the_same_every_run():
    generate()
    first = links()

    generate()

    assert links() == first
    assert Problem.objects.count() == len({(c, s, p) for c, s, _o, p, _t in first}) + (
        Problem.objects.filter(promises__isnull=True).count()
    )
