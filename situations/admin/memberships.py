"""The admin of memberships, and the user admin with each user's roles given on their page."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from config.lib.admin import HISTORY_FIELDSET, TimeStampedAdmin
from situations.models import Membership

User = get_user_model()


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
    def roles(self, user: User) -> str:
        return "; ".join(
            f"{membership.get_role_display()}: {membership.scope}"
            for membership in user.memberships.all()
        )
