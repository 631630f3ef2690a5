"""The steps of a charter: submit for review, approve and sign, send back, withdraw, close,
renew for the next period.

Each asks promises.permissions whether the user may take it and promises.services takes it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from config.lib import editing
from config.lib.history import record_as
from config.lib.workspace import GET_AND_POST, POST_ONLY, workspace_view
from promises import readiness, services
from promises.forms import (
    ApproveForm,
    SendBackForm,
    SignatoryFormSet,
    SubmitForm,
    WithdrawForm,
    inline_helper,
)
from promises.permissions import (
    CharterAccess,
    get_charter,
)
from promises.views.workspace import workspace_url

# The steps: submit, approve and sign, send back, withdraw, close ---------------------------


def _step(request: HttpRequest, access: CharterAccess, step, success: str, **kwargs):
    try:
        step(charter=access.charter, user=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


@workspace_view(methods=GET_AND_POST)
def charter_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The checklist before review, with where to fix what is missing, and the links missing
    between problems and promises, which ask why it is sent anyway; POST sends it."""
    access = get_charter(request, pk, "can_submit", for_update=False)
    charter = access.charter
    # A charter without warnings is sent with an empty POST: the form is bound all the same.
    data = request.POST if request.method == "POST" else None
    form = SubmitForm(data, initial={"unlinked_reason": charter.unlinked_reason})
    if request.method == "POST" and form.is_valid():
        try:
            services.charter_submit(
                charter=charter, user=request.user, reason=form.cleaned_data["unlinked_reason"]
            )
        except services.UnlinkedError as error:
            form.add_error("unlinked_reason", error.messages)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The citizen promise is sent to the police manager for review.")
            )
            return redirect(workspace_url(charter))
        # Nothing was sent: the page shows the charter as it is in the database.
        charter.refresh_from_db()
    items = readiness.charter_readiness(charter)
    return render(
        request,
        "promises/workspace/submit.html",
        {
            "charter": charter,
            "access": access,
            "items": items,
            "ready": all(item.met for item in items),
            "warnings": readiness.link_warnings(charter),
            "form": form,
        },
    )


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
    data = request.POST or None
    adding = data is not None and editing.ADD_ROW in data
    if adding:
        data = editing.with_another_row(request.POST, request.POST[editing.ADD_ROW])
    form = ApproveForm(data, charter=charter)
    signatories = SignatoryFormSet(data, instance=charter, prefix="signatories")
    if adding:
        editing.unchecked([form, signatories])
    elif request.method == "POST" and form.is_valid() and signatories.is_valid():
        changed = signatories.save(commit=False)
        new = [obj for obj in changed if obj.pk is None]
        try:
            with transaction.atomic():
                for obj in signatories.deleted_objects:
                    record_as(obj, request.user)
                    obj.delete()
                services.charter_approve(
                    charter=charter,
                    user=request.user,
                    signed_on=form.cleaned_data["signed_on"],
                    signatories=changed,
                )
        except services.SigningError as error:
            # Nothing is saved: the rows typed come back, with what is missing above them.
            for obj in new:
                obj.pk = None
            signatories._non_form_errors = signatories.error_class(error.messages)
            messages.error(request, " ".join(error.messages))
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


@workspace_view(methods=POST_ONLY)
def charter_renew(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_charter(request, pk, "can_renew")
    renewals = set(access.charter.renewals.values_list("pk", flat=True))
    try:
        renewed = services.charter_renew(charter=access.charter, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(workspace_url(access.charter))
    if renewed.pk in renewals:
        messages.info(
            request, _("The next period's citizen promise is already started: here it is.")
        )
    else:
        messages.success(
            request,
            _(
                "The citizen promise for the next period is created as a draft, with a draft "
                "situation report. Everything carried over is marked until you edit it."
            ),
        )
    return redirect(workspace_url(renewed))
