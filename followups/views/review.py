"""The review dashboard: every follow-up in the user's scope, and the review of each.

The dashboard is built to cost the same few queries for one kommun and for the whole country
(docs/design.md): one grouped query counts the follow-ups per kommun and status, and those
counts give the status totals, the chart, its table and the paginator's count; then the ids
of one page, and those follow-ups with what the list shows. bench/review_dashboard.py times
it on the national demo data.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import (
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.lib import editing, workspace
from config.lib.lookups import AnyOf
from config.lib.workspace import GET_AND_POST, POST_ONLY, READ_ONLY, workspace_view
from followups import services
from followups.charts import Series, StackedBarChart, stacked_bar_chart
from followups.filters import ReviewFilter, rounds_of
from followups.forms import BulkReviewForm, ReviewForm
from followups.models import (
    FollowUp,
    FollowUpRound,
    Review,
)
from followups.permissions import FollowUpAccess, get_follow_up, get_review_scope
from followups.progress import FORMULA
from followups.review_changes import changes_since_review
from followups.views.bulk import loaded_token, review_in_bulk
from followups.views.review_progress import public_progress
from followups.views.review_reads import (
    OverdueRound,
    ScopeIds,
    ScopeRound,
    counts_by_kommun,
    list_order,
    list_rows,
    periods_of,
    police_areas_of,
    rounds_in_scope,
    rounds_with_missing,
    row_rounds,
)
from promises.models import Promise
from situations.models import Municipality

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

PER_PAGE = 50
MISSING = "missing"

# The chart's segments: the activity statuses, from done to cancelled, then what is missing.
# The colours are those of the status badges (static/css/site.css).
SERIES = [
    Series(FollowUp.Status.DONE.value, FollowUp.Status.DONE.label, "#1f6a3a"),
    Series(FollowUp.Status.ONGOING.value, FollowUp.Status.ONGOING.label, "#0b4f8a"),
    Series(FollowUp.Status.NOT_STARTED.value, FollowUp.Status.NOT_STARTED.label, "#9aa0ab"),
    Series(FollowUp.Status.DELAYED.value, FollowUp.Status.DELAYED.label, "#c77700"),
    Series(FollowUp.Status.CANCELLED.value, FollowUp.Status.CANCELLED.label, "#8a1c1c"),
    # Hatched (the pattern is in the chart's template): nothing was reported there.
    Series(MISSING, gettext_lazy("missing in an overdue round"), "url(#missing-hatch)"),
]


class CountedPaginator(Paginator):
    """A paginator told its count, which the grouped counts already hold: one query less."""

    def __init__(self, object_list, per_page, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


@dataclass
class KommunRow:
    """The follow-ups of one kommun by status, a row of the chart's table."""

    municipality: Municipality
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def cells(self) -> str:
        """The row's numbers and its total as table cells.

        Written here rather than in the template: for the whole country that is 290 rows
        of eight numbers, and the template's loop over them cost more than the query.
        """
        numbers = [self.counts.get(series.key, 0) for series in SERIES]
        # Integers only: nothing to escape.
        return mark_safe("".join(f'<td class="text-end">{n}</td>' for n in [*numbers, self.total]))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Counts:
    """What the filtered follow-ups add up to, per status and per kommun."""

    statuses: dict[str, int]
    assessments: dict[str, int]
    rows: list[KommunRow]
    listed: int  # follow-ups in the list: every status and every assessment

    @property
    def status_rows(self) -> list[tuple[Series, int]]:
        return [(series, self.statuses.get(series.key, 0)) for series in SERIES]

    @property
    def assessment_rows(self) -> list[tuple[str, int]]:
        return [
            (label, self.assessments.get(value, 0)) for value, label in Promise.Assessment.choices
        ]

    @property
    def chart(self) -> StackedBarChart:
        return stacked_bar_chart(
            SERIES, [(row.municipality.name, row.counts) for row in self.rows if row.total]
        )


