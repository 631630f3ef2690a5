"""The results of a survey: counts and shares per question, checked against a hand-computed
example; the CSV; free texts for the coordinator only; a fixed number of queries.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from situations.models import SCALE_LABELS, Answer, Response
from situations.surveys import percent, survey_results
from tests.situations.factories import Kit, make_survey, submit_response

pytestmark = pytest.mark.django_db


def figures(kit: Kit) -> dict[str, list[tuple[str, int, int | None]]]:
    results = survey_results(kit.survey)
    return {
        result.question.text: [(row.label, row.count, row.share) for row in result.figures]
        for result in results.questions
    }


def test_shares_are_whole_per_cent_with_halves_rounded_up():
    assert percent(1, 8) == 13  # 12.5
    assert percent(5, 8) == 63  # 62.5
    assert percent(1, 3) == 33
    assert percent(2, 3) == 67
    assert percent(0, 0) is None


def test_the_figures_match_the_hand_computed_example(eight):
    results = survey_results(eight.survey)
    by_question = figures(eight)

    assert results.responses == 8
    # Safety: 8 answered; 4 or 5 by 5 of 8 = 62.5 % → 63 %.
    assert by_question[eight.scale.text] == [
        (gettext("Feel safe (4 or 5)"), 5, 63),
        *(
            (f"{value} {SCALE_LABELS[value]}", count, share)
            for value, count, share in [(5, 2, 25), (4, 3, 38), (3, 1, 13), (2, 1, 13), (1, 1, 13)]
        ),
    ]
    # One choice: 6 answered; 3, 2, 1 → 50 %, 33 %, 17 %.
    assert by_question[eight.single.text] == [
        ("Ofta", 3, 50),
        ("Ibland", 2, 33),
        ("Aldrig", 1, 17),
    ]
    # Several choices: 4 answered; shares of those 4 add up to more than 100 %.
    assert by_question[eight.multiple.text] == [
        ("Trafik", 3, 75),
        ("Skadegörelse", 1, 25),
        ("Narkotika", 2, 50),
    ]
    # Places: 5 answered; Centrum 2, Stationen 4, another place 1.
    labels = [label for label, _count, _share in by_question[eight.places.text]]
    assert [(count, share) for _label, count, share in by_question[eight.places.text]] == [
        (2, 40),
        (4, 80),
        (1, 20),
    ]
    assert labels[:2] == ["Centrum", "Stationen"]
    free = next(r for r in results.questions if r.question == eight.free)
    assert (free.respondents, free.text_count) == (3, 3)


def test_a_question_nobody_answered_has_counts_of_zero_and_no_share(world):
    kit = make_survey(world.municipality)
    submit_response(kit, scale=3)

    single = figures(kit)[kit.single.text]

    assert single == [("Ofta", 0, None), ("Ibland", 0, None), ("Aldrig", 0, None)]


def results_url(kit: Kit) -> str:
    return reverse("situations:survey_results", kwargs={"pk": kit.survey.pk})


def test_the_results_page_shows_counts_and_shares_as_a_chart_and_a_table(client, world, eight):
    client.force_login(world.viewer)

    page = client.get(results_url(eight)).content.decode()

    assert '<svg class="survey-chart"' in page
    assert "<caption id=" in page
    assert "63 %" in page and "38 %" in page and "80 %" in page
    assert "style=" not in page.split("<main")[1]


def test_the_results_page_shows_no_free_text_to_the_police_or_a_viewer(client, world, eight):
    for user in (world.police, world.viewer):
        client.force_login(user)
        page = client.get(results_url(eight)).content.decode()
        assert "Mer ljus" not in page and "Parken" not in page
        assert (
            reverse(
                "situations:survey_free_text",
                kwargs={"pk": eight.survey.pk, "question_pk": eight.free.pk},
            )
            not in page
        )


def test_the_coordinator_reads_the_free_texts_paged(client, world, eight):
    client.force_login(world.coordinator)
    free = reverse(
        "situations:survey_free_text", kwargs={"pk": eight.survey.pk, "question_pk": eight.free.pk}
    )
    places = reverse(
        "situations:survey_free_text",
        kwargs={"pk": eight.survey.pk, "question_pk": eight.places.pk},
    )

    page = client.get(free).content.decode()
    assert "Mer ljus" in page and "Fler vuxna ute" in page and "Bra kommun" in page
    assert "Parken" in client.get(places).content.decode()
    assert free in client.get(results_url(eight)).content.decode()


def test_the_police_and_viewers_may_not_read_free_texts(client, world, eight):
    free = reverse(
        "situations:survey_free_text", kwargs={"pk": eight.survey.pk, "question_pk": eight.free.pk}
    )
    for user in (world.police, world.viewer):
        client.force_login(user)
        assert client.get(free).status_code == 403


def test_the_csv_holds_the_figures_of_the_page_and_no_free_text(client, world, eight):
    client.force_login(world.police)

    response = client.get(reverse("situations:survey_csv", kwargs={"pk": eight.survey.pk}))

    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows[0]) == 7
    body = [(r[0], r[2], r[3], r[4], r[5], r[6]) for r in rows[1:]]
    assert ("2", "Ofta", "3", "50", "6", "8") in body
    assert ("2", "Aldrig", "1", "17", "6", "8") in body
    assert ("3", "Trafik", "3", "75", "4", "8") in body
    assert ("4", "Stationen", "4", "80", "5", "8") in body
    assert next(r for r in body if r[0] == "1")[2:4] == ("5", "63")
    assert ("5", rows[-1][2], "3", "", "3", "8") == body[-1]
    assert "Mer ljus" not in text and "Parken" not in text


def test_the_csv_does_not_let_a_spreadsheet_run_a_text_as_a_formula(client, world, eight):
    eight.single.text = '=HYPERLINK("https://example.com","klicka")'
    eight.single.save()
    eight.single.choices.filter(text="Ofta").update(text="@SUM(A1)")
    eight.single.choices.filter(text="Aldrig").update(text="-1+1")
    client.force_login(world.coordinator)

    response = client.get(reverse("situations:survey_csv", kwargs={"pk": eight.survey.pk}))

    text = response.content.decode("utf-8-sig")
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=";") if row[0] == "2"]
    assert {row[1] for row in rows} == {'\'=HYPERLINK("https://example.com","klicka")'}
    assert [row[2] for row in rows] == ["'@SUM(A1)", "Ibland", "'-1+1"]
    assert [row[3] for row in rows] == ["3", "2", "1"]  # the counts stay numbers


# --- A fixed number of queries ----------------------------------------------------------------


def results_queries(client, kit: Kit) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(results_url(kit)).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


# The session, the user, the survey with its kommun, the user's roles there, the questions
# with their places, their choices, the kommun's places, the number of responses, the answers
# counted per question and value, and the respondents per question.
RESULTS_QUERIES = 10


def test_the_results_page_runs_the_same_queries_for_8_and_80_responses(
    client, world, eight, django_assert_num_queries
):
    client.force_login(world.coordinator)
    with django_assert_num_queries(RESULTS_QUERIES):
        client.get(results_url(eight))

    for _ in range(9):
        for scale in range(1, 9):
            submit_response(
                eight, scale=1 + scale % 5, single="Ibland", multiple=["Trafik"], text="x"
            )

    assert Response.objects.count() == 80
    assert len(results_queries(client, eight)) == RESULTS_QUERIES


def test_the_results_page_runs_the_same_queries_for_10_000_responses(
    client, world, django_assert_num_queries
):
    kit = make_survey(world.municipality)
    today = timezone.localdate()
    responses = Response.objects.bulk_create(
        [Response(survey=kit.survey, submitted_on=today) for _ in range(10_000)]
    )
    choices = list(kit.single.choices.all())
    Answer.objects.bulk_create(
        [
            answer
            for index, response in enumerate(responses)
            for answer in (
                Answer(response=response, question=kit.scale, scale=1 + index % 5),
                Answer(response=response, question=kit.single, choice=choices[index % 3]),
            )
        ],
        batch_size=5000,
    )
    client.force_login(world.coordinator)

    with django_assert_num_queries(RESULTS_QUERIES):
        page = client.get(results_url(kit)).content.decode()

    assert "10000" in page.replace("\xa0", "").replace(" ", "")
    by_question = figures(kit)
    assert [count for _label, count, _share in by_question[kit.scale.text]] == [
        4000,
        2000,
        2000,
        2000,
        2000,
        2000,
    ]


def test_hostile_html_in_a_choice_or_a_free_text_is_escaped_everywhere(client, world):
    kit = make_survey(world.municipality)
    kit.single.choices.filter(text="Ofta").update(text="<script>alert(1)</script>")
    submit_response(
        kit, scale=3, single="<script>alert(1)</script>", text="<b>fet</b> <img src=x>"
    )
    client.force_login(world.coordinator)
    free = reverse(
        "situations:survey_free_text", kwargs={"pk": kit.survey.pk, "question_pk": kit.free.pk}
    )

    for page in (
        client.get(results_url(kit)).content.decode(),
        client.get(free).content.decode(),
        client.get(kit.survey.get_absolute_url()).content.decode(),
    ):
        assert "<script>alert(1)</script>" not in page
        assert "<img src=x>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(results_url(kit)).content.decode()
