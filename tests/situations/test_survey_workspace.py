"""Building a survey in the workspace: its texts and questions, publishing, closing, copying,
questions fixed once answered, and its results as a source and a finding of a lägesbild.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from situations.models import Choice, Finding, Source, Survey
from tests.helpers import WEDNESDAY_NOON, form_data, sv
from tests.situations.factories import (
    QuestionFactory,
    SituationReportFactory,
    SurveyFactory,
    make_survey,
    submit_response,
)

pytestmark = pytest.mark.django_db


def edit_url(survey: Survey) -> str:
    return reverse("situations:survey_edit", kwargs={"pk": survey.pk})


def test_the_kommun_workspace_page_links_its_surveys(coordinator, world):
    page = coordinator.get(
        reverse("followups:municipality_workspace", kwargs={"slug": world.municipality.slug})
    ).content.decode()

    assert reverse("situations:surveys", kwargs={"slug": world.municipality.slug}) in page


def test_the_list_shows_every_survey_with_its_number_of_answers(coordinator, world, eight):
    page = coordinator.get(
        reverse("situations:surveys", kwargs={"slug": world.municipality.slug})
    ).content.decode()

    assert eight.survey.title in page
    assert "<td>8</td>" in page


def test_a_coordinator_creates_a_draft_and_lands_on_its_edit_page(coordinator, world):
    response = coordinator.post(
        reverse("situations:survey_create", kwargs={"slug": world.municipality.slug}),
        {
            "title": "Trygghetsenkät 2026",
            "introduction": "Välkommen.",
            "purpose": "Lägesbilden 2026.",
            "opens_on": "2026-03-01",
            "closes_on": "2026-03-31",
        },
    )

    survey = Survey.objects.get()
    assert response["Location"] == edit_url(survey)
    assert survey.status == Survey.Status.DRAFT
    assert survey.created_by == world.coordinator
    assert survey.history.get().history_user == world.coordinator


def test_a_survey_that_closes_before_it_opens_is_refused_and_the_text_kept(coordinator, world):
    response = coordinator.post(
        reverse("situations:survey_create", kwargs={"slug": world.municipality.slug}),
        {
            "title": "Enkät <script>alert(1)</script>",
            "introduction": "",
            "purpose": "",
            "opens_on": "2026-03-31",
            "closes_on": "31/3",
        },
    )

    page = response.content.decode()
    assert sv("Say what the answers are used for: residents read it before they answer.") in page
    assert sv("Write the date as YYYY-MM-DD, for example 2024-03-31.") in page
    assert "Enkät &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert Survey.objects.count() == 0

    response = coordinator.post(
        reverse("situations:survey_create", kwargs={"slug": world.municipality.slug}),
        {"title": "E", "purpose": "P", "opens_on": "2026-03-31", "closes_on": "2026-03-01"},
    )
    assert sv("The survey cannot close before it opens.") in response.content.decode()


def new_question(data: dict, **fields) -> dict:
    """DATA with the blank question form filled in with FIELDS."""
    index = int(data["questions-TOTAL_FORMS"]) - 1
    for name, value in fields.items():
        data[f"questions-{index}-{name}"] = value
    return data


def test_questions_are_added_with_their_choices_one_per_line(coordinator, world):
    survey = SurveyFactory(municipality=world.municipality, draft=True)
    data = new_question(
        form_data(coordinator.get(edit_url(survey))),
        kind="multiple_choice",
        text="Vad oroar dig?",
        choices_text="Trafik\n\nSkadegörelse\n  Narkotika  ",
    )

    response = coordinator.post(edit_url(survey), data)

    assert response.status_code == 302
    question = survey.questions.get()
    assert question.order == 1
    assert list(question.choices.values_list("text", "order")) == [
        ("Trafik", 1),
        ("Skadegörelse", 2),
        ("Narkotika", 3),
    ]


def test_a_safety_question_may_name_a_place_and_a_time_of_day(coordinator, world):
    kit = make_survey(world.municipality, draft=True)
    data = new_question(
        form_data(coordinator.get(edit_url(kit.survey))),
        kind="safety_scale",
        text="Hur trygg känner du dig vid stationen på natten?",
        place=str(kit.station.pk),
        time_of_day="night",
        required="on",
    )

    assert coordinator.post(edit_url(kit.survey), data).status_code == 302
    question = kit.survey.questions.get(text__contains="stationen")
    assert (question.place, question.time_of_day, question.required) == (
        kit.station,
        "night",
        True,
    )


def test_mistakes_in_a_question_are_explained_next_to_it_and_kept(coordinator, world):
    kit = make_survey(world.municipality, draft=True)
    data = new_question(
        form_data(coordinator.get(edit_url(kit.survey))),
        kind="single_choice",
        text="Går du ut?",
        choices_text="Ja",
        place=str(kit.station.pk),
    )

    response = coordinator.post(edit_url(kit.survey), data)

    page = response.content.decode()
    assert sv("Write at least two choices, one per line.") in page
    assert sv("Only a safety question is about a place.") in page
    assert sv("Nothing is saved yet") in page
    assert "Går du ut?" in page
    assert kit.survey.questions.count() == 5


def test_changing_the_choices_of_a_draft_changes_them_in_place(coordinator, world):
    kit = make_survey(world.municipality, draft=True)
    data = form_data(coordinator.get(edit_url(kit.survey)))
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.endswith("-id") and value == str(kit.single.pk)
    )
    ibland = kit.single.choices.get(text="Ibland").pk
    data[f"questions-{index}-choices_text"] = "Ofta\nIbland\nSällan\nAldrig"

    coordinator.post(edit_url(kit.survey), data)

    assert list(kit.single.choices.values_list("text", flat=True)) == [
        "Ofta",
        "Ibland",
        "Sällan",
        "Aldrig",
    ]
    assert kit.single.choices.get(text="Ibland").pk == ibland


def test_once_answered_the_questions_cannot_change(coordinator, world):
    kit = make_survey(world.municipality)
    submit_response(kit, scale=4)
    page = coordinator.get(edit_url(kit.survey))
    data = form_data(page)

    assert sv("Close the survey") in page.content.decode()
    assert not any(key.startswith("questions-") for key in data)
    # A forged post of the questions is ignored; the texts are saved.
    data.update(
        {
            "title": "Ny titel",
            "questions-TOTAL_FORMS": "1",
            "questions-INITIAL_FORMS": "1",
            "questions-0-id": str(kit.scale.pk),
            "questions-0-kind": "free_text",
            "questions-0-text": "Ändrad fråga",
            "questions-0-DELETE": "on",
        }
    )
    coordinator.post(edit_url(kit.survey), data)

    kit.scale.refresh_from_db()
    kit.survey.refresh_from_db()
    assert (kit.scale.text, kit.scale.kind) == (
        "Hur trygg känner du dig i centrum på kvällen?",
        "safety_scale",
    )
    assert kit.survey.title == "Ny titel"


def test_the_service_refuses_question_changes_once_answered(world):
    from django.core.exceptions import ValidationError

    from situations.services import survey_check_questions_changeable

    kit = make_survey(world.municipality)
    survey_check_questions_changeable(kit.survey)
    submit_response(kit, scale=1)

    with pytest.raises(ValidationError) as refused:
        survey_check_questions_changeable(kit.survey)
    assert refused.value.code == "answered"


def test_a_second_save_from_an_old_page_is_refused_with_409(coordinator, world):
    survey = SurveyFactory(municipality=world.municipality, draft=True)
    data = form_data(coordinator.get(edit_url(survey)))
    first = {**data, "title": "Första"}
    second = {**data, "title": "Andra"}

    assert coordinator.post(edit_url(survey), first).status_code == 302
    response = coordinator.post(edit_url(survey), second)

    assert response.status_code == 409
    assert "Andra" in response.content.decode()
    survey.refresh_from_db()
    assert survey.title == "Första"


def post_step(client, name: str, survey: Survey):
    return client.post(reverse(f"situations:{name}", kwargs={"pk": survey.pk}), follow=True)


def test_a_survey_without_questions_cannot_be_published(coordinator, world):
    survey = SurveyFactory(municipality=world.municipality, draft=True)

    response = post_step(coordinator, "survey_publish", survey)

    assert sv("Add at least one question before you publish the survey.") in (
        response.content.decode()
    )
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT


def test_publishing_then_closing(coordinator, world):
    kit = make_survey(world.municipality, draft=True)

    post_step(coordinator, "survey_publish", kit.survey)
    kit.survey.refresh_from_db()
    assert kit.survey.status == Survey.Status.PUBLISHED

    post_step(coordinator, "survey_close", kit.survey)
    kit.survey.refresh_from_db()
    assert kit.survey.status == Survey.Status.CLOSED
    assert kit.survey.closed_at is not None
    page = coordinator.get(edit_url(kit.survey)).content.decode()
    assert (
        sv(
            "The survey is closed, so its questions cannot change. To ask again, copy it into a "
            "new survey."
        )
        in page
    )


# The copy opens today at the earliest.
@pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)
def test_a_copy_is_a_new_draft_with_the_questions_and_no_answers(coordinator, world, eight):
    response = coordinator.post(reverse("situations:survey_copy", kwargs={"pk": eight.survey.pk}))

    copy = Survey.objects.exclude(pk=eight.survey.pk).get()
    assert response["Location"] == edit_url(copy)
    assert copy.status == Survey.Status.DRAFT
    assert copy.responses.count() == 0
    assert copy.opens_on >= timezone.localdate()
    assert list(
        copy.questions.values_list("order", "kind", "text", "place", "time_of_day")
    ) == list(eight.survey.questions.values_list("order", "kind", "text", "place", "time_of_day"))
    assert list(
        Choice.objects.filter(question__survey=copy).values_list("question__order", "text")
    ) == list(
        Choice.objects.filter(question__survey=eight.survey).values_list("question__order", "text")
    )
    assert eight.survey.questions.count() == 5


def test_the_survey_history_shows_who_changed_what(coordinator, world):
    kit = make_survey(world.municipality, draft=True)
    post_step(coordinator, "survey_publish", kit.survey)

    page = coordinator.get(
        reverse("situations:survey_history", kwargs={"pk": kit.survey.pk})
    ).content.decode()

    assert world.coordinator.username in page or world.coordinator.get_full_name() in page


# --- The results in a lägesbild ---------------------------------------------------------------


def test_the_results_become_a_source_of_a_lagesbild(client, world, eight):
    report = SituationReportFactory(municipality=world.municipality)
    client.force_login(world.police)

    response = client.post(
        reverse("situations:survey_attach", kwargs={"pk": eight.survey.pk}),
        {"report": str(report.pk), "kind": "safety_survey"},
    )

    assert response["Location"] == reverse("situations:report_edit", kwargs={"pk": report.pk})
    source = Source.objects.get(report=report)
    assert (source.kind, source.title, source.survey) == (
        "safety_survey",
        eight.survey.title,
        eight.survey,
    )
    assert "8" in source.description
    # Done again, the same source is brought up to date, not doubled.
    submit_response(eight, scale=5)
    client.post(
        reverse("situations:survey_attach", kwargs={"pk": eight.survey.pk}),
        {"report": str(report.pk), "kind": "citizen_survey"},
    )
    source = Source.objects.get(report=report)
    assert source.kind == "citizen_survey" and "9" in source.description


def test_a_lagesbild_of_another_kommun_cannot_be_chosen(coordinator, world, eight):
    SituationReportFactory(municipality=world.municipality)
    other = SituationReportFactory(municipality=world.other_municipality)

    response = coordinator.post(
        reverse("situations:survey_attach", kwargs={"pk": eight.survey.pk}),
        {"report": str(other.pk), "kind": "citizen_survey"},
    )

    assert response.status_code == 200
    assert sv("Choose one of the municipality's situation reports in the list.") in (
        response.content.decode()
    )
    assert Source.objects.count() == 0


def test_a_figure_becomes_a_finding_with_value_unit_place_and_source(coordinator, world, eight):
    report = SituationReportFactory(municipality=world.municipality)
    finding_url = reverse("situations:survey_finding", kwargs={"pk": eight.survey.pk})
    key = f"{eight.scale.pk}:safe"

    page = coordinator.get(f"{finding_url}?figur={key}").content.decode()
    assert (
        sv(
            "%(share)s %% feel safe in %(place)s %(time)s",
            share=63,
            place="Centrum",
            time=sv("in the evening"),
        )
        in page
    )

    response = coordinator.post(
        finding_url,
        {"figure": key, "report": str(report.pk), "kind": "citizen_survey", "text": ""},
    )

    assert response.status_code == 302
    finding = Finding.objects.get(report=report)
    assert finding.value == Decimal("63")
    assert finding.unit == "%"
    assert finding.place == eight.centrum
    assert finding.source.survey == eight.survey
    assert finding.text == sv(
        "%(share)s %% feel safe in %(place)s %(time)s",
        share=63,
        place="Centrum",
        time=sv("in the evening"),
    )


def test_a_finding_may_have_its_own_words(coordinator, world, eight):
    report = SituationReportFactory(municipality=world.municipality)
    station = f"{eight.places.pk}:place:{eight.station.pk}"

    coordinator.post(
        reverse("situations:survey_finding", kwargs={"pk": eight.survey.pk}),
        {
            "figure": station,
            "report": str(report.pk),
            "kind": "citizen_survey",
            "text": "Fyra av fem som svarade känner sig otrygga vid stationen.",
        },
    )

    finding = Finding.objects.get()
    assert (finding.text, finding.value, finding.place) == (
        "Fyra av fem som svarade känner sig otrygga vid stationen.",
        Decimal("80"),
        eight.station,
    )


def test_an_unknown_figure_is_refused_in_swedish(coordinator, world, eight):
    report = SituationReportFactory(municipality=world.municipality)

    response = coordinator.post(
        reverse("situations:survey_finding", kwargs={"pk": eight.survey.pk}),
        {"figure": "999:safe", "report": str(report.pk), "kind": "citizen_survey"},
    )

    assert response.status_code == 200
    assert sv("Choose one of the survey's figures in the list.") in response.content.decode()
    assert Finding.objects.count() == 0


def test_the_list_runs_the_same_queries_for_one_survey_as_for_many(
    coordinator, world, django_assert_num_queries
):
    url = reverse("situations:surveys", kwargs={"slug": world.municipality.slug})
    SurveyFactory(municipality=world.municipality)
    # The session, the user, the kommun, the user's roles there, the surveys with their counts.
    with django_assert_num_queries(5):
        coordinator.get(url)
    for _ in range(5):
        SurveyFactory(municipality=world.municipality)
    with django_assert_num_queries(5):
        coordinator.get(url)


def test_the_kommun_page_runs_the_same_queries_for_one_open_survey_as_for_four(client, world):
    def queries() -> int:
        cache.clear()  # render afresh, not from the public page cache
        with CaptureQueriesContext(connection) as captured:
            page = client.get(world.municipality.get_absolute_url()).content.decode()
        assert page.count("/enkater/") == Survey.objects.count()
        return len(captured)

    SurveyFactory(municipality=world.municipality, title="Enkät 0")
    one = queries()
    for number in range(1, 4):
        SurveyFactory(municipality=world.municipality, title=f"Enkät {number}")
    assert queries() == one


def test_the_edit_page_runs_the_same_queries_for_5_questions_as_for_10(coordinator, world):
    kit = make_survey(world.municipality, draft=True)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert coordinator.get(edit_url(kit.survey)).status_code == 200
        return len(captured)

    five = queries()
    for order in range(6, 11):
        QuestionFactory(survey=kit.survey, order=order, text=f"Fråga {order}")
    assert queries() == five
