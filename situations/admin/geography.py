"""The admin of geography and parties: regions, counties, districts, kommuner, LPOs and
EST's reporting organisations."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from config.lib.admin import TIMESTAMPS, TimeStampedAdmin, count_of
from situations.admin.memberships import MunicipalityMembershipInline, PoliceAreaMembershipInline
from situations.models import (
    County,
    Municipality,
    Place,
    PoliceArea,
    PoliceDistrict,
    PoliceRegion,
    ReferenceCoverage,
    ReportingOrganisation,
)


@admin.register(PoliceRegion)
class PoliceRegionAdmin(TimeStampedAdmin):
    list_display = ["name", "slug", "county_count", "district_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[PoliceRegion]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                county_count=count_of(County.objects.all(), "police_region"),
                district_count=count_of(PoliceDistrict.objects.all(), "region"),
            )
        )

    @admin.display(description=_("counties"), ordering="county_count")
    def county_count(self, region: PoliceRegion) -> int:
        return region.county_count

    @admin.display(description=_("police districts"), ordering="district_count")
    def district_count(self, region: PoliceRegion) -> int:
        return region.district_count


@admin.register(County)
class CountyAdmin(TimeStampedAdmin):
    list_display = ["code", "name", "police_region", "municipality_count"]
    list_filter = ["police_region"]
    list_select_related = ["police_region"]
    search_fields = ["name", "code", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[County]:
        return (
            super()
            .get_queryset(request)
            .annotate(municipality_count=count_of(Municipality.objects.all(), "county"))
        )

    @admin.display(description=_("municipalities"), ordering="municipality_count")
    def municipality_count(self, county: County) -> int:
        return county.municipality_count


@admin.register(PoliceDistrict)
class PoliceDistrictAdmin(TimeStampedAdmin):
    list_display = ["name", "region", "area_count"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = [*TIMESTAMPS, "reference_key"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PoliceDistrict]:
        return (
            super()
            .get_queryset(request)
            .annotate(area_count=count_of(PoliceArea.objects.all(), "district"))
        )

    @admin.display(description=_("local police areas"), ordering="area_count")
    def area_count(self, district: PoliceDistrict) -> int:
        return district.area_count


class PlaceInline(admin.TabularInline):
    model = Place
    fields = ["name", "slug", "latitude", "longitude"]
    prepopulated_fields = {"slug": ["name"]}
    show_change_link = True
    extra = 0


class ReportingOrganisationInline(admin.TabularInline):
    model = ReportingOrganisation
    fields = ["name", "kind"]
    show_change_link = True
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(TimeStampedAdmin):
    list_display = ["code", "name", "county", "police_area_names", "slug"]
    list_filter = ["county__police_region", "county"]
    list_select_related = ["county"]
    search_fields = ["name", "code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MunicipalityMembershipInline, PlaceInline, ReportingOrganisationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Municipality]:
        return super().get_queryset(request).prefetch_related("police_areas")

    @admin.display(description=_("local police areas"))
    def police_area_names(self, municipality: Municipality) -> str:
        return ", ".join(area.name for area in municipality.police_areas.all())


class ReferenceCoverageInline(admin.TabularInline):
    """Where each kommun of a loaded LPO comes from; read-only, as the file is the record."""

    model = ReferenceCoverage
    fields = ["municipality_name", "confidence", "as_of", "source_url"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("sources in the reference data")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(PoliceArea)
class PoliceAreaAdmin(TimeStampedAdmin):
    list_display = ["name", "district", "municipality_names"]
    list_filter = ["district__region", "district"]
    list_select_related = ["district"]
    search_fields = ["name", "slug", "municipalities__name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = [*TIMESTAMPS, "reference_key"]
    autocomplete_fields = ["district", "municipalities"]
    inlines = [PoliceAreaMembershipInline, ReferenceCoverageInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PoliceArea]:
        return super().get_queryset(request).prefetch_related("municipalities")

    @admin.display(description=_("municipalities"))
    def municipality_names(self, area: PoliceArea) -> str:
        return ", ".join(municipality.name for municipality in area.municipalities.all())


@admin.register(ReferenceCoverage)
class ReferenceCoverageAdmin(TimeStampedAdmin):
    """The LPO–kommun pairs loaded from the reference data, with their sources.

    A pair listed here is never added again by a reload; deleting it lets the next reload add
    it again if the file still has it.
    """

    list_display = ["area_key", "municipality_name", "police_area", "confidence", "as_of"]
    list_filter = ["confidence", "district_key"]
    list_select_related = ["police_area"]
    search_fields = ["area_key", "municipality_name", "municipality_code"]
    autocomplete_fields = ["police_area"]


@admin.register(ReportingOrganisation)
class ReportingOrganisationAdmin(TimeStampedAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind", "municipality__county"]
    list_select_related = ["municipality"]
    search_fields = ["name", "municipality__name"]
    autocomplete_fields = ["municipality"]