def count_follow_ups(
    follow_ups: QuerySet[FollowUp],
    municipalities: list[Municipality],
    overdue: list[OverdueRound],
    *,
    with_missing: bool,
    kommun_of_round: dict[int, int] | None = None,
    whole_scope: bool = False,
) -> Counts:
    """The filtered follow-ups by kommun, status and assessment, and what is missing
    (WHOLE_SCOPE: see counts_by_kommun)."""
    rows = {m.pk: KommunRow(m) for m in municipalities}
    statuses: dict[str, int] = defaultdict(int)
    assessments: dict[str, int] = defaultdict(int)
    for kommun_id, status, assessment, total in counts_by_kommun(
        follow_ups, kommun_of_round, whole_scope=whole_scope
    ):
        row, number = rows[kommun_id], int(total)  # PostgreSQL sums into a numeric
        if status:
            statuses[status] += number
            row.counts[status] = row.counts.get(status, 0) + number
        else:
            assessments[assessment] += number
    listed = sum(statuses.values()) + sum(assessments.values())
    if with_missing:
        for round_ in overdue:
            row = rows[round_.municipality_id]
            row.counts[MISSING] = row.counts.get(MISSING, 0) + round_.missing
            statuses[MISSING] += round_.missing
    return Counts(dict(statuses), dict(assessments), list(rows.values()), listed)


def review_filter(
    request: HttpRequest,
    municipalities: list[Municipality],
    today: datetime.date,
    *,
    for_form: bool = True,
    rounds: list[ScopeRound] | None = None,
) -> ReviewFilter:
    """The filters of the review list, chosen in REQUEST's query string, over the scope.

    The choices of LPO and round cost a query each; without FOR_FORM (a follow-up's page,
    which only needs the list, not the form) they are read only when the query chooses them.
    Given ROUNDS, the rounds in scope (rounds_in_scope), the round choices are theirs and
    the follow-ups in scope are those of their ids.
    """
    # A superuser sees every kommun: no scope condition at all, rather than 290 ids.
    kommun_ids = None if request.user.is_superuser else [m.pk for m in municipalities]
    in_scope = {} if kommun_ids is None else {"charter__municipality_id__in": kommun_ids}
    chosen = request.GET
    follow_ups = FollowUp.objects.all()
    periods: list[tuple[datetime.date, datetime.date, str]] = []
    if rounds is not None:
        periods = periods_of(rounds)
        follow_ups = follow_ups.filter(AnyOf(F("round_id"), [round_.pk for round_ in rounds]))
    else:
        if kommun_ids is not None:
            follow_ups = follow_ups.filter(
                round__in=rounds_of(charter__municipality_id__in=kommun_ids)
            )
        if for_form or chosen.get("round"):
            periods = list(
                FollowUpRound.objects.filter(**in_scope)
                .values_list("period_start", "period_end")
                .annotate(title=Min("title"))
                .order_by("-period_start", "period_end")
            )
    return ReviewFilter(
        chosen or None,
        queryset=follow_ups,
        municipalities=municipalities,
        police_areas=police_areas_of(kommun_ids) if for_form or chosen.get("police_area") else [],
        periods=periods,
        today=today,
        request=request,
    )


