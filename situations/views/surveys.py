"""The workspace pages of a medborgarenkät: the kommun's surveys, building one, its results
(counts and shares, charts with tables, CSV, free texts) and its use in a lägesbild.

Per user, behind a login, never cached; every object through situations.permissions.
"""

from __future__ import annotations

import csv
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from config.lib import editing, workspace
from config.lib.cells import csv_cell
from config.lib.workspace import GET_AND_POST, POST_ONLY, READ_ONLY, workspace_view
from situations import services
from situations.forms.surveys import AttachForm, SurveyEditForms, SurveyFindingForm, SurveyForm
from situations.models import Answer, Choice, Question, SituationReport, Survey
from situations.permissions import (
    COORDINATOR,
    get_municipality_for_surveys,
    get_survey,
    get_survey_for_edit,
    get_survey_for_view,
)
from situations.surveys import finding_text, survey_results

FREE_TEXTS_PER_PAGE = 50


# --- The kommun's surveys ---------------------------------------------------------------------


@workspace_view(methods=READ_ONLY)
def surveys(request: HttpRequest, slug: str) -> HttpResponse:
    """Every survey of the kommun with its number of answers: one query for them all."""
    municipality, roles = get_municipality_for_surveys(request, slug, create=False)
    rows = list(
        Survey.objects.filter(municipality=municipality)
        .select_related("municipality")
        .annotate(response_count=Count("responses"))
        .order_by("-opens_on", "-id")
    )
    return render(
        request,
        "situations/workspace/surveys.html",
        {
            "municipality": municipality,
            "surveys": rows,
            "is_coordinator": COORDINATOR in roles,
            "today": timezone.localdate(),
        },
    )


@workspace_view(methods=GET_AND_POST)
def survey_create(request: HttpRequest, slug: str) -> HttpResponse:
    municipality, _roles = get_municipality_for_surveys(request, slug, create=True)
    opens_on, closes_on = services.survey_default_dates()
    form = SurveyForm(
        request.POST or None,
        municipality=municipality,
        initial={"opens_on": opens_on, "closes_on": closes_on},
    )
    if request.method == "POST" and form.is_valid():
        form.instance.created_by = request.user
        survey = form.save()
        messages.success(request, _("The survey is created as a draft. Add its questions."))
        return redirect("situations:survey_edit", pk=survey.pk)
    return render(
        request,
        "situations/workspace/survey_create.html",
        {"municipality": municipality, "form": form},
    )


# --- Building a survey ------------------------------------------------------------------------


def survey_histories(pk: int) -> dict[str, QuerySet]:
    """The historical records of a survey and of every question and choice it has had."""
    return {
        "survey": Survey.history.filter(id=pk),
        "question": Question.history.filter(survey_id=pk),
        "choice": Choice.history.filter(
            question_id__in=Question.history.filter(survey_id=pk).values("id")
        ),
    }


def survey_objects(survey: Survey) -> list:
    """Everything the edit page of SURVEY changes, for its version."""
    return [
        survey,
        *Question.objects.filter(survey=survey),
        *Choice.objects.filter(question__survey=survey),
    ]


def questions_fixed(survey: Survey) -> bool:
    try:
        services.survey_check_questions_changeable(survey)
    except ValidationError:
        return True
    return False


def render_survey_edit(
    request: HttpRequest,
    survey: Survey,
    forms: SurveyEditForms,
    state: editing.PageState,
) -> HttpResponse:
    return render(
        request,
        "situations/workspace/survey_edit.html",
        {
            "survey": survey,
            "municipality": survey.municipality,
            "forms": forms,
            "version": state.version,
            "conflict": state.conflict,
            "response_count": survey.responses.count(),
            "questions": list(survey.questions.select_related("place").prefetch_related("choices"))
            if forms.questions_fixed
            else [],
        },
        status=state.status,
    )


@workspace_view(methods=GET_AND_POST)
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return editing.edit(
        request,
        # The lock makes an answer that arrives meanwhile wait too (services.response_submit
        # locks the survey), so that questions never change under one.
        load=lambda for_update: get_survey_for_edit(request, pk, for_update=for_update).survey,
        objects=survey_objects,
        histories=lambda survey: survey_histories(pk).values(),
        bind=lambda survey, data: SurveyEditForms(
            survey, data, questions_fixed=questions_fixed(survey)
        ),
        save=editing.save_forms(
            request,
            message=_("The survey is saved."),
            then=reverse("situations:survey_edit", kwargs={"pk": pk}),
        ),
        render=partial(render_survey_edit, request),
    )


