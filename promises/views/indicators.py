"""The workspace pages of a charter's indicators and their measurements.

Who may do what is promises.permissions' (the owner of the promise decides); an indicator is
removed only while its charter is a draft, since nothing published is deleted (docs/design.md).
Its values may be corrected and removed on every editable charter: each change is in the
history and can be restored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from config.lib import editing, workspace
from config.lib.workspace import GET_AND_POST, POST_ONLY, READ_ONLY, workspace_view
from promises import corrections
from promises.charts import LineChart, indicator_chart
from promises.forms import CorrectionForm, IndicatorForm, MeasurementFormSet
from promises.models import Charter, Indicator, Measurement, Promise
from promises.owners import by_owner
from promises.permissions import (
    CharterAccess,
    get_charter_for_view,
    get_indicator,
    get_indicator_for_view,
    get_promise_for_edit,
)

FORMSET_PREFIX = "measurements"
# What a restore leaves as it is: an old version never moves a row to another parent.
RESTORE_KEEPS = {"indicator": ("promise",), "measurement": ("indicator",)}


# Access. These belong in promises.permissions, next to get_indicator.


# Helpers


def indicator_histories(indicator: Indicator) -> dict[str, QuerySet]:
    """The historical querysets of INDICATOR's page, by model name (see find_record)."""
    return {
        "indicator": Indicator.history.filter(id=indicator.pk),
        # By the parent's id, so that values removed since still show and can be restored.
        "measurement": Measurement.history.filter(indicator_id=indicator.pk),
    }


def measurement_formset(
    request: HttpRequest, indicator: Indicator, data=None
) -> MeasurementFormSet:
    return MeasurementFormSet(
        data,
        instance=indicator,
        queryset=Measurement.objects.order_by("date", "id"),
        user=request.user,
        prefix=FORMSET_PREFIX,
    )


def save_all(form: IndicatorForm, formset: MeasurementFormSet) -> Indicator | None:
    """Save the indicator and its values, or None when the database refused them.

    The checks before ran against rows that another save may have changed since: a sibling
    indicator renamed to the same name at the same moment. Then the form says so instead of
    a server error, with everything typed still in it.
    """
    try:
        with transaction.atomic():
            indicator = form.save()
            formset.instance = indicator
            formset.save()
    except IntegrityError:
        form.add_error(
            None,
            _(
                "Someone else saved an indicator of the same name, or a value of the same "
                "date, at the same moment. Check the names and dates, and save again."
            ),
        )
        return None
    return indicator


def save_correcting(
    request: HttpRequest,
    access: CharterAccess,
    form: IndicatorForm,
    formset: MeasurementFormSet,
    correction: CorrectionForm,
) -> Indicator | None:
    """save_all(), kept as a correction when the charter is published and a field residents
    read changed (promises.corrections): refused, with nothing saved, without a reason. A
    new value alone is the follow-up, not a correction."""
    new = [form.instance] if form.instance.pk is None else []
    new += [row.instance for row in formset.forms if row.instance.pk is None]
    try:
        with corrections.recording(
            charter=access.charter,
            party=corrections.party_of(access.roles),
            reason=correction.cleaned_data["reason"],
        ):
            return save_all(form, formset)
    except corrections.CorrectionError as error:
        corrections.forget_new(new)
        correction.add_error("reason", error.messages)
        return None


def correction_of(charter: Charter, correction: CorrectionForm) -> CorrectionForm | None:
    """The reason field, on the page of a published charter's indicator."""
    return correction if corrections.is_published(charter) else None


@dataclass(frozen=True)
class SavedChart:
    """The indicator's chart as saved, whatever the form on the same page holds."""

    chart: LineChart | None
    measurements: list[Measurement]
    baseline: Decimal | None
    target: Decimal | None


def saved_chart(indicator: Indicator, measurements: Iterable[Measurement]) -> SavedChart:
    measurements = list(measurements)
    return SavedChart(
        chart=indicator_chart(indicator, measurements),
        measurements=measurements,
        baseline=indicator.baseline,
        target=indicator.target,
    )


def indicators_url(charter: Charter) -> str:
    return reverse("promises:indicators", kwargs={"pk": charter.pk})