@workspace_view(methods=GET_AND_POST)
def review_dashboard(request: HttpRequest) -> HttpResponse:
    """Every follow-up in scope, filtered; counts per status and kommun; a page of the list,
    with the form that reviews many of them at once (followups.views.bulk)."""
    municipalities = get_review_scope(request)
    may_review = any(m.reviews for m in municipalities)
    bulk_form = BulkReviewForm(request.POST or None, prefix="bulk")
    if request.method == "POST":
        if not may_review:
            raise PermissionDenied
        if bulk_form.is_valid():
            review_in_bulk(request, bulk_form, municipalities)
            # Back to the list as it was filtered, its filters in the address posted to.
            return redirect(request.get_full_path())

    today = timezone.localdate()
    kommun_ids = None if request.user.is_superuser else [m.pk for m in municipalities]
    # A superuser's scope is every round: their follow-ups are counted without a list.
    rounds = None if kommun_ids is None else rounds_in_scope(kommun_ids)
    filterset = review_filter(request, municipalities, today, rounds=rounds)
    filtered = filterset.qs
    overdue = rounds_with_missing(filterset, kommun_ids, today)
    # Nothing chosen: the follow-ups are those of the rounds in scope (as the filter's
    # queryset says), read by queries compiled once per process.
    whole_scope = rounds is not None and not filterset.chosen
    counts = count_follow_ups(
        filtered,
        municipalities,
        overdue,
        with_missing=filterset.counts_missing,
        kommun_of_round=None if rounds is None else {r.pk: r.municipality_id for r in rounds},
        whole_scope=whole_scope,
    )

    # The page's ids are found on the follow-ups alone (from their index, newest first), then
    # only those 50 rows are joined with what the list shows. In one query, PostgreSQL joins
    # every matching follow-up before it keeps 50, which took half a second nationally.
    paginator = CountedPaginator(
        ScopeIds([r.pk for r in rounds])
        if whole_scope and rounds is not None
        else list_order(filtered).values_list("pk", flat=True),
        PER_PAGE,
        count=counts.listed,
    )
    page = paginator.get_page(request.GET.get("sida"))
    list_query = request.GET.urlencode()
    rows, bulk_rounds = list_rows(
        list(page.object_list),
        list_query,
        rounds=None if rounds is None else row_rounds(rounds, municipalities),
        selected=bulk_form.selected_ids,
    )
    return render(
        request,
        "followups/review/dashboard.html",
        {
            "filter": filterset,
            "counts": counts,
            "series": SERIES,
            "overdue": overdue,
            "page_obj": page,
            "rows": rows,
            "scope_size": len(municipalities),
            "today": today,
            "public_progress": public_progress(kommun_ids, filterset.chosen),
            "one_kommun": "municipality" in filterset.chosen,
            "progress_formula": FORMULA,
            "list_query": list_query,
            "may_review": may_review,
            "bulk_form": bulk_form,
            "bulk_rounds": bulk_rounds,
            "loaded": loaded_token(),
        },
    )


# The follow-up page -----------------------------------------------------------------------


@dataclass
class ReviewedFollowUp:
    """A follow-up as its page shows it, and, for a review, its row locked as it is now."""

    access: FollowUpAccess
    locked: FollowUp | None = None

    @property
    def follow_up(self) -> FollowUp:
        return self.locked or self.access.follow_up


@dataclass
class ListPlace:
    """Where a follow-up is in the review list as filtered by the query string the page was
    opened with: its neighbours, and the way back to the list."""

    query: str  # the list's filters and page, for the links to the neighbours and back
    previous: int | None = None
    next: int | None = None

    @property
    def back_url(self) -> str:
        return reverse("followups:review") + (f"?{self.query}" if self.query else "")


def place_in_list(request: HttpRequest, follow_up: FollowUp) -> ListPlace:
    """FOLLOW_UP's neighbours in the review list filtered by REQUEST's query string.

    Three queries (the scope, the previous, the next), and one for each of an LPO or a
    round chosen (to check the choice). Its position is not counted: a count of the list
    costs 60-80 ms nationally, ten times the rest.
    """
    filtered = review_filter(
        request, get_review_scope(request), timezone.localdate(), for_form=False
    ).qs
    day, pk = follow_up.reported_on, follow_up.pk
    # The redundant bound on the day lets PostgreSQL walk the list's index from the follow-up
    # on, rather than test every row of the list: 5 ms instead of 100-300 nationally.
    newer = Q(reported_on__gte=day) & (Q(reported_on__gt=day) | Q(reported_on=day, pk__gt=pk))
    older = Q(reported_on__lte=day) & (Q(reported_on__lt=day) | Q(reported_on=day, pk__lt=pk))
    return ListPlace(
        query=request.GET.urlencode(),
        previous=filtered.filter(newer)
        .order_by("reported_on", "id")
        .values_list("pk", flat=True)
        .first(),
        next=list_order(filtered.filter(older)).values_list("pk", flat=True).first(),
    )


def follow_up_page(
    request: HttpRequest,
    page: ReviewedFollowUp,
    form: ReviewForm,
    state: editing.PageState,
) -> HttpResponse:
    access = page.access
    if state.conflict is not None:
        # The page shows the follow-up as the other person saved it.
        access.follow_up.refresh_from_db()
    follow_up = access.follow_up
    reviews = list(follow_up.reviews.select_related("reviewer").order_by("-created_at", "-id"))
    latest = reviews[0] if reviews else None
    return render(
        request,
        "followups/review/follow_up.html",
        {
            "follow_up": follow_up,
            "charter": follow_up.round.charter,
            "access": access,
            "reviews": reviews,
            "latest": latest,
            "since_review": changes_since_review(follow_up, latest),
            "place": place_in_list(request, follow_up),
            "form": form,
            "version_form": state.version,
            "conflict": state.conflict,
        },
        status=state.status,
    )


