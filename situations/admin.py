"""The admin of geography, parties, memberships and lägesbilder, for the system administrator.

Also replaces the user admin with one that has a membership inline, so roles are given from
the user's page. The helpers at the top are shared with the admins of `promises` and
`followups`, which may import from here (never the other way round).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from situations.models import (
    Answer,
    Choice,
    County,
    Finding,
    FocusArea,
    Membership,
    Municipality,
    Observation,
    PageFeedback,
    Place,
    PoliceArea,
    PoliceDistrict,
    PoliceRegion,
    Question,
    ReportingOrganisation,
    Response,
    SituationReport,
    Source,
    Survey,
    Tip,
)

User = get_user_model()

TIMESTAMPS = ("created_at", "updated_at")
HISTORY_FIELDSET = (_("History"), {"classes": ["collapse"], "fields": TIMESTAMPS})
SHORT_TEXTAREA = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


class TimeStampedAdmin(SimpleHistoryAdmin):
    """An admin that shows when a row was created and last changed, and every earlier version.

    The history page lists who changed what and when, and restores an earlier version.
    """

    readonly_fields = TIMESTAMPS


class CurrentUserDefaultMixin:
    """Suggest the signed-in administrator for the user fields named in `current_user_fields`."""

    current_user_fields: tuple[str, ...] = ()

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name in self.current_user_fields:
            kwargs.setdefault("initial", request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def count_of(related: QuerySet, field: str) -> Coalesce:
    """Count the rows of RELATED whose FIELD points at the outer row.

    A subquery rather than Count() over a join: the list needs no GROUP BY, keeps the model's
    ordering, and its row count stays a plain COUNT(*) however many rows there are.
    """
    counted = (
        related.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


def limit_places(field: forms.ModelChoiceField, municipality: Municipality | None) -> None:
    """Offer only the places of MUNICIPALITY; without one, name each place's municipality.

    Place names such as "Centrum" recur in many municipalities, so a bare name is ambiguous.
    """
    if municipality is not None:
        field.queryset = Place.objects.filter(municipality=municipality)
    else:
        field.queryset = Place.objects.select_related("municipality")
        field.label_from_instance = lambda place: f"{place} ({place.municipality})"


# --- Geography and parties -----------------------------------------------------------------


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

    def get_queryset(self, request: HttpRequest) -> QuerySet[PoliceDistrict]:
        return (
            super()
            .get_queryset(request)
            .annotate(area_count=count_of(PoliceArea.objects.all(), "district"))
        )

    @admin.display(description=_("local police areas"), ordering="area_count")
    def area_count(self, district: PoliceDistrict) -> int:
        return district.area_count


class MembershipInline(admin.TabularInline):
    """The memberships held in one scope; subclasses name the scope in `fk_name`."""

    model = Membership
    autocomplete_fields = ["user", "organisation"]
    extra = 0


class MunicipalityMembershipInline(MembershipInline):
    fk_name = "municipality"
    fields = ["user", "role", "organisation"]


class PoliceAreaMembershipInline(MembershipInline):
    fk_name = "police_area"
    fields = ["user", "role"]


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


@admin.register(PoliceArea)
class PoliceAreaAdmin(TimeStampedAdmin):
    list_display = ["name", "district", "municipality_names"]
    list_filter = ["district__region", "district"]
    list_select_related = ["district"]
    search_fields = ["name", "slug", "municipalities__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["district", "municipalities"]
    inlines = [PoliceAreaMembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[PoliceArea]:
        return super().get_queryset(request).prefetch_related("municipalities")

    @admin.display(description=_("municipalities"))
    def municipality_names(self, area: PoliceArea) -> str:
        return ", ".join(municipality.name for municipality in area.municipalities.all())


@admin.register(ReportingOrganisation)
class ReportingOrganisationAdmin(TimeStampedAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind", "municipality__county"]
    list_select_related = ["municipality"]
    search_fields = ["name", "municipality__name"]
    autocomplete_fields = ["municipality"]


# --- Memberships and roles -----------------------------------------------------------------


class ScopeKindFilter(admin.SimpleListFilter):
    """Filter memberships by the kind of scope they apply to."""

    title = _("scope")
    parameter_name = "scope"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin):
        return [
            ("municipality", _("municipality")),
            ("police_area", _("local police area")),
            ("police_district", _("police district")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Membership]):
        if self.value() in {"municipality", "police_area", "police_district"}:
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


@admin.register(Membership)
class MembershipAdmin(TimeStampedAdmin):
    list_display = ["user", "role", "scope", "organisation", "created_at"]
    list_filter = ["role", ScopeKindFilter]
    list_select_related = [
        "user",
        "municipality",
        "police_area",
        "police_district",
        "organisation",
    ]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
        "municipality__name",
        "police_area__name",
        "police_district__name",
    ]
    autocomplete_fields = [
        "user",
        "municipality",
        "police_area",
        "police_district",
        "organisation",
    ]
    fieldsets = [
        (None, {"fields": ["user", "role"]}),
        (
            _("Scope"),
            {
                "description": _(
                    "Give exactly one: a municipality for coordinators, EST reporters and "
                    "viewers; a local police area for police officers and viewers; a local "
                    "police area or a police district for police managers."
                ),
                "fields": ["municipality", "police_area", "police_district", "organisation"],
            },
        ),
        HISTORY_FIELDSET,
    ]

    @admin.display(
        description=_("scope"),
        ordering=Coalesce("municipality__name", "police_area__name", "police_district__name"),
    )
    def scope(self, membership: Membership):
        return membership.scope


class UserMembershipInline(MembershipInline):
    fk_name = "user"
    fields = ["role", "municipality", "police_area", "police_district", "organisation"]
    autocomplete_fields = ["municipality", "police_area", "police_district", "organisation"]


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, plus the user's roles: shown in the list and given on the page."""

    inlines = [*DjangoUserAdmin.inlines, UserMembershipInline]
    list_display = [*DjangoUserAdmin.list_display, "roles"]
    list_filter = [*DjangoUserAdmin.list_filter, "memberships__role"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        memberships = Membership.objects.select_related(
            "municipality", "police_area", "police_district"
        )
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("memberships", queryset=memberships))
        )

    @admin.display(description=_("roles"))
    def roles(self, user) -> str:
        return "; ".join(
            f"{membership.get_role_display()}: {membership.scope}"
            for membership in user.memberships.all()
        )


