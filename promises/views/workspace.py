"""The workspace pages of a charter: its texts, promises and activities, its steps, its history.

Every page asks promises.permissions first. Edit pages carry a version token (config.lib.editing)
and are saved with the charter row locked, so that two people saving at once take turns and the
second one sees what the first changed instead of overwriting it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from config.lib import editing, workspace
from config.lib.history import record_as
from config.lib.workspace import GET_AND_POST, POST_ONLY, READ_ONLY, workspace_view
from promises import services
from promises.forms import (
    ApproveForm,
    CharterForm,
    ContactFormSet,
    PromiseFormSet,
    SendBackForm,
    SignatoryFormSet,
    WithdrawForm,
    activity_formset,
    inline_helper,
)
from promises.models import (
    Activity,
    Charter,
    Contact,
    Indicator,
    Measurement,
    Promise,
    Signatory,
)
from promises.permissions import (
    CharterAccess,
    get_charter,
    get_charter_for_edit,
    get_charter_for_view,
    get_municipality_for_new_charter,
)
from situations.models import FocusArea, Place

# Fields a restored version leaves as they are: the workflow owns them.
WORKFLOW_FIELDS = ("status", "published_at", "signed_on", "withdrawn_at", "withdrawal_reason")


def workspace_url(charter: Charter) -> str:
    return reverse("promises:charter", kwargs={"pk": charter.pk})


def show_notes(request: HttpRequest, notes: list[str]) -> None:
    """Tell the person who saved a charter what followed from it (its rounds re-planned)."""
    for note in notes:
        messages.info(request, note)


# The charter's page in the workspace ------------------------------------------------------


@workspace_view(methods=READ_ONLY)
def charter(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_charter_for_view(request, pk)
    charter = access.charter
    promises = list(
        charter.promises.annotate(activity_count=Count("activities")).order_by("order", "id")
    )
    return render(
        request,
        "promises/workspace/charter.html",
        {
            "charter": charter,
            "access": access,
            "promises": promises,
            "signatories": list(charter.signatories.all()),
            "send_back_form": SendBackForm(),
            "safety_walks": [
                (activity, access.is_editable and access.can_edit_promise(activity.promise))
                for activity in Activity.objects.filter(
                    promise__charter=charter, kind=Activity.Kind.SAFETY_WALK
                )
                .select_related("promise", "safety_walk")
                .order_by("promise__order", "order", "id")
            ],
        },
    )


# Creating and editing the charter's texts, signatories and contacts ------------------------


@workspace_view(methods=GET_AND_POST)
def charter_create(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_municipality_for_new_charter(request, slug)
    form = CharterForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        charter = form.save(commit=False)
        try:
            notes = services.charter_save(charter=charter, user=request.user)
        except ValidationError as error:
            # The kommun's period is taken: the form does not hold the kommun, so only the
            # full check of the save sees it.
            form.add_error("period_start", error.messages)
        except IntegrityError:  # taken by someone else between that check and the insert
            form.add_error(
                "period_start",
                _("This municipality already has a citizen promise starting that day."),
            )
        else:
            messages.success(
                request, _("The citizen promise is created as a draft. Now add its promises.")
            )
            show_notes(request, notes)
            return redirect("promises:promises_edit", pk=charter.pk)
    return render(
        request,
        "promises/workspace/charter_form.html",
        {"form": form, "municipality": municipality, "charter": None},
    )


def _charter_parts(charter: Charter) -> list:
    return [charter, *charter.signatories.all(), *charter.contacts.all()]


def _charter_histories(charter: Charter) -> dict:
    return {
        "charter": Charter.history.filter(id=charter.pk),
        "signatory": Signatory.history.filter(charter_id=charter.pk),
        "contact": Contact.history.filter(charter_id=charter.pk),
    }


@dataclass
class CharterForms:
    """The charter's texts, signatories and contacts: one page, saved together."""

    form: CharterForm
    signatories: BaseInlineFormSet[Any, Any, Any]
    contacts: BaseInlineFormSet[Any, Any, Any]

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.signatories.is_valid(), self.contacts.is_valid()])