def form_page(
    request: HttpRequest,
    *,
    promise: Promise,
    form: IndicatorForm,
    formset: MeasurementFormSet,
    indicator: Indicator | None = None,
    access: CharterAccess,
    version_form: editing.VersionForm | None = None,
    saved: SavedChart | None = None,
    status: int = 200,
    **extra,
) -> HttpResponse:
    charter = promise.charter
    if saved is None and indicator is not None:
        # The formset's queryset, already loaded for its forms: no query more.
        saved = saved_chart(indicator, formset.get_queryset())
    return render(
        request,
        "promises/workspace/indicator_form.html",
        {
            "saved": saved,
            "charter": charter,
            "promise": promise,
            "indicator": indicator,
            "form": form,
            "formset": formset,
            "version_form": version_form,
            "access": access,
            "may_delete": indicator is not None and charter.status == Charter.Status.DRAFT,
            "back_url": indicators_url(charter),
            **extra,
        },
        status=status,
    )


# Views


@dataclass
class PromiseRow:
    promise: Promise
    editable: bool


@workspace_view(methods=READ_ONLY)
def indicators(request: HttpRequest, pk: int) -> HttpResponse:
    """The charter's promises, grouped by owner, with their indicators and latest values."""
    access = get_charter_for_view(request, pk)
    charter = access.charter
    # A sliced prefetch: one query for the newest value of every indicator (a window function).
    latest = Prefetch(
        "measurements",
        queryset=Measurement.objects.order_by("-date", "-id")[:1],
        to_attr="latest_measurements",
    )
    promises = charter.promises.order_by("order", "id").prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by("name", "id").prefetch_related(latest),
            to_attr="indicator_list",
        )
    )
    rows = [PromiseRow(promise, access.can_edit_promise(promise)) for promise in promises]
    return render(
        request,
        "promises/workspace/indicators.html",
        {
            "charter": charter,
            "access": access,
            "groups": by_owner(rows, owner=lambda row: row.promise.owner),
        },
    )


@workspace_view(methods=GET_AND_POST)
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new indicator of promise PK, with its first values if known."""
    if request.method != "POST":
        promise, access = get_promise_for_edit(request, pk)
        form = IndicatorForm(promise=promise)
        formset = measurement_formset(request, form.instance)
        return form_page(
            request,
            promise=promise,
            form=form,
            formset=formset,
            access=access,
            correction=correction_of(promise.charter, CorrectionForm(prefix="correction")),
        )

    with transaction.atomic():
        # The promise's row is locked, so that two people adding an indicator of the same
        # name take turns and the second is told, next to the name.
        promise, access = get_promise_for_edit(request, pk, for_update=True)
        form = IndicatorForm(request.POST, promise=promise)
        formset = measurement_formset(request, form.instance, request.POST)
        correction = CorrectionForm(request.POST, prefix="correction")
        if all([form.is_valid(), formset.is_valid(), correction.is_valid()]) and (
            indicator := save_correcting(request, access, form, formset, correction)
        ):
            messages.success(request, _("The indicator is added."))
            return redirect("promises:indicator_edit", pk=indicator.pk)
    return form_page(
        request,
        promise=promise,
        form=form,
        formset=formset,
        access=access,
        correction=correction_of(promise.charter, correction),
    )


@dataclass
class IndicatorPage:
    """What the edit and delete pages of an indicator show besides their forms."""

    indicator: Indicator
    access: CharterAccess
    # Its values as saved, before a form changes them: read with the lock for a save; on a
    # GET, taken from the formset's rows (no query more).
    measurements: list[Measurement] = field(default_factory=list)
    heading: str = ""  # the name as saved; the form changes the instance it validates
    saved: SavedChart | None = None

    def parts(self) -> list[Indicator | Measurement]:
        """What the page's version covers: the indicator and its values."""
        return [self.indicator, *self.measurements]

    def histories(self) -> Iterable[QuerySet]:
        return indicator_histories(self.indicator).values()


IndicatorForms = tuple[IndicatorForm, MeasurementFormSet, CorrectionForm]


