"""Time the results page of a survey with 10 000 responses.

    DATABASE_URL=postgres://… .venv/bin/python bench/survey_results.py [--responses N] [--runs N]

Makes (or remakes) a survey "Benchmark: trygghetsenkät" in a test kommun of its own, with one
question of every kind and RESPONSES generated responses (each answers every question, about
eight answer rows each), then renders /arbetsyta/enkater/<id>/resultat/ through the view itself
(RequestFactory: no session or middleware, so the time is the view's own queries and template)
as the kommun's coordinator, and prints the median and 90th percentile server time, the number
of SQL queries and the size of the page.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.common import percentile  # noqa: E402
from situations.models import (  # noqa: E402
    Answer,
    Choice,
    County,
    Membership,
    Municipality,
    Place,
    Question,
    Response,
    Survey,
)
from situations.views.surveys import survey_results_page  # noqa: E402

TITLE = "Benchmark: trygghetsenkät"
SLUG = "bench-enkatkommun"
Kind = Question.Kind


def bench_kommun() -> Municipality:
    """A kommun of its own (code 9999 in county 99) that no real page shows."""
    county = County.objects.order_by("code").first()
    municipality, _ = Municipality.objects.get_or_create(
        slug=SLUG, defaults={"code": f"{county.code}99", "name": "Enkätkommun", "county": county}
    )
    return municipality


@transaction.atomic
def make_survey(municipality: Municipality, responses: int) -> Survey:
    Survey.objects.filter(municipality=municipality, title=TITLE).delete()
    places = [
        Place.objects.get_or_create(
            municipality=municipality, slug=f"plats-{n}", defaults={"name": f"Plats {n}"}
        )[0]
        for n in range(1, 9)
    ]
    today = timezone.localdate()
    survey = Survey.objects.create(
        municipality=municipality,
        title=TITLE,
        purpose="Benchmark.",
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today,
        status=Survey.Status.PUBLISHED,
    )
    questions = []
    for order, kind in enumerate(
        [
            Kind.SAFETY_SCALE,
            Kind.SAFETY_SCALE,
            Kind.SINGLE_CHOICE,
            Kind.MULTIPLE_CHOICE,
            Kind.UNSAFE_PLACES,
            Kind.FREE_TEXT,
        ],
        start=1,
    ):
        question = Question.objects.create(
            survey=survey, order=order, kind=kind, text=f"Fråga {order}"
        )
        if Kind(kind).has_choices:
            Choice.objects.bulk_create(
                Choice(question=question, order=n, text=f"Alternativ {n}") for n in range(1, 6)
            )
        questions.append(question)
    rng = random.Random(1)
    rows = Response.objects.bulk_create(
        [
            Response(
                survey=survey, submitted_on=today - datetime.timedelta(days=rng.randint(0, 30))
            )
            for _ in range(responses)
        ],
        batch_size=5000,
    )
    choices = {q.pk: list(q.choices.all()) for q in questions}
    answers = []
    for response in rows:
        for question in questions:
            if question.kind == Kind.SAFETY_SCALE:
                answers.append(
                    Answer(response=response, question=question, scale=rng.randint(1, 5))
                )
            elif question.kind == Kind.SINGLE_CHOICE:
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        choice=rng.choice(choices[question.pk]),
                    )
                )
            elif question.kind == Kind.MULTIPLE_CHOICE:
                answers.extend(
                    Answer(response=response, question=question, choice=choice)
                    for choice in rng.sample(choices[question.pk], 2)
                )
            elif question.kind == Kind.UNSAFE_PLACES:
                answers.extend(
                    Answer(response=response, question=question, place=place)
                    for place in rng.sample(places, 2)
                )
            elif rng.random() < 0.2:
                answers.append(Answer(response=response, question=question, text="Mer ljus."))
    Answer.objects.bulk_create(answers, batch_size=5000)
    return survey


def coordinator(municipality: Municipality):
    user, _ = get_user_model().objects.get_or_create(username="bench-enkat")
    Membership.objects.get_or_create(
        user=user, role=Membership.Role.COORDINATOR, municipality=municipality
    )
    return user


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=10_000, help="default 10 000")
    parser.add_argument("--runs", type=int, default=20, help="renders (default 20)")
    args = parser.parse_args()

    municipality = bench_kommun()
    started = time.perf_counter()
    survey = make_survey(municipality, args.responses)
    made = time.perf_counter() - started
    user = coordinator(municipality)
    answers = Answer.objects.filter(response__survey=survey).count()
    print(
        f"{args.responses} responses, {answers} answer rows (made in {made:.1f} s); "
        f"{args.runs} runs; database {connection.vendor}"
    )

    factory = RequestFactory()
    url = reverse("situations:survey_results", kwargs={"pk": survey.pk})
    times, queries, size = [], 0, 0
    for index in range(args.runs + 1):
        request = factory.get(url)
        request.user = user
        with CaptureQueriesContext(connection) as captured:
            begun = time.perf_counter()
            response = survey_results_page(request, pk=survey.pk)
            elapsed = (time.perf_counter() - begun) * 1000
        assert response.status_code == 200, response.status_code
        if index:  # the first run warms caches (templates, the database's buffers)
            times.append(elapsed)
        queries, size = len(captured), len(response.content)
    print(f"{'page':24} {'median ms':>10} {'p90 ms':>8} {'queries':>8} {'kB':>6}")
    print(
        f"{'survey results':24} {statistics.median(times):10.1f} "
        f"{percentile(times, 0.9):8.1f} {queries:8d} {size / 1024:6.0f}"
    )


if __name__ == "__main__":
    main()
