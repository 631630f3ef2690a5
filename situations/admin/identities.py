"""The admin of single sign-on identities: the administrator links one by hand for someone
whose provider sends no verified address."""

from django.contrib import admin

from situations.models import ExternalIdentity


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "provider", "subject", "created_at", "last_used_at"]
    list_filter = ["provider"]
    search_fields = ["user__username", "user__email", "subject"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at", "last_used_at"]
