"""The area at a glance: every kommun in the user's scope on one page (followups.area)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from config.lib.workspace import READ_ONLY, workspace_view
from followups.area import (
    AreaForm,
    Totals,
    Words,
    area_rows,
    is_police,
    narrowed,
    police_areas_in,
    row_html,
)
from followups.permissions import get_review_scope


@workspace_view(methods=READ_ONLY)
def area(request: HttpRequest) -> HttpResponse:
    """Each kommun the user reads: its charter, its latest round and what waits, with totals.

    Read-only for everyone: each figure links to the review dashboard, where the work is done.
    """
    municipalities = get_review_scope(request)
    today = timezone.localdate()
    reviews = is_police(request.user)
    rows = area_rows(request.user, municipalities, today, reviews=reviews)
    police_areas = police_areas_in(rows)
    form = AreaForm(request.GET or None, police_areas=police_areas)
    shown = narrowed(rows, form.chosen)
    several_areas = len(police_areas) > 1
    words = Words()
    return render(
        request,
        "followups/area.html",
        {
            "form": form,
            "kommuner": shown,
            "rows": [
                row_html(row, several_areas=several_areas, reviews=reviews, words=words)
                for row in shown
            ],
            "totals": Totals.of(shown),
            "several_areas": several_areas,
            "reviews": reviews,
            "scope_size": len(municipalities),
            "today": today,
        },
    )
