"""The admin of what residents and reporters send: EST observations, tips, page feedback,
surveys and their answers."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from config.lib.admin import HISTORY_FIELDSET, SHORT_TEXTAREA, TIMESTAMPS, TimeStampedAdmin
from situations.admin.reports import limit_places
from situations.models import (
    Answer,
    Choice,
    Observation,
    PageFeedback,
    Question,
    Response,
    Survey,
    Tip,
)

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
