"""The admin of follow-up rounds, follow-ups and their reviews."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from config.lib.admin import SHORT_TEXTAREA, CurrentUserDefaultMixin, TimeStampedAdmin, count_of
from config.lib.history import record_as
from followups import services
from followups.models import CouncilReport, FollowUp, FollowUpRound, Reminder, Review
from followups.notices.models import Announcement, Delivery, Subscription
from promises.models import Charter


class ReportPublishedFilter(admin.SimpleListFilter):
    title = _("report published")
    parameter_name = "published"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[FollowUpRound]):
        if self.value() == "yes":
            return queryset.filter(published_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(published_at__isnull=True)
        return queryset


class FollowUpInline(CurrentUserDefaultMixin, admin.TabularInline):
    model = FollowUp
    fields = ["activity", "promise", "status", "assessment", "reason", "reported_on", "author"]
    # A charter has dozens of activities and the database 100 000s: never a plain select.
    autocomplete_fields = ["activity", "promise", "author"]
    current_user_fields = ("author",)
    formfield_overrides = SHORT_TEXTAREA
    show_change_link = True
    extra = 0


@admin.register(FollowUpRound)
class FollowUpRoundAdmin(TimeStampedAdmin):
    list_display = [
        "title",
        "charter",
        "period",
        "due_on",
        "is_overdue",
        "published_at",
        "follow_up_count",
    ]
    list_filter = [ReportPublishedFilter, "charter__status", "charter__municipality__county"]
    list_select_related = ["charter__municipality"]
    date_hierarchy = "due_on"
    search_fields = ["title", "charter__title", "charter__municipality__name"]
    autocomplete_fields = ["charter"]
    inlines = [FollowUpInline]

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is not FollowUp:
            super().save_formset(request, form, formset, change)
            return
        # Through the one write path of an edited follow-up: a change resets its review.
        for obj in formset.save(commit=False):
            services.follow_up_save(follow_up=obj, user=request.user)
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def get_queryset(self, request: HttpRequest) -> QuerySet[FollowUpRound]:
        # Autocomplete lists rounds by name, which includes the charter's; and Django ignores
        # list_select_related once get_queryset() selects related rows itself. with_counts()
        # gives the follow-up count and what is_overdue needs, in the same query.
        return (
            super().get_queryset(request).select_related(*self.list_select_related).with_counts()
        )

    @admin.display(description=_("period"), ordering="period_start")
    def period(self, follow_up_round: FollowUpRound) -> str:
        return follow_up_round.period_label

    @admin.display(description=_("overdue"), boolean=True)
    def is_overdue(self, follow_up_round: FollowUpRound) -> bool:
        return follow_up_round.is_overdue

    @admin.display(description=_("follow-ups"), ordering="follow_up_count")
    def follow_up_count(self, follow_up_round: FollowUpRound) -> int:
        return follow_up_round.follow_up_count


class FollowUpTargetFilter(admin.SimpleListFilter):
    """Filter follow-ups by what they report on: an activity or a promise."""

    title = _("follows up")
    parameter_name = "target"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin):
        return [("activity", _("activity")), ("promise", _("promise"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[FollowUp]):
        if self.value() in {"activity", "promise"}:
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


class ReviewInline(CurrentUserDefaultMixin, admin.TabularInline):
    model = Review
    fields = ["decision", "comment", "reviewer", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["reviewer"]
    current_user_fields = ("reviewer",)
    formfield_overrides = SHORT_TEXTAREA
    extra = 0


@admin.register(FollowUp)
class FollowUpAdmin(CurrentUserDefaultMixin, TimeStampedAdmin):
    list_display = [
        "target",
        "round",
        "charter",
        "status",
        "assessment",
        "reported_on",
        "author",
        "review_count",
    ]
    list_filter = [FollowUpTargetFilter, "status", "assessment", "round__charter__status"]
    list_select_related = ["round__charter__municipality", "activity", "promise", "author"]
    date_hierarchy = "reported_on"
    search_fields = [
        "activity__title",
        "promise__title",
        "promise__text",
        "round__title",
        "round__charter__municipality__name",
        "author__username",
        "narrative_public",
        "narrative_internal",
    ]
    autocomplete_fields = ["round", "activity", "promise", "author"]
    current_user_fields = ("author",)
    # Counting 100 000s of rows again on every filtered page costs more than it helps.
    show_full_result_count = False
    inlines = [ReviewInline]

    def save_model(self, request: HttpRequest, obj: Model, form, change: bool) -> None:
        # An edit here, or a version put back from the admin's history, resets the review
        # like one on the round's page (services.follow_up_save).
        assert isinstance(obj, FollowUp)
        record_as(obj, request.user)
        services.follow_up_save(follow_up=obj, user=request.user)

    def get_queryset(self, request: HttpRequest) -> QuerySet[FollowUp]:
        # Autocomplete lists follow-ups by name, which includes the target's and the round's;
        # and Django ignores list_select_related once get_queryset() selects related rows.
        return (
            super()
            .get_queryset(request)
            .select_related(*self.list_select_related)
            .annotate(review_count=count_of(Review.objects.all(), "follow_up"))
        )

    @admin.display(description=_("follows up"))
    def target(self, follow_up: FollowUp):
        return follow_up.target

    @admin.display(description=_("citizen promise"), ordering="round__charter")
    def charter(self, follow_up: FollowUp) -> Charter:
        return follow_up.round.charter

    @admin.display(description=_("reviews"), ordering="review_count")
    def review_count(self, follow_up: FollowUp) -> int:
        return follow_up.review_count


@admin.register(Review)
class ReviewAdmin(CurrentUserDefaultMixin, TimeStampedAdmin):
    list_display = ["follow_up", "decision", "reviewer", "created_at"]
    list_filter = ["decision", "follow_up__round__charter__status"]
    list_select_related = [
        "follow_up__round",
        "follow_up__activity",
        "follow_up__promise",
        "reviewer",
    ]
    date_hierarchy = "created_at"
    search_fields = [
        "follow_up__activity__title",
        "follow_up__promise__title",
        "comment",
        "reviewer__username",
    ]
    autocomplete_fields = ["follow_up", "reviewer"]
    current_user_fields = ("reviewer",)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """The reminders send_followup_reminders has mailed; deleting one lets it mail again."""

    list_display = ["round", "user", "sent_on"]
    list_select_related = ["round__charter__municipality", "user"]
    date_hierarchy = "sent_on"
    search_fields = ["user__username", "user__email", "round__title"]
    autocomplete_fields = ["user", "round"]


@admin.register(CouncilReport)
class CouncilReportAdmin(TimeStampedAdmin):
    """The reports to the council: their figures are never stored, only the foreword and
    the state; coordinators publish them in the workspace."""

    list_display = ["municipality", "year", "status", "published_at"]
    list_filter = ["status", "year"]
    list_select_related = ["municipality"]
    search_fields = ["municipality__name"]
    autocomplete_fields = ["municipality"]
    readonly_fields = [*TimeStampedAdmin.readonly_fields, "published_at", "published_by"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Residents who follow a kommun by email. The list shows no address: an administrator
    finds one only by searching for the whole address, for a resident who asks what is stored
    about them or to be deleted."""

    list_display = ["__str__", "municipality", "confirmed_at"]
    list_select_related = ["municipality"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["=email"]
    search_help_text = _("The whole email address, as the resident gives it.")
    fields = ["municipality", "email", "follows_charters", "follows_surveys", "language"]
    fields += ["created_at", "confirmed_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["municipality"]


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    """What followers were told of; send_notices mails those not done (clear "everyone mailed"
    to have it try again: nobody gets a mail twice)."""

    list_display = ["__str__", "kind", "object_id", "created_at", "done_at"]
    list_select_related = ["municipality"]
    list_filter = ["kind"]
    search_fields = ["municipality__name"]
    fields = ["municipality", "kind", "object_id", "created_at", "done_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["municipality"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Which follower was mailed which announcement; deleting a row lets send_notices mail it
    again. Found by the whole address only."""

    list_display = ["announcement", "sent_at"]
    list_select_related = ["announcement__municipality"]
    search_fields = ["=subscription__email"]
    raw_id_fields = ["announcement", "subscription"]
