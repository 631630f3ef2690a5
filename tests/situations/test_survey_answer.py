"""Residents answer a medborgarenkät on its public page: anonymously, once per browser.

Messages are compared with what gettext gives in Swedish, the site's default language.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from followups.public.views.surveys import cookie_name
from situations.models import Answer, Response, Survey
from situations.validators import contains_personnummer
from tests.helpers import WEDNESDAY_NOON, form_data, sv
from tests.situations.factories import Kit, SurveyFactory, make_survey

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.9"
USER_AGENT = "Mozilla/5.0 (TestBrowser; Essunga)"
PERSONNUMMER = "811218-9876"  # a valid check digit, the Skatteverket example


@pytest.fixture
def kit(world) -> Kit:
    return make_survey(world.municipality)


def url(survey: Survey) -> str:
    return survey.get_absolute_url()


def answers(kit: Kit, **overrides) -> dict:
    data = {
        f"q{kit.scale.pk}": "4",
        f"q{kit.single.pk}": str(kit.single.choices.get(text="Ibland").pk),
        f"q{kit.multiple.pk}": [
            str(kit.multiple.choices.get(text="Trafik").pk),
            str(kit.multiple.choices.get(text="Narkotika").pk),
        ],
        f"q{kit.places.pk}": [str(kit.station.pk), "other"],
        f"q{kit.places.pk}_other": "Gångtunneln vid skolan",
        f"q{kit.free.pk}": "Mer belysning i parken, tack.",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post(client, kit: Kit, address: str = ADDRESS, **overrides):
    return client.post(
        url(kit.survey), answers(kit, **overrides), REMOTE_ADDR=address, HTTP_USER_AGENT=USER_AGENT
    )


# --- The page ---------------------------------------------------------------------------------


def test_the_page_says_it_is_anonymous_what_the_answers_are_used_for_and_links_privacy(
    client, kit
):
    page = client.get(url(kit.survey)).content.decode()

    assert sv("Your answers are anonymous") in page
    assert escape(kit.survey.purpose) in page
    assert f'href="{reverse("public:privacy")}"' in page
    assert "Hur trygg känner du dig i centrum på kvällen?" in page
    for option in ("Ofta", "Skadegörelse", "Centrum", "Stationen", sv("Another place")):
        assert option in page


def test_every_question_is_a_fieldset_or_a_labelled_text_box(client, kit):
    page = client.get(url(kit.survey)).content.decode()

    assert page.count('<fieldset class="survey-question') == 4
    assert f'<label class="form-label fw-semibold" for="survey-q{kit.free.pk}">' in page


def test_the_honeypot_is_hidden_by_a_class_and_labelled_leave_empty(client, kit):
    page = client.get(url(kit.survey)).content.decode()

    hidden = page.split('<div class="survey-honeypot" aria-hidden="true">')[1].split("</div>")[0]
    assert sv("Leave this field empty") in hidden
    assert 'name="website"' in hidden and 'tabindex="-1"' in hidden


def test_a_draft_survey_is_not_found(client, world):
    survey = SurveyFactory(municipality=world.municipality, draft=True)

    assert client.get(url(survey)).status_code == 404


def test_a_survey_under_another_kommun_is_not_found(client, world, kit):
    wrong = reverse(
        "public:survey_answer",
        kwargs={"slug": world.other_municipality.slug, "pk": kit.survey.pk},
    )

    assert client.get(wrong).status_code == 404


def test_a_survey_not_open_yet_says_when_it_opens(client, world):
    survey = SurveyFactory(
        municipality=world.municipality,
        opens_on=timezone.localdate() + datetime.timedelta(days=3),
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
    )

    page = client.get(url(survey)).content.decode()

    assert sv("Send your answers") not in page
    with translation.override("sv"):
        start = date_filter(survey.opens_on, "j F Y")
    assert sv("The survey is not open yet. You can answer from %(start)s.", start=start) in page


def test_a_closed_survey_takes_no_answers_and_says_so(client, world):
    kit = make_survey(world.municipality, closed=True)

    page = client.get(url(kit.survey)).content.decode()
    response = post(client, kit)

    assert sv("Send your answers") not in page
    assert Response.objects.count() == 0
    assert response.status_code == 200


def test_a_survey_past_its_closing_day_takes_no_answers(client, world):
    kit = make_survey(
        world.municipality,
        opens_on=timezone.localdate() - datetime.timedelta(days=30),
        closes_on=timezone.localdate() - datetime.timedelta(days=1),
    )

    post(client, kit)

    assert Response.objects.count() == 0


# --- Answering, anonymously -------------------------------------------------------------------


# The answer is dated the day it comes in.
@pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)
def test_an_answer_is_stored_with_one_row_per_value(client, kit):
    response = post(client, kit)

    assert response.status_code == 302
    stored = Response.objects.get()
    assert stored.submitted_on == timezone.localdate()
    rows = {
        (
            a.question_id,
            a.scale,
            a.choice.text if a.choice else None,
            a.place_id,
            a.other_place,
            a.text,
        )
        for a in Answer.objects.select_related("choice")
    }
    assert rows == {
        (kit.scale.pk, 4, None, None, "", ""),
        (kit.single.pk, None, "Ibland", None, "", ""),
        (kit.multiple.pk, None, "Trafik", None, "", ""),
        (kit.multiple.pk, None, "Narkotika", None, "", ""),
        (kit.places.pk, None, None, kit.station.pk, "", ""),
        (kit.places.pk, None, None, None, "Gångtunneln vid skolan", ""),
        (kit.free.pk, None, None, None, "", "Mer belysning i parken, tack."),
    }


def test_the_stored_rows_hold_nothing_that_identifies_who_answered(client, world, kit):
    client.force_login(world.viewer)  # even a logged-in user leaves no trace
    post(client, kit)

    # Every column of both tables, by name: only the survey, the day and the answers.
    assert [f.column for f in Response._meta.concrete_fields] == [
        "id",
        "survey_id",
        "submitted_on",
    ]
    assert [f.column for f in Answer._meta.concrete_fields] == [
        "id",
        "response_id",
        "question_id",
        "scale",
        "choice_id",
        "place_id",
        "other_place",
        "text",
    ]
    values = [
        str(value)
        for model in (Response, Answer)
        for row in model.objects.values_list()
        for value in row
    ]
    for trace in (ADDRESS, USER_AGENT, "TestBrowser", world.viewer.username):
        assert not any(trace in value for value in values)
    # The day, never the time: nothing to match with a server log.
    assert isinstance(Response.objects.values_list("submitted_on", flat=True).get(), datetime.date)
    assert not hasattr(Response, "history") and not hasattr(Answer, "history")


def test_answering_creates_no_session(client, kit):
    post(client, kit)

    assert Session.objects.count() == 0
    assert "sessionid" not in client.cookies


def test_a_signed_cookie_that_says_only_answered_is_set(client, kit):
    response = post(client, kit)

    cookie = response.cookies[cookie_name(kit.survey)]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == url(kit.survey)
    assert ADDRESS not in cookie.value and "TestBrowser" not in cookie.value
    assert cookie.value.split(":")[0] == "1"


def test_after_answering_the_resident_is_thanked(client, kit):
    response = post(client, kit)

    page = client.get(response["Location"]).content.decode()
    assert sv("Thank you for your answers") in page


def test_a_second_visit_says_you_have_already_answered_and_shows_no_form(client, kit):
    client.get(url(kit.survey))  # fills the public page cache with the empty form
    post(client, kit)

    page = client.get(url(kit.survey))

    assert sv("You have already answered this survey") in page.content.decode()
    assert sv("Send your answers") not in page.content.decode()
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]


def test_a_second_answer_from_the_same_browser_is_not_stored(client, kit):
    post(client, kit)
    post(client, kit)

    assert Response.objects.count() == 1


def test_a_forged_cookie_does_not_count_as_answered(client, kit):
    client.cookies[cookie_name(kit.survey)] = "1"

    page = client.get(url(kit.survey)).content.decode()

    assert sv("Send your answers") in page


def test_another_browser_gets_the_form_from_the_cache(client, kit, django_assert_max_num_queries):
    client.get(url(kit.survey))
    post(client, kit)

    # The survey is looked up; the form itself comes from the public page cache.
    with django_assert_max_num_queries(1):
        page = Client().get(url(kit.survey)).content.decode()
    assert sv("Send your answers") in page


# --- Bots, floods and mistakes ----------------------------------------------------------------


def test_a_filled_honeypot_looks_like_success_and_stores_nothing(client, kit):
    response = post(client, kit, website="http://spam.example")

    assert response.status_code == 302
    assert Response.objects.count() == 0 and Answer.objects.count() == 0
    assert cookie_name(kit.survey) not in response.cookies


def test_the_rate_limit_counts_per_address_in_the_cache_only(client, kit, settings):
    settings.SURVEY_RATE_LIMIT = "2/h"
    for _ in range(2):
        assert post(Client(), kit).status_code == 302
    refused = post(Client(), kit)
    other_address = post(Client(), kit, address="198.51.100.4")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    page = refused.content.decode()
    assert "Mer belysning i parken, tack." in page  # what was typed is kept
    assert other_address.status_code == 302
    assert Response.objects.count() == 3
    assert any(key.startswith(":1:ratelimit:survey:") for key in cache._cache)


def test_a_missing_required_answer_is_a_swedish_error_and_keeps_the_rest(client, kit):
    response = post(client, kit, **{f"q{kit.scale.pk}": None})

    page = response.content.decode()
    assert response.status_code == 200
    assert sv("Your answers were not sent. Please correct the following:") in page
    assert sv("Choose how safe you feel, from 1 to 5.") in page
    data = form_data(response)
    assert data[f"q{kit.single.pk}"] == str(kit.single.choices.get(text="Ibland").pk)
    assert data[f"q{kit.places.pk}_other"] == "Gångtunneln vid skolan"
    assert data[f"q{kit.free.pk}"] == "Mer belysning i parken, tack."
    assert Response.objects.count() == 0


def test_a_personnummer_in_a_free_text_is_refused(client, kit):
    response = post(client, kit, **{f"q{kit.free.pk}": f"Jag heter Anna, {PERSONNUMMER}."})

    page = response.content.decode()
    assert (
        sv(
            "Remove the personal identity number: the survey is anonymous, so please write "
            "nothing that tells who you or anyone else is."
        )
        in page
    )
    assert PERSONNUMMER in page  # kept, so the resident can take it out
    assert Response.objects.count() == 0


def test_a_personnummer_in_another_place_is_refused(client, kit):
    post(client, kit, **{f"q{kit.places.pk}_other": f"Hemma hos 19{PERSONNUMMER}"})

    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("811218-9876", True),
        ("8112189876", True),
        ("19811218-9876", True),
        ("811278-9873", True),  # a samordningsnummer: day + 60
        ("811218-9875", False),  # wrong check digit
        ("Ring 0511-12 34 56", False),
        ("Busslinje 400, 2023-2024", False),
    ],
)
def test_the_personnummer_guard(text, found):
    assert contains_personnummer(text) is found


def test_another_place_without_a_description_asks_for_one(client, kit):
    response = post(client, kit, **{f"q{kit.places.pk}_other": ""})

    assert sv("Describe the other place, or untick it.") in response.content.decode()


def test_a_description_alone_counts_as_another_place(client, kit):
    post(client, kit, **{f"q{kit.places.pk}": [str(kit.centrum.pk)]})

    assert Answer.objects.filter(
        question=kit.places, other_place="Gångtunneln vid skolan"
    ).exists()


def test_a_choice_of_another_question_is_refused(client, kit):
    wrong = str(kit.multiple.choices.first().pk)

    response = post(client, kit, **{f"q{kit.single.pk}": wrong})

    assert sv("Choose one of the answers in the list.") in response.content.decode()
    assert Response.objects.count() == 0


def test_a_too_long_free_text_is_refused_with_its_length(client, kit):
    response = post(client, kit, **{f"q{kit.free.pk}": "x" * 2001})

    assert response.status_code == 200
    assert "2001" in response.content.decode()
    assert Response.objects.count() == 0


def test_optional_questions_may_be_skipped(client, kit):
    post(
        client,
        kit,
        **{
            f"q{kit.single.pk}": None,
            f"q{kit.multiple.pk}": None,
            f"q{kit.places.pk}": None,
            f"q{kit.places.pk}_other": None,
            f"q{kit.free.pk}": None,
        },
    )

    assert Answer.objects.get().scale == 4


# --- The kommun page --------------------------------------------------------------------------


def test_the_kommun_page_links_an_open_survey_and_not_a_draft(client, world, kit):
    draft = SurveyFactory(municipality=world.municipality, draft=True, title="Utkastenkät")

    page = client.get(world.municipality.get_absolute_url()).content.decode()

    assert f'href="{url(kit.survey)}"' in page
    assert draft.title not in page


def test_closing_a_survey_takes_it_off_the_kommun_page_at_once(
    client, world, kit, django_capture_on_commit_callbacks
):
    client.get(world.municipality.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        kit.survey.status = Survey.Status.CLOSED
        kit.survey.closed_at = timezone.now()
        kit.survey.save()

    assert (
        f'href="{url(kit.survey)}"'
        not in client.get(world.municipality.get_absolute_url()).content.decode()
    )


def test_answering_runs_the_same_queries_for_one_answer_as_for_many(client, kit):
    def queries(**overrides) -> int:
        data = answers(kit, **overrides)
        with CaptureQueriesContext(connection) as captured:
            assert Client().post(url(kit.survey), data).status_code == 302
        return len(captured)

    few = queries(
        **{
            f"q{kit.single.pk}": None,
            f"q{kit.multiple.pk}": None,
            f"q{kit.places.pk}": None,
            f"q{kit.places.pk}_other": None,
            f"q{kit.free.pk}": None,
        }
    )
    # The survey, the kommun's places, the questions, their choices; then in a savepoint the
    # survey locked, the response, and every answer in one insert.
    assert few == queries() == 9
