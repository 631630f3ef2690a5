"""The admin of agreements, charters, promises, activities and indicators."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from config.lib.admin import (
    HISTORY_FIELDSET,
    SHORT_TEXTAREA,
    CurrentUserDefaultMixin,
    TimeStampedAdmin,
    count_of,
)
from promises import services
from promises.agreement_forms import AgreementAdminForm
from promises.models import (
    Activity,
    Charter,
    CharterCorrection,
    CollaborationAgreement,
    Contact,
    Indicator,
    Measurement,
    Promise,
    SafetyWalk,
    Signatory,
    WalkFinding,
)
from situations.admin import limit_places


class SignatoryInline(admin.TabularInline):
    """The signatories of one document; subclasses name the document in `fk_name`."""

    model = Signatory
    fields = ["order", "name", "title", "party", "organisation", "signed_on"]
    extra = 0


class AgreementSignatoryInline(SignatoryInline):
    fk_name = "agreement"


def signed_and_public(charter: Charter | None) -> bool:
    """Whether CHARTER is published (or closed): who signed it then changes only as a
    correction with a reason, on the charter's page in the workspace, never in the admin."""
    return charter is not None and charter.is_public


class CharterSignatoryInline(SignatoryInline):
    fk_name = "charter"

    def has_add_permission(self, request: HttpRequest, obj: Charter | None = None) -> bool:
        return not signed_and_public(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Charter | None = None) -> bool:
        return not signed_and_public(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Charter | None = None) -> bool:
        return not signed_and_public(obj) and super().has_delete_permission(request, obj)


@admin.register(CollaborationAgreement)
class CollaborationAgreementAdmin(TimeStampedAdmin):
    form = AgreementAdminForm  # the document is checked as on the workspace's page
    list_display = ["title", "police_area", "municipality_names", "period", "signed_on"]
    list_filter = ["police_area__district"]
    list_select_related = ["police_area"]
    date_hierarchy = "period_start"
    search_fields = ["title", "police_area__name", "municipalities__name"]
    autocomplete_fields = ["police_area", "municipalities"]
    inlines = [AgreementSignatoryInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CollaborationAgreement]:
        return super().get_queryset(request).prefetch_related("municipalities")

    @admin.display(description=_("municipalities"))
    def municipality_names(self, agreement: CollaborationAgreement) -> str:
        return ", ".join(municipality.name for municipality in agreement.municipalities.all())

    @admin.display(description=_("period"), ordering="period_start")
    def period(self, agreement: CollaborationAgreement) -> str:
        return agreement.period_label


class ContactInline(admin.TabularInline):
    model = Contact
    fields = ["order", "name", "role", "party", "email", "phone"]
    extra = 0


class PromiseInline(admin.TabularInline):
    model = Promise
    fields = ["order", "owner", "title", "text", "assessment"]
    formfield_overrides = SHORT_TEXTAREA
    show_change_link = True
    extra = 0


@admin.register(Charter)
class CharterAdmin(TimeStampedAdmin):
    list_display = [
        "title",
        "municipality",
        "police_area",
        "period",
        "status",
        "signed_on",
        "published_at",
        "promise_count",
    ]
    list_filter = ["status", "municipality__county"]
    list_select_related = ["municipality", "police_area"]
    date_hierarchy = "period_start"
    search_fields = ["title", "municipality__name", "municipality__code", "police_area__name"]
    autocomplete_fields = ["municipality", "police_area", "agreement", "situation_report"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "municipality",
                    "police_area",
                    "agreement",
                    "situation_report",
                    "title",
                    ("period_start", "period_end"),
                ]
            },
        ),
        (_("Publication"), {"fields": ["status", "signed_on", "published_at"]}),
        (
            _("Text for residents"),
            {
                "fields": [
                    "summary",
                    "background",
                    "followup_method",
                    "reporting_channels",
                    "participation",
                ]
            },
        ),
        HISTORY_FIELDSET,
    ]
    inlines = [CharterSignatoryInline, ContactInline, PromiseInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Charter]:
        # Autocomplete lists charters by name, which includes the municipality's; and Django
        # ignores list_select_related once get_queryset() selects related rows itself.
        return (
            super()
            .get_queryset(request)
            .select_related(*self.list_select_related)
            .annotate(promise_count=count_of(Promise.objects.all(), "charter"))
        )

    @admin.display(description=_("period"), ordering="period_start")
    def period(self, charter: Charter) -> str:
        return charter.period_label

    def save_model(self, request: HttpRequest, obj: Charter, form, change: bool) -> None:
        """Save through the charter's one write path, as the workspace does: its follow-up
        rounds follow a new period or cadence here too (and on the admin's history revert)."""
        for note in services.charter_save(charter=obj, user=request.user):
            self.message_user(request, note, messages.INFO)

    @admin.display(description=_("promises"), ordering="promise_count")
    def promise_count(self, charter: Charter) -> int:
        return charter.promise_count


class SignatoryAdminForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = [
            "charter",
            "agreement",
            "name",
            "title",
            "party",
            "organisation",
            "signed_on",
            "order",
        ]

    def clean_charter(self) -> Charter | None:
        charter = self.cleaned_data.get("charter")
        if signed_and_public(charter):
            raise forms.ValidationError(
                _(
                    "The citizen promise is published: who signed it changes only as a "
                    "correction with a reason, on the citizen promise's page in the workspace."
                )
            )
        return charter


@admin.register(Signatory)
class SignatoryAdmin(TimeStampedAdmin):
    form = SignatoryAdminForm
    list_display = ["name", "title", "party", "organisation", "document", "signed_on"]
    list_filter = ["party"]
    list_select_related = ["charter__municipality", "agreement"]
    search_fields = ["name", "title", "organisation", "charter__title", "agreement__title"]
    autocomplete_fields = ["charter", "agreement"]

    def has_change_permission(self, request: HttpRequest, obj: Signatory | None = None) -> bool:
        locked = obj is not None and signed_and_public(obj.charter)
        return not locked and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Signatory | None = None) -> bool:
        locked = obj is not None and signed_and_public(obj.charter)
        return not locked and super().has_delete_permission(request, obj)

    @admin.display(description=_("signed document"))
    def document(self, signatory: Signatory) -> Charter | CollaborationAgreement | None:
        return signatory.charter or signatory.agreement


@admin.register(Contact)
class ContactAdmin(TimeStampedAdmin):
    list_display = ["name", "role", "party", "email", "phone", "charter"]
    list_filter = ["party"]
    list_select_related = ["charter__municipality"]
    search_fields = ["name", "role", "email", "charter__title", "charter__municipality__name"]
    autocomplete_fields = ["charter"]


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = [
        "order",
        "title",
        "kind",
        "responsible_party",
        "start_date",
        "end_date",
        "is_public",
    ]
    show_change_link = True
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ["name", "unit", "baseline", "target", "direction"]
    show_change_link = True
    extra = 0


@admin.register(Promise)
class PromiseAdmin(TimeStampedAdmin):
    list_display = [
        "__str__",
        "charter",
        "owner",
        "order",
        "assessment",
        "activity_count",
    ]
    list_filter = ["owner", "assessment", "charter__status", "focus_areas"]
    list_select_related = ["charter__municipality"]
    search_fields = ["title", "text", "charter__title", "charter__municipality__name"]
    autocomplete_fields = ["charter"]
    # Focus areas are a short list, so every one is shown as a checkbox.
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    inlines = [ActivityInline, IndicatorInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Promise]:
        return (
            super()
            .get_queryset(request)
            .annotate(activity_count=count_of(Activity.objects.all(), "promise"))
        )

    @admin.display(description=_("activities"), ordering="activity_count")
    def activity_count(self, promise: Promise) -> int:
        return promise.activity_count


