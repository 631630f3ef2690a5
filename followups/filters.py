"""Filters of the review dashboard: every follow-up in the user's scope, narrowed down.

The choices of kommun, LPO and round come from lists the view has already loaded for the
user's scope, so that the filter form costs no queries of its own, whatever is chosen.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Iterable
from typing import Any, Protocol

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from followups.models import FollowUp, FollowUpRound, Review
from followups.permissions import sent_back_to, waiting_for_review_by
from followups.rounds import display_title
from promises.models import Activity, Party, Promise

PERIOD_SEPARATOR = "_"
UNREVIEWED = "none"
# The values of the "waiting" filter: what waits for the user (the dashboard's counts).
FOR_MY_REVIEW = "review"
SENT_BACK_TO_ME = "changes"


def period_value(start: datetime.date, end: datetime.date) -> str:
    """The value of a round period in the address: 2026-07-01_2026-09-30."""
    return f"{start.isoformat()}{PERIOD_SEPARATOR}{end.isoformat()}"


def parse_period(value: str) -> tuple[datetime.date, datetime.date] | None:
    try:
        start, end = value.split(PERIOD_SEPARATOR)
        return datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    except ValueError:
        return None


class Choice(Protocol):
    """A kommun or an LPO to choose: a model instance, or its id and name alone."""

    @property
    def pk(self) -> Any: ...

    @property
    def name(self) -> str: ...


def rounds_of(**lookups) -> QuerySet:
    """The ids of the rounds matching LOOKUPS, for a follow-up's round__in."""
    return FollowUpRound.objects.filter(**lookups).values("pk")