def _charter_forms(access: CharterAccess, data=None) -> CharterForms:
    charter = access.charter
    return CharterForms(
        CharterForm(data, instance=charter, municipality=charter.municipality),
        SignatoryFormSet(data, instance=charter, prefix="signatories"),
        ContactFormSet(data, instance=charter, prefix="contacts"),
    )


@workspace_view(methods=GET_AND_POST)
def charter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    def save(access: CharterAccess, forms: CharterForms) -> HttpResponse | None:
        if not forms.is_valid():
            return None
        charter = forms.form.save(commit=False)
        try:
            notes = services.charter_save(charter=charter, user=request.user)
        except ValidationError as error:  # a period another charter of the kommun starts
            forms.form.add_error("period_start", error.messages)
            return None
        for formset in (forms.signatories, forms.contacts):
            for obj in formset.save(commit=False):
                record_as(obj, request.user)
                obj.save()
            for obj in formset.deleted_objects:
                record_as(obj, request.user)
                obj.delete()
        messages.success(request, _("The citizen promise is saved."))
        show_notes(request, notes)
        return redirect(workspace_url(charter))

    def show(
        access: CharterAccess,
        forms: CharterForms,
        state: editing.PageState,
    ) -> HttpResponse:
        charter = access.charter
        return render(
            request,
            "promises/workspace/charter_form.html",
            {
                "form": forms.form,
                "signatories": forms.signatories,
                "contacts": forms.contacts,
                "helper": inline_helper(),
                "municipality": charter.municipality,
                "charter": charter,
                "version_form": state.version,
                "conflict": state.conflict,
            },
            status=state.status,
        )

    return editing.edit(
        request,
        load=lambda for_update: get_charter_for_edit(request, pk, for_update=for_update),
        objects=lambda access: _charter_parts(access.charter),
        histories=lambda access: _charter_histories(access.charter).values(),
        bind=_charter_forms,
        save=save,
        render=show,
    )


# Promises and activities, on one page ------------------------------------------------------


def _promise_parts(charter: Charter) -> list:
    promises = list(charter.promises.all())
    activities = list(Activity.objects.filter(promise__charter=charter))
    return [*promises, *activities]


def _promise_histories(charter: Charter) -> dict:
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
        activities[form.prefix] = activity_formset(
            form.instance,
            data=data,
            prefix=f"{form.prefix}-activities",
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
        histories=lambda access: _promise_histories(access.charter).values(),
        bind=_promise_forms,
        save=save,
        render=show,
    )


# The steps: submit, approve and sign, send back, withdraw, close ---------------------------


