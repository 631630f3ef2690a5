"""The database rules of surveys and their answers: each refused row, and the Swedish message.

Read by the meta-test in tests/followups/test_constraints.py.
"""

import datetime

import pytest
from django.utils import timezone

from situations.models import Answer, Choice, Question, Response, Survey
from tests.helpers import refused_by, swedish_errors
from tests.situations.factories import (
    ChoiceFactory,
    PlaceFactory,
    QuestionFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db

COVERED_CONSTRAINTS = {
    "situations_survey_closes_after_opens",
    "situations_survey_closed_has_date",
    "situations_survey_purpose_not_empty",
    "situations_question_place_time_only_for_scale",
    "situations_question_text_not_empty",
    "situations_choice_text_not_empty",
    "situations_answer_one_value",
    "situations_answer_scale_range",
    "situations_answer_text_max_length",
    "situations_answer_unique_choice",
    "situations_answer_unique_place",
    "situations_answer_unique_value",
}


def update(obj, **fields) -> None:
    type(obj).objects.filter(pk=obj.pk).update(**fields)


def test_a_survey_cannot_close_before_it_opens():
    survey = SurveyFactory()
    with refused_by(Survey, "situations_survey_closes_after_opens"):
        update(survey, closes_on=survey.opens_on - datetime.timedelta(days=1))


def test_a_closed_survey_has_the_time_it_was_closed_and_an_open_one_none():
    survey = SurveyFactory()
    with refused_by(Survey, "situations_survey_closed_has_date"):
        update(survey, status=Survey.Status.CLOSED)
    with refused_by(Survey, "situations_survey_closed_has_date"):
        update(survey, closed_at=timezone.now())


def test_a_survey_says_what_the_answers_are_used_for():
    survey = SurveyFactory()
    with refused_by(Survey, "situations_survey_purpose_not_empty"):
        update(survey, purpose="")
    survey.purpose = ""
    assert swedish_errors(survey)


def test_only_a_scale_question_is_about_a_place_or_a_time_of_day():
    question = QuestionFactory(kind=Question.Kind.FREE_TEXT)
    with refused_by(Question, "situations_question_place_time_only_for_scale"):
        update(question, time_of_day=Question.TimeOfDay.EVENING)
    place = PlaceFactory(municipality=question.survey.municipality)
    with refused_by(Question, "situations_question_place_time_only_for_scale"):
        update(question, place=place)


def test_a_question_and_a_choice_have_a_text():
    choice = ChoiceFactory()
    with refused_by(Question, "situations_question_text_not_empty"):
        update(choice.question, text="")
    with refused_by(Choice, "situations_choice_text_not_empty"):
        update(choice, text="")


@pytest.fixture
def response():
    return Response.objects.create(survey=SurveyFactory(), submitted_on=timezone.localdate())


def test_an_answer_holds_exactly_one_value(response):
    question = QuestionFactory(survey=response.survey)
    with refused_by(Answer, "situations_answer_one_value"):
        Answer.objects.create(response=response, question=question)
    with refused_by(Answer, "situations_answer_one_value"):
        Answer.objects.create(response=response, question=question, scale=3, text="Tryggt.")


def test_a_scale_answer_is_from_1_to_5(response):
    question = QuestionFactory(survey=response.survey)
    with refused_by(Answer, "situations_answer_scale_range"):
        Answer.objects.create(response=response, question=question, scale=6)


def test_a_free_text_answer_has_a_maximum_length(response):
    question = QuestionFactory(survey=response.survey, kind=Question.Kind.FREE_TEXT)
    with refused_by(Answer, "situations_answer_text_max_length"):
        Answer.objects.create(response=response, question=question, text="x" * 2001)


def test_a_response_answers_a_question_once_per_value(response):
    scale = QuestionFactory(survey=response.survey)
    Answer.objects.create(response=response, question=scale, scale=2)
    with refused_by(Answer, "situations_answer_unique_value"):
        Answer.objects.create(response=response, question=scale, scale=4)

    choice = ChoiceFactory(question__survey=response.survey)
    Answer.objects.create(response=response, question=choice.question, choice=choice)
    with refused_by(Answer, "situations_answer_unique_choice"):
        Answer.objects.create(response=response, question=choice.question, choice=choice)

    places = QuestionFactory(survey=response.survey, kind=Question.Kind.UNSAFE_PLACES)
    place = PlaceFactory(municipality=response.survey.municipality)
    Answer.objects.create(response=response, question=places, place=place)
    with refused_by(Answer, "situations_answer_unique_place"):
        Answer.objects.create(response=response, question=places, place=place)
