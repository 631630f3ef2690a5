"""Every request is logged on one structured line with its id, and without personal data."""

import json
import logging

import pytest
from django.urls import reverse

from config.lib.requestlog import JsonFormatter, RequestIdFilter, request_id

pytestmark = pytest.mark.django_db


def request_lines(caplog) -> list[dict]:
    """The request log lines as the console handler writes them: JSON."""
    formatter = JsonFormatter()
    return [
        json.loads(formatter.format(record))
        for record in caplog.records
        if record.name == "medborgarloften.request"
    ]


def test_a_request_is_logged_with_its_id_status_and_duration(client, caplog):
    caplog.set_level(logging.INFO, logger="medborgarloften.request")

    response = client.get(reverse("public:home"), {"q": "Anna Andersson"})

    [line] = request_lines(caplog)
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["method"] == "GET"
    assert line["path"] == "/"
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["user_id"] is None
    assert line["level"] == "INFO"


def test_the_log_holds_no_query_string_no_address_and_no_form_data(client, caplog):
    caplog.set_level(logging.INFO, logger="medborgarloften.request")

    client.get(reverse("public:home"), {"q": "Anna Andersson"}, REMOTE_ADDR="203.0.113.9")
    client.post(reverse("accounts:login"), {"username": "anna", "password": "hemligt"})

    text = json.dumps(request_lines(caplog))
    for personal in ("Anna", "203.0.113.9", "anna", "hemligt", "q="):
        assert personal not in text


def test_a_logged_in_user_is_logged_by_id_not_by_name(client, caplog, world):
    caplog.set_level(logging.INFO, logger="medborgarloften.request")
    client.force_login(world.coordinator)

    client.get(reverse("followups:dashboard"))

    [line] = request_lines(caplog)
    assert line["user_id"] == world.coordinator.pk
    assert "coordinator" not in json.dumps(line)


def test_the_id_from_the_proxy_in_front_is_kept_and_a_strange_one_replaced(client, caplog):
    caplog.set_level(logging.INFO, logger="medborgarloften.request")

    kept = client.get("/healthz", headers={"X-Request-ID": "lb-2026-11-22-abcdef"})
    replaced = client.get("/healthz", headers={"X-Request-ID": "<script>alert(1)</script>"})

    assert kept["X-Request-ID"] == "lb-2026-11-22-abcdef"
    assert replaced["X-Request-ID"] != "<script>alert(1)</script>"
    assert [line["request_id"] for line in request_lines(caplog)] == [
        kept["X-Request-ID"],
        replaced["X-Request-ID"],
    ]


def test_other_lines_logged_during_a_request_carry_its_id():
    record = logging.makeLogRecord({"name": "django.db", "msg": "something happened"})
    token = request_id.set("req-0123456789")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)

    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-0123456789"
    assert line["message"] == "something happened"


def test_gunicorn_writes_its_own_lines_as_json_to_standard_output(capsys):
    from gunicorn.config import Config

    from config.lib.requestlog import GunicornLogger

    config = Config()
    config.set("errorlog", "-")
    GunicornLogger(config).info("Booting worker with pid: %s", 4242)

    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["logger"] == "gunicorn.error"
    assert line["message"] == "Booting worker with pid: 4242"
