"""The EST pages of the workspace: a reporter's observations, the coordinator's grid of places
× weeks, the quarterly summary that becomes a source of a lägesbild, and the kommun's reporting
organisations.

Every page is per user, behind a login and never cached; every object comes through a helper
in situations.permissions.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from config.lib.workspace import GET_AND_POST, READ_ONLY, workspace_view
from situations import est, services
from situations.forms.est import (
    AttachSummaryForm,
    ObservationFilter,
    ObservationForm,
    QuarterForm,
    ReportingOrganisationForm,
)
from situations.models import Membership, Observation, ReportingOrganisation, monday_of
from situations.permissions import (
    COORDINATOR,
    get_municipality,
    get_municipality_for_organisations,
    get_municipality_for_reporting,
    get_observation_for_edit,
    get_organisation_for_edit,
    may_edit,
    reporter_organisation,
)

OBSERVATIONS_PER_PAGE = 25
WEEK_PARAMETER = "vecka"


# --- The reporter's pages -------------------------------------------------------------------


@workspace_view(methods=GET_AND_POST)
def report(request: HttpRequest, slug: str) -> HttpResponse:
    """Submit an observation for a week, and the list of the reporter's own observations."""
    municipality = get_municipality_for_reporting(request, slug)
    today = timezone.localdate()
    form = ObservationForm(
        request.POST or None, municipality=municipality, reporter=request.user, today=today
    )
    if request.method == "POST" and form.is_valid():
        observation = services.observation_submit(
            municipality=municipality,
            organisation=reporter_organisation(request.user, municipality),
            observation=form.instance,
            user=request.user,
        )
        messages.success(
            request,
            _("Your observation of %(place)s, %(week)s, is saved. Thank you!")
            % {"place": observation.place.name, "week": observation.week_label},
        )
        # The next report is most often about the same week.
        query = urlencode({WEEK_PARAMETER: observation.week.isoformat()})
        return redirect(f"{reverse('situations:est_report', kwargs={'slug': slug})}?{query}")
    if request.method != "POST":
        chosen = request.GET.get(WEEK_PARAMETER, "")
        valid = {value for value, _label in form.fields["week"].choices}
        form.initial["week"] = chosen if chosen in valid else monday_of(today).isoformat()
    own = (
        Observation.objects.filter(municipality=municipality, reporter=request.user)
        .select_related("place")
        .order_by("-week", "place__name", "id")
    )
    page = Paginator(own, OBSERVATIONS_PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "situations/workspace/est_report.html",
        {"municipality": municipality, "form": form, "page_obj": page},
    )


@workspace_view(methods=GET_AND_POST)
def observation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    observation = get_observation_for_edit(request, pk)
    municipality = observation.municipality
    form = ObservationForm(
        request.POST or None,
        instance=observation,
        municipality=municipality,
        reporter=observation.reporter,
        today=timezone.localdate(),
    )
    if request.method == "POST" and form.is_valid():
        services.observation_update(observation=form.instance, user=request.user)
        messages.success(request, _("Your observation is saved."))
        return redirect("situations:est_report", slug=municipality.slug)
    return render(
        request,
        "situations/workspace/est_observation_edit.html",
        {"municipality": municipality, "form": form, "observation": observation},
    )


# --- The coordinator's and the police's pages --------------------------------------------------


@workspace_view(methods=READ_ONLY)
def grid(request: HttpRequest, slug: str) -> HttpResponse:
    """Places × weeks: in each cell the highest level reported, with the reports behind it."""
    municipality, roles = get_municipality(request, slug, edit=False)
    today = timezone.localdate()
    default_start, default_end = est.default_period(today)
    data = request.GET.copy()
    data.setdefault("fran", default_start.isoformat())
    data.setdefault("till", default_end.isoformat())
    filterset = ObservationFilter(data, queryset=Observation.objects.all())
    if filterset.is_valid():
        start = filterset.form.cleaned_data.get("fran") or default_start
        end = filterset.form.cleaned_data.get("till") or default_end
        if end < start or est.week_count(start, end) > est.MAX_WEEKS:
            start, end = default_start, default_end
        observations = filterset.qs
    else:
        # The form comes back with its errors and what was typed; the grid shows the default.
        start, end = default_start, default_end
        observations = Observation.objects.all()
    weeks = est.weeks_between(start, end)
    return render(
        request,
        "situations/workspace/est_grid.html",
        {
            "municipality": municipality,
            "filter": filterset,
            "grid": est.est_grid(municipality, observations, weeks),
            "start": weeks[0],
            "end": weeks[-1],
            "levels": list(Observation.Level),
            "is_coordinator": COORDINATOR in roles,
        },
    )