@workspace_view(methods=GET_AND_POST)
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """A follow-up with its texts and evidence, its reviews and, for a reviewer, the decision."""

    def load(for_update: bool) -> ReviewedFollowUp:
        page = ReviewedFollowUp(get_follow_up(request, pk, "can_read"))
        if for_update:
            if not page.access.can_review:
                raise PermissionDenied
            # Locked, so that a save of the follow-up and this review take turns: the review
            # is of the version the reviewer read, or the page says what changed since.
            page.locked = FollowUp.objects.select_for_update(of=("self",)).get(pk=pk)
        return page

    def save(page: ReviewedFollowUp, form: ReviewForm) -> HttpResponse | None:
        if not form.is_valid():
            return None
        try:
            review = services.follow_up_review(
                follow_up=page.follow_up,
                user=request.user,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return None
        messages.success(
            request,
            _("The follow-up is approved.")
            if review.decision == Review.Decision.APPROVED
            else _(
                "The follow-up is sent back with your comment. Its author sees it in "
                "their overview."
            ),
        )
        # Back to the page with the list's filters, for its links to the next follow-up.
        return redirect(request.get_full_path())

    return editing.edit(
        request,
        load=load,
        objects=lambda page: [page.follow_up],
        histories=lambda page: [FollowUp.history.filter(id=page.follow_up.pk)],
        bind=lambda page, data: ReviewForm(data),
        save=save,
        render=partial(follow_up_page, request),
    )


@workspace_view(methods=READ_ONLY)
def follow_up_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change of the follow-up and every review of it, newest first.

    Those who enter the follow-up may put an earlier version of it back; reviews are a record
    of what a reviewer decided and are never undone.
    """
    access = get_follow_up(request, pk, "can_read")
    follow_up = access.follow_up
    may_edit = access.can_edit
    return workspace.history_page(
        request,
        subject=follow_up,
        histories=[
            FollowUp.history.filter(id=follow_up.pk),
            Review.history.filter(follow_up_id=follow_up.pk),
        ],
        may_restore=lambda record: may_edit,
        restore_url=lambda entry: reverse(
            "followups:follow_up_restore",
            kwargs={"pk": follow_up.pk, "history_id": entry.history_id},
        ),
        back_url=reverse("followups:follow_up", kwargs={"pk": follow_up.pk}),
        restorable=(FollowUp,),
    )


@workspace_view(methods=POST_ONLY)
def follow_up_restore(request: HttpRequest, pk: int, history_id: int) -> HttpResponse:
    """Put back one version of the follow-up, as a new change in its history."""
    with transaction.atomic():
        access = get_follow_up(request, pk, "can_edit")
        # Locked like a save of the round's page, so that the two take turns.
        FollowUpRound.objects.select_for_update().filter(pk=access.follow_up.round_id).get()
        record = workspace.find_record(
            {"followup": FollowUp.history.filter(id=access.follow_up.pk)}, "followup", history_id
        )
        return workspace.restore_record(
            request,
            record,
            back_url=reverse("followups:follow_up_history", kwargs={"pk": pk}),
            keep=("round", "activity", "promise"),
            save=lambda instance: services.follow_up_save(follow_up=instance, user=request.user),
        )


def waiting_for_author(user: AbstractBaseUser) -> list[Review]:
    """Follow-ups USER wrote that a reviewer sent back and that are unchanged since: one query.

    Once the author saves the follow-up again it waits for the reviewer, not for them.
    """
    later = Review.objects.filter(
        follow_up=OuterRef("follow_up"), created_at__gt=OuterRef("created_at")
    )
    return list(
        Review.objects.filter(
            follow_up__author=user,
            decision=Review.Decision.NEEDS_CHANGES,
            follow_up__updated_at__lte=F("created_at"),
        )
        .filter(~Exists(later))
        .select_related(
            "reviewer",
            "follow_up__round__charter__municipality",
            "follow_up__activity",
            "follow_up__promise",
        )
        .order_by("-created_at", "-id")
    )
