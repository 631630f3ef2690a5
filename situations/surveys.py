"""The results of a medborgarenkät: counts and shares per question, their charts and figures.

Every count comes from the database in two grouped queries, however many answers there are
(docs/design.md: fast at national scale); Python only divides and lays out the bars.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from situations.models import (
    SAFE_VALUES,
    SCALE_LABELS,
    Answer,
    Place,
    Question,
    Response,
    Survey,
)

Kind = Question.Kind

# --- Results ---------------------------------------------------------------------------------


def percent(count: int, whole: int) -> int | None:
    """COUNT of WHOLE in whole percent, half rounded up (12.5 → 13), or None without a whole."""
    if not whole:
        return None
    exact = Decimal(count * 100) / Decimal(whole)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


BAR_LABEL_WIDTH, BAR_AREA_WIDTH, BAR_VALUE_WIDTH = 220, 300, 90
BAR_ROW, BAR_HEIGHT, BAR_TOP = 22, 14, 4


@dataclass
class Row:
    """One option of a question: a scale step, a choice, a place or "another place"."""

    key: str
    label: str
    count: int
    share: int | None
    place: Place | None = None
    is_safe_total: bool = False


@dataclass
class QuestionResult:
    question: Question
    number: int
    respondents: int
    rows: list[Row] = field(default_factory=list)
    text_count: int = 0  # free texts, or descriptions of other places
    safe: Row | None = None  # safety questions: the share that answered 4 or 5

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def figures(self) -> list[Row]:
        """The rows a finding can be made from, the "feel safe" share first."""
        return [self.safe, *self.rows] if self.safe else list(self.rows)

    @property
    def chart_height(self) -> int:
        return BAR_TOP * 2 + BAR_ROW * len(self.rows)

    @property
    def chart_width(self) -> int:
        return BAR_LABEL_WIDTH + BAR_AREA_WIDTH + BAR_VALUE_WIDTH

    @property
    def chart(self) -> str:
        """Horizontal bars of the shares, each labelled and ending with count and share.

        Built here with escaped labels, like followups.charts: only the labels come from the
        database. Colours are CSS classes (static/css/surveys.css), never inline styles.
        """
        parts = []
        for index, row in enumerate(self.rows):
            y = BAR_TOP + index * BAR_ROW
            middle = y + BAR_HEIGHT // 2
            width = BAR_AREA_WIDTH * (row.share or 0) / 100
            share = "–" if row.share is None else f"{row.share} %"
            label = row.label if len(row.label) <= 34 else row.label[:33] + "…"
            parts.append(
                f'<text x="{BAR_LABEL_WIDTH - 6}" y="{middle}" text-anchor="end" '
                f'dominant-baseline="middle">{escape(label)}</text>'
                f'<rect class="survey-bar-track" x="{BAR_LABEL_WIDTH}" y="{y}" '
                f'width="{BAR_AREA_WIDTH}" height="{BAR_HEIGHT}"/>'
                f'<rect class="survey-bar" x="{BAR_LABEL_WIDTH}" y="{y}" width="{width:.1f}" '
                f'height="{BAR_HEIGHT}"/>'
                f'<text x="{BAR_LABEL_WIDTH + BAR_AREA_WIDTH + 6}" y="{middle}" '
                f'dominant-baseline="middle">{share} ({row.count})</text>'
            )
        return mark_safe("".join(parts))


@dataclass
class Results:
    survey: Survey
    responses: int
    questions: list[QuestionResult]

    def figure(self, key: str) -> tuple[QuestionResult, Row] | None:
        for result in self.questions:
            for row in result.figures:
                if row.key == key:
                    return result, row
        return None


def survey_questions(survey: Survey) -> list[Question]:
    """The questions with their place and choices: two queries."""
    return list(
        Question.objects.filter(survey=survey)
        .select_related("place")
        .prefetch_related("choices")
        .order_by("order", "id")
    )


def survey_results(survey: Survey) -> Results:
    """Counts and shares of every option of every question of SURVEY.

    Six queries whatever the number of answers: the questions, their choices, the kommun's
    places, the number of responses, the answers counted per question and value, and the
    respondents counted per question.
    """
    questions = survey_questions(survey)
    places = list(Place.objects.filter(municipality_id=survey.municipality_id).order_by("name"))
    responses = Response.objects.filter(survey=survey).count()
    answers = Answer.objects.filter(question__survey=survey).order_by()
    counts: dict[tuple, int] = {
        (row["question_id"], row["scale"], row["choice_id"], row["place_id"]): row["n"]
        for row in answers.values("question_id", "scale", "choice_id", "place_id").annotate(
            n=Count("id")
        )
    }
    respondents = {
        row["question_id"]: row["n"]
        for row in answers.values("question_id").annotate(n=Count("response_id", distinct=True))
    }

    results = [
        question_result(question, number, respondents.get(question.pk, 0), counts, places)
        for number, question in enumerate(questions, start=1)
    ]
    return Results(survey=survey, responses=responses, questions=results)


def question_result(
    question: Question, number: int, whole: int, counts: dict[tuple, int], places: list[Place]
) -> QuestionResult:
    """The rows of one question from the grouped COUNTS; WHOLE is how many answered it."""
    result = QuestionResult(question=question, number=number, respondents=whole)

    def row(key: str, label: str, count: int, place: Place | None = None) -> Row:
        return Row(f"{question.pk}:{key}", label, count, percent(count, whole), place)

    def count(scale=None, choice=None, place=None) -> int:
        return counts.get((question.pk, scale, choice, place), 0)

    if question.kind == Kind.SAFETY_SCALE:
        result.rows = [
            row(f"scale:{value}", f"{value} {SCALE_LABELS[value]}", count(scale=value))
            for value in sorted(SCALE_LABELS, reverse=True)
        ]
        safe = sum(count(scale=value) for value in SAFE_VALUES)
        result.safe = row("safe", _("Feel safe (4 or 5)"), safe, question.place)
        result.safe.is_safe_total = True
    elif Kind(question.kind).has_choices:
        result.rows = [
            row(f"choice:{choice.pk}", choice.text, count(choice=choice.pk))
            for choice in question.choices.all()
        ]
    elif question.kind == Kind.UNSAFE_PLACES:
        result.rows = [
            row(f"place:{place.pk}", place.name, count(place=place.pk), place) for place in places
        ]
        result.text_count = count()
        result.rows.append(row("other", _("Another place"), result.text_count))
    else:
        result.text_count = count()
    return result


def finding_text(result: QuestionResult, row: Row) -> str:
    """A finding as residents read it: "62 % känner sig trygga i centrum på kvällen"."""
    question = result.question
    share = row.share if row.share is not None else 0
    if row.is_safe_total:
        place = question.place.name if question.place else ""
        time = question.get_time_of_day_display() if question.time_of_day else ""
        if place and time:
            return _("%(share)s %% feel safe in %(place)s %(time)s") % {
                "share": share,
                "place": place,
                "time": time,
            }
        if place:
            return _("%(share)s %% feel safe in %(place)s") % {"share": share, "place": place}
        if time:
            return _("%(share)s %% feel safe %(time)s") % {"share": share, "time": time}
        return _("%(share)s %% feel safe") % {"share": share}
    if question.kind == Kind.UNSAFE_PLACES:
        if row.place is not None:
            return _("%(share)s %% feel unsafe in %(place)s") % {
                "share": share,
                "place": row.place.name,
            }
        return _("%(share)s %% name another place where they feel unsafe") % {"share": share}
    return _("%(share)s %% answer “%(option)s” to the question: %(question)s") % {
        "share": share,
        "option": row.label,
        "question": question.text,
    }