# --- Lägesbild ------------------------------------------------------------------------------


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


# --- EST -------------------------------------------------------------------------------------


@admin.register(Observation)
class ObservationAdmin(TimeStampedAdmin):
    list_display = ["place", "week", "category", "level", "organisation", "municipality"]
    list_filter = ["category", "level", "municipality__county"]
    list_select_related = ["place", "organisation", "municipality"]
    date_hierarchy = "week"
    search_fields = ["description", "place__name", "organisation__name", "municipality__name"]
    autocomplete_fields = ["municipality", "organisation", "reporter"]

    def get_form(self, request: HttpRequest, obj: Observation | None = None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        limit_places(form.base_fields["place"], obj.municipality if obj else None)
        return form


# --- Residents' tips and page feedback ------------------------------------------------------
# Tips are read here until the workspace shows them to coordinators.


@admin.register(Tip)
class TipAdmin(TimeStampedAdmin):
    list_display = ["summary", "municipality", "created_at", "handled"]
    list_filter = ["handled", "municipality__county"]
    list_select_related = ["municipality", "place"]
    date_hierarchy = "created_at"
    search_fields = ["message", "municipality__name", "place_text", "place__name", "name"]
    autocomplete_fields = ["municipality"]
    readonly_fields = [*TIMESTAMPS, "handled_at"]
    actions = ["mark_handled"]
    fieldsets = [
        (None, {"fields": ["municipality", "message"]}),
        (_("Place"), {"fields": ["place", "place_text"]}),
        (_("Contact details"), {"fields": ["name", "email", "phone"]}),
        (_("Handling"), {"fields": ["handled", "handled_at"]}),
        HISTORY_FIELDSET,
    ]

    def get_form(self, request: HttpRequest, obj: Tip | None = None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "place" in form.base_fields:
            limit_places(form.base_fields["place"], obj.municipality if obj else None)
        return form

    @admin.display(description=_("message"), ordering="message")
    def summary(self, tip: Tip) -> str:
        return str(tip)

    @admin.action(description=_("Mark selected tips as handled"))
    def mark_handled(self, request: HttpRequest, queryset: QuerySet[Tip]) -> None:
        count = queryset.mark_handled()
        self.message_user(
            request,
            ngettext(
                "%(count)d tip was marked as handled.",
                "%(count)d tips were marked as handled.",
                count,
            )
            % {"count": count},
        )


@admin.register(PageFeedback)
class PageFeedbackAdmin(admin.ModelAdmin):
    # A plain admin: page feedback keeps no history (see the model).
    list_display = ["page", "yes_count", "no_count", "updated_at"]
    search_fields = ["page"]
    # Only residents' answers change the counts.
    readonly_fields = ["yes_count", "no_count", *TIMESTAMPS]


# --- Surveys ------------------------------------------------------------------------------------
# Coordinators build surveys in the workspace; here the administrator can correct one, or remove
# answers (a flood that got past the rate limit). Responses hold nothing about who answered.


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["order", "kind", "text", "place", "time_of_day", "required"]
    show_change_link = True
    extra = 0

    def get_formset(self, request: HttpRequest, obj: Survey | None = None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        limit_places(formset.form.base_fields["place"], obj.municipality if obj else None)
        return formset


@admin.register(Survey)
class SurveyAdmin(TimeStampedAdmin):
    list_display = ["title", "municipality", "opens_on", "closes_on", "status"]
    list_filter = ["status", "municipality__county"]
    list_select_related = ["municipality"]
    date_hierarchy = "opens_on"
    search_fields = ["title", "municipality__name"]
    autocomplete_fields = ["municipality", "created_by"]
    readonly_fields = [*TIMESTAMPS]
    formfield_overrides = SHORT_TEXTAREA
    inlines = [QuestionInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    fields = ["order", "text"]
    extra = 0


@admin.register(Question)
class QuestionAdmin(TimeStampedAdmin):
    list_display = ["text", "kind", "survey", "order"]
    list_filter = ["kind"]
    list_select_related = ["survey__municipality"]
    search_fields = ["text", "survey__title"]
    autocomplete_fields = ["survey", "place"]
    inlines = [ChoiceInline]


@admin.register(Choice)
class ChoiceAdmin(TimeStampedAdmin):
    list_display = ["text", "question", "order"]
    list_select_related = ["question"]
    search_fields = ["text", "question__text"]
    autocomplete_fields = ["question"]


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ["question", "scale", "choice", "place", "other_place", "text"]
    raw_id_fields = ["question", "choice", "place"]
    formfield_overrides = SHORT_TEXTAREA
    extra = 0


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    # A plain admin: anonymous answers keep no history (see the model).
    list_display = ["__str__", "survey", "submitted_on"]
    list_select_related = ["survey"]
    date_hierarchy = "submitted_on"
    search_fields = ["survey__title", "survey__municipality__name"]
    autocomplete_fields = ["survey"]
    inlines = [AnswerInline]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "question", "scale", "choice", "place"]
    list_select_related = ["question", "choice", "place"]
    search_fields = ["question__text", "text", "other_place"]
    raw_id_fields = ["response", "question", "choice", "place"]
    formfield_overrides = SHORT_TEXTAREA
