"""A promise names the prioritised problems of the charter's lägesbild that it answers: ticked
on the promise's page, checked against the charter's report, kept in the history, and shown on
the list of promises."""

import datetime

import pytest
from django.urls import reverse

from promises.models import Party
from situations.models import Source
from tests.helpers import form_data, sv
from tests.promises.factories import ActivityFactory, PromiseFactory
from tests.situations.factories import (
    FindingFactory,
    ProblemFactory,
    SituationReportFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def promise_url(promise):
    return reverse("promises:promise_edit", kwargs={"pk": promise.pk})


def list_url(charter):
    return reverse("promises:promises_edit", kwargs={"pk": charter.pk})


@pytest.fixture
def report(world, charter):
    """The charter's lägesbild: a public problem with a public and an internal finding, and
    an internal problem."""
    report = SituationReportFactory(municipality=world.municipality, title="Lägesbild 2021")
    charter.situation_report = report
    charter.save()
    dialogue = SourceFactory(report=report, title="Dialoger")
    secret = SourceFactory(report=report, kind=Source.Kind.POLICE_INTELLIGENCE, title="Und.")
    visible = FindingFactory(report=report, source=dialogue, value=60, unit="%")
    hidden = FindingFactory(report=report, source=secret, text="Försäljning i trapphus 4.")
    drugs = ProblemFactory(report=report, priority=1, title="Narkotika vid busstationen")
    drugs.findings.set([visible, hidden])
    ProblemFactory(report=report, priority=2, title="Inbrott i förråd", is_internal=True)
    return report


def problems_fieldset(page: str) -> str:
    start = page.index('class="promise-problems')
    return page[start : page.index("</fieldset>", start)]


def problems_of(promise) -> list[str]:
    return list(promise.problems.order_by("priority").values_list("title", flat=True))


def test_the_page_offers_each_problem_with_its_priority_and_findings(client, world, report):
    promise = PromiseFactory(charter=report.charters.get(), order=1)
    client.force_login(world.coordinator)

    page = client.get(promise_url(promise)).content.decode()

    fieldset = problems_fieldset(page)
    assert "Vilka problem svarar löftet på?" in fieldset
    assert "1. Narkotika vid busstationen" in fieldset
    assert "2. Inbrott i förråd" in fieldset and sv("internal problem") in fieldset
    assert "<li>60 % av de som deltagit" in fieldset
    assert "Försäljning i trapphus 4. (" + sv("internal finding") in fieldset
    assert fieldset.count('type="checkbox"') == 2


def test_ticked_problems_are_saved_and_the_history_names_them(client, world, report):
    promise = PromiseFactory(charter=report.charters.get(), order=1)
    client.force_login(world.coordinator)
    data = form_data(client.get(promise_url(promise)))
    data["promise-problems"] = [str(pk) for pk in report.problems.values_list("pk", flat=True)]

    assert client.post(promise_url(promise), data).status_code == 302

    assert problems_of(promise) == ["Narkotika vid busstationen", "Inbrott i förråd"]
    history = reverse("promises:charter_history", kwargs={"pk": promise.charter.pk})
    content = client.get(history).content.decode()
    assert "Narkotika vid busstationen" in content
    assert "<dt>Problem som löftet svarar på</dt>" in content
    page = client.get(promise_url(promise)).content.decode()
    assert page.count(" checked") >= 2


def test_a_problem_of_another_report_is_refused_and_everything_typed_is_kept(
    client, world, report
):
    promise = PromiseFactory(charter=report.charters.get(), order=1, text="Gammal text")
    elsewhere = ProblemFactory(
        report=SituationReportFactory(
            municipality=world.municipality,
            title="Lägesbild 2019",
            period_start=datetime.date(2019, 1, 1),
            period_end=datetime.date(2019, 12, 31),
        ),
        title="Annan lägesbilds problem",
    )
    client.force_login(world.coordinator)
    data = form_data(client.get(promise_url(promise)))
    data["promise-text"] = "Ny text som inte får försvinna"
    data["promise-problems"] = [str(elsewhere.pk)]

    response = client.post(promise_url(promise), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert (
        sv("Choose among the prioritised problems of the citizen promise's situation report.")
        in page
    )
    assert "Ny text som inte får försvinna" in page
    promise.refresh_from_db()
    assert promise.text == "Gammal text" and problems_of(promise) == []


def test_an_unknown_problem_is_refused_without_an_error_page(client, world, report):
    promise = PromiseFactory(charter=report.charters.get(), order=1)
    client.force_login(world.coordinator)
    data = form_data(client.get(promise_url(promise)))
    data["promise-problems"] = ["999999", "inte-ett-id"]

    response = client.post(promise_url(promise), data)

    assert response.status_code == 200
    assert "Inget är sparat ännu" in response.content.decode()
    assert problems_of(promise) == []


def test_a_new_promise_may_answer_a_problem_at_once(client, world, report):
    charter = report.charters.get()
    client.force_login(world.coordinator)
    create = reverse("promises:promise_create", kwargs={"pk": charter.pk})
    data = form_data(client.get(create))
    data.update({"promise-owner": "police", "promise-text": "Vi patrullerar busstationen."})
    data["promise-problems"] = [str(report.problems.get(priority=1).pk)]

    assert client.post(create, data).status_code == 302

    assert problems_of(charter.promises.get()) == ["Narkotika vid busstationen"]


def test_without_a_report_the_page_says_where_to_choose_one(client, world, charter):
    promise = PromiseFactory(charter=charter, order=1)
    client.force_login(world.coordinator)

    page = client.get(promise_url(promise)).content.decode()

    fieldset = problems_fieldset(page)
    assert "Medborgarlöftet har ingen lägesbild ännu" in fieldset
    assert reverse("promises:charter_edit", kwargs={"pk": charter.pk}) in fieldset
    assert 'type="checkbox"' not in fieldset


def test_a_report_without_problems_links_to_where_they_are_added(client, world, charter):
    charter.situation_report = SituationReportFactory(municipality=world.municipality)
    charter.save()
    promise = PromiseFactory(charter=charter, order=1)
    client.force_login(world.coordinator)

    page = client.get(promise_url(promise)).content.decode()

    fieldset = problems_fieldset(page)
    report_url = reverse("situations:report_edit", kwargs={"pk": charter.situation_report.pk})
    assert f'href="{report_url}#problems"' in fieldset
    assert "har inga prioriterade problem ännu" in fieldset


def test_police_read_the_problems_of_a_kommun_promise_without_changing_them(client, world, report):
    promise = PromiseFactory(charter=report.charters.get(), owner=Party.MUNICIPALITY, order=1)
    promise.problems.set([report.problems.get(priority=1)])
    client.force_login(world.police)

    page = client.get(promise_url(promise)).content.decode()

    fieldset = problems_fieldset(page)
    assert fieldset.count(" disabled") == 2 and fieldset.count(" checked") == 1


def test_the_list_says_which_problems_each_promise_answers(client, world, report):
    charter = report.charters.get()
    linked = PromiseFactory(charter=charter, order=1, title="Patrull")
    linked.problems.set(report.problems.all())
    PromiseFactory(charter=charter, order=2, title="Belysning")
    client.force_login(world.coordinator)

    page = client.get(list_url(charter)).content.decode()

    rows = page[page.index("<tbody>") : page.index("</tbody>")].split("<tr>")[1:]
    assert "Svarar på: 1. Narkotika vid busstationen; 2. Inbrott i förråd" in rows[0]
    assert "Svarar inte på något problem" in rows[1]


@pytest.mark.parametrize("size", [1, 5])
def test_the_list_runs_the_same_queries_for_few_and_many_links(
    client, world, report, size, django_assert_num_queries
):
    charter = report.charters.get()
    for order in range(1, size + 1):
        promise = PromiseFactory(charter=charter, order=order)
        ActivityFactory(promise=promise)
        for priority in range(size):
            promise.problems.add(ProblemFactory(report=report, priority=10 + priority))
    client.force_login(world.coordinator)
    # As for a list without links (test_workspace_promises): the problems come in one query.
    with django_assert_num_queries(7):
        assert client.get(list_url(charter)).status_code == 200


@pytest.mark.parametrize("size", [1, 5])
def test_the_page_runs_the_same_queries_for_few_and_many_problems(
    client, world, report, size, django_assert_num_queries
):
    promise = PromiseFactory(charter=report.charters.get(), order=1)
    for priority in range(size):
        problem = ProblemFactory(report=report, priority=10 + priority)
        problem.findings.set(FindingFactory.create_batch(size, report=report))
        promise.problems.add(problem)
    client.force_login(world.coordinator)
    # Session 1, user 2, promise with its charter and situation report 3, roles 4; focus
    # areas 5 and the promise's 6, the report's problems 7 and their findings with their
    # sources 8, the promise's problems 9, places 10, activities 11 (none, so no places of
    # theirs). The version covers the activities loaded.
    with django_assert_num_queries(11):
        assert client.get(promise_url(promise)).status_code == 200