class QuickSelect(forms.Select):
    """A select list written out in Python.

    The kommun list of the whole country has 290 options, and Django's widget templates
    render each option as a template of its own: that took longer than all the queries.
    """

    def render(self, name, value, attrs=None, renderer=None) -> str:
        chosen = set(self.format_value(value))
        # Escaped as format_html() would, without its cost per option (a third of the form).
        options = "".join(
            f'<option value="{_escaped(key)}"{" selected" if str(key) in chosen else ""}>'
            f"{_escaped(label)}</option>"
            for key, label in self.choices
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{_escaped(name)}"{attrs}>{options}</select>')


class QuickCheckbox(forms.CheckboxInput):
    """A check box written out in Python, as input.html writes it: its widget templates cost
    more than the rest of the filter form's field (QuickSelect)."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        attrs = self.build_attrs(self.attrs, attrs)
        if self.check_test(value):
            attrs["checked"] = True
        shown = self.format_value(value)
        given = "" if shown is None else f' value="{_escaped(shown)}"'
        return mark_safe(f'<input type="checkbox" name="{_escaped(name)}"{given}{flatatt(attrs)}>')


def _escaped(value) -> str:
    """VALUE as conditional_escape() gives it: safe HTML as it is, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def select() -> QuickSelect:
    return QuickSelect(attrs={"class": "form-select"})


class ReviewFilter(django_filters.FilterSet):
    """Narrow the follow-ups of the review dashboard.

    The round is chosen by its period, not by one charter's round: an officer who covers
    many kommuner picks "Kvartal 3 2026" once and sees it in every kommun.
    """

    REVIEW_STATES = [
        (UNREVIEWED, _("Not reviewed")),
        *((value, capfirst(label)) for value, label in Review.Decision.choices),
    ]

    municipality = django_filters.ChoiceFilter(
        label=_("Municipality"),
        empty_label=_("All municipalities"),
        method="filter_municipality",
        widget=select(),
    )
    police_area = django_filters.ChoiceFilter(
        label=_("Local police area"),
        empty_label=_("All local police areas"),
        method="filter_police_area",
        widget=select(),
    )
    owner = django_filters.ChoiceFilter(
        label=_("Promise made by"),
        choices=Party.choices,
        empty_label=_("Everyone"),
        method="filter_owner",
        widget=select(),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status of the activity"),
        choices=FollowUp.Status.choices,
        empty_label=_("All statuses"),
        widget=select(),
    )
    assessment = django_filters.ChoiceFilter(
        label=_("Assessment of the promise"),
        choices=Promise.Assessment.choices,
        empty_label=_("All assessments"),
        widget=select(),
    )
    round = django_filters.ChoiceFilter(
        label=_("Follow-up round"),
        empty_label=_("All rounds"),
        method="filter_round",
        widget=select(),
    )
    review = django_filters.ChoiceFilter(
        label=_("Review"),
        choices=REVIEW_STATES,
        empty_label=_("Reviewed or not"),
        method="filter_review",
        widget=select(),
    )
    waiting = django_filters.ChoiceFilter(
        label=_("Waiting for you"),
        choices=[
            (FOR_MY_REVIEW, _("Your review")),
            (SENT_BACK_TO_ME, _("Your changes, sent back")),
        ],
        empty_label=_("Show all"),
        method="filter_waiting",
        widget=select(),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only overdue rounds"),
        widget=QuickCheckbox(attrs={"class": "form-check-input"}),
        method="filter_overdue",
    )
    unlinked = django_filters.BooleanFilter(
        label=_("Only promises without a problem in the situation picture"),
        widget=QuickCheckbox(attrs={"class": "form-check-input"}),
        method="filter_unlinked",
    )

    class Meta:
        model = FollowUp
        fields = []

    def __init__(
        self,
        data=None,
        queryset=None,
        *,
        municipalities: Iterable[Choice],
        police_areas: Iterable[Choice],
        periods: Iterable[tuple[datetime.date, datetime.date, str]],
        today: datetime.date | None = None,
        **kwargs,
    ) -> None:
        super().__init__(data, queryset, **kwargs)
        self.today = today or timezone.localdate()
        self.filters["municipality"].extra["choices"] = [(m.pk, m.name) for m in municipalities]
        self.filters["police_area"].extra["choices"] = [(a.pk, a.name) for a in police_areas]
        self.filters["round"].extra["choices"] = [
            (
                period_value(start, end),
                f"{display_title(title)} ({start:%Y-%m-%d} – {end:%Y-%m-%d})",
            )
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

    # The conditions below are subqueries of the small tables (rounds, activities, reviews)
    # rather than joins: the follow-ups are then counted from one index (see the view).

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(round__in=rounds_of(charter__municipality_id=value))

    def filter_police_area(self, queryset, name, value):
        return queryset.filter(round__in=rounds_of(charter__police_area_id=value))

    def filter_owner(self, queryset, name, value):
        return queryset.filter(owner=value)

    def filter_round(self, queryset, name, value):
        start, end = parse_period(value)
        return queryset.filter(round__in=rounds_of(period_start=start, period_end=end))

    def filter_review(self, queryset, name, value):
        return queryset.filter(review_decision="" if value == UNREVIEWED else value)

    def filter_waiting(self, queryset, name, value):
        user = self.request.user if self.request is not None else None
        if user is None or not user.is_authenticated:
            return queryset.none()
        if value == FOR_MY_REVIEW:
            return queryset.filter(waiting_for_review_by(user))
        return queryset.filter(sent_back_to(user))

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(round__in=FollowUpRound.objects.overdue(self.today).values("pk"))

    def filter_unlinked(self, queryset, name, value):
        """The follow-ups of promises that name no problem they answer, and of their
        activities: internal problems count here, the workspace shows them."""
        if not value:
            return queryset
        links = Promise.problems.through.objects.filter(promise_id=OuterRef("pk"))
        unlinked = Promise.objects.filter(~Exists(links)).values("pk")
        return queryset.filter(
            Q(promise__in=unlinked)
            | Q(activity__in=Activity.objects.filter(promise__in=unlinked).values("pk"))
        )

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
        """Missing follow-ups have no status, assessment or review, and are counted by owner
        only (rounds_with_missing), not by the promise's links: choosing one hides them."""
        return not {"status", "assessment", "review", "waiting", "unlinked"} & set(self.chosen)
