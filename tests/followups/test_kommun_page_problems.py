"""Under each promise of the public kommun page, "Därför:" and the public problems it answers,
each with its public findings and their figures; never an internal problem or finding."""

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from promises.models import Charter
from situations.models import Finding, Source
from tests.followups.test_kommun_page import SECRETS, published_charter
from tests.followups.test_kommun_page_queries import queries_for
from tests.helpers import WEDNESDAY_NOON, public_kommun_url
from tests.situations.factories import (
    FindingFactory,
    MunicipalityFactory,
    ProblemFactory,
    SourceFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]


def link_problems(charter: Charter, problems: int = 1, findings: int = 1) -> None:
    """Every promise of CHARTER answers PROBLEMS public problems of its lägesbild, each shown
    by FINDINGS public findings and by one resting on an internal source; and an internal
    problem that must never reach a public page."""
    report = charter.situation_report
    dialogue = report.sources.get(is_internal=False)
    secret = SourceFactory(report=report, kind=Source.Kind.POLICE_INTELLIGENCE, title="Und.")
    promises = list(charter.promises.all())
    for number in range(problems):
        problem = ProblemFactory(report=report, priority=number + 1, title=f"Problem {number}")
        shown = [
            FindingFactory(
                report=report,
                source=dialogue,
                text=f"{60 + index} % vill ha en mer tillgänglig polis ({number}).",
                value=60 + index,
                unit="%",
            )
            for index in range(findings)
        ]
        hidden = FindingFactory(report=report, source=secret, text="HEMLIG-PROBLEMIAKTTAGELSE")
        problem.findings.set([*shown, hidden])
        problem.promises.set(promises)
    internal = ProblemFactory(
        report=report, priority=99, title="HEMLIGT-PROBLEM", is_internal=True
    )
    internal.promises.set(promises)


def promise_article(page: str, charter: Charter, order: int) -> str:
    promise = charter.promises.get(order=order)
    start = page.index(f'aria-labelledby="promise-{promise.pk}"')
    return page[start : page.index("</article>", start)]


def test_each_linked_promise_shows_why_with_the_findings_figures(client):
    charter = published_charter(promises=2)
    link_problems(charter)
    unlinked = charter.promises.get(order=1)
    unlinked.problems.clear()

    page = client.get(public_kommun_url(charter.municipality)).content.decode()

    linked = strip_tags(promise_article(page, charter, 0))
    assert "Därför:" in linked
    assert "Problem 0" in linked
    assert "60 % vill ha en mer tillgänglig polis (0)." in " ".join(linked.split())
    assert "Därför:" not in promise_article(page, charter, 1)


def test_an_internal_problem_or_finding_never_reaches_the_page(client):
    charter = published_charter(promises=3)
    link_problems(charter, problems=2)

    for url in (
        public_kommun_url(charter.municipality),
        charter.get_absolute_url(),
        reverse(
            "public:charter_print",
            kwargs={"slug": charter.municipality.slug, "pk": charter.pk},
        ),
    ):
        page = client.get(url).content.decode()
        assert "Problem 1" in page
        for secret in [*SECRETS, "HEMLIGT-PROBLEM", "HEMLIG-PROBLEMIAKTTAGELSE"]:
            assert secret not in page, (url, secret)


def test_the_charter_page_and_the_print_view_show_why_too(client):
    charter = published_charter(promises=1)
    link_problems(charter)

    detail = client.get(charter.get_absolute_url()).content.decode()
    printed = client.get(
        reverse(
            "public:charter_print", kwargs={"slug": charter.municipality.slug, "pk": charter.pk}
        )
    ).content.decode()

    for page in (detail, printed):
        assert "Därför:" in page and "vill ha en mer tillgänglig polis (0)." in page


def test_a_draft_lagesbild_gives_no_why(client):
    charter = published_charter(promises=1)
    link_problems(charter)
    charter.situation_report.status = "draft"
    charter.situation_report.save()

    page = client.get(public_kommun_url(charter.municipality)).content.decode()

    assert "Därför:" not in page and "Problem 0" not in page


def test_a_link_made_after_the_page_was_cached_shows_at_once(
    client, django_capture_on_commit_callbacks
):
    charter = published_charter(promises=1)
    link_problems(charter)
    promise = charter.promises.get()
    promise.problems.clear()
    url = public_kommun_url(charter.municipality)
    assert "Därför:" not in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        promise.problems.add(charter.situation_report.problems.get(title="Problem 0"))

    assert "Därför:" in client.get(url).content.decode()


def test_the_kommun_page_runs_the_same_queries_for_one_and_many_linked_problems(
    client, django_assert_num_queries
):
    small = published_charter(promises=1)
    link_problems(small, problems=1, findings=1)
    large = published_charter(
        municipality=MunicipalityFactory(name="Storkommun", slug="storkommun"), promises=30
    )
    link_problems(large, problems=6, findings=4)
    assert Finding.objects.filter(report=large.situation_report).count() > 20

    # The 19 of a page without problems (test_kommun_page), which of the public findings
    # show each public problem 20 and the links between the promises and those problems 21.
    with django_assert_num_queries(21):
        client.get(public_kommun_url(small.municipality))
    assert queries_for(client, public_kommun_url(large.municipality)) == queries_for(
        client, public_kommun_url(small.municipality)
    )
    assert queries_for(client, large.get_absolute_url()) == queries_for(
        client, small.get_absolute_url()
    )
