"""The workspace pages of a charter: its own page, creating it, its texts, signatories and
contacts, its history and restore. Its promises and activities are edited in promises.py, its
steps (submit, approve, send back, withdraw, close) in steps.py.

Every page asks promises.permissions first. Edit pages carry a version token (config.lib.editing)
and are saved with the charter row locked, so that two people saving at once take turns and the
second one sees what the first changed instead of overwriting it. A charter is saved through
promises.services.charter_save, so that its follow-up rounds follow its period on every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Count
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from config.lib import editing, workspace
from config.lib.history import record_as
from config.lib.workspace import GET_AND_POST, POST_ONLY, READ_ONLY, workspace_view
from promises import corrections, services
from promises.forms import (
    CharterForm,
    ContactFormSet,
    CorrectionForm,
    SendBackForm,
    SignatoryFormSet,
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
    get_charter_for_edit,
    get_charter_for_view,
    get_municipality_for_new_charter,
)
from promises.views.promises import promise_histories
from situations.models import Municipality, SituationReport

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


def _from_report(municipality: Municipality, pk: str | None) -> dict:
    """What a charter resting on the kommun's lägesbild PK starts with: its period, its LPO."""
    report = (
        SituationReport.objects.filter(municipality=municipality, pk=pk).first()
        if pk and pk.isdigit()
        else None
    )
    if report is None:
        return {}
    return {
        "situation_report": report.pk,
        "police_area": report.police_area_id,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "title": _("Citizen promise %(period)s") % {"period": report.period_label},
    }


@workspace_view(methods=GET_AND_POST)
def charter_create(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_municipality_for_new_charter(request, slug)
    form = CharterForm(
        request.POST or None,
        municipality=municipality,
        initial=_from_report(municipality, request.GET.get("lagesbild")),
    )
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
    correction: CorrectionForm

    def is_valid(self) -> bool:
        forms = [self.form, self.signatories, self.contacts, self.correction]
        valid = [form.is_valid() for form in forms]  # every form, so that each shows its errors
        return all(valid)


def _charter_forms(access: CharterAccess, data=None) -> CharterForms:
    charter = access.charter
    return CharterForms(
        CharterForm(data, instance=charter, municipality=charter.municipality),
        SignatoryFormSet(data, instance=charter, prefix="signatories"),
        ContactFormSet(data, instance=charter, prefix="contacts"),
        CorrectionForm(data, prefix="correction"),
    )


@workspace_view(methods=GET_AND_POST)
def charter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    def save(access: CharterAccess, forms: CharterForms) -> HttpResponse | None:
        if not forms.is_valid():
            return None
        charter = forms.form.save(commit=False)
        signatories = forms.signatories.save(commit=False)
        contacts = forms.contacts.save(commit=False)
        new = [obj for obj in [*signatories, *contacts] if obj.pk is None]
        reason = forms.correction.cleaned_data["reason"]
        try:
            with corrections.recording(
                charter=access.charter, party=corrections.party_of(access.roles), reason=reason
            ):
                # Signatories first: a correction refused leaves the whole page unsaved.
                services.charter_save_signatories(
                    charter=charter,
                    user=request.user,
                    changed=signatories,
                    deleted=forms.signatories.deleted_objects,
                    reason=reason,
                )
                notes = services.charter_save(
                    charter=charter,
                    user=request.user,
                    reason=services.correction_note(charter, reason),
                )
                note = services.correction_note(charter, reason)
                for obj in contacts:
                    record_as(obj, request.user, note)
                    obj.save()
                for obj in forms.contacts.deleted_objects:
                    record_as(obj, request.user, note)
                    obj.delete()
        except (services.SigningError, corrections.CorrectionError) as error:
            corrections.forget_new(new)
            forms.correction.add_error("reason", error.messages)
            messages.error(request, " ".join(error.messages))
            return None
        except ValidationError as error:  # a period another charter of the kommun starts
            corrections.forget_new(new)
            forms.form.add_error("period_start", error.messages)
            return None
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
                "correction": forms.correction
                if charter.status not in (Charter.Status.DRAFT, Charter.Status.REVIEW)
                else None,
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


# History --------------------------------------------------------------------------------------


def _all_histories(charter: Charter) -> dict:
    promise_ids = Promise.history.filter(charter_id=charter.pk).values("id")
    indicator_ids = Indicator.history.filter(promise_id__in=promise_ids).values("id")
    return {
        **_charter_histories(charter),
        **promise_histories(charter),
        "indicator": Indicator.history.filter(promise_id__in=promise_ids),
        "measurement": Measurement.history.filter(indicator_id__in=indicator_ids),
    }


def _may_restore(access: CharterAccess):
    def allowed(record) -> bool:
        if not access.is_editable:
            return False
        if record.instance_type is Signatory and access.charter.status == Charter.Status.PUBLISHED:
            return False  # who signed changes only as a correction with a reason (charter_edit)
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

    # On a published charter a restored version is a correction residents read, like an edit.
    with corrections.recording(
        charter=charter,
        party=corrections.party_of(access.roles),
        reason=_("An earlier version was restored from the history."),
    ):
        response = workspace.restore_record(
            request,
            record,
            back_url=reverse("promises:charter_history", kwargs={"pk": charter.pk}),
            keep=WORKFLOW_FIELDS if model == "charter" else (),
            save=save_charter if model == "charter" else None,
        )
    show_notes(request, notes)
    return response
