"""The promises of a charter, promise by promise (config.lib.editing guards every save).

- the list of promises (promises_edit): each promise's place, owner, title and number of
  activities with a link to its page; the order is typed there and, in a draft, promises are
  removed there;
- a promise's page (promise_edit): its texts, owner, focus areas, the prioritised problems of
  the situation report it answers, and its activities;
- a new promise (promise_create): the same form, empty, and its first activities.

No page carries the forms of every promise: a charter of the national demo has up to 12
promises and 45 activities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from config.lib import editing
from config.lib.workspace import GET_AND_POST, workspace_view
from promises import corrections, services
from promises.activity_forms import activity_formset
from promises.forms import CorrectionForm, PromiseForm, PromiseOrderFormSet
from promises.models import Activity, Charter, Promise
from promises.permissions import CharterAccess, get_charter, get_promise_page
from situations.models import Finding, FocusArea, Place, Problem


def promise_histories(charter: Charter) -> dict:
    promise_ids = Promise.history.filter(charter_id=charter.pk).values("id")
    return {
        "promise": Promise.history.filter(charter_id=charter.pk),
        "activity": Activity.history.filter(promise_id__in=promise_ids),
    }


# The list of promises ------------------------------------------------------------------------


def _promise_rows(access: CharterAccess, data=None) -> BaseInlineFormSet[Any, Any, Any]:
    """The summary's formset: one row per promise, with its number of activities and the
    problems it answers."""
    charter = access.charter
    promises = PromiseOrderFormSet(
        data,
        instance=charter,
        prefix="promises",
        queryset=charter.promises.annotate(activity_count=Count("activities"))
        .order_by("order", "id")
        .prefetch_related(
            Prefetch("problems", queryset=Problem.objects.order_by("priority", "id"))
        ),
        form_kwargs={"owners": access.editable_owners},
    )
    promises.can_delete = charter.status == Charter.Status.DRAFT
    return promises


@workspace_view(methods=GET_AND_POST)
def promises_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The charter's promises at a glance; their order, and removal while a draft."""

    def save(access: CharterAccess, promises) -> HttpResponse | None:
        if not promises.is_valid():
            return None
        services.charter_order_promises(
            charter=access.charter, user=request.user, promises=promises
        )
        messages.success(request, _("The order of the promises is saved."))
        return redirect("promises:promises_edit", pk=access.charter.pk)

    def show(access: CharterAccess, promises, state: editing.PageState) -> HttpResponse:
        return render(
            request,
            "promises/workspace/promises_list.html",
            {
                "charter": access.charter,
                "access": access,
                "promises": promises,
                "can_order": any(form.editable for form in promises),
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
        # The list covers the promises only: a change to one promise's activities does not
        # stop someone else reordering the promises.
        objects=lambda access: list(access.charter.promises.all()),
        histories=lambda access: [promise_histories(access.charter)["promise"]],
        bind=_promise_rows,
        save=save,
        render=show,
    )


# One promise ---------------------------------------------------------------------------------


@dataclass
class PromisePage:
    """A promise's page: the promise (unsaved for a new one) and what the user may do."""

    promise: Promise
    access: CharterAccess
    # The promise's activities as the page's forms loaded them (None until they are).
    activities: list[Activity] | None = None

    @property
    def charter(self) -> Charter:
        return self.access.charter


@dataclass
class PromiseForms:
    promise: PromiseForm
    activities: BaseInlineFormSet[Any, Any, Any]
    correction: CorrectionForm


def _promise_forms(page: PromisePage, data=None) -> PromiseForms:
    """The promise's form and the formset of its activities, bound to DATA when given."""
    charter, promise = page.charter, page.promise
    owners = page.access.editable_owners
    focus_choices = [(area.pk, str(area)) for area in FocusArea.objects.order_by("name")]
    form = PromiseForm(
        data,
        instance=promise,
        prefix="promise",
        owners=owners,
        focus_choices=focus_choices,
        problems=report_problems(charter),
    )
    places = Place.objects.filter(municipality=charter.municipality).order_by("name")
    objects = (
        list(promise.activities.prefetch_related("places").order_by("order", "id"))
        if promise.pk
        else []
    )
    page.activities = objects
    activities = activity_formset(
        promise,
        data=data,
        prefix="activities",
        objects=objects,
        form_kwargs={
            "places": places,
            "place_choices": [(place.pk, str(place)) for place in places],
            "editable": form.editable,
        },
        can_delete=charter.status == Charter.Status.DRAFT and form.editable,
    )
    return PromiseForms(form, activities, CorrectionForm(data, prefix="correction"))


def report_problems(charter: Charter) -> list[Problem]:
    """The prioritised problems of CHARTER's situation report, with their findings and the
    findings' sources (an internal source makes a finding internal)."""
    if charter.situation_report_id is None:
        return []
    return list(
        Problem.objects.filter(report_id=charter.situation_report_id)
        .order_by("priority", "id")
        .prefetch_related(
            Prefetch(
                "findings",
                queryset=Finding.objects.select_related("source").order_by("order", "id"),
            )
        )
    )


def _promise_parts(page: PromisePage) -> list:
    """What the page's version covers: the promise and its activities, as the forms loaded
    them when they have (a page shown), else read now (a save checks them under its lock)."""
    if page.promise.pk is None:
        return []
    activities = page.activities
    if activities is None:
        activities = list(page.promise.activities.all())
    return [page.promise, *activities]


def _promise_page_histories(page: PromisePage) -> list:
    return [
        Promise.history.filter(id=page.promise.pk),
        Activity.history.filter(promise_id=page.promise.pk),
    ]


def _edit_promise(request: HttpRequest, load) -> HttpResponse:
    """The routine of a promise's page, new or not: LOAD(for_update) gives its PromisePage."""

    def save(page: PromisePage, forms: PromiseForms) -> HttpResponse | None:
        valid = forms.promise.is_valid() & forms.activities.is_valid()
        valid &= forms.correction.is_valid()
        if not valid:
            return None
        created = page.promise.pk is None
        new = [page.promise] if created else []
        new += [form.instance for form in forms.activities.forms if form.instance.pk is None]
        try:
            with corrections.recording(
                charter=page.charter,
                party=corrections.party_of(page.access.roles),
                reason=forms.correction.cleaned_data["reason"],
            ):
                promise = services.promise_save(
                    charter=page.charter,
                    user=request.user,
                    promise_form=forms.promise,
                    activities=forms.activities,
                    reason=services.correction_note(
                        page.charter, forms.correction.cleaned_data["reason"]
                    ),
                )
        except corrections.CorrectionError as error:
            corrections.forget_new(new)
            forms.correction.add_error("reason", error.messages)
            messages.error(request, " ".join(error.messages))
            return None
        messages.success(
            request,
            _("The promise is added.")
            if created
            else _("The promise and its activities are saved."),
        )
        return redirect("promises:promise_edit", pk=promise.pk)

    def show(page: PromisePage, forms: PromiseForms, state: editing.PageState) -> HttpResponse:
        promise = page.promise
        return render(
            request,
            "promises/workspace/promise_form.html",
            {
                "charter": page.charter,
                "access": page.access,
                "promise": promise,
                "number": promise.order if promise.pk else None,
                "form": forms.promise,
                "activities": forms.activities,
                "correction": forms.correction if corrections.is_published(page.charter) else None,
                "report": page.charter.situation_report,
                "version_form": state.version,
                "conflict": state.conflict,
                "back": reverse("promises:promises_edit", kwargs={"pk": page.charter.pk}),
            },
            status=state.status,
        )

    return editing.edit(
        request,
        load=load,
        objects=_promise_parts,
        histories=_promise_page_histories,
        bind=_promise_forms,
        save=save,
        render=show,
    )


@workspace_view(methods=GET_AND_POST)
def promise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """One promise and its activities. Police read the kommun's promises here, unchanged."""

    def load(for_update: bool) -> PromisePage:
        promise, access = get_promise_page(request, pk, for_update=for_update)
        return PromisePage(promise, access)

    return _edit_promise(request, load)


@workspace_view(methods=GET_AND_POST)
def promise_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new promise of charter PK, with its first activities; it goes last in the order."""

    def load(for_update: bool) -> PromisePage:
        # The charter's lock makes two new promises take turns for the last place.
        access = get_charter(request, pk, "can_edit_promises", for_update=for_update)
        return PromisePage(Promise(charter=access.charter), access)

    return _edit_promise(request, load)
