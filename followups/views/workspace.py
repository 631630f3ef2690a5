"""The workspace: pages for coordinators, the police and viewers, behind a login.

Every page here is per user, so it is never cached (unlike the public pages).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from config.lib.workspace import READ_ONLY, workspace_view
from followups import waiting
from followups.models import POLICE_ROLES, CouncilReport, FollowUpRound
from followups.notices.services import follower_count
from followups.permissions import get_municipality_for_workspace
from followups.public.selectors import charter_context, police_areas_of
from followups.views.review import waiting_for_author
from promises.models import Activity, Charter, WalkFinding, current_of
from promises.permissions import EDITABLE_STATES, CharterAccess, get_charter
from situations.models import Membership, Municipality, PoliceArea, SituationReport, Tip
from situations.permissions import may_edit

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# Rounds due within this many days are listed as "due soon"; earlier ones as overdue.
DUE_SOON_DAYS = 30
NEWEST_TIPS = 5
# The dashboard lists this many open safety walk findings; the rest are on the walks' pages.
OPEN_FINDINGS_SHOWN = 30
ALL_ROLES = [role.value for role in Membership.Role]


@dataclass
class KommunRow:
    municipality: Municipality
    charters: list[Charter]
    current: Charter | None
    # Whether the user reads the kommun's workspace; a reporter only reports to its EST, so
    # the row shows them no link to the workspace pages they would be refused.
    readable: bool = True


@dataclass
class TipsOfKommun:
    municipality: Municipality
    count: int
    newest: list[Tip] = field(default_factory=list)
    inbox_url: str = ""


def kommun_rows(user: AbstractBaseUser, today: datetime.date) -> list[KommunRow]:
    """Each kommun in scope with its charters that are not closed, as the user may see them.

    Two queries: the kommuner, each with whether the user reads its workspace (a subquery),
    and their charters (a reporter's kommun shows only public ones).
    """
    open_charters = (
        Charter.objects.visible_to(user)
        .exclude(status=Charter.Status.CLOSED)
        .order_by("-period_start", "id")
    )
    municipalities = (
        Municipality.objects.in_scope(user, ALL_ROLES)
        .annotate(
            readable=Exists(
                Municipality.objects.in_scope(user, Membership.READ_ROLES).filter(
                    pk=OuterRef("pk")
                )
            )
        )
        .order_by("name", "id")
        .prefetch_related(Prefetch("charters", queryset=open_charters, to_attr="open_charters"))
    )
    return [
        KommunRow(m, m.open_charters, current_of(m.open_charters, today), m.readable)
        for m in municipalities
    ]


def unhandled_tips(user: AbstractBaseUser) -> list[TipsOfKommun]:
    """Unhandled tips of the coordinator's kommuner: a count and the newest few of each.

    One query: a window function numbers the tips of each kommun, newest first, and counts them,
    so a superuser's 290 kommuner cost no more than one.
    """
    tips = (
        Tip.objects.unhandled()
        .filter(
            municipality__in=Municipality.objects.in_scope(user, [Membership.Role.COORDINATOR]),
        )
        .select_related("municipality")
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("municipality_id")],
                order_by=[F("created_at").desc(), F("id").desc()],
            ),
            unhandled=Window(Count("id"), partition_by=[F("municipality_id")]),
        )
        .filter(position__lte=NEWEST_TIPS)
        .order_by("municipality__name", "municipality_id", "position")
    )
    groups: dict[int, TipsOfKommun] = {}
    for tip in tips:
        group = groups.get(tip.municipality_id)
        if group is None:
            group = groups[tip.municipality_id] = TipsOfKommun(
                municipality=tip.municipality,
                count=tip.unhandled,
                inbox_url=(
                    reverse("situations:tips", kwargs={"slug": tip.municipality.slug})
                    + "?visa=ohanterade"
                ),
            )
        group.newest.append(tip)
    return list(groups.values())


def charters_waiting(user: AbstractBaseUser, status: str, role: str) -> QuerySet[Charter]:
    """The charters in STATUS of the kommuner where USER has ROLE, by kommun: what waits for
    them (a police manager's review, a coordinator's changes)."""
    return (
        Charter.objects.filter(
            status=status, municipality__in=Municipality.objects.in_scope(user, [role])
        )
        .select_related("municipality")
        .order_by("municipality__name", "period_start", "id")
    )


@workspace_view(methods=READ_ONLY)
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    memberships = list(
        Membership.objects.filter(user=user).select_related(
            "municipality", "police_area", "police_district"
        )
    )
    if not memberships and not user.is_superuser:
        return render(request, "workspace/no_access.html")

    roles = {membership.role for membership in memberships}
    is_coordinator = user.is_superuser or Membership.Role.COORDINATOR in roles
    is_police_manager = user.is_superuser or Membership.Role.POLICE_MANAGER in roles
    # The police review follow-ups; a superuser without a membership is no reviewer.
    is_police = bool(roles & set(POLICE_ROLES))

    # Rounds of charters in force whose report is not out; with_counts() tells in the same
    # query which are overdue (follow-ups missing) and which wait for review or publishing.
    due_rounds = list(
        FollowUpRound.objects.visible_to(user)
        .in_system()
        .due_by(today + datetime.timedelta(days=DUE_SOON_DAYS))
        .filter(charter__status=Charter.Status.PUBLISHED)
        .with_counts()
        .select_related("charter__municipality")
        .order_by("due_on", "charter__municipality__name", "id")
    )
    in_review = []
    if is_police_manager:
        in_review = list(
            charters_waiting(user, Charter.Status.REVIEW, Membership.Role.POLICE_MANAGER)
        )
    sent_back = []
    if is_coordinator:
        sent_back = list(
            charters_waiting(user, Charter.Status.DRAFT, Membership.Role.COORDINATOR).exclude(
                review_comment=""
            )
        )
    open_findings = []
    if is_coordinator:
        open_findings = list(
            WalkFinding.objects.exclude(status=WalkFinding.Status.DONE)
            .filter(
                walk__activity__promise__charter__municipality__in=Municipality.objects.in_scope(
                    user, [Membership.Role.COORDINATOR]
                ),
                # A closed or withdrawn charter's walks can no longer be changed.
                walk__activity__promise__charter__status__in=EDITABLE_STATES,
            )
            .select_related("walk__activity__promise__charter__municipality", "place")
            .order_by("walk__activity__promise__charter__municipality__name", "walk__date", "id")[
                : OPEN_FINDINGS_SHOWN + 1
            ]
        )
    return render(
        request,
        "workspace/dashboard.html",
        {
            "memberships": memberships,
            "kommuner": kommun_rows(user, today),
            "police_areas": list(
                PoliceArea.objects.in_scope(user, ALL_ROLES).order_by("name", "id")
            ),
            "due_rounds": due_rounds,
            "due_soon_days": DUE_SOON_DAYS,
            "is_coordinator": is_coordinator,
            "tips": unhandled_tips(user) if is_coordinator else [],
            "is_police_manager": is_police_manager,
            "in_review": in_review,
            "sent_back": sent_back,
            "to_complete": waiting_for_author(user),
            "is_police": is_police,
            "for_review": waiting.for_review(user) if is_police else None,
            "sent_back_follow_ups": waiting.sent_back(user) if is_coordinator else None,
            "overdue_rounds": waiting.overdue_rounds(user, today) if is_coordinator else None,
            "may_review": user.is_superuser or bool(roles & Membership.READ_ROLES),
            "today": today,
            "open_findings": open_findings[:OPEN_FINDINGS_SHOWN],
            "more_open_findings": len(open_findings) > OPEN_FINDINGS_SHOWN,
        },
    )


def safety_walks(municipality: Municipality, roles: frozenset[str]) -> list[Activity]:
    """The kommun's safety walk activities, each with its walk, how many findings it has and
    how many are fixed, and whether the user may record it. One query.
    """
    activities = list(
        Activity.objects.filter(
            promise__charter__municipality=municipality, kind=Activity.Kind.SAFETY_WALK
        )
        .select_related("promise__charter", "safety_walk")
        .annotate(
            findings_count=Count("safety_walk__findings"),
            fixed_count=Count(
                "safety_walk__findings",
                filter=Q(safety_walk__findings__status=WalkFinding.Status.DONE),
            ),
        )
        .order_by("-promise__charter__period_start", "promise__order", "order", "id")
    )
    for activity in activities:
        access = CharterAccess(activity.promise.charter, roles)
        activity.may_record = access.is_editable and access.can_edit_promise(activity.promise)
    return activities


@workspace_view(methods=READ_ONLY)
def municipality_workspace(request: HttpRequest, slug: str) -> HttpResponse:
    """A kommun in the workspace: its charters in every state, its lägesbilder, its places and
    tips."""
    municipality, roles = get_municipality_for_workspace(request, slug)
    charters = list(
        Charter.objects.filter(municipality=municipality)
        .annotate(promise_count=Count("promises"))
        .order_by("-period_start", "id")
    )
    reports = list(
        SituationReport.objects.filter(municipality=municipality).order_by("-period_start", "id")
    )
    # The follow-up rounds of the charters in force and closed, with what each lacks.
    rounds = list(
        FollowUpRound.objects.filter(
            charter__municipality=municipality,
            charter__status__in=Charter.Status.public_values(),
        )
        .with_counts()
        .select_related("charter")
        .order_by("-charter__period_start", "charter_id", "period_start", "id")
    )
    # A council report per year a published or closed charter covers, with its state.
    stored = {
        report.year: report
        for report in CouncilReport.objects.filter(municipality=municipality).only(
            "pk", "year", "status", "municipality_id"
        )
    }
    years = {
        year
        for charter in charters
        if charter.is_public
        for year in range(charter.period_start.year, charter.period_end.year + 1)
    }
    council_years = [
        (year, stored.get(year)) for year in sorted(years | set(stored), reverse=True)
    ]
    return render(
        request,
        "workspace/municipality.html",
        {
            "municipality": municipality,
            "charters": charters,
            "reports": reports,
            "rounds": rounds,
            "council_years": council_years,
            "police_areas": police_areas_of(municipality),
            "followers": follower_count(municipality),
            "safety_walks": safety_walks(municipality, frozenset(roles)),
            "is_coordinator": Membership.Role.COORDINATOR in roles,
            "may_edit": may_edit(roles),
        },
    )


@workspace_view(methods=READ_ONLY)
def charter_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """A charter exactly as residents will read it, drafts included, under a banner."""
    access = get_charter(request, pk, "can_preview")
    charter = access.charter
    current = Charter.objects.current_for(charter.municipality)
    return render(
        request,
        "followups/workspace/charter_preview.html",
        {
            "municipality": charter.municipality,
            **charter_context(charter),
            # A draft or a newer charter is never "earlier": only one the current replaced.
            "is_current": current is None or charter.period_start >= current.period_start,
            "access": access,
        },
    )