@workspace_view(methods=GET_AND_POST)
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The indicator's fields and its values, saved together or refused on a conflict."""

    def load(for_update: bool) -> IndicatorPage:
        # Locked until the save ends: two saves of this page take turns, and the second
        # sees the first in the conflict check.
        indicator, access = get_indicator(request, pk, for_update=for_update)
        page = IndicatorPage(indicator, access, heading=indicator.name)
        if for_update:
            page.measurements = list(indicator.measurements.all())
            page.saved = saved_chart(indicator, page.measurements)
        return page

    def bind(page: IndicatorPage, data) -> IndicatorForms:
        indicator = page.indicator
        form = IndicatorForm(data, instance=indicator, promise=indicator.promise)
        formset = measurement_formset(request, indicator, data)
        if data is None:
            page.measurements = list(formset.get_queryset())
        return form, formset, CorrectionForm(data, prefix="correction")

    def save(page: IndicatorPage, forms: IndicatorForms) -> HttpResponse | None:
        form, formset, correction = forms
        if all([form.is_valid(), formset.is_valid(), correction.is_valid()]) and (
            save_correcting(request, page.access, form, formset, correction)
        ):
            messages.success(request, _("The indicator and its values are saved."))
            return redirect("promises:indicator_edit", pk=page.indicator.pk)
        return None

    def show(
        page: IndicatorPage,
        forms: IndicatorForms,
        state: editing.PageState,
    ) -> HttpResponse:
        form, formset, correction = forms
        return form_page(
            request,
            heading=page.heading,
            promise=page.indicator.promise,
            indicator=page.indicator,
            form=form,
            formset=formset,
            access=page.access,
            version_form=state.version,
            saved=page.saved,
            conflict=state.conflict,
            status=state.status,
            correction=correction_of(page.access.charter, correction),
        )

    return editing.edit(
        request,
        load=load,
        objects=IndicatorPage.parts,
        histories=IndicatorPage.histories,
        bind=bind,
        save=save,
        render=show,
    )


@workspace_view(methods=GET_AND_POST)
def indicator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask, then remove the indicator and its values; only while the charter is a draft."""

    def load(for_update: bool) -> IndicatorPage:
        indicator, access = get_indicator(request, pk, for_update=for_update)
        if indicator.promise.charter.status != Charter.Status.DRAFT:
            raise PermissionDenied
        return IndicatorPage(indicator, access, list(indicator.measurements.all()))

    def delete(page: IndicatorPage, _forms: None) -> HttpResponse:
        page.indicator.delete()
        messages.success(
            request,
            _("The indicator %(name)s is removed. It is in the history of the citizen promise.")
            % {"name": page.indicator.name},
        )
        return redirect(indicators_url(page.indicator.promise.charter))

    def show(
        page: IndicatorPage,
        _forms: None,
        state: editing.PageState,
    ) -> HttpResponse:
        return render(
            request,
            "promises/workspace/indicator_confirm_delete.html",
            {
                "indicator": page.indicator,
                "charter": page.indicator.promise.charter,
                "measurements": page.measurements,
                "version_form": state.version,
                "conflict": state.conflict,
            },
            status=state.status,
        )

    return editing.edit(
        request,
        load=load,
        objects=IndicatorPage.parts,
        histories=IndicatorPage.histories,
        bind=lambda page, data: None,
        save=delete,
        render=show,
    )


@workspace_view(methods=READ_ONLY)
def indicator_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change of the indicator and its values; those who may edit it may restore."""
    indicator, access = get_indicator_for_view(request, pk)
    may_edit = access.can_edit_promise(indicator.promise)
    return workspace.history_page(
        request,
        subject=indicator,
        histories=indicator_histories(indicator).values(),
        may_restore=lambda record: may_edit,
        restore_url=lambda entry: reverse(
            "promises:indicator_restore",
            kwargs={"pk": indicator.pk, "model": entry.model_name, "history_id": entry.history_id},
        ),
        back_url=(
            reverse("promises:indicator_edit", kwargs={"pk": indicator.pk})
            if may_edit
            else indicators_url(indicator.promise.charter)
        ),
        restorable=(Indicator, Measurement),
    )


@workspace_view(methods=POST_ONLY)
def indicator_restore(request: HttpRequest, pk: int, model: str, history_id: int) -> HttpResponse:
    """Put back one version of the indicator or one of its values, removed ones too."""
    with transaction.atomic():
        # Locked like a save of the edit page, so that the two take turns.
        indicator, access = get_indicator(request, pk, for_update=True)
        record = workspace.find_record(indicator_histories(indicator), model, history_id)
        with corrections.recording(
            charter=access.charter,
            party=corrections.party_of(access.roles),
            reason=_("An earlier version was restored from the history."),
        ):
            return workspace.restore_record(
                request,
                record,
                back_url=reverse("promises:indicator_history", kwargs={"pk": indicator.pk}),
                keep=RESTORE_KEEPS[model],
            )
