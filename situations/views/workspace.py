"""The workspace pages of the situations app: the lägesbild editor, the kommun's places, the
history of both, and the inbox of residents' tips.

Every page is per user, behind a login and never cached. Every object comes through a helper
in situations.permissions (404 where the user may not see it, 403 where they may not change
it). The edit pages carry a version (config.lib.editing): a save that would overwrite someone
else's is refused with 409, the user's text kept and the other person's changes shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.lib import editing, workspace
from config.lib.workspace import GET_AND_POST, POST_ONLY, READ_ONLY, workspace_view
from situations import services
from situations.forms.workspace import KommunPlaces, ReportEditForms, ReportForm
from situations.models import (
    Finding,
    Membership,
    Municipality,
    Place,
    Problem,
    SituationReport,
    Source,
    Tip,
)
from situations.permissions import (
    get_municipality,
    get_municipality_for_edit,
    get_municipality_for_tips,
    get_report_for_edit,
    get_report_for_view,
    get_tip_for_handling,
    may_edit,
    roles_in,
)

TIPS_PER_PAGE = 25

# --- The lägesbild ----------------------------------------------------------------------------


@workspace_view(methods=GET_AND_POST)
def report_create(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_municipality_for_edit(request, slug)
    form = ReportForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        report = form.save()
        messages.success(
            request,
            _("The situation report is created as a draft. Add its sources and findings."),
        )
        return redirect("situations:report_edit", pk=report.pk)
    return render(
        request,
        "situations/workspace/report_create.html",
        {"municipality": municipality, "form": form},
    )


def report_histories(pk: int) -> dict[str, QuerySet]:
    """The historical records of a report and of every source, finding and problem it has had.

    By report_id, so that removed ones are there too.
    """
    return {
        "situationreport": SituationReport.history.filter(id=pk),
        "source": Source.history.filter(report_id=pk),
        "finding": Finding.history.filter(report_id=pk),
        "problem": Problem.history.filter(report_id=pk),
    }


def report_objects(report: SituationReport) -> list:
    """Everything the edit page of REPORT changes, for its version."""
    return [
        report,
        *Source.objects.filter(report=report),
        *Finding.objects.filter(report=report),
        *Problem.objects.filter(report=report),
    ]


def render_report_edit(
    request: HttpRequest,
    report: SituationReport,
    forms: ReportEditForms,
    state: editing.PageState,
) -> HttpResponse:
    return render(
        request,
        "situations/workspace/report_edit.html",
        {
            "report": report,
            "municipality": report.municipality,
            # The next step from a published lägesbild: a charter resting on it.
            "may_start_charter": report.status == SituationReport.Status.PUBLISHED
            and Membership.Role.COORDINATOR.value in roles_in(request.user, report.municipality),
            "forms": forms,
            "version": state.version,
            "conflict": state.conflict,
        },
        status=state.status,
    )


@workspace_view(methods=GET_AND_POST)
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return editing.edit(
        request,
        load=lambda for_update: get_report_for_edit(request, pk, for_update=for_update).report,
        objects=report_objects,
        histories=lambda report: report_histories(pk).values(),
        bind=lambda report, data: ReportEditForms(report, data),
        save=editing.save_forms(
            request,
            message=_("The situation report is saved."),
            then=reverse("situations:report_edit", kwargs={"pk": pk}),
        ),
        render=partial(render_report_edit, request),
    )


@workspace_view(methods=POST_ONLY)
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a draft, or take a published report back to draft (the button says which)."""
    with transaction.atomic():
        report = get_report_for_edit(request, pk, for_update=True).report
        try:
            if request.POST.get("status") == SituationReport.Status.PUBLISHED:
                services.report_publish(report=report, user=request.user)
                messages.success(request, _("The situation report is published."))
            else:
                services.report_unpublish(report=report, user=request.user)
                messages.success(request, _("The situation report is a draft again."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("situations:report_edit", pk=pk)


@workspace_view(methods=READ_ONLY)
def report_history(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_report_for_view(request, pk)
    return workspace.history_page(
        request,
        subject=access.report,
        histories=report_histories(pk).values(),
        may_restore=lambda record: access.can_edit,
        restore_url=lambda entry: reverse(
            "situations:report_restore",
            kwargs={"pk": pk, "model": entry.model_name, "history_id": entry.history_id},
        ),
        back_url=reverse("situations:report_edit", kwargs={"pk": pk})
        if access.can_edit
        else access.report.municipality.get_absolute_url(),
        restorable=(SituationReport, Source, Finding, Problem),
    )


@workspace_view(methods=POST_ONLY)
def report_restore(request: HttpRequest, pk: int, model: str, history_id: int) -> HttpResponse:
    get_report_for_edit(request, pk)
    record = workspace.find_record(report_histories(pk), model, history_id)
    # Restoring the texts of a report does not publish or unpublish it: that is its own step.
    keep = ("status", "published_at") if model == "situationreport" else ()
    return workspace.restore_record(
        request,
        record,
        back_url=reverse("situations:report_history", kwargs={"pk": pk}),
        keep=keep,
    )


# --- Places ---------------------------------------------------------------------------------


def place_histories(municipality: Municipality) -> dict[str, QuerySet]:
    return {"place": Place.history.filter(municipality_id=municipality.pk)}


def kommun_places(municipality: Municipality) -> QuerySet[Place]:
    return Place.objects.filter(municipality=municipality).order_by("name", "id")


def render_places(
    request: HttpRequest,
    municipality: Municipality,
    formset: BaseInlineFormSet[Any, Any, Any],
    state: editing.PageState,
) -> HttpResponse:
    return render(
        request,
        "situations/workspace/places.html",
        {
            "municipality": municipality,
            "formset": formset,
            "version": state.version,
            "conflict": state.conflict,
        },
        status=state.status,
    )


def places_formset(municipality: Municipality, data=None) -> BaseInlineFormSet[Any, Any, Any]:
    return KommunPlaces(
        data, instance=municipality, prefix="places", queryset=kommun_places(municipality)
    )


@workspace_view(methods=GET_AND_POST)
def places(request: HttpRequest, slug: str) -> HttpResponse:
    return editing.edit(
        request,
        # The kommun's row stands for all its places: locking it makes two saves take turns.
        load=lambda for_update: get_municipality_for_edit(request, slug, for_update=for_update),
        objects=kommun_places,
        histories=lambda municipality: place_histories(municipality).values(),
        bind=places_formset,
        save=editing.save_forms(
            request,
            message=_("The places are saved."),
            then=reverse("situations:places", kwargs={"slug": slug}),
        ),
        render=partial(render_places, request),
    )


@workspace_view(methods=READ_ONLY)
def places_history(request: HttpRequest, slug: str) -> HttpResponse:
    municipality, roles = get_municipality(request, slug, edit=False)
    can_edit = may_edit(roles)
    return workspace.history_page(
        request,
        subject=_("the places of %(municipality)s") % {"municipality": municipality.name},
        histories=place_histories(municipality).values(),
        may_restore=lambda record: can_edit,
        restore_url=lambda entry: reverse(
            "situations:places_restore",
            kwargs={"slug": slug, "model": entry.model_name, "history_id": entry.history_id},
        ),
        back_url=reverse("situations:places", kwargs={"slug": slug})
        if can_edit
        else municipality.get_absolute_url(),
        restorable=(Place,),
    )


@workspace_view(methods=POST_ONLY)
def places_restore(request: HttpRequest, slug: str, model: str, history_id: int) -> HttpResponse:
    municipality = get_municipality_for_edit(request, slug)
    record = workspace.find_record(place_histories(municipality), model, history_id)
    return workspace.restore_record(
        request,
        record,
        back_url=reverse("situations:places_history", kwargs={"slug": slug}),
    )


# --- Tips from residents --------------------------------------------------------------------


@dataclass(frozen=True)
class TipFilter:
    value: str
    label: str
    handled: bool | None


TIP_FILTERS = [
    TipFilter("alla", gettext_lazy("All"), None),
    TipFilter("ohanterade", gettext_lazy("Unhandled"), False),
    TipFilter("hanterade", gettext_lazy("Handled"), True),
]
TIP_FILTER_PARAMETER = "visa"


def tip_filter(value: str | None) -> TipFilter:
    return next((f for f in TIP_FILTERS if f.value == value), TIP_FILTERS[0])


@workspace_view(methods=READ_ONLY)
def tips(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_municipality_for_tips(request, slug)
    shown = tip_filter(request.GET.get(TIP_FILTER_PARAMETER))
    inbox = Tip.objects.filter(municipality=municipality).select_related("place")
    if shown.handled is not None:
        inbox = inbox.filter(handled=shown.handled)
    # False sorts before True: unhandled first, then the newest.
    inbox = inbox.order_by("handled", "-created_at", "-id")
    page = Paginator(inbox, TIPS_PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "situations/workspace/tips.html",
        {
            "municipality": municipality,
            "page_obj": page,
            "filters": TIP_FILTERS,
            "shown": shown,
            "retention_days": settings.TIP_RETENTION_DAYS,
        },
    )


@workspace_view(methods=POST_ONLY)
def tip_handle(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a tip as handled, or reopen it; back to the inbox page the user came from."""
    tip = get_tip_for_handling(request, pk)
    if request.POST.get("handled") == "1":
        services.tip_handle(tip=tip, user=request.user)
        messages.success(request, _("The tip is marked as handled."))
    else:
        services.tip_reopen(tip=tip, user=request.user)
        messages.success(request, _("The tip is unhandled again."))
    back = reverse("situations:tips", kwargs={"slug": tip.municipality.slug})
    query = {TIP_FILTER_PARAMETER: tip_filter(request.POST.get(TIP_FILTER_PARAMETER)).value}
    page = request.POST.get("sida", "")
    if page.isdigit():
        query["sida"] = page
    return redirect(f"{back}?{urlencode(query)}")
