"""Survey responses cannot be matched with the server log: random keys, and a log of the day."""

from __future__ import annotations

import datetime
import json
import logging
import re
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from config.lib.requestlog import JsonFormatter, RequestIdFilter
from situations.models import Answer, Response
from tests.situations.factories import make_survey
from tests.situations.test_survey_answer import post

pytestmark = pytest.mark.django_db

FINER_THAN_A_DAY = re.compile(r"\d{4}-\d\d-\d\dT|\d\d:\d\d")


@pytest.fixture
def kit(world):
    return make_survey(world.municipality)


def answer_from(client, kit, count: int) -> None:
    for number in range(count):
        client.cookies.clear()
        assert post(client, kit, address=f"198.51.100.{number}").status_code == 302


def test_responses_and_answers_get_random_keys_not_a_sequence(client, kit):
    answer_from(client, kit, 3)

    keys = [
        *Response.objects.values_list("pk", flat=True),
        *Answer.objects.values_list("pk", flat=True),
    ]
    assert len(keys) == 3 + 3 * 7
    assert all(isinstance(key, uuid.UUID) and key.version == 4 for key in keys)
    assert len(set(keys)) == len(keys)


def test_the_keys_in_order_say_nothing_about_the_order_the_answers_came_in(client, kit):
    in_order: list[uuid.UUID] = []
    for number in range(12):
        client.cookies.clear()
        post(client, kit, address=f"198.51.100.{number}")
        [new] = set(Response.objects.values_list("pk", flat=True)) - set(in_order)
        in_order.append(new)

    # Twelve random keys come out sorted one way or the other once in 12!/2 times.
    assert in_order != sorted(in_order)
    assert in_order != sorted(in_order, reverse=True)
    assert list(Response.objects.values_list("pk", flat=True)) == sorted(in_order)


def logged_lines(caplog) -> list[str]:
    """Every record of the request, as the console handler writes it."""
    formatter = JsonFormatter()
    request_ids = RequestIdFilter()
    lines = []
    for record in caplog.records:
        request_ids.filter(record)
        lines.append(formatter.format(record))
    return lines


def test_answering_logs_the_day_alone_and_nothing_that_names_the_response(
    client, kit, caplog, world
):
    client.force_login(world.viewer)  # even a logged-in resident's answer
    caplog.clear()
    caplog.set_level(logging.DEBUG)

    response = post(client, kit)

    stored = Response.objects.get()
    lines = logged_lines(caplog)
    [request_line] = [json.loads(line) for line in lines if '"medborgarloften.request"' in line]
    assert request_line["path"] == kit.survey.get_absolute_url()
    assert request_line["time"] == datetime.datetime.now(datetime.UTC).date().isoformat()
    for key in ("request_id", "duration_ms", "user_id"):
        assert key not in request_line
    text = "\n".join(lines)
    assert not FINER_THAN_A_DAY.search(text)
    assert response["X-Request-ID"] not in text
    for key in [stored.pk, *stored.answers.values_list("pk", flat=True)]:
        assert str(key) not in text and key.hex not in text


def test_other_requests_keep_their_time_and_request_id(client, kit, caplog):
    caplog.set_level(logging.INFO, logger="medborgarloften.request")

    response = client.get(kit.survey.get_absolute_url())

    [line] = [json.loads(line) for line in logged_lines(caplog)]
    assert line["request_id"] == response["X-Request-ID"]
    assert FINER_THAN_A_DAY.search(line["time"])


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_responses_random_keys_and_keeps_their_answers(world):
    kit = make_survey(world.municipality)
    executor = MigrationExecutor(connection)
    executor.migrate([("situations", "0011_problem")])
    apps = executor.loader.project_state([("situations", "0011_problem")]).apps
    OldResponse = apps.get_model("situations", "Response")
    OldAnswer = apps.get_model("situations", "Answer")
    for day, scale in ((1, 2), (2, 5)):
        old = OldResponse.objects.create(
            survey_id=kit.survey.pk, submitted_on=datetime.date(2026, 3, day)
        )
        OldAnswer.objects.create(response=old, question_id=kit.scale.pk, scale=scale)
        OldAnswer.objects.create(response=old, question_id=kit.free.pk, text=f"Dag {day}")

    call_command("migrate", verbosity=0)  # every app: going back unapplied its dependants too

    stored = {
        response.submitted_on.day: response
        for response in Response.objects.prefetch_related("answers")
    }
    assert all(isinstance(response.pk, uuid.UUID) for response in stored.values())
    assert sorted((a.question_id, a.scale, a.text) for a in stored[2].answers.all()) == sorted(
        [(kit.scale.pk, 5, ""), (kit.free.pk, None, "Dag 2")]
    )
    assert Answer.objects.count() == 4
    assert all(isinstance(key, uuid.UUID) for key in Answer.objects.values_list("pk", flat=True))