@workspace_view(methods=GET_AND_POST)
def summary(request: HttpRequest, slug: str) -> HttpResponse:
    """The quarter's figures per place and category, and attaching them to a lägesbild."""
    municipality, roles = get_municipality(request, slug, edit=request.method == "POST")
    today = timezone.localdate()
    attach = None
    if request.method == "POST":
        attach = AttachSummaryForm(request.POST, municipality=municipality)
        if attach.is_valid():
            year, quarter = attach.cleaned_data["ar"], attach.cleaned_data["kvartal"]
            report = attach.cleaned_data["report"]
            try:
                source = services.est_summary_attach(
                    municipality=municipality,
                    report=report,
                    year=year,
                    quarter=quarter,
                    is_internal=attach.cleaned_data["is_internal"],
                    user=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("The summary is attached to %(report)s as the source %(title)s.")
                    % {"report": report.title, "title": source.title},
                )
            query = urlencode({"ar": year, "kvartal": quarter})
            return redirect(f"{reverse('situations:est_summary', kwargs={'slug': slug})}?{query}")
        shown = {"ar": request.POST.get("ar"), "kvartal": request.POST.get("kvartal")}
    else:
        shown = request.GET
    year, quarter = est.quarter_of(today)
    chooser = QuarterForm(shown if "ar" in shown else None, today=today)
    chooser.initial = {"ar": year, "kvartal": quarter}
    if chooser.is_bound and chooser.is_valid():
        year, quarter = chooser.cleaned_data["ar"], chooser.cleaned_data["kvartal"]
    if attach is None:
        attach = AttachSummaryForm(
            initial={"ar": year, "kvartal": quarter}, municipality=municipality
        )
    start, end = est.quarter_bounds(year, quarter)
    return render(
        request,
        "situations/workspace/est_summary.html",
        {
            "municipality": municipality,
            "chooser": chooser,
            "attach": attach,
            "may_attach": may_edit(roles),
            "is_coordinator": COORDINATOR in roles,
            "rows": est.quarter_summary(municipality, year, quarter),
            "title": est.quarter_title(year, quarter),
            "start": start,
            "end": end,
        },
    )


# --- Reporting organisations ------------------------------------------------------------------


@workspace_view(methods=GET_AND_POST)
def organisations(request: HttpRequest, slug: str) -> HttpResponse:
    """The kommun's reporting organisations with their reporters, and adding one."""
    municipality = get_municipality_for_organisations(request, slug)
    form = ReportingOrganisationForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        organisation = services.reporting_organisation_save(
            organisation=form.instance, user=request.user
        )
        messages.success(request, _("%(name)s is added.") % {"name": organisation.name})
        return redirect("situations:est_organisations", slug=slug)
    reporters = Membership.objects.filter(role=Membership.Role.REPORTER).select_related("user")
    rows = list(
        ReportingOrganisation.objects.filter(municipality=municipality)
        .prefetch_related(Prefetch("memberships", queryset=reporters.order_by("user__username")))
        .order_by("name", "id")
    )
    without = list(
        reporters.filter(municipality=municipality, organisation__isnull=True).order_by(
            "user__username"
        )
    )
    return render(
        request,
        "situations/workspace/est_organisations.html",
        {
            "municipality": municipality,
            "organisations": rows,
            "without_organisation": without,
            "form": form,
            "is_coordinator": True,
        },
    )


@workspace_view(methods=GET_AND_POST)
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_edit(request, pk)
    municipality = organisation.municipality
    name = organisation.name  # the heading keeps the saved name while the form is corrected
    form = ReportingOrganisationForm(
        request.POST or None, instance=organisation, municipality=municipality
    )
    if request.method == "POST" and form.is_valid():
        services.reporting_organisation_save(organisation=form.instance, user=request.user)
        messages.success(request, _("%(name)s is saved.") % {"name": form.instance.name})
        return redirect("situations:est_organisations", slug=municipality.slug)
    return render(
        request,
        "situations/workspace/est_organisation_edit.html",
        {"municipality": municipality, "organisation": organisation, "name": name, "form": form},
    )
