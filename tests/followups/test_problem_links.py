"""Measured nationally: the share of a charter's promises that answer a named problem of its
lägesbild, and of the lägesbild's prioritised problems that a promise answers, on the overview,
the start page and the open data's list of charters."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from followups.public.links import links_of
from promises.models import Charter
from situations.models import Municipality, SituationReport
from tests.helpers import WEDNESDAY_NOON, this_year
from tests.promises.factories import CharterFactory, PromiseFactory
from tests.situations.factories import ProblemFactory, SituationReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]


def linked_charter(
    name: str,
    *,
    promises: int = 4,
    linked: int = 3,
    problems: int = 3,
    answered: int = 2,
    published_report: bool = True,
) -> Charter:
    """A published charter of this year for the kommun NAME: PROMISES promises of which the
    first LINKED answer a public problem, PROBLEMS public problems of which the first ANSWERED
    have a promise; and an internal problem that only the last promise answers, which no
    public figure counts."""
    start, end = this_year()
    municipality = Municipality.objects.get(name=name)
    report = SituationReportFactory(
        municipality=municipality,
        period_start=start,
        period_end=end,
        published=published_report,
    )
    charter = CharterFactory(
        municipality=municipality,
        situation_report=report,
        period_start=start,
        period_end=end,
        signed_on=start,
        published=True,
    )
    public = [
        ProblemFactory(report=report, title=f"Problem {number}", priority=number + 1)
        for number in range(problems)
    ]
    internal = ProblemFactory(report=report, title="HEMLIGT PROBLEM", is_internal=True)
    made = [PromiseFactory(charter=charter, order=number) for number in range(promises)]
    answered_ones = public[:answered]
    for number, promise in enumerate(made[:linked]):
        # Every answered problem gets a promise; the others link to the first of them.
        promise.problems.add(answered_ones[number % len(answered_ones)])
    if made[linked:]:
        made[-1].problems.add(internal)
    return charter


def overview_row(client, name: str) -> str:
    page = client.get(reverse("public:overview"), {"q": name}).content.decode()
    (row,) = re.findall(rf"<tr>\s*<th scope=\"row\"><a [^>]*>{name}</a>.*?</tr>", page, re.S)
    return " ".join(strip_tags(row).split())


def words(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


# --- The figures ------------------------------------------------------------------------------


def test_the_figures_count_promises_that_answer_a_public_problem_and_problems_answered():
    charter = linked_charter("Säffle")

    shares = links_of([charter.pk])[charter.pk]

    assert (shares.promises, shares.linked_promises) == (4, 3)
    assert (shares.problems, shares.answered_problems) == (3, 2)
    assert shares.as_dict() == {
        "promises": 4,
        "promises_linked": 3,
        "promises_linked_percent": 75,
        "problems": 3,
        "problems_answered": 2,
        "problems_answered_percent": 67,
    }


def test_a_link_to_an_internal_problem_does_not_count_publicly():
    charter = linked_charter("Säffle", linked=3, answered=2)
    internal_only = charter.promises.order_by("order").last()

    assert internal_only.problems.get().is_internal
    assert links_of([charter.pk])[charter.pk].linked_promises == 3


def test_a_promise_of_another_charter_does_not_answer_a_problem():
    charter = linked_charter("Säffle", linked=0, answered=0, promises=1)
    problem = charter.situation_report.problems.public().first()
    other = CharterFactory(municipality=charter.municipality, situation_report=None)
    PromiseFactory(charter=other).problems.add(problem)

    assert links_of([charter.pk])[charter.pk].answered_problems == 0


def test_the_overview_shows_each_kommuns_shares_as_n_of_m(client):
    linked_charter("Säffle")

    row = overview_row(client, "Säffle")

    assert "3 av 4 (75 %)" in row
    assert "2 av 3 (67 %)" in row


@pytest.mark.parametrize("published_report", [False, True])
def test_a_kommun_without_a_published_lagesbild_or_problems_shows_a_dash(client, published_report):
    linked_charter("Säffle", problems=0, answered=0, linked=0, published_report=published_report)
    if not published_report:
        SituationReport.objects.update(status=SituationReport.Status.DRAFT)

    row = overview_row(client, "Säffle")

    assert "ej bedömda än – – Publicerat" in row
    assert not re.search(r"\d+ av \d+ \(", row)


def test_a_draft_lagesbild_counts_no_problem(client):
    charter = linked_charter("Säffle")
    SituationReport.objects.filter(pk=charter.situation_report_id).update(
        status=SituationReport.Status.DRAFT
    )

    row = overview_row(client, "Säffle")

    assert "3 av 4" not in row and "2 av 3" not in row


def test_the_overview_gives_the_countrys_totals_whatever_the_filter(client):
    linked_charter("Säffle")  # 3 of 4 promises, 2 of 3 problems
    linked_charter("Essunga", promises=2, linked=2, problems=1, answered=1)
    linked_charter("Vara", problems=0, linked=0, answered=0)  # not counted

    response = client.get(reverse("public:overview"), {"q": "Säffle"})
    (foot,) = re.findall(r"<tfoot>.*?</tfoot>", response.content.decode(), re.S)
    total = " ".join(strip_tags(foot).split())

    assert "Hela landet" in total
    assert "5 av 6 (83 %)" in total
    assert "3 av 4 (75 %)" in total
    assert "namngivet problem i lägesbilden" in words(response)


# --- The start page ----------------------------------------------------------------------------


def test_the_start_page_says_how_many_promises_answer_a_problem_and_links_to_the_overview(client):
    linked_charter("Säffle")
    linked_charter("Essunga", promises=2, linked=2, problems=1, answered=1)

    response = client.get(reverse("public:home"))
    text = words(response)

    assert "5 av 6 löften (83 %) svarar på ett namngivet problem i sin lägesbild." in text
    assert "3 av 4 prioriterade problem (75 %) har minst ett löfte som svarar på dem." in text
    assert 'href="/kommuner/"' in response.content.decode()


def test_the_start_page_says_when_no_lagesbild_names_a_problem(client):
    linked_charter("Säffle", problems=0, linked=0, answered=0)

    text = words(client.get(reverse("public:home")))

    assert "Ännu namnger ingen publicerad lägesbild" in text


# --- Open data ---------------------------------------------------------------------------------


def test_the_charter_list_gives_the_shares(client):
    charter = linked_charter("Säffle")

    rows = client.get(reverse("opendata:api_charters")).json()["results"]
    (row,) = [row for row in rows if row["id"] == charter.pk]

    assert row["problem_links"] == {
        "promises": 4,
        "promises_linked": 3,
        "promises_linked_percent": 75,
        "problems": 3,
        "problems_answered": 2,
        "problems_answered_percent": 67,
    }


def test_the_open_data_documents_the_shares(client):
    text = words(client.get(reverse("opendata:api_docs")))

    assert "problem_links" in text and "promises_linked" in text


# --- The cache follows the links ---------------------------------------------------------------


def national_figures(client) -> tuple[str, str]:
    """The overview's totals and the start page's sentence, as served (from the cache)."""
    overview = client.get(reverse("public:overview")).content.decode()
    (foot,) = re.findall(r"<tfoot>.*?</tfoot>", overview, re.S)
    home = words(client.get(reverse("public:home")))
    (sentence,) = re.findall(r"\d+ av \d+ löften? \(\d+ %\) svarar[^.]*\.", home)
    return " ".join(strip_tags(foot).split()), sentence


@pytest.mark.parametrize("side", ["promise", "problem"])
def test_a_new_link_shows_on_the_next_request(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries, side
):
    charter = linked_charter("Säffle")
    before = national_figures(client)
    with django_assert_max_num_queries(0):  # both pages are cached
        assert national_figures(client) == before
    unlinked = charter.promises.order_by("order").last()
    problem = charter.situation_report.problems.get(title="Problem 2")

    with django_capture_on_commit_callbacks(execute=True):
        if side == "promise":
            unlinked.problems.add(problem)
        else:
            problem.promises.add(unlinked)
    total, sentence = national_figures(client)

    assert before[1].startswith("3 av 4 löften")
    assert "4 av 4 (100 %)" in total and "3 av 3 (100 %)" in total
    assert sentence.startswith("4 av 4 löften (100 %)")


def test_a_removed_link_shows_on_the_next_request(client, django_capture_on_commit_callbacks):
    charter = linked_charter("Säffle")
    national_figures(client)
    only_answer = charter.promises.get(order=1)  # the one promise that answers problem 1

    with django_capture_on_commit_callbacks(execute=True):
        only_answer.problems.clear()
    total, sentence = national_figures(client)

    assert sentence.startswith("2 av 4 löften (50 %)")
    assert "1 av 3 (33 %)" in total


def test_a_problem_made_internal_leaves_the_figures_on_the_next_request(
    client, django_capture_on_commit_callbacks
):
    charter = linked_charter("Säffle")
    national_figures(client)
    problem = charter.situation_report.problems.get(title="Problem 0")

    with django_capture_on_commit_callbacks(execute=True):
        problem.is_internal = True
        problem.save()
    total, _sentence = national_figures(client)

    # Problem 0 was answered by promises 0 and 2; problem 1 by promise 1.
    assert "1 av 4 (25 %)" in total and "1 av 2 (50 %)" in total


def test_a_published_lagesbild_brings_its_figures_on_the_next_request(
    client, django_capture_on_commit_callbacks
):
    charter = linked_charter("Säffle", published_report=False)
    assert "Ännu namnger ingen publicerad lägesbild" in words(client.get(reverse("public:home")))
    report = charter.situation_report

    with django_capture_on_commit_callbacks(execute=True):
        report.status = SituationReport.Status.PUBLISHED
        report.published_at = timezone.now()
        report.save()

    assert national_figures(client)[1].startswith("3 av 4 löften (75 %)")
