"""The workspace pages of collaboration agreements (samverkansöverenskommelser): the list of
the user's, creating one, its page with its charters, editing it with its signatories and
document, linking a charter to it, and its history.

Every page asks promises.permissions first. The edit page carries a version token and is saved
with the agreement row locked (config.lib.editing), as every edit page of the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from config.lib import editing, workspace
from config.lib.workspace import GET_AND_POST, POST_ONLY, READ_ONLY, workspace_view
from promises import agreement_services as services
from promises.agreement_forms import AgreementCharterForm, AgreementForm, AgreementSignatoryFormSet
from promises.forms import inline_helper
from promises.models import Charter, CollaborationAgreement, Signatory
from promises.permissions import (
    AgreementAccess,
    AgreementChoices,
    agreement_choices,
    check_may_create_agreement,
    get_agreement_for_edit,
    get_agreement_for_view,
    linkable_charters,
    may_list_agreements,
)
from situations.models import Membership, Municipality, PoliceArea
from situations.permissions import check


@workspace_view(methods=READ_ONLY)
def agreements(request: HttpRequest) -> HttpResponse:
    check(may_list_agreements(request.user), visible=True)
    rows = (
        CollaborationAgreement.objects.in_scope(request.user, Membership.READ_ROLES)
        .select_related("police_area")
        .prefetch_related("municipalities")
    )
    return render(
        request,
        "promises/workspace/agreements.html",
        {
            "agreements": list(rows),
            "may_create": bool(agreement_choices(request.user).editable),
        },
    )


@dataclass
class AgreementForms:
    """The agreement's own fields and its signatories: one page, saved together."""

    form: AgreementForm
    signatories: BaseInlineFormSet[Any, Any, Any]

    def is_valid(self) -> bool:
        valid = [self.form.is_valid(), self.signatories.is_valid()]  # both show their errors
        return all(valid)


def _bind(
    agreement: CollaborationAgreement, choices: AgreementChoices, data=None, files=None
) -> AgreementForms:
    municipalities = choices.municipalities
    police_areas = choices.police_areas
    if agreement.pk:
        # What the agreement already has stays choosable, whoever's it is.
        municipalities = Municipality.objects.filter(
            Q(pk__in=municipalities.values("pk")) | Q(pk__in=agreement.municipalities.values("pk"))
        )
        police_areas = PoliceArea.objects.filter(
            Q(pk__in=police_areas.values("pk")) | Q(pk=agreement.police_area_id)
        )
    return AgreementForms(
        AgreementForm(
            data,
            files,
            instance=agreement,
            municipalities=municipalities.order_by("name"),
            police_areas=police_areas.order_by("name"),
            may_choose=choices.may_choose,
        ),
        AgreementSignatoryFormSet(data, instance=agreement, prefix="signatories"),
    )


def _save(request: HttpRequest, forms: AgreementForms) -> CollaborationAgreement | None:
    """Save the page's forms when they are valid, else None (the forms hold their errors)."""
    if not forms.is_valid():
        return None
    agreement = forms.form.save(commit=False)
    signatories = forms.signatories.save(commit=False)
    try:
        services.agreement_save(
            agreement=agreement,
            user=request.user,
            municipalities=forms.form.cleaned_data["municipalities"],
            changed=signatories,
            deleted=forms.signatories.deleted_objects,
        )
    except ValidationError as error:
        for obj in [agreement, *signatories]:
            if obj._state.adding:
                obj.pk = None
        forms.form.add_error(None, error.messages)
        return None
    return agreement


def _show(
    request: HttpRequest,
    forms: AgreementForms,
    agreement: CollaborationAgreement | None,
    state: editing.PageState | None = None,
) -> HttpResponse:
    return render(
        request,
        "promises/workspace/agreement_form.html",
        {
            "form": forms.form,
            "signatories": forms.signatories,
            "helper": inline_helper(),
            "agreement": agreement,
            "version_form": state.version if state else None,
            "conflict": state.conflict if state else None,
        },
        status=state.status if state else 200,
    )


