"""The area at a glance: every kommun in a user's scope with its charter and latest round.

For a police manager the one page that answers "where are we across the area?": per kommun
the charter and its state, the latest round and how many of its follow-ups are in, approved,
waiting and sent back, and how many rounds are overdue. Every figure is counted for all the
kommuner at once (a fixed number of queries whatever the scope, see area_rows) and links to
the review dashboard filtered so that it lists exactly what the figure counts.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django import forms
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from followups.filters import FOR_MY_REVIEW, UNREVIEWED, period_value
from followups.models import POLICE_ROLES, FollowUp, FollowUpRound, ReviewDecision
from followups.permissions import waiting_for_review_by
from promises.models import Activity, Charter, Promise, current_of
from situations.models import Membership, Municipality, PoliceArea

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

LPO_PREFIX = "Lokalpolisområde "
# The states of a charter still in the making, shown when none is in force.
IN_THE_MAKING = (Charter.Status.DRAFT, Charter.Status.REVIEW, Charter.Status.PUBLISHED)


@dataclass
class AreaRow:
    """One kommun: its charter, the latest round of it and what that round holds."""

    municipality: Municipality
    police_areas: list[PoliceArea] = field(default_factory=list)
    charter: Charter | None = None
    round: FollowUpRound | None = None
    promises: int = 0  # of the charter shown
    unlinked: int = 0  # of them, those that answer no problem of the situation report
    expected: int = 0  # the charter's activities and promises: one follow-up each per round
    received: int = 0
    missing: int = 0  # activities without a follow-up, promises without an assessment
    approved: int = 0
    waiting: int = 0  # never reviewed, or changed since the review
    sent_back: int = 0
    overdue: int = 0  # overdue rounds of the kommun, every charter
    for_me: int = 0  # follow-ups waiting for the user's own review, every round
    links: dict[str, str] = field(default_factory=dict)

    @property
    def police_area_names(self) -> str:
        return ", ".join(area.name for area in self.police_areas)

    @property
    def police_area_short_names(self) -> str:
        """The names without "Lokalpolisområde", which the column's heading says once."""
        return ", ".join(area.name.removeprefix(LPO_PREFIX) for area in self.police_areas)


@dataclass
class Totals:
    promises: int = 0
    unlinked: int = 0
    expected: int = 0
    received: int = 0
    missing: int = 0
    approved: int = 0
    waiting: int = 0
    sent_back: int = 0
    overdue: int = 0
    for_me: int = 0

    @classmethod
    def of(cls, rows: Iterable[AreaRow]) -> Totals:
        totals = cls()
        for row in rows:
            for name in cls.__dataclass_fields__:
                setattr(totals, name, getattr(totals, name) + getattr(row, name))
        return totals