@admin.register(Activity)
class ActivityAdmin(TimeStampedAdmin):
    list_display = [
        "title",
        "promise",
        "charter",
        "kind",
        "responsible_party",
        "start_date",
        "end_date",
        "is_public",
    ]
    list_filter = ["kind", "responsible_party", "is_public", "promise__charter__status"]
    list_select_related = ["promise__charter__municipality"]
    date_hierarchy = "start_date"
    search_fields = [
        "title",
        "description",
        "responsible_function",
        "promise__title",
        "promise__charter__municipality__name",
    ]
    autocomplete_fields = ["promise"]
    filter_horizontal = ["places"]

    def get_form(self, request: HttpRequest, obj: Activity | None = None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        limit_places(form.base_fields["places"], obj.promise.charter.municipality if obj else None)
        return form

    @admin.display(description=_("citizen promise"), ordering="promise__charter")
    def charter(self, activity: Activity) -> Charter:
        return activity.promise.charter


class MeasurementInline(CurrentUserDefaultMixin, admin.TabularInline):
    model = Measurement
    fields = ["date", "value", "source", "note", "recorded_by"]
    autocomplete_fields = ["recorded_by"]
    current_user_fields = ("recorded_by",)
    formfield_overrides = SHORT_TEXTAREA
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(TimeStampedAdmin):
    list_display = [
        "name",
        "promise",
        "unit",
        "baseline",
        "target",
        "latest_value",
        "direction",
    ]
    list_filter = ["direction", "promise__charter__status"]
    list_select_related = ["promise"]
    search_fields = [
        "name",
        "description",
        "source",
        "promise__title",
        "promise__charter__municipality__name",
    ]
    autocomplete_fields = ["promise"]
    inlines = [MeasurementInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Indicator]:
        latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-date", "-id")
        return (
            super()
            .get_queryset(request)
            .annotate(latest_value=Subquery(latest.values("value")[:1]))
        )

    @admin.display(description=_("latest value"))
    def latest_value(self, indicator: Indicator):
        return indicator.latest_value


@admin.register(Measurement)
class MeasurementAdmin(CurrentUserDefaultMixin, TimeStampedAdmin):
    list_display = ["indicator", "date", "value", "source", "recorded_by"]
    list_filter = ["indicator__promise__charter__status"]
    list_select_related = ["indicator", "recorded_by"]
    date_hierarchy = "date"
    search_fields = ["indicator__name", "source", "note"]
    autocomplete_fields = ["indicator", "recorded_by"]
    current_user_fields = ("recorded_by",)


class WalkFindingInline(admin.StackedInline):
    model = WalkFinding
    extra = 0
    autocomplete_fields = ["place"]


@admin.register(SafetyWalk)
class SafetyWalkAdmin(TimeStampedAdmin):
    list_display = ["activity", "date", "residents"]
    list_select_related = ["activity__promise__charter__municipality"]
    date_hierarchy = "date"
    search_fields = [
        "activity__title",
        "summary",
        "activity__promise__charter__municipality__name",
    ]
    autocomplete_fields = ["activity"]
    inlines = [WalkFindingInline]


@admin.register(WalkFinding)
class WalkFindingAdmin(TimeStampedAdmin):
    list_display = ["__str__", "walk", "status", "done_on", "responsible_function"]
    list_filter = ["status", "problem"]
    list_select_related = ["walk__activity", "place"]
    search_fields = ["location", "description", "action", "place__name"]
    autocomplete_fields = ["walk", "place"]


@admin.register(CharterCorrection)
class CharterCorrectionAdmin(TimeStampedAdmin):
    """Corrections residents read on a charter's change log; an administrator may fix a reason
    (a name typed into it, say), which the history keeps."""

    list_display = ["charter", "made_at", "party", "reason"]
    list_filter = ["party"]
    list_select_related = ["charter__municipality"]
    search_fields = ["reason", "charter__title", "charter__municipality__name"]
    autocomplete_fields = ["charter"]
