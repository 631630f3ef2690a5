"""The "Hjälpte informationen dig? Ja / Nej" counter per public page, and nothing about who."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from situations.models import PageFeedback
from tests.helpers import refused_by

URL = reverse("public:page_feedback")
ADDRESS = "203.0.113.7"


@pytest.fixture
def page_path(world) -> str:
    return world.municipality.get_absolute_url()


def answer(client: Client, page: str, value: str, address: str = ADDRESS):
    return client.post(URL, {"page": page, "answer": value}, REMOTE_ADDR=address)


def counts(page: str) -> tuple[int, int]:
    feedback = PageFeedback.objects.get(page=page)
    return feedback.yes_count, feedback.no_count


def test_a_yes_is_counted_for_the_page(client, page_path):
    response = answer(client, page_path, "ja")

    assert response.status_code == 200
    assert counts(page_path) == (1, 0)


def test_answers_add_up_per_page(client, page_path):
    for value in ("ja", "ja", "nej"):
        answer(client, page_path, value)
    answer(client, reverse("public:privacy"), "nej")

    assert counts(page_path) == (2, 1)
    assert counts(reverse("public:privacy")) == (0, 1)
    assert PageFeedback.objects.count() == 2


def test_the_count_is_added_by_the_database_so_simultaneous_answers_are_all_counted(page_path):
    PageFeedback.objects.record(page=page_path, helpful=True)

    with CaptureQueriesContext(connection) as queries:
        PageFeedback.objects.record(page=page_path, helpful=False)

    updates = [query["sql"] for query in queries.captured_queries if "UPDATE" in query["sql"]]
    assert len(updates) == 1
    assert '"no_count" = (' in updates[0] and "+ 1" in updates[0].replace("+ %s", "+ 1")
    assert counts(page_path) == (1, 1)


def test_the_thank_you_page_links_back_to_the_page(client, page_path):
    response = answer(client, page_path, "nej")

    assert f'href="{page_path}"' in response.content.decode()


def test_the_form_on_a_public_page_sends_its_own_path_and_works_without_javascript(
    client, page_path
):
    html = client.get(page_path).content.decode()

    assert f'action="{URL}"' in html
    assert f'name="page" value="{page_path}"' in html
    assert '<button type="submit" name="answer" value="ja"' in html
    assert '<button type="submit" name="answer" value="nej"' in html


def test_the_form_works_with_csrf_checks_on_a_cached_page(world, page_path):
    client = Client(enforce_csrf_checks=True)
    client.get(page_path)  # fills the cache for whoever reads next
    reader = Client(enforce_csrf_checks=True)
    html = reader.get(page_path).content.decode()
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    response = reader.post(
        URL, {"page": page_path, "answer": "ja", "csrfmiddlewaretoken": token}, REMOTE_ADDR=ADDRESS
    )

    assert response.status_code == 200
    assert counts(page_path) == (1, 0)


@pytest.mark.parametrize(
    "bad_page",
    [
        "https://evil.example/",
        "//evil.example",
        "//evil.example/kommuner/",
        "/\\evil.example",
        "\\\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "kommuner/kommun-a/",
        "",
        "/finns-inte/",
        "/admin/",
        "/kommuner/kommun-a/?utm=1",
        "/kommuner/kommun-a/#x",
        "/kommuner/\nkommun-a/",
        "/kommuner/" + "a" * 300 + "/",
    ],
)
def test_a_page_that_is_not_a_path_on_this_site_is_refused_with_400(client, world, bad_page):
    response = answer(client, bad_page, "ja")

    assert response.status_code == 400
    assert not PageFeedback.objects.exists()


@pytest.mark.parametrize("bad_answer", ["", "kanske", "JA", "1"])
def test_an_answer_other_than_yes_or_no_is_refused_with_400(client, page_path, bad_answer):
    response = answer(client, page_path, bad_answer)

    assert response.status_code == 400
    assert not PageFeedback.objects.exists()


def test_a_post_without_fields_is_refused_with_a_swedish_page(client, db):
    response = client.post(URL, {})

    assert response.status_code == 400
    assert '<html lang="sv">' in response.content.decode()
    assert "<h1>" in response.content.decode()


def test_only_post_is_allowed(client, db):
    response = client.get(URL)

    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_the_feedback_answers_429_after_the_limit_and_counts_nothing_more(
    client, page_path, settings
):
    settings.FEEDBACK_RATE_LIMIT = "3/h"
    for _ in range(3):
        assert answer(client, page_path, "ja").status_code == 200

    with CaptureQueriesContext(connection) as queries:
        response = answer(client, page_path, "ja")

    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert f'href="{page_path}"' in response.content.decode()
    assert counts(page_path) == (3, 0)
    writes = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_the_feedback_limit_is_kept_apart_from_the_tip_limit(client, world, page_path, settings):
    settings.FEEDBACK_RATE_LIMIT = "1/h"
    settings.TIP_RATE_LIMIT = "1/h"
    answer(client, page_path, "ja")

    tip = client.post(
        reverse("public:tip", kwargs={"slug": world.municipality.slug}),
        {"message": "Hej"},
        REMOTE_ADDR=ADDRESS,
    )

    assert tip.status_code == 302


def test_nothing_about_who_answered_is_stored(client, page_path):
    answer(client, page_path, "ja")

    columns = {field.column for field in PageFeedback._meta.concrete_fields}
    assert columns == {"id", "created_at", "updated_at", "page", "yes_count", "no_count"}


def test_the_database_refuses_a_page_that_is_not_a_local_path(db):
    with refused_by(PageFeedback, "situations_pagefeedback_local_path"):
        PageFeedback.objects.create(page="//evil.example")


def test_the_database_refuses_a_negative_count(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        PageFeedback.objects.create(page="/", yes_count=-1)