@workspace_view(methods=GET_AND_POST)
def agreement_create(request: HttpRequest) -> HttpResponse:
    choices = check_may_create_agreement(request)
    agreement = CollaborationAgreement()
    if request.method == "POST" and editing.ADD_ROW not in request.POST:
        forms = _bind(agreement, choices, request.POST, request.FILES)
        with transaction.atomic():
            saved = _save(request, forms)
        if saved is not None:
            messages.success(request, _("The collaboration agreement is saved."))
            return redirect(saved.get_absolute_url())
    elif request.method == "POST":
        data = editing.with_another_row(request.POST, request.POST[editing.ADD_ROW])
        forms = _bind(agreement, choices, data)
        editing.unchecked(forms)
    else:
        forms = _bind(agreement, choices)
    return _show(request, forms, None)


def _parts(agreement: CollaborationAgreement) -> list:
    return [agreement, *agreement.signatories.all()]


def _histories(agreement: CollaborationAgreement) -> dict:
    return {
        "collaborationagreement": CollaborationAgreement.history.filter(id=agreement.pk),
        "signatory": Signatory.history.filter(agreement_id=agreement.pk),
    }


@workspace_view(methods=GET_AND_POST)
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    choices = agreement_choices(request.user)

    def save(access: AgreementAccess, forms: AgreementForms) -> HttpResponse | None:
        saved = _save(request, forms)
        if saved is None:
            return None
        messages.success(request, _("The collaboration agreement is saved."))
        return redirect(saved.get_absolute_url())

    def bind(access: AgreementAccess, data) -> AgreementForms:
        files = request.FILES if data is not None and request.method == "POST" else None
        return _bind(access.agreement, choices, data, files)

    return editing.edit(
        request,
        load=lambda for_update: get_agreement_for_edit(request, pk, for_update=for_update),
        objects=lambda access: _parts(access.agreement),
        histories=lambda access: _histories(access.agreement).values(),
        bind=bind,
        save=save,
        render=lambda access, forms, state: _show(request, forms, access.agreement, state),
    )


@workspace_view(methods=READ_ONLY)
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_agreement_for_view(request, pk)
    agreement = access.agreement
    charters = list(
        agreement.charters.select_related("municipality").order_by(
            "municipality__name", "-period_start", "id"
        )
    )
    if not access.can_read:
        charters = [charter for charter in charters if charter.is_public]
    return render(
        request,
        "promises/workspace/agreement.html",
        {
            "agreement": agreement,
            "access": access,
            "municipalities": list(agreement.municipalities.order_by("name")),
            "signatories": list(agreement.signatories.all()),
            "charters": [(charter, access.can_link(charter)) for charter in charters],
            "link_form": AgreementCharterForm(
                charters=linkable_charters(access).exclude(agreement=agreement)
            )
            if access.can_edit
            else None,
        },
    )


@workspace_view(methods=POST_ONLY)
def agreement_charters(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a charter to the agreement, or (with "unlink") take it off."""
    access = get_agreement_for_edit(request, pk)
    agreement = access.agreement
    unlink = "unlink" in request.POST
    charters = linkable_charters(access)
    charters = charters.filter(agreement=agreement) if unlink else charters
    form = AgreementCharterForm(request.POST, charters=charters)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(agreement.get_absolute_url())
    charter: Charter = form.cleaned_data["charter"]
    if not access.can_link(charter):
        raise PermissionDenied
    try:
        with transaction.atomic():
            notes = services.agreement_link(
                agreement=None if unlink else agreement, charter=charter, user=request.user
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(agreement.get_absolute_url())
    messages.success(
        request,
        (
            _("%(charter)s is no longer linked to the agreement.")
            if unlink
            else _("%(charter)s is linked to the agreement.")
        )
        % {"charter": charter.title},
    )
    for note in notes:
        messages.info(request, note)
    return redirect(agreement.get_absolute_url())


@workspace_view(methods=READ_ONLY)
def agreement_history(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_agreement_for_view(request, pk)
    agreement = access.agreement
    return workspace.history_page(
        request,
        subject=agreement,
        histories=_histories(agreement).values(),
        may_restore=lambda record: False,
        restore_url=lambda entry: "",
        back_url=agreement.get_absolute_url(),
    )
