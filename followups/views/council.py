"""The council report in the workspace: read by the kommun's readers, written and published
by its coordinator, downloaded as CSV."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from config.lib.workspace import GET_AND_POST, READ_ONLY, workspace_view
from followups.council import services
from followups.council.export import csv_response
from followups.council.forms import CouncilReportForm
from followups.council.models import CouncilReport
from followups.council.selectors import load_council_report
from followups.permissions import get_council_municipality
from followups.progress import FORMULA
from situations.models import Municipality

HISTORY_SHOWN = 10


@workspace_view(methods=GET_AND_POST)
def council_report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The report for the kommun and year; the coordinator saves the foreword, publishes it or
    takes it back to correct it."""
    municipality, may_write = get_council_municipality(
        request, slug, year, edit=request.method == "POST"
    )
    report = services.council_report_for(municipality, year)
    form = CouncilReportForm(request.POST or None, instance=report)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        user = request.user
        try:
            if action == "unpublish":
                services.council_report_unpublish(municipality=municipality, year=year, user=user)
                done = _("The report is a draft again and no longer on the public pages.")
            elif not form.is_valid():
                return page(request, municipality, year, report, form, may_write, status=400)
            elif action == "publish":
                services.council_report_publish(
                    municipality=municipality,
                    year=year,
                    foreword=form.cleaned_data["foreword"],
                    user=user,
                )
                done = _("The report is published on the municipality's public page.")
            else:
                services.council_report_save(
                    municipality=municipality,
                    year=year,
                    foreword=form.cleaned_data["foreword"],
                    user=user,
                )
                done = _("The foreword is saved.")
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return page(request, municipality, year, report, form, may_write, status=400)
        messages.success(request, done)
        return redirect(reverse("followups:council_report", kwargs={"slug": slug, "year": year}))
    return page(request, municipality, year, report, form, may_write)


def page(
    request: HttpRequest,
    municipality: Municipality,
    year: int,
    report: CouncilReport,
    form: CouncilReportForm,
    may_write: bool,
    *,
    status: int = 200,
) -> HttpResponse:
    """The report with the coordinator's form (when MAY_WRITE) and its last changes."""
    history = []
    if report.pk:
        history = list(
            CouncilReport.history.filter(id=report.pk)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:HISTORY_SHOWN]
        )
    return render(
        request,
        "followups/workspace/council_report.html",
        {
            "municipality": municipality,
            "year": year,
            "report": report,
            "progress_formula": FORMULA,
            "council": load_council_report(municipality, year),
            "form": form,
            "may_write": may_write,
            "history": history,
        },
        status=status,
    )


@workspace_view(methods=READ_ONLY)
def council_report_csv(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    municipality, _may_write = get_council_municipality(request, slug, year)
    return csv_response(municipality, year)