class AreaForm(forms.Form):
    """The page's choices: one local police area, and the order of the rows."""

    SORTS = [
        ("kommun", gettext_lazy("Municipality")),
        ("lpo", gettext_lazy("Local police area")),
        ("waiting", gettext_lazy("Most waiting for review")),
        ("overdue", gettext_lazy("Most overdue rounds")),
    ]

    lpo = forms.ChoiceField(
        label=gettext_lazy("Local police area"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    sort = forms.ChoiceField(
        label=gettext_lazy("Order by"),
        choices=SORTS,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, data, *, police_areas: list[PoliceArea]) -> None:
        super().__init__(data)
        self.fields["lpo"].choices = [
            ("", gettext_lazy("All local police areas")),
            *((str(area.pk), area.name) for area in police_areas),
        ]

    @property
    def chosen(self) -> dict:
        return self.cleaned_data if self.is_bound and self.is_valid() else {}


def main_charter(charters: list[Charter], today: datetime.date) -> Charter | None:
    """The charter in force TODAY; else the newest still open (in the making, or upcoming);
    else the newest of all (one whose period ended)."""
    current = current_of(charters, today)
    if current is not None:
        return current
    newest = sorted(charters, key=lambda c: (c.period_start, c.pk), reverse=True)
    open_ones = [c for c in newest if c.status in IN_THE_MAKING and not c.has_ended]
    return next(iter(open_ones), next(iter(newest), None))


def latest_round(rounds: list[FollowUpRound], today: datetime.date) -> FollowUpRound | None:
    """The round being reported: the last whose period is over; before that, the first."""
    ordered = sorted(rounds, key=lambda r: (r.period_start, r.pk))
    ended = [r for r in ordered if r.period_end < today]
    return ended[-1] if ended else next(iter(ordered), None)


def review_url(base: str, **query) -> str:
    """BASE with QUERY, whose values are numbers and periods (nothing to quote): urlencode
    for each link of 290 kommuner took a tenth of a second."""
    return base + "?" + "&".join(f"{name}={value}" for name, value in query.items())


def _lpo_map(kommun_ids: list[int] | None) -> dict[int, list[PoliceArea]]:
    """The local police areas of each kommun, by kommun id: one query."""
    through = PoliceArea.municipalities.through.objects.select_related("policearea")
    if kommun_ids is not None:
        through = through.filter(municipality_id__in=kommun_ids)
    areas: dict[int, list[PoliceArea]] = defaultdict(list)
    for link in through.order_by("policearea__name", "policearea_id"):
        areas[link.municipality_id].append(link.policearea)
    return areas


def area_rows(
    user: AbstractBaseUser,
    municipalities: list[Municipality],
    today: datetime.date,
    *,
    reviews: bool,
) -> list[AreaRow]:
    """A row per kommun of MUNICIPALITIES (the user's scope), filled in seven queries, nine
    with REVIEWS, however many kommuner:

    the kommuner's local police areas; their charters; the rounds of the charters shown;
    the promises (and those that answer no problem) and the activities of those charters;
    the latest rounds' follow-ups by
    review decision; the overdue rounds per kommun; and, with REVIEWS (the police), the
    follow-ups waiting for the user's review per round and those rounds' kommuner.
    """
    # A superuser sees every kommun: no scope condition at all, rather than 290 ids.
    kommun_ids = None if user.is_superuser else [m.pk for m in municipalities]
    in_scope = {} if kommun_ids is None else {"municipality_id__in": kommun_ids}
    areas = _lpo_map(kommun_ids)
    rows = {m.pk: AreaRow(m, areas.get(m.pk, [])) for m in municipalities}

    charters: dict[int, list[Charter]] = defaultdict(list)
    listed = (
        Charter.objects.filter(**in_scope)
        .exclude(status=Charter.Status.WITHDRAWN)
        .only("pk", "municipality_id", "title", "status", "period_start", "period_end")
    )
    for charter in listed:
        charters[charter.municipality_id].append(charter)
    for row in rows.values():
        row.charter = main_charter(charters.get(row.municipality.pk, []), today)

    shown = {row.charter.pk: row for row in rows.values() if row.charter is not None}
    rounds: dict[int, list[FollowUpRound]] = defaultdict(list)
    for round_ in FollowUpRound.objects.filter(charter_id__in=list(shown)).only(
        "pk", "charter_id", "title", "period_start", "period_end", "due_on", "published_at"
    ):
        rounds[round_.charter_id].append(round_)
    latest = {}
    for charter_id, row in shown.items():
        row.round = latest_round(rounds.get(charter_id, []), today)
        if row.round is not None:
            row.round.charter = row.charter
            latest[row.round.pk] = row
    promises = _count_promises(shown)
    _count_rounds(latest, promises)
    _count_overdue(rows, in_scope, today)
    if reviews:
        _count_for_me(rows, user, kommun_ids)
    _link(rows.values())
    return list(rows.values())


def _count_promises(shown: dict[int, AreaRow]) -> dict[int, int]:
    """The promises of each charter shown, and those that answer no problem (whether public
    or internal: the workspace shows both): one grouped query. The promises by charter id."""
    if not shown:
        return {}
    links = Promise.problems.through.objects.filter(promise_id=OuterRef("pk"))
    counted = (
        Promise.objects.filter(charter_id__in=list(shown))
        .order_by()
        .values_list("charter_id")
        .annotate(n=Count("pk"), unlinked=Count("pk", filter=~Exists(links)))
    )
    promises = {}
    for charter_id, number, unlinked in counted:
        shown[charter_id].promises, shown[charter_id].unlinked = number, unlinked
        promises[charter_id] = number
    return promises


def _count_rounds(latest: dict[int, AreaRow], promises: dict[int, int]) -> None:
    """What each latest round expects and holds: two grouped queries.

    The activities per charter (the PROMISES are counted), then the round's follow-ups per
    review decision
    (with those of activities and the assessed ones of promises, from which what is missing
    follows: one follow-up per activity and per promise in a round, by the constraints).
    Correlated subqueries per round took seconds nationally: the planner scanned every
    activity for each round.
    """
    if not latest:
        return
    charter_ids = {row.charter.pk for row in latest.values()}
    activities = dict(
        Activity.objects.filter(promise__charter_id__in=charter_ids)
        .order_by()
        .values_list("promise__charter_id")
        .annotate(n=Count("pk"))
    )
    for row in latest.values():
        row.missing = activities.get(row.charter.pk, 0) + promises.get(row.charter.pk, 0)
        row.expected = row.missing
    assessed = Q(promise__isnull=False) & ~Q(assessment__in=["", Promise.Assessment.NOT_ASSESSED])
    decisions = (
        FollowUp.objects.filter(round_id__in=list(latest))
        .order_by()
        .values_list("round_id", "review_decision")
        .annotate(
            n=Count("pk"),
            of_activities=Count("pk", filter=Q(activity__isnull=False)),
            assessments=Count("pk", filter=assessed),
        )
    )
    for round_id, decision, number, of_activities, assessments in decisions:
        row = latest[round_id]
        row.received += number
        row.missing -= of_activities + assessments
        if decision == ReviewDecision.APPROVED:
            row.approved += number
        elif decision == ReviewDecision.NEEDS_CHANGES:
            row.sent_back += number
        else:
            row.waiting += number


def _count_overdue(rows: dict[int, AreaRow], in_scope: dict, today: datetime.date) -> None:
    """The overdue rounds of each kommun (FollowUpRoundQuerySet.overdue): one query."""
    overdue = (
        FollowUpRound.objects.overdue(today)
        .filter(**{f"charter__{key}": value for key, value in in_scope.items()})
        .order_by()
        .values_list("charter__municipality_id")
        .annotate(n=Count("pk"))
    )
    for kommun_id, number in overdue:
        if kommun_id in rows:
            rows[kommun_id].overdue = number


def is_police(user: AbstractBaseUser) -> bool:
    """Whether USER reviews follow-ups as the police somewhere: one query."""
    return Membership.objects.filter(user=user, role__in=POLICE_ROLES).exists()


def _count_for_me(rows: dict[int, AreaRow], user, kommun_ids: list[int] | None) -> None:
    """The follow-ups waiting for USER's review per kommun (permissions.waiting_for_review_by).

    Counted per round from the follow-ups' index first, then summed per kommun over the few
    thousand rounds: joining every follow-up to its charter costs more at national scale.
    """
    per_round = (
        FollowUp.objects.filter(waiting_for_review_by(user))
        .order_by()
        .values("round_id")
        .annotate(n=Count("*"))
    )
    rounds = FollowUpRound.objects.filter(pk__in=per_round.values("round_id"))
    if kommun_ids is not None:
        rounds = rounds.filter(charter__municipality_id__in=kommun_ids)
    kommun_of = dict(rounds.values_list("pk", "charter__municipality_id"))
    for round_id, number in per_round.values_list("round_id", "n"):
        kommun_id = kommun_of.get(round_id)
        if kommun_id in rows:
            rows[kommun_id].for_me += number


class Addresses:
    """The addresses of each row's links, reversed once for all rows: reversing three URLs
    for each of 290 kommuner took a tenth of a second."""

    # Reversed with these stand-ins, then filled in per row.
    PK, OTHER, SLUG = 900000001, 900000002, "kommun-slug-stand-in"

    def __init__(self) -> None:
        self.review = reverse("followups:review")
        self.kommun = reverse("followups:municipality_workspace", kwargs={"slug": self.SLUG})
        self.charter = reverse("promises:charter", kwargs={"pk": self.PK})
        self.entry = reverse(
            "followups:round_entry", kwargs={"pk": self.PK, "round_pk": self.OTHER}
        )

    def of_kommun(self, slug: str) -> str:
        return self.kommun.replace(self.SLUG, slug)

    def of_charter(self, pk: int) -> str:
        return self.charter.replace(str(self.PK), str(pk))

    def of_entry(self, pk: int, round_pk: int) -> str:
        return self.entry.replace(str(self.PK), str(pk)).replace(str(self.OTHER), str(round_pk))


def _link(rows: Iterable[AreaRow]) -> None:
    """Each figure's address: the review dashboard filtered to what the figure counts."""
    addresses = Addresses()
    base = addresses.review
    for row in rows:
        kommun = row.municipality.pk
        row.links["kommun"] = addresses.of_kommun(row.municipality.slug)
        row.links["overdue"] = review_url(base, municipality=kommun, overdue="on")
        row.links["for_me"] = review_url(base, municipality=kommun, waiting=FOR_MY_REVIEW)
        if row.charter is not None:
            row.links["charter"] = addresses.of_charter(row.charter.pk)
        round_ = row.round
        if round_ is None:
            continue
        in_round = {
            "municipality": kommun,
            "round": period_value(round_.period_start, round_.period_end),
        }
        row.links["received"] = review_url(base, **in_round)
        row.links["approved"] = review_url(base, **in_round, review=ReviewDecision.APPROVED)
        row.links["waiting"] = review_url(base, **in_round, review=UNREVIEWED)
        row.links["sent_back"] = review_url(base, **in_round, review=ReviewDecision.NEEDS_CHANGES)
        row.links["unlinked"] = review_url(base, **in_round, unlinked="on")
        row.links["missing"] = addresses.of_entry(round_.charter_id, round_.pk)


def _number(row: AreaRow, name: str) -> SafeString:
    """A figure of ROW as a table cell, a link to what it counts unless it is 0."""
    value = getattr(row, name)
    if not value:
        return mark_safe('<td class="text-end">0</td>')
    return format_html('<td class="text-end"><a href="{}">{}</a></td>', row.links[name], value)


def _unlinked(row: AreaRow, words: Words) -> SafeString:
    """The promises that answer no problem, "2 of 9", the 2 a link to their follow-ups in the
    latest round (none without a round)."""
    if row.charter is None or not row.promises:
        return mark_safe('<td class="text-end">–</td>')
    if row.unlinked and "unlinked" in row.links:
        number = format_html('<a href="{}">{}</a>', row.links["unlinked"], row.unlinked)
    else:
        number = format_html("{}", row.unlinked)
    return format_html(
        '<td class="text-end text-nowrap">{} {} {}</td>', number, words.of, row.promises
    )


@dataclass(frozen=True)
class Words:
    """The words of every row, translated once for all of them."""

    no_charter: str = field(default_factory=lambda: _("No citizen promise"))
    no_round: str = field(default_factory=lambda: _("No round"))
    published: str = field(default_factory=lambda: _("published"))
    due: str = field(default_factory=lambda: _("due"))
    of: str = field(default_factory=lambda: _("of"))
    states: dict = field(default_factory=dict)

    def missing(self, number: int) -> str:
        return ngettext("%(count)s missing", "%(count)s missing", number) % {"count": number}

    def state(self, charter: Charter) -> str:
        key = (charter.status, charter.has_ended, charter.is_upcoming)
        if key not in self.states:
            self.states[key] = charter.state_label
        return self.states[key]


def row_html(row: AreaRow, *, several_areas: bool, reviews: bool, words: Words) -> SafeString:
    """ROW as a table row of the page.

    Written here rather than in the template: for the whole country that is 290 rows of a
    dozen cells and links, and the template's loop over them took longer than every query.
    """
    cells = [
        format_html(
            '<th scope="row" class="text-nowrap"><a href="{}">{}</a></th>',
            row.links["kommun"],
            row.municipality,
        )
    ]
    if several_areas:
        cells.append(format_html("<td>{}</td>", row.police_area_short_names or "–"))
    charter = row.charter
    if charter is None:
        cells.append(
            format_html('<td><span class="text-secondary-strong">{}</span></td>', words.no_charter)
        )
    else:
        # The period is what tells one charter of a kommun from another; the title is read
        # out with it.
        cells.append(
            format_html(
                '<td><a href="{}"><span class="visually-hidden">{}, </span>{}</a><br>'
                '<span class="charter-state charter-state-{}">{}</span></td>',
                row.links["charter"],
                charter.title,
                charter.period_label,
                charter.status,
                words.state(charter),
            )
        )
    cells.append(_unlinked(row, words))
    round_ = row.round
    if round_ is None:
        cells.append(format_html("<td>{}</td>", words.no_round))
        cells.extend([mark_safe('<td class="text-end">–</td>')] * 4)
    else:
        published = format_html("<br>{}", words.published) if round_.published_at else ""
        cells.append(
            format_html(
                '<td><span class="text-nowrap">{}</span><br><span class="small text-nowrap">{} '
                '<time datetime="{}">{}</time>{}</span></td>',
                round_.title,
                words.due,
                round_.due_on.isoformat(),
                date_format(round_.due_on, "j b Y"),
                published,
            )
        )
        missing = (
            format_html(
                '<br><span class="small"><a href="{}">{}</a></span>',
                row.links["missing"],
                words.missing(row.missing),
            )
            if row.missing
            else ""
        )
        cells.append(
            format_html(
                '<td class="text-end text-nowrap"><a href="{}">{}</a> {} {}{}</td>',
                row.links["received"],
                row.received,
                words.of,
                row.expected,
                missing,
            )
        )
        figures = ("approved", "waiting", "sent_back")
        cells.extend(_number(row, name) for name in figures)
    if reviews:
        cells.append(_number(row, "for_me"))
    cells.append(_number(row, "overdue"))
    return format_html("<tr>{}</tr>", mark_safe("".join(cells)))


def narrowed(rows: list[AreaRow], chosen: dict) -> list[AreaRow]:
    """ROWS of the chosen local police area, in the chosen order."""
    lpo = chosen.get("lpo")
    if lpo:
        rows = [row for row in rows if any(str(a.pk) == lpo for a in row.police_areas)]
    sort = chosen.get("sort") or "kommun"
    by_name = lambda row: row.municipality.name  # noqa: E731
    if sort == "lpo":
        return sorted(rows, key=lambda row: (row.police_area_names or "\uffff", by_name(row)))
    if sort == "waiting":
        return sorted(rows, key=lambda row: (-row.for_me, -row.waiting, by_name(row)))
    if sort == "overdue":
        return sorted(rows, key=lambda row: (-row.overdue, by_name(row)))
    return sorted(rows, key=by_name)


def police_areas_in(rows: Iterable[AreaRow]) -> list[PoliceArea]:
    """The local police areas of ROWS, by name, each once."""
    seen = {area.pk: area for row in rows for area in row.police_areas}
    return sorted(seen.values(), key=lambda area: (area.name, area.pk))
