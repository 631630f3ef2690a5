"""The workspace page of a trygghetsvandring: the walk of a safety walk activity and its
findings, followed from open to done.

The page carries a version (config.lib.editing) and is saved with the activity's row locked:
two people saving at once take turns, and the second sees what the first changed.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from config.lib import editing, workspace
from config.lib.workspace import GET_AND_POST, POST_ONLY, READ_ONLY, workspace_view
from promises import services
from promises.models import Activity, SafetyWalk, WalkFinding
from promises.permissions import get_walk_activity_for_edit, get_walk_activity_for_view
from promises.walks import SafetyWalkForm, WalkFindings


def walk_of(activity: Activity) -> SafetyWalk:
    """The activity's walk, or a new one on the activity's first day."""
    try:
        return activity.safety_walk
    except SafetyWalk.DoesNotExist:
        return SafetyWalk(activity=activity, date=activity.start_date)


def walk_objects(walk: SafetyWalk) -> list:
    if walk.pk is None:
        return []
    return [walk, *WalkFinding.objects.filter(walk=walk).order_by("id")]


def walk_histories(walk: SafetyWalk) -> list[QuerySet]:
    if walk.pk is None:
        return []
    return list(activity_histories(walk.activity_id).values())


def activity_histories(activity_pk: int) -> dict[str, QuerySet]:
    """The historical records of the activity's walk and of every finding it has had, removed
    ones included."""
    walks = SafetyWalk.history.filter(activity_id=activity_pk)
    return {
        "safetywalk": walks,
        "walkfinding": WalkFinding.history.filter(walk_id__in=walks.values("id")),
    }


def walk_forms(walk: SafetyWalk, data=None) -> tuple[SafetyWalkForm, WalkFindings]:
    municipality = walk.activity.promise.charter.municipality
    findings = WalkFindings(
        data,
        instance=walk,
        prefix="findings",
        queryset=WalkFinding.objects.select_related("place").order_by("id"),
        municipality=municipality,
    )
    return SafetyWalkForm(data, instance=walk, prefix="walk"), findings


def render_walk(
    request: HttpRequest,
    walk: SafetyWalk,
    forms: tuple[SafetyWalkForm, WalkFindings],
    state: editing.PageState,
) -> HttpResponse:
    form, findings = forms
    activity = walk.activity
    return render(
        request,
        "promises/workspace/safety_walk.html",
        {
            "activity": activity,
            "charter": activity.promise.charter,
            "walk": walk,
            "form": form,
            "findings": findings,
            "version": state.version,
            "conflict": state.conflict,
            "has_errors": bool(form.errors or findings.total_error_count()),
        },
        status=state.status,
    )


@workspace_view(methods=GET_AND_POST)
def safety_walk(request: HttpRequest, pk: int) -> HttpResponse:
    def save(walk: SafetyWalk, forms: tuple[SafetyWalkForm, WalkFindings]) -> HttpResponse | None:
        form, findings = forms
        if not (form.is_valid() and findings.is_valid()):
            return None
        services.safety_walk_save(walk=form.instance, findings=findings, user=request.user)
        messages.success(request, _("The safety walk is saved."))
        return redirect("promises:safety_walk", pk=pk)

    return editing.edit(
        request,
        # The activity's row stands for its walk and findings: locking it makes saves take turns.
        load=lambda for_update: walk_of(
            get_walk_activity_for_edit(request, pk, for_update=for_update)[0]
        ),
        objects=walk_objects,
        histories=walk_histories,
        bind=walk_forms,
        save=save,
        render=partial(render_walk, request),
    )


@workspace_view(methods=READ_ONLY)
def safety_walk_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change of the walk and its findings; those who record the walk may restore."""
    activity, access = get_walk_activity_for_view(request, pk)
    may_edit = access.is_editable and access.can_edit_promise(activity.promise)
    return workspace.history_page(
        request,
        subject=activity,
        histories=activity_histories(pk).values(),
        may_restore=lambda record: may_edit,
        restore_url=lambda entry: reverse(
            "promises:safety_walk_restore",
            kwargs={"pk": pk, "model": entry.model_name, "history_id": entry.history_id},
        ),
        back_url=(
            reverse("promises:safety_walk", kwargs={"pk": pk})
            if may_edit
            else reverse("promises:charter", kwargs={"pk": activity.promise.charter_id})
        ),
        restorable=(SafetyWalk, WalkFinding),
    )


@workspace_view(methods=POST_ONLY)
def safety_walk_restore(request: HttpRequest, pk: int, model: str, history_id: int):
    """Put back one version of the walk or of one of its findings, removed ones too."""
    with transaction.atomic():
        # Locked like a save of the walk's page, so that the two take turns.
        get_walk_activity_for_edit(request, pk, for_update=True)
        record = workspace.find_record(activity_histories(pk), model, history_id)
        return workspace.restore_record(
            request,
            record,
            back_url=reverse("promises:safety_walk_history", kwargs={"pk": pk}),
        )
