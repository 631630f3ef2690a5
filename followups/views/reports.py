"""A follow-up round's report: publishing it to residents, and its export for the lokalt BRÅ.

The kommun page shows a published report (followups/public/selectors.py); the Atom feed
announces it (followups/opendata/feeds.py). The export here is for the workspace, internal texts
included.
"""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from config.lib.cells import csv_cell
from config.lib.workspace import GET_AND_POST, READ_ONLY, workspace_view
from followups import services
from followups.forms import RoundPublishForm
from followups.models import FollowUp, FollowUpRound, Review
from followups.permissions import get_round
from promises.models import Activity, Promise


def charter_url(round_: FollowUpRound) -> str:
    return reverse("promises:charter", kwargs={"pk": round_.charter_id})


@workspace_view(methods=GET_AND_POST)
def round_publish(request: HttpRequest, round_pk: int) -> HttpResponse:
    """Show what the report still lacks, or publish it with a summary for residents."""
    with transaction.atomic():
        # Locked on POST, so that two coordinators publishing at once take turns.
        access = get_round(request, round_pk, "can_publish", for_update=request.method == "POST")
        round_ = access.round
        if round_.published_at is not None:
            messages.info(request, _("The report of this round is already published."))
            return redirect(charter_url(round_))
        form = RoundPublishForm(request.POST or None, instance=round_)
        problems = []
        if request.method == "POST" and form.is_valid():
            try:
                services.round_publish(
                    round_=round_, summary=form.cleaned_data["summary"], user=request.user
                )
            except ValidationError as error:
                # Refused: the list again, each item with who must act and a link to it.
                problems = services.round_missing(round_) or error.messages
            else:
                messages.success(
                    request,
                    _("The report of %(round)s is published on the municipality's page.")
                    % {"round": round_.display_title},
                )
                return redirect(charter_url(round_))
        else:
            problems = services.round_missing(round_)
    return render(
        request,
        "followups/workspace/round_publish.html",
        {
            "round": round_,
            "charter": round_.charter,
            "form": form,
            "problems": problems,
            "refused": request.method == "POST",
            "back_url": charter_url(round_),
        },
    )


@workspace_view(methods=READ_ONLY)
def round_csv(request: HttpRequest, round_pk: int) -> HttpResponse:
    """The round for the lokalt BRÅ: one row per promise and per activity, internal texts too.

    A promise or activity without a follow-up has its row all the same, with the status
    empty, so that the meeting sees what is missing. Four queries after the access check:
    promises, their activities, the round's follow-ups with authors, their reviews.
    """
    access = get_round(request, round_pk, "can_read")
    round_ = access.round
    promises = Promise.objects.filter(charter=round_.charter_id).prefetch_related(
        Prefetch("activities", queryset=Activity.objects.order_by("order", "id"))
    )
    follow_ups = (
        FollowUp.objects.filter(round=round_)
        .select_related("author")
        .prefetch_related(
            # Newest first: the first is the latest review.
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer"))
        )
    )
    by_activity = {f.activity_id: f for f in follow_ups if f.activity_id}
    by_promise = {f.promise_id: f for f in follow_ups if f.promise_id}

    buffer = io.StringIO()
    # Like the open data CSV files: a byte order mark for Excel, semicolons for Swedish Excel.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        [
            _("Promise order"),
            _("Promise"),
            _("Owner"),
            _("Activity"),
            _("Responsible"),
            _("Public"),
            _("Status or assessment"),
            _("Reason"),
            _("What was done (internal)"),
            _("What was done (for residents)"),
            _("Link to evidence"),
            _("Author"),
            _("Reported on"),
            _("Latest review"),
            _("Review comment"),
            _("Reviewed by"),
            _("Reviewed on"),
        ]
    )
    predates = round_.predates_system
    for promise in promises.order_by("order", "id"):
        promise_cells = [promise.order, promise.title or promise.text, promise.get_owner_display()]
        follow_up = by_promise.get(promise.pk)
        cells = _cells(follow_up, predates_system=predates)
        writer.writerow([csv_cell(cell) for cell in [*promise_cells, "", "", "", *cells]])
        for activity in promise.activities.all():
            responsible = activity.get_responsible_party_display()
            if activity.responsible_function:
                responsible += f" ({activity.responsible_function})"
            follow_up = by_activity.get(activity.pk)
            public = _("yes") if activity.is_public else _("no")
            writer.writerow(
                [
                    csv_cell(cell)
                    for cell in [
                        *promise_cells,
                        activity.title,
                        responsible,
                        public,
                        *_cells(follow_up, predates_system=predates),
                    ]
                ]
            )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = slugify(f"{round_.charter.municipality.name} {round_.title}") + ".csv"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response


def _cells(follow_up: FollowUp | None, *, predates_system: bool = False) -> list:
    """The follow-up's columns of the export; empty ones when there is none yet.

    PREDATES_SYSTEM: the round was due before its charter was entered here (see
    FollowUpRound.predates_system), and what it lacks was never followed up in this system.
    """
    if follow_up is None:
        if predates_system:
            return [_("Not followed up in the system"), *[""] * 10]
        return [_("not followed up"), *[""] * 10]
    if follow_up.activity_id:
        state = follow_up.get_status_display()
    else:
        state = follow_up.get_assessment_display()
    latest = next(iter(follow_up.reviews.all()), None)
    author = follow_up.author
    return [
        state,
        follow_up.reason,
        follow_up.narrative_internal,
        follow_up.narrative_public,
        follow_up.evidence_url,
        (author.get_full_name() or author.username) if author else "",
        follow_up.reported_on,
        (
            _("not reviewed")
            if latest is None
            else latest.get_decision_display()
            if follow_up.review_decision
            else _("Changed after review: to be reviewed again")
        ),
        latest.comment if latest else "",
        (latest.reviewer.get_full_name() or latest.reviewer.username) if latest else "",
        latest.created_at if latest else "",
    ]
