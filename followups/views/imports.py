"""Importing a citizen promise from its JSON on the kommun's workspace page: upload or paste,
preview what will be created or updated, confirm. The import is always a draft."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from config.lib import ratelimit
from config.lib.workspace import GET_AND_POST, workspace_view
from followups.forms import CharterImportForm
from followups.opendata import CharterImportError, charter_import
from followups.opendata.reading import ImportAction, ImportResult
from promises.permissions import get_municipality_for_new_charter


@workspace_view(methods=GET_AND_POST)
def charter_import_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Whoever may start a charter for the kommun may import one; it arrives as a draft."""
    municipality = get_municipality_for_new_charter(request, slug)
    form = CharterImportForm(request.POST or None, request.FILES or None)
    preview: ImportResult | None = None
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        rate = getattr(settings, "CHARTER_IMPORT_RATE_LIMIT", "60/h")
        limit = ratelimit.hit(request, "charter_import", rate)
        if not limit.allowed:
            form.add_error(
                None,
                _("Too many imports in a short time; try again in %(minutes)s minutes.")
                % {"minutes": limit.retry_after_minutes},
            )
        elif form.is_valid():
            confirmed = request.POST.get("confirm") == "1"
            try:
                result = charter_import(
                    data=form.cleaned_data["data"],
                    user=request.user,
                    municipality=municipality,
                    dry_run=not confirmed,
                )
            except CharterImportError as error:
                errors = error.errors_by_path
            else:
                if not confirmed or result.action == ImportAction.UNCHANGED:
                    preview = result
                else:
                    done = {
                        ImportAction.CREATED: _(
                            "%(title)s is imported as a draft: %(summary)s. Check it, then "
                            "send it for review."
                        ),
                        ImportAction.UPDATED: _(
                            "The draft %(title)s is updated from the file: %(summary)s."
                        ),
                    }[result.action]
                    messages.success(
                        request,
                        done % {"title": result.charter.title, "summary": result.summary},
                    )
                    return redirect("promises:charter", pk=result.charter.pk)
    return render(
        request,
        "followups/workspace/charter_import.html",
        {
            "municipality": municipality,
            "form": form,
            "errors": errors,
            "preview": preview,
            "unchanged": preview is not None and preview.action == ImportAction.UNCHANGED,
            "json": form.cleaned_data.get("json", "") if form.is_bound and form.is_valid() else "",
        },
    )
