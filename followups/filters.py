"""Filters of the review dashboard: every follow-up in the user's scope, narrowed down.

The choices of kommun, LPO and round come from lists the view has already loaded for the
user's scope, so that the filter form costs no queries of its own, whatever is chosen.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from followups.models import FollowUp, FollowUpRound, Review
from promises.models import Activity, Charter, Party, Promise
from situations.models import Municipality, PoliceArea

PERIOD_SEPARATOR = "_"
UNREVIEWED = "none"


def period_value(start: datetime.date, end: datetime.date) -> str:
    """The value of a round period in the address: 2026-07-01_2026-09-30."""
    return f"{start.isoformat()}{PERIOD_SEPARATOR}{end.isoformat()}"


def parse_period(value: str) -> tuple[datetime.date, datetime.date] | None:
    try:
        start, end = value.split(PERIOD_SEPARATOR)
        return datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    except ValueError:
        return None


def overdue_rounds(rounds: QuerySet[FollowUpRound], today: datetime.date) -> QuerySet:
    """Rounds of published charters past their due date, with their report not yet published.

    Whether a follow-up is actually missing is asked per round with missing_counts(); a round
    that is complete but not yet published is still waiting for its report, not overdue.
    """
    return rounds.filter(
        due_on__lt=today,
        published_at__isnull=True,
        charter__status=Charter.Status.PUBLISHED,
    )


def expected_activities(owner: str = "") -> QuerySet[Activity]:
    """Activities of the outer round's charter: each needs a follow-up in every round."""
    activities = Activity.objects.filter(promise__charter=OuterRef("charter"))
    return activities.filter(promise__owner=owner) if owner else activities


def missing_activities(owner: str = "") -> QuerySet[Activity]:
    """Activities of the outer round's charter that have no follow-up in that round."""
    followed_up = FollowUp.objects.filter(round=OuterRef(OuterRef("pk")), activity=OuterRef("pk"))
    return expected_activities(owner).filter(~Exists(followed_up))


class ReviewFilter(django_filters.FilterSet):
    """Narrow the follow-ups of the review dashboard.

    The round is chosen by its period, not by one charter's round: an officer who covers
    many kommuner picks "Kvartal 3 2026" once and sees it in every kommun.
    """

    REVIEW_STATES = [
        (UNREVIEWED, _("Not reviewed")),
        (Review.Decision.APPROVED.value, _("Approved")),
        (Review.Decision.NEEDS_CHANGES.value, _("Needs changes")),
    ]

    municipality = django_filters.ChoiceFilter(
        label=_("Municipality"),
        empty_label=_("All municipalities"),
        method="filter_municipality",
    )
    police_area = django_filters.ChoiceFilter(
        label=_("Local police area"),
        empty_label=_("All local police areas"),
        method="filter_police_area",
    )
    owner = django_filters.ChoiceFilter(
        label=_("Promise made by"),
        choices=Party.choices,
        empty_label=_("Everyone"),
        method="filter_owner",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status of the activity"),
        choices=FollowUp.Status.choices,
        empty_label=_("All statuses"),
    )
    assessment = django_filters.ChoiceFilter(
        label=_("Assessment of the promise"),
        choices=Promise.Assessment.choices,
        empty_label=_("All assessments"),
    )
    round = django_filters.ChoiceFilter(
        label=_("Follow-up round"),
        empty_label=_("All rounds"),
        method="filter_round",
    )
    review = django_filters.ChoiceFilter(
        label=_("Review"),
        choices=REVIEW_STATES,
        empty_label=_("Reviewed or not"),
        method="filter_review",
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only overdue rounds"),
        widget=forms.CheckboxInput,
        method="filter_overdue",
    )

    class Meta:
        model = FollowUp
        fields = []

    def __init__(
        self,
        data=None,
        queryset=None,
        *,
        municipalities: Iterable[Municipality],
        police_areas: Iterable[PoliceArea],
        periods: Iterable[tuple[datetime.date, datetime.date, str]],
        today: datetime.date | None = None,
        **kwargs,
    ) -> None:
        super().__init__(data, queryset, **kwargs)
        self.today = today or timezone.localdate()
        self.filters["municipality"].extra["choices"] = [(m.pk, m.name) for m in municipalities]
        self.filters["police_area"].extra["choices"] = [(a.pk, a.name) for a in police_areas]
        self.filters["round"].extra["choices"] = [
            (period_value(start, end), f"{title} ({start:%Y-%m-%d} – {end:%Y-%m-%d})")
            for start, end, title in periods
        ]

    @property
    def chosen(self) -> dict:
        """The valid choices, or none when the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.form.cleaned_data.items() if value}

    @property
    def qs(self) -> QuerySet[FollowUp]:
        # An invalid choice (a kommun outside the scope, a typed-in period) filters nothing
        # rather than showing an empty page; the form says what was wrong.
        if self.is_bound and not self.is_valid():
            return self.queryset.all()
        return super().qs

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(round__charter__municipality_id=value)

    def filter_police_area(self, queryset, name, value):
        return queryset.filter(round__charter__police_area_id=value)

    def filter_owner(self, queryset, name, value):
        return queryset.filter(Q(activity__promise__owner=value) | Q(promise__owner=value))

    def filter_round(self, queryset, name, value):
        start, end = parse_period(value)
        return queryset.filter(round__period_start=start, round__period_end=end)

    def filter_review(self, queryset, name, value):
        reviews = Review.objects.filter(follow_up=OuterRef("pk"))
        if value == UNREVIEWED:
            return queryset.filter(~Exists(reviews))
        latest = reviews.order_by("-created_at", "-id").values("decision")[:1]
        return queryset.alias(latest_decision=Subquery(latest)).filter(latest_decision=value)

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        rounds = overdue_rounds(FollowUpRound.objects.all(), self.today)
        return queryset.filter(round__in=rounds.filter(Exists(missing_activities())))

    # The overdue rounds with what is missing in them follow the same choices.

    def round_filters(self) -> dict:
        """The choices that narrow rounds (and the activities expected in them)."""
        chosen = self.chosen
        lookups = {}
        if "municipality" in chosen:
            lookups["charter__municipality_id"] = chosen["municipality"]
        if "police_area" in chosen:
            lookups["charter__police_area_id"] = chosen["police_area"]
        if "round" in chosen:
            start, end = parse_period(chosen["round"])
            lookups["period_start"], lookups["period_end"] = start, end
        return lookups

    @property
    def counts_missing(self) -> bool:
        """Missing follow-ups have no status, assessment or review: choosing one hides them."""
        return not {"status", "assessment", "review"} & set(self.chosen)