def survey_step(request: HttpRequest, pk: int, step, done: str) -> HttpResponse:
    with transaction.atomic():
        survey = get_survey_for_edit(request, pk, for_update=True).survey
        try:
            step(survey=survey, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
    return redirect("situations:survey_edit", pk=pk)


@workspace_view(methods=POST_ONLY)
def survey_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return survey_step(
        request,
        pk,
        services.survey_publish,
        _("The survey is published: residents can answer it between its dates."),
    )


@workspace_view(methods=POST_ONLY)
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    return survey_step(
        request,
        pk,
        services.survey_close,
        _("The survey is closed. Its results stay; copy it to ask again."),
    )


@workspace_view(methods=POST_ONLY)
def survey_copy(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_survey_for_edit(request, pk).survey
    copy = services.survey_copy(survey=survey, user=request.user)
    messages.success(request, _("The copy is a new draft. Check its dates and texts."))
    return redirect("situations:survey_edit", pk=copy.pk)


@workspace_view(methods=READ_ONLY)
def survey_history(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_survey_for_view(request, pk)
    return workspace.history_page(
        request,
        subject=access.survey,
        histories=survey_histories(pk).values(),
        # Restoring an old question could change what answers were given to: not offered.
        may_restore=lambda record: False,
        restore_url=lambda entry: "",
        back_url=reverse("situations:survey_results", kwargs={"pk": pk}),
    )


# --- Results ----------------------------------------------------------------------------------


@workspace_view(methods=READ_ONLY)
def survey_results_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Counts and shares per question, each as a chart and a table.

    A fixed number of queries whatever the number of answers (see situations.surveys).
    """
    access = get_survey_for_view(request, pk)
    survey = access.survey
    return render(
        request,
        "situations/workspace/survey_results.html",
        {
            "survey": survey,
            "municipality": survey.municipality,
            "access": access,
            "results": survey_results(survey),
            "open_now": survey.is_open_on(timezone.localdate()),
        },
    )


@workspace_view(methods=READ_ONLY)
def survey_free_text(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """What residents wrote in their own words to one question, paged: the coordinator's."""
    access = get_survey(request, pk, "can_read_free_text")
    question = get_object_or_404(
        Question.objects.filter(kind__in=[Question.Kind.FREE_TEXT, Question.Kind.UNSAFE_PLACES]),
        survey=access.survey,
        pk=question_pk,
    )
    texts = (
        Answer.objects.filter(question=question)
        .filter(~Q(text="") | ~Q(other_place=""))
        .select_related("response")
        .order_by("-response__submitted_on", "-id")
    )
    page = Paginator(texts, FREE_TEXTS_PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "situations/workspace/survey_free_text.html",
        {
            "survey": access.survey,
            "municipality": access.survey.municipality,
            "question": question,
            "page_obj": page,
        },
    )


def csv_share(share: int | None) -> str:
    return "" if share is None else str(share)


@workspace_view(methods=READ_ONLY)
def survey_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The figures of the results page as CSV: one row per question and option.

    Free texts are not in it: they are the coordinator's alone, and a file travels.
    """
    survey = get_survey_for_view(request, pk).survey
    results = survey_results(survey)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"enkat-{slugify(survey.title) or survey.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte order mark, so that Excel reads the file as UTF-8 (å, ä, ö).
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")

    def write(cells: list) -> None:
        # A question or an option is the coordinator's text: no spreadsheet may run it.
        writer.writerow([csv_cell(cell) for cell in cells])

    write(
        [
            _("Question number"),
            _("Question"),
            _("Answer"),
            _("Count"),
            _("Share (%)"),
            _("Answered the question"),
            _("Responses in all"),
        ]
    )
    for result in results.questions:
        for row in result.figures:
            write(
                [
                    result.number,
                    result.question.text,
                    row.label,
                    row.count,
                    csv_share(row.share),
                    result.respondents,
                    results.responses,
                ]
            )
        if result.kind == Question.Kind.FREE_TEXT:
            write(
                [
                    result.number,
                    result.question.text,
                    _("Free-text answers"),
                    result.text_count,
                    "",
                    result.respondents,
                    results.responses,
                ]
            )
    return response


# --- The results in a lägesbild ---------------------------------------------------------------


def kommun_reports(survey: Survey) -> QuerySet[SituationReport]:
    return SituationReport.objects.filter(municipality_id=survey.municipality_id).order_by(
        "-period_start", "id"
    )


@workspace_view(methods=GET_AND_POST)
def survey_attach(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the survey's results a source of one of the kommun's lägesbilder."""
    survey = get_survey(request, pk, "can_use_in_report").survey
    form = AttachForm(request.POST or None, reports=kommun_reports(survey))
    if request.method == "POST" and form.is_valid():
        report = form.cleaned_data["report"]
        services.survey_attach(
            survey=survey, report=report, kind=form.cleaned_data["kind"], user=request.user
        )
        messages.success(
            request,
            _("The survey's results are a source of %(report)s.") % {"report": report.title},
        )
        return redirect("situations:report_edit", pk=report.pk)
    return render(
        request,
        "situations/workspace/survey_attach.html",
        {"survey": survey, "municipality": survey.municipality, "form": form},
    )


@workspace_view(methods=GET_AND_POST)
def survey_finding(request: HttpRequest, pk: int) -> HttpResponse:
    """Make one figure of the survey a finding of a lägesbild: "62 % känner sig trygga …"."""
    survey = get_survey(request, pk, "can_use_in_report").survey
    results = survey_results(survey)
    form = SurveyFindingForm(
        request.POST or None,
        reports=kommun_reports(survey),
        results=results,
        initial={"figure": request.GET.get("figur", "")},
    )
    suggestion = ""
    chosen = results.figure(request.GET.get("figur", ""))
    if chosen is not None and chosen[1].share is not None:
        suggestion = finding_text(*chosen)
    if request.method == "POST" and form.is_valid():
        result, row = form.cleaned_data["figure"]
        report = form.cleaned_data["report"]
        services.survey_finding(
            survey=survey,
            report=report,
            text=form.cleaned_data["text"].strip() or finding_text(result, row),
            share=row.share,
            place=row.place or result.question.place,
            kind=form.cleaned_data["kind"],
            user=request.user,
        )
        messages.success(
            request,
            _("The finding is added to %(report)s, with the survey as its source.")
            % {"report": report.title},
        )
        return redirect("situations:report_edit", pk=report.pk)
    return render(
        request,
        "situations/workspace/survey_finding.html",
        {
            "survey": survey,
            "municipality": survey.municipality,
            "form": form,
            "suggestion": suggestion,
        },
    )
