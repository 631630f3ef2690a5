"""/healthz answers 200 when the database and the cache answer and 503 otherwise, without
saying what failed, never cached and without a session."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_the_database_and_the_cache_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie


def test_healthz_answers_503_without_detail_when_the_database_is_down(client):
    with mock.patch(
        "config.health.connection.cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"unavailable"


def test_healthz_answers_503_without_detail_when_the_cache_is_down(client):
    with mock.patch(
        "config.health.cache.set", side_effect=RedisConnectionError("Connection refused")
    ):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"unavailable"


def test_healthz_answers_head_but_not_post(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_healthz_is_not_redirected_to_https_for_a_load_balancer(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get(reverse("public:home")).status_code == 301
