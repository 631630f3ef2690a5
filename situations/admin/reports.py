"""The admin of the lägesbild: focus areas, places, reports, sources, findings, problems."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from config.lib.admin import HISTORY_FIELDSET, SHORT_TEXTAREA, TimeStampedAdmin, count_of
from situations.models import (
    Finding,
    FocusArea,
    Municipality,
    Place,
    Problem,
    SituationReport,
    Source,
)


def limit_places(field: forms.ModelChoiceField, municipality: Municipality | None) -> None:
    """Offer only the places of MUNICIPALITY; without one, name each place's municipality.

    Place names such as "Centrum" recur in many municipalities, so a bare name is ambiguous.
    """
    if municipality is not None:
        field.queryset = Place.objects.filter(municipality=municipality)
    else:
        field.queryset = Place.objects.select_related("municipality")
        field.label_from_instance = lambda place: f"{place} ({place.municipality})"


@admin.register(FocusArea)
class FocusAreaAdmin(TimeStampedAdmin):
    list_display = ["name", "order", "slug", "finding_count"]
    list_editable = ["order"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[FocusArea]:
        return (
            super()
            .get_queryset(request)
            .annotate(finding_count=count_of(Finding.objects.all(), "focus_area"))
        )

    @admin.display(description=_("findings"), ordering="finding_count")
    def finding_count(self, focus_area: FocusArea) -> int:
        return focus_area.finding_count


class HasPointFilter(admin.SimpleListFilter):
    title = _("has coordinates")
    parameter_name = "point"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Place]):
        if self.value() == "yes":
            return queryset.filter(latitude__isnull=False)
        if self.value() == "no":
            return queryset.filter(latitude__isnull=True)
        return queryset


@admin.register(Place)
class PlaceAdmin(TimeStampedAdmin):
    list_display = ["name", "municipality", "has_point", "latitude", "longitude"]
    list_filter = [HasPointFilter, "municipality__county"]
    list_select_related = ["municipality"]
    search_fields = ["name", "slug", "municipality__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality"]

    @admin.display(description=_("has coordinates"), boolean=True)
    def has_point(self, place: Place) -> bool:
        return place.latitude is not None


class SourceInline(admin.TabularInline):
    model = Source
    fields = ["kind", "title", "date", "url", "is_internal"]
    show_change_link = True
    extra = 0


class FindingInline(admin.TabularInline):
    model = Finding
    fields = ["order", "text", "value", "unit", "source", "focus_area", "place"]
    formfield_overrides = SHORT_TEXTAREA
    show_change_link = True
    extra = 0

    def get_formset(self, request: HttpRequest, obj: SituationReport | None = None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # The form class is new on every call, so narrowing its fields here is safe.
        fields = formset.form.base_fields
        fields["source"].queryset = obj.sources.all() if obj is not None else Source.objects.none()
        limit_places(fields["place"], obj.municipality if obj is not None else None)
        return formset


@admin.register(SituationReport)
class SituationReportAdmin(TimeStampedAdmin):
    list_display = [
        "title",
        "municipality",
        "police_area",
        "period",
        "status",
        "published_at",
    ]
    list_filter = ["status", "municipality__county"]
    list_select_related = ["municipality", "police_area"]
    date_hierarchy = "period_start"
    search_fields = ["title", "municipality__name", "summary"]
    autocomplete_fields = ["municipality", "police_area"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "municipality",
                    "police_area",
                    "title",
                    ("period_start", "period_end"),
                    ("status", "published_at"),
                ]
            },
        ),
        (_("Content"), {"fields": ["summary", "analysis", "selection_rationale", "limitations"]}),
        HISTORY_FIELDSET,
    ]
    inlines = [SourceInline, FindingInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SituationReport]:
        # Autocomplete lists reports by name, which includes the municipality's; and Django
        # ignores list_select_related once get_queryset() selects related rows itself.
        return super().get_queryset(request).select_related(*self.list_select_related)

    @admin.display(description=_("period"), ordering="period_start")
    def period(self, report: SituationReport) -> str:
        return report.period_label


@admin.register(Source)
class SourceAdmin(TimeStampedAdmin):
    list_display = ["title", "kind", "report", "date", "is_internal"]
    list_filter = ["kind", "is_internal"]
    list_select_related = ["report__municipality"]
    date_hierarchy = "date"
    search_fields = ["title", "description", "report__title", "report__municipality__name"]
    autocomplete_fields = ["report", "survey"]


@admin.register(Finding)
class FindingAdmin(TimeStampedAdmin):
    list_display = ["__str__", "figure", "report", "source", "focus_area", "place"]
    list_filter = ["focus_area", "source__kind"]
    list_select_related = ["report__municipality", "source", "focus_area", "place"]
    search_fields = ["text", "report__title", "report__municipality__name", "place__name"]
    autocomplete_fields = ["report", "source"]

    def get_form(self, request: HttpRequest, obj: Finding | None = None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        limit_places(form.base_fields["place"], obj.report.municipality if obj else None)
        return form

    @admin.display(description=_("value"))
    def figure(self, finding: Finding) -> str:
        return finding.figure


@admin.register(Problem)
class ProblemAdmin(TimeStampedAdmin):
    list_display = ["title", "priority", "report", "focus_area", "is_internal"]
    list_filter = ["focus_area", "is_internal"]
    list_select_related = ["report__municipality", "focus_area"]
    search_fields = ["title", "description", "report__title", "report__municipality__name"]
    autocomplete_fields = ["report"]
    formfield_overrides = SHORT_TEXTAREA

    def get_form(self, request: HttpRequest, obj: Problem | None = None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        fields = form.base_fields
        if obj is not None:
            fields["places"].queryset = Place.objects.filter(
                municipality_id=obj.report.municipality_id
            )
            fields["findings"].queryset = obj.report.findings.all()
        else:
            fields["places"].queryset = Place.objects.select_related("municipality")
            fields["places"].label_from_instance = lambda place: f"{place} ({place.municipality})"
            fields["findings"].queryset = Finding.objects.none()
        return form
