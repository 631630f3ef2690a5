"""Over a small national demo: for every promise and charter, the progress shown on the kommun
page (and an earlier charter's page), in the JSON, on the overview and on the review dashboard
agree, and no page shows a percentage that is not done of planned."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from followups.models import FollowUp, FollowUpRound
from followups.progress import ActivityTally, CharterProgress, assessment_label, percent_of
from promises.models import Charter, Promise, current_of
from tests.helpers import WEDNESDAY_NOON, get_json

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

VERDICTS = [
    Promise.Assessment.FULFILLED,
    Promise.Assessment.NOT_FULFILLED,
    Promise.Assessment.PARTLY_FULFILLED,
    Promise.Assessment.ONGOING,
    Promise.Assessment.NOT_ASSESSED,
]
PERCENT = re.compile(r"(\d+) %")
DONE_OF_PLANNED = re.compile(
    r"(\d+) av (\d+) planerade? aktivitet(?:er)? genomförd[a]? \((\d+) %\)"
)


def words_of(html: str) -> str:
    """The text as a reader sees it: no tags, one plain space between words (no-break
    spaces too)."""
    return " ".join(strip_tags(html).split())


def between(html: str, start: str, end: str) -> str:
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def without_figures(html: str) -> str:
    """HTML without the lägesbild's findings, the indicators and a promise's "Därför:",
    whose own figures may be percentages ("60 % vill ha…"), and without the overview's
    shares of linked promises and problems: what is left may only show done of planned."""
    for section in ("why", "indicators"):
        html = re.sub(
            rf'<section aria-labelledby="{section}".*?</section>', "", html, flags=re.DOTALL
        )
    html = re.sub(r'<div class="promise-because.*?</div>', "", html, flags=re.DOTALL)
    return re.sub(r'<td class="[^"]*link-share[^"]*">.*?</td>', "", html, flags=re.DOTALL)


def assert_every_percentage_is_done_of_planned(html: str, where: str) -> None:
    text = words_of(without_figures(html))
    shown = PERCENT.findall(text)
    explained = DONE_OF_PLANNED.findall(text)
    assert len(shown) == len(explained), (where, shown, explained)
    for done, planned, percent in explained:
        assert int(percent) == percent_of(int(done), int(planned)), (where, done, planned)


@pytest.fixture
def national():
    """Two years of a small national demo, with published assessments of every kind added
    to this year's charters (the generator assesses only the closed ones)."""
    with translation.override("sv"):
        call_command("load_demo", national=True, municipalities=4, years=2, stdout=None)
    assessments = []
    for index, promise in enumerate(
        Promise.objects.filter(charter__status=Charter.Status.PUBLISHED).order_by("pk")
    ):
        round_ = (
            FollowUpRound.objects.filter(charter=promise.charter_id, published_at__isnull=False)
            .order_by("-period_start")
            .first()
        )
        verdict = VERDICTS[index % len(VERDICTS)]
        if round_ is None or FollowUp.objects.filter(round=round_, promise=promise).exists():
            continue
        assessments.append(
            FollowUp(
                round=round_,
                promise=promise,
                owner=promise.owner,
                assessment=verdict,
                reported_on=round_.due_on,
            )
        )
    FollowUp.objects.bulk_create(assessments)
    assert assessments
    return Charter.objects.published().select_related("municipality")


def assert_page_agrees_with_json(html: str, data: dict, orders: dict[int, int], where: str):
    """Each promise's assessment and tally, and the charter's tally, as the page shows them,
    are those of the JSON."""
    charter = data["progress"]
    activities = charter["activities"]
    tally = ActivityTally.from_dict(activities)
    assert tally.planned == activities["planned"]
    assert tally.percent == activities["done_percent_of_planned"]
    summary = words_of(between(html, 'id="summary-heading"', "</section>"))
    progress = CharterProgress(charter["assessments"], tally)
    assert words_of(f"Löften {progress.sentence}.") in summary, where
    if tally.total:
        assert words_of(f"Aktiviteter {tally.sentence}.") in summary, where
    by_order = {promise["order"]: promise for promise in data["promises"]}
    for pk, order in orders.items():
        promise = by_order[order]["progress"]
        article = words_of(between(html, f'aria-labelledby="promise-{pk}"', "</article>"))
        label = assessment_label(promise["assessment"])
        assert f"Bedömning: {label[0].upper()}{label[1:]}" in article, (where, pk)
        promise_tally = ActivityTally.from_dict(promise["activities"])
        if promise_tally.total:
            assert words_of(f"Aktiviteter: {promise_tally.sentence}.") in article, (where, pk)
        else:
            assert "Aktiviteter:" not in article, (where, pk)


def test_every_figure_agrees_on_the_pages_in_the_json_and_on_the_review_dashboard(
    client, national
):
    charters = list(national)
    today = timezone.localdate()
    current = {
        kommun_id: found
        for kommun_id in {charter.municipality_id for charter in charters}
        if (found := current_of([c for c in charters if c.municipality_id == kommun_id], today))
    }
    assert len(current) >= 4
    assert any(charter.status == Charter.Status.CLOSED for charter in charters)
    with translation.override("sv"):
        for charter in charters:
            orders = dict(charter.promises.values_list("pk", "order"))
            data = get_json(client, reverse("opendata:api_charter", kwargs={"pk": charter.pk}))
            kommun = charter.municipality
            if current.get(kommun.pk) == charter:
                url = reverse("public:municipality", kwargs={"slug": kommun.slug})
            else:
                url = charter.get_absolute_url()
            html = client.get(url).content.decode()
            assert_page_agrees_with_json(html, data, orders, url)
            assert_every_percentage_is_done_of_planned(html, url)

        # The overview and the review dashboard show this year's charters.
        client.force_login(_superuser())
        for kommun_id, charter in current.items():
            data = get_json(client, reverse("opendata:api_charter", kwargs={"pk": charter.pk}))
            progress = data["progress"]
            overview = client.get(reverse("public:overview"), {"q": charter.municipality.name})
            row = words_of(between(overview.content.decode(), "<tbody>", "</tbody>"))
            assert_every_percentage_is_done_of_planned(overview.content.decode(), "overview")
            tally = ActivityTally.from_dict(progress["activities"])
            assessments = CharterProgress(progress["assessments"], tally)
            assert words_of(f"{assessments.sentence} {tally.headline}") in row

            dashboard = client.get(reverse("followups:review"), {"municipality": kommun_id})
            html = dashboard.content.decode()
            assert_every_percentage_is_done_of_planned(html, "review dashboard")
            charter_row = words_of(between(html, f'data-charter="{charter.pk}"', "</tr>"))
            assert words_of(assessments.sentence) in charter_row
            assert words_of(tally.sentence) in charter_row
            by_order = {p["order"]: p["progress"] for p in data["promises"]}
            for pk, order in charter.promises.values_list("pk", "order"):
                row = words_of(between(html, f'data-promise="{pk}"', "</tr>"))
                label = assessment_label(by_order[order]["assessment"])
                assert f"{label[0].upper()}{label[1:]}" in row, pk
                promise_tally = ActivityTally.from_dict(by_order[order]["activities"])
                assert words_of(promise_tally.sentence) in row, pk


def _superuser():
    return get_user_model().objects.get(username="admin")