def _step(request: HttpRequest, access: CharterAccess, step, success: str, **kwargs):
    try:
        step(charter=access.charter, user=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


@workspace_view(methods=POST_ONLY)
def charter_submit(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_charter(request, pk, "can_submit", for_update=False)
    _step(
        request,
        access,
        services.charter_submit,
        _("The citizen promise is sent to the police manager for review."),
    )
    return redirect(workspace_url(access.charter))


@workspace_view(methods=POST_ONLY)
def charter_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_charter(request, pk, "can_approve")
    form = SendBackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what needs to change."))
        return redirect(workspace_url(access.charter))
    _step(
        request,
        access,
        services.charter_send_back,
        _("The citizen promise is sent back to the coordinator with your comment."),
        comment=form.cleaned_data["comment"],
    )
    return redirect(workspace_url(access.charter))


@workspace_view(methods=GET_AND_POST)
def charter_approve(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_charter(request, pk, "can_approve")
    charter = access.charter
    form = ApproveForm(request.POST or None)
    signatories = SignatoryFormSet(request.POST or None, instance=charter, prefix="signatories")
    if request.method == "POST" and form.is_valid() and signatories.is_valid():
        kept = [
            f
            for f in signatories.forms
            if not signatories._should_delete_form(f) and (f.instance.pk or f.has_changed())
        ]
        if not kept:
            signatories._non_form_errors = signatories.error_class(
                [_("Record who signed: at least one signatory.")]
            )
        else:
            try:
                with transaction.atomic():
                    changed = signatories.save(commit=False)
                    for obj in signatories.deleted_objects:
                        record_as(obj, request.user)
                        obj.delete()
                    services.charter_approve(
                        charter=charter,
                        user=request.user,
                        signed_on=form.cleaned_data["signed_on"],
                        signatories=changed,
                    )
            except ValidationError as error:
                form.add_error("signed_on", error)
            else:
                messages.success(
                    request,
                    _("The citizen promise is approved, its signing recorded, and it is public."),
                )
                return redirect(workspace_url(charter))
    return render(
        request,
        "promises/workspace/approve.html",
        {
            "charter": charter,
            "access": access,
            "form": form,
            "signatories": signatories,
            "helper": inline_helper(),
        },
    )


@workspace_view(methods=GET_AND_POST)
def charter_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_charter(request, pk, "can_withdraw")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _step(
            request,
            access,
            services.charter_withdraw,
            _("The citizen promise is withdrawn and no longer public."),
            reason=form.cleaned_data["reason"],
        ):
            return redirect(workspace_url(access.charter))
    return render(
        request,
        "promises/workspace/withdraw.html",
        {"charter": access.charter, "access": access, "form": form},
    )


@workspace_view(methods=POST_ONLY)
def charter_close(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_charter(request, pk, "can_close")
    _step(
        request,
        access,
        services.charter_close,
        _("The citizen promise is closed and moved to the archive."),
    )
    return redirect(workspace_url(access.charter))


# History --------------------------------------------------------------------------------------


def _all_histories(charter: Charter) -> dict:
    promise_ids = Promise.history.filter(charter_id=charter.pk).values("id")
    indicator_ids = Indicator.history.filter(promise_id__in=promise_ids).values("id")
    return {
        **_charter_histories(charter),
        **_promise_histories(charter),
        "indicator": Indicator.history.filter(promise_id__in=promise_ids),
        "measurement": Measurement.history.filter(indicator_id__in=indicator_ids),
    }


def _may_restore(access: CharterAccess):
    def allowed(record) -> bool:
        if not access.is_editable:
            return False
        promise_id = getattr(record, "promise_id", None)
        if hasattr(record, "indicator_id"):
            indicator = Indicator.objects.filter(pk=record.indicator_id).first()
            if indicator is None:
                return False  # its indicator is gone: restore that first
            promise_id = indicator.promise_id
        owner = getattr(record, "owner", None)
        if owner is None and promise_id is not None:
            promise = Promise.objects.filter(pk=promise_id).only("owner").first()
            owner = promise.owner if promise else None
        if owner is not None:
            return owner in access.editable_owners
        return access.can_edit_charter

    return allowed


@workspace_view(methods=READ_ONLY)
def charter_history(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_charter_for_view(request, pk)
    charter = access.charter
    return workspace.history_page(
        request,
        subject=charter,
        histories=_all_histories(charter).values(),
        restorable=[Charter, Signatory, Contact, Promise, Activity, Indicator, Measurement],
        may_restore=_may_restore(access),
        restore_url=lambda entry: reverse(
            "promises:charter_restore",
            kwargs={"pk": charter.pk, "model": entry.model_name, "history_id": entry.history_id},
        ),
        back_url=workspace_url(charter),
    )


@workspace_view(methods=POST_ONLY)
def charter_restore(request: HttpRequest, pk: int, model: str, history_id: int) -> HttpResponse:
    access = get_charter_for_view(request, pk)
    charter = access.charter
    record = workspace.find_record(_all_histories(charter), model, history_id)
    if not _may_restore(access)(record):
        raise PermissionDenied
    if record.history_type == "-" and model in ("activity", "indicator"):
        if not Promise.objects.filter(pk=record.promise_id).exists():
            messages.error(request, _("Restore the promise it belongs to first."))
            return redirect("promises:charter_history", pk=charter.pk)
    notes: list[str] = []

    def save_charter(restored: Charter) -> None:
        # An old version may bring back another period or cadence: its rounds follow.
        notes.extend(services.charter_save(charter=restored, user=request.user))

    response = workspace.restore_record(
        request,
        record,
        back_url=reverse("promises:charter_history", kwargs={"pk": charter.pk}),
        keep=WORKFLOW_FIELDS if model == "charter" else (),
        save=save_charter if model == "charter" else None,
    )
    show_notes(request, notes)
    return response
