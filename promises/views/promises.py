"""The promises page of a charter: its promises and their activities on one page, added,
reordered and removed together, with the version token of every row (config.lib.editing)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from config.lib import editing
from config.lib.editing import EXTRA_ROWS
from config.lib.workspace import GET_AND_POST, workspace_view
from promises import services
from promises.forms import (
    PromiseFormSet,
    activity_formset,
    inline_helper,
)
from promises.models import (
    Activity,
    Charter,
    Promise,
)
from promises.permissions import (
    CharterAccess,
    get_charter,
)
from situations.models import FocusArea, Place

# Promises and activities, on one page ------------------------------------------------------


def _promise_parts(charter: Charter) -> list:
    promises = list(charter.promises.all())
    activities = list(Activity.objects.filter(promise__charter=charter))
    return [*promises, *activities]


def promise_histories(charter: Charter) -> dict:
    promise_ids = Promise.history.filter(charter_id=charter.pk).values("id")
    return {
        "promise": Promise.history.filter(charter_id=charter.pk),
        "activity": Activity.history.filter(promise_id__in=promise_ids),
    }


# The promises' formset, and the activities' formset of each promise form by its prefix.
type PromiseForms = tuple[BaseInlineFormSet[Any, Any, Any], dict[Any, Any]]


def _promise_forms(access: CharterAccess, data=None) -> PromiseForms:
    """The promise formset and, per promise form, the formset of its activities."""
    charter = access.charter
    can_delete = charter.status == Charter.Status.DRAFT
    focus_choices = [(area.pk, str(area)) for area in FocusArea.objects.order_by("name")]
    places = Place.objects.filter(municipality=charter.municipality).order_by("name")
    place_choices = [(place.pk, str(place)) for place in places]
    promises = PromiseFormSet(
        data,
        instance=charter,
        prefix="promises",
        queryset=charter.promises.prefetch_related(
            "focus_areas",
            Prefetch(
                "activities",
                queryset=Activity.objects.prefetch_related("places").order_by("order", "id"),
            ),
        ).order_by("order", "id"),
        form_kwargs={"owners": access.editable_owners, "focus_choices": focus_choices},
    )
    promises.can_delete = can_delete
    activities = {}
    for form in promises.forms:
        prefix = f"{form.prefix}-activities"
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            # A promise row added by "one more promise" brings its blank activities.
            data = data.copy()
            data[f"{prefix}-TOTAL_FORMS"] = str(EXTRA_ROWS)
            data[f"{prefix}-INITIAL_FORMS"] = "0"
        activities[form.prefix] = activity_formset(
            form.instance,
            data=data,
            prefix=prefix,
            objects=list(form.instance.activities.all()) if form.instance.pk else [],
            form_kwargs={
                "places": places,
                "place_choices": place_choices,
                "editable": form.editable,
            },
            can_delete=can_delete,
        )
        form.activities = activities[form.prefix]
    return promises, activities


def _activities_without_promise(promises, activities) -> bool:
    """Mark activities typed under a new promise left empty; True when there were any."""
    found = False
    for form in promises.extra_forms:
        if not form.has_changed() and any(f.has_changed() for f in activities[form.prefix]):
            form.add_error("text", _("Write the promise that these activities keep."))
            found = True
    return found


@workspace_view(methods=GET_AND_POST)
def promises_edit(request: HttpRequest, pk: int) -> HttpResponse:
    def save(access: CharterAccess, forms: PromiseForms) -> HttpResponse | None:
        promises, activities = forms
        valid = promises.is_valid() & all(formset.is_valid() for formset in activities.values())
        if not valid or _activities_without_promise(promises, activities):
            return None
        services.charter_save_promises(
            charter=access.charter, user=request.user, promises=promises, activities=activities
        )
        messages.success(request, _("The promises and activities are saved."))
        return redirect("promises:promises_edit", pk=access.charter.pk)

    def show(
        access: CharterAccess,
        forms: PromiseForms,
        state: editing.PageState,
    ) -> HttpResponse:
        return render(
            request,
            "promises/workspace/promises_form.html",
            {
                "charter": access.charter,
                "access": access,
                "promises": forms[0],
                "helper": inline_helper(),
                "version_form": state.version,
                "conflict": state.conflict,
            },
            status=state.status,
        )

    return editing.edit(
        request,
        load=lambda for_update: get_charter(
            request, pk, "can_edit_promises", for_update=for_update
        ),
        objects=lambda access: _promise_parts(access.charter),
        histories=lambda access: promise_histories(access.charter).values(),
        bind=_promise_forms,
        save=save,
        render=show,
    )
