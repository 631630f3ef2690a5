"""An open trygghetsenkät for Essunga in the demo, with a few dozen generated answers.

The questions are of the kinds such surveys ask; the answers are generated from a fixed seed,
so every run makes the same ones. Like the national data they are made anew on each run (the
survey's earlier answers are deleted first), and the survey is said to be a demo example.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from followups.demo import upsert
from situations.models import Answer, Choice, Municipality, Place, Question, Response, Survey

ESSUNGA = "1445"
TITLE = "Trygghetsenkät Essunga (demoexempel)"
RESPONSES = 36
SEED = 2021

PLACES = [("Nossebro centrum", "nossebro-centrum"), ("Jonslund", "jonslund")]
Kind = Question.Kind
QUESTIONS = [
    (
        Kind.SAFETY_SCALE,
        "Hur trygg känner du dig i Nossebro centrum på kvällen?",
        "nossebro-centrum",
        Question.TimeOfDay.EVENING,
        True,
        [],
    ),
    (
        Kind.SAFETY_SCALE,
        "Hur trygg känner du dig i ditt bostadsområde?",
        None,
        "",
        True,
        [],
    ),
    (
        Kind.SINGLE_CHOICE,
        "Har du under det senaste året avstått från att gå ut på grund av oro för brott?",
        None,
        "",
        False,
        ["Ja, ofta", "Ja, någon gång", "Nej"],
    ),
    (
        Kind.MULTIPLE_CHOICE,
        "Vilka problem ser du i din närmiljö?",
        None,
        "",
        False,
        ["För höga hastigheter", "Skadegörelse", "Narkotika", "Nedskräpning", "Inbrott"],
    ),
    (Kind.UNSAFE_PLACES, "Finns det platser där du känner dig otrygg?", None, "", False, []),
    (Kind.FREE_TEXT, "Vad skulle få dig att känna dig tryggare?", None, "", False, []),
]
FREE_TEXTS = [
    "Bättre belysning på gång- och cykelvägarna.",
    "Fler vuxna ute på kvällarna.",
    "Att polisen syns oftare i centrum.",
    "Lägre hastighet genom byn.",
]
OTHER_PLACES = ["Gång- och cykelvägen mot skolan", "Busshållplatsen vid torget"]


def load_survey() -> Survey:
    """The demo survey of Essunga, open from two weeks ago to a month ahead, with answers."""
    essunga = Municipality.objects.get(code=ESSUNGA)
    places = {
        slug: upsert(Place, lookup={"municipality": essunga, "slug": slug}, values={"name": name})
        for name, slug in PLACES
    }
    today = timezone.localdate()
    survey = upsert(
        Survey,
        lookup={"municipality": essunga, "title": TITLE},
        values={
            "introduction": (
                "Essunga kommun och Polisen vill veta hur trygg du känner dig, var och när. "
                "Det här är ett demoexempel: svaren är påhittade."
            ),
            "purpose": (
                "Svaren används i lägesbilden och för att välja var kommunen och Polisen ska "
                "arbeta, till exempel med belysning och närvaro."
            ),
            "opens_on": today - datetime.timedelta(days=14),
            "closes_on": today + datetime.timedelta(days=30),
            "status": Survey.Status.PUBLISHED,
            "closed_at": None,
        },
    )
    # Answers first: they point at the questions, choices and places that follow.
    Response.objects.filter(survey=survey).delete()
    questions = []
    for order, (kind, text, place, time, required, choices) in enumerate(QUESTIONS, start=1):
        question = upsert(
            Question,
            lookup={"survey": survey, "order": order},
            values={
                "kind": kind,
                "text": text,
                "place": places[place] if place else None,
                "time_of_day": time,
                "required": required,
            },
        )
        kept = [
            upsert(
                Choice, lookup={"question": question, "order": number}, values={"text": choice}
            ).pk
            for number, choice in enumerate(choices, start=1)
        ]
        question.choices.exclude(pk__in=kept).delete()
        questions.append(question)
    survey.questions.exclude(pk__in=[q.pk for q in questions]).delete()
    make_answers(survey, questions, list(places.values()), today)
    return survey


def make_answers(survey, questions, places, today) -> None:
    """RESPONSES answers from a fixed seed, spread over the days the survey has been open."""
    rng = random.Random(SEED)
    scale_weights = [1, 2, 4, 6, 3]  # most feel fairly safe, as such surveys usually find
    responses = Response.objects.bulk_create(
        [
            Response(
                survey=survey, submitted_on=today - datetime.timedelta(days=rng.randint(0, 14))
            )
            for _ in range(RESPONSES)
        ]
    )
    rows = []
    for response in responses:
        for question in questions:
            choices = list(question.choices.all())
            if question.kind == Kind.SAFETY_SCALE:
                value = rng.choices(range(1, 6), weights=scale_weights)[0]
                rows.append(Answer(response=response, question=question, scale=value))
            elif question.kind == Kind.SINGLE_CHOICE and rng.random() < 0.9:
                rows.append(
                    Answer(response=response, question=question, choice=rng.choice(choices))
                )
            elif question.kind == Kind.MULTIPLE_CHOICE and rng.random() < 0.8:
                for choice in rng.sample(choices, rng.randint(1, 3)):
                    rows.append(Answer(response=response, question=question, choice=choice))
            elif question.kind == Kind.UNSAFE_PLACES and rng.random() < 0.6:
                for place in rng.sample(places, rng.randint(1, len(places))):
                    rows.append(Answer(response=response, question=question, place=place))
                if rng.random() < 0.2:
                    rows.append(
                        Answer(
                            response=response,
                            question=question,
                            other_place=rng.choice(OTHER_PLACES),
                        )
                    )
            elif question.kind == Kind.FREE_TEXT and rng.random() < 0.3:
                rows.append(
                    Answer(response=response, question=question, text=rng.choice(FREE_TEXTS))
                )
    Answer.objects.bulk_create(rows)
