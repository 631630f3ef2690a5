"""The survey builder at real size: several new questions in one save, saved questions one line
each, and only the fields of the chosen kind (a script hides the others; without it each field
names its kinds and a value for the wrong kind is refused)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from situations.models import Question, Survey
from tests.helpers import form_data, sv
from tests.situations.factories import (
    ChoiceFactory,
    PlaceFactory,
    QuestionFactory,
    SurveyFactory,
    make_survey,
)

pytestmark = pytest.mark.django_db


def edit_url(survey: Survey) -> str:
    return reverse("situations:survey_edit", kwargs={"pk": survey.pk})


def blank_rows(data: dict) -> list[int]:
    """The indexes of the blank question rows in DATA, the form as the page sent it."""
    return [
        int(key.split("-")[1])
        for key, value in data.items()
        if key.startswith("questions-") and key.endswith("-id") and not value
    ]


def fill(data: dict, index: int, **fields) -> None:
    for name, value in fields.items():
        data[f"questions-{index}-{name}"] = value


def test_the_builder_offers_three_blank_questions_named_by_number(coordinator, world):
    kit = make_survey(world.municipality, draft=True)
    response = coordinator.get(edit_url(kit.survey))
    page = response.content.decode()
    assert len(blank_rows(form_data(response))) == 3
    assert "Ny fråga 1" in page and "Ny fråga 3" in page
    assert sv("Add one more question") in page


def test_three_questions_of_different_kinds_are_added_in_one_save(coordinator, world):
    kit = make_survey(world.municipality, draft=True)
    data = form_data(coordinator.get(edit_url(kit.survey)))
    first, second, third = blank_rows(data)
    fill(data, first, kind="free_text", text="Vad kan kommunen göra bättre?")
    fill(data, second, kind="single_choice", text="Har du ringt polisen?", choices_text="Ja\nNej")
    fill(
        data,
        third,
        kind="safety_scale",
        text="Hur trygg känner du dig vid stationen?",
        place=str(kit.station.pk),
        time_of_day="night",
    )

    assert coordinator.post(edit_url(kit.survey), data).status_code == 302

    added = list(kit.survey.questions.filter(order__gt=5).order_by("order"))
    assert [(q.order, q.kind, q.text) for q in added] == [
        (6, "free_text", "Vad kan kommunen göra bättre?"),
        (7, "single_choice", "Har du ringt polisen?"),
        (8, "safety_scale", "Hur trygg känner du dig vid stationen?"),
    ]
    assert list(added[1].choices.values_list("text", flat=True)) == ["Ja", "Nej"]
    assert (added[2].place, added[2].time_of_day) == (kit.station, "night")


def test_an_invalid_save_keeps_every_typed_question_and_saves_none(coordinator, world):
    survey = SurveyFactory(municipality=world.municipality, draft=True)
    data = form_data(coordinator.get(edit_url(survey)))
    first, second, third = blank_rows(data)
    fill(data, first, kind="free_text", text="Vad kan kommunen göra bättre?")
    fill(data, second, kind="multiple_choice", text="Vad oroar dig?", choices_text="Trafik")
    fill(data, third, kind="free_text", text="Något mer?")

    response = coordinator.post(edit_url(survey), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert sv("Write at least two choices, one per line.") in page
    for typed in ("Vad kan kommunen göra bättre?", "Vad oroar dig?", "Trafik", "Något mer?"):
        assert typed in page
    assert survey.questions.count() == 0


def test_one_more_question_row_comes_back_with_what_was_typed_and_nothing_saved(
    coordinator, world
):
    survey = SurveyFactory(municipality=world.municipality, draft=True)
    data = form_data(coordinator.get(edit_url(survey)))
    fill(data, blank_rows(data)[0], kind="free_text", text="Halvskriven fråga")
    data["add_row"] = "questions"

    response = coordinator.post(edit_url(survey), data)

    page = response.content.decode()
    assert "Ny fråga 4" in page and "Halvskriven fråga" in page
    assert sv("Nothing is saved yet") not in page
    assert survey.questions.count() == 0
    again = form_data(response)
    fill(again, 3, kind="free_text", text="Den fjärde frågan")
    assert coordinator.post(edit_url(survey), again).status_code == 302
    assert set(survey.questions.values_list("text", flat=True)) == {
        "Halvskriven fråga",
        "Den fjärde frågan",
    }


def test_each_field_for_some_kinds_names_them_for_the_reader_and_the_script(coordinator, world):
    kit = make_survey(world.municipality, draft=True)
    page = coordinator.get(edit_url(kit.survey)).content.decode()

    assert page.count('data-kinds="single_choice multiple_choice"') == 5 + 3  # one per question
    assert page.count('data-kinds="safety_scale"') == 2 * (5 + 3)  # place and time of day
    assert "Bara för frågetyperna ”enkelval” eller ”flerval”." in page
    assert "Bara för frågetypen ”hur trygg, på en skala från 1 till 5”." in page
    assert 'src="/static/js/survey-builder.js"' in page
    assert "<script>" not in page  # nothing inline: the content security policy forbids it


def test_a_value_for_another_kind_is_refused_in_swedish_and_kept(coordinator, world):
    """Without the script every field is sent: a free-text question with choices, a place and
    a time of day comes back with a message on each, everything typed still there."""
    kit = make_survey(world.municipality, draft=True)
    data = form_data(coordinator.get(edit_url(kit.survey)))
    fill(
        data,
        blank_rows(data)[0],
        kind="free_text",
        text="Vad vill du säga?",
        choices_text="Ja\nNej",
        place=str(kit.centrum.pk),
        time_of_day="day",
    )

    response = coordinator.post(edit_url(kit.survey), data)

    page = response.content.decode()
    assert sv("Only one-choice and several-choice questions have choices: empty the box.") in page
    assert sv("Only a safety question is about a place.") in page
    assert sv("Only a safety question is about a time of day.") in page
    assert "Vad vill du säga?" in page and "Ja\nNej</textarea>" in page
    assert kit.survey.questions.count() == 5


def test_a_question_whose_kind_changed_saves_without_the_fields_the_script_disabled(
    coordinator, world
):
    """The script disables the fields of other kinds, so the browser leaves them out."""
    kit = make_survey(world.municipality, draft=True)
    data = form_data(coordinator.get(edit_url(kit.survey)))
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.endswith("-id") and value == str(kit.single.pk)
    )
    data[f"questions-{index}-kind"] = "free_text"
    del data[f"questions-{index}-choices_text"]
    del data[f"questions-{index}-place"]
    del data[f"questions-{index}-time_of_day"]

    assert coordinator.post(edit_url(kit.survey), data).status_code == 302

    kit.single.refresh_from_db()
    assert kit.single.kind == "free_text"
    assert not kit.single.choices.exists()


def test_saved_questions_are_one_closed_line_each(coordinator, world):
    kit = make_survey(world.municipality, draft=True)
    page = coordinator.get(edit_url(kit.survey)).content.decode()
    assert page.count('<details class="saved-item" data-question>') == 5
    assert "1. Hur trygg känner du dig i centrum på kvällen?" in page


def test_a_survey_of_twelve_questions_weighs_at_most_100_kb(coordinator, world):
    """Twice the questions of the national demo's survey, with a kommun's twelve places."""
    survey = SurveyFactory(municipality=world.municipality, draft=True)
    for number in range(12):
        PlaceFactory(municipality=world.municipality, name=f"Plats nummer {number} i kommunen")
    for order in range(1, 13):
        question = QuestionFactory(
            survey=survey,
            order=order,
            kind=Question.Kind.SINGLE_CHOICE,
            text=f"Fråga {order}: hur ofta går du ut ensam efter mörkrets inbrott?",
        )
        for choice in ("Ofta", "Ibland", "Aldrig"):
            ChoiceFactory(question=question, text=choice)

    response = coordinator.get(edit_url(survey))

    assert response.status_code == 200
    assert len(response.content) <= 100_000
