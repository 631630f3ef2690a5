"""The follow-up rounds of a charter, and the page where one round is entered.

The round's page lists every activity, grouped by promise and owner, as a row of its own: a
save keeps every row that is right and returns the others marked, with what was written in
them. Each promise is a section (<details>) that starts closed, its summary telling how far
it has come; it opens when it holds a row to fix or unsaved text. A row this round has no
follow-up for yet starts from the latest earlier one, as a suggestion saved only when the
person changes it or ticks that it still holds (followups.forms.FollowUpRowForm).

The page carries a version token of the round's follow-ups (config.lib.editing) and is saved
with the round's row locked, so that two people saving the round at once take turns and the
second sees what the first changed instead of overwriting it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.lib import editing
from config.lib.workspace import GET_AND_POST, READ_ONLY, workspace_view
from followups import services
from followups.forms import ActivityFollowUpForm, PromiseFollowUpForm, RoundMeasurementForm
from followups.models import FollowUp, FollowUpRound
from followups.permissions import get_charter_for_rounds, get_charter_round
from followups.progress import FORMULA, ActivityTally, tally
from followups.rounds import plan_for
from followups.services import keeps_its_dates, off_plan
from promises.models import Activity, Charter, Indicator, Measurement, Party, Promise
from promises.owners import OwnerGroup, by_owner
from promises.permissions import CharterAccess


def rounds_url(charter: Charter) -> str:
    return reverse("followups:rounds", kwargs={"pk": charter.pk})


def entry_url(round_: FollowUpRound) -> str:
    return reverse(
        "followups:round_entry", kwargs={"pk": round_.charter_id, "round_pk": round_.pk}
    )


# The rounds of a charter -------------------------------------------------------------------


@dataclass
class RoundLine:
    round: FollowUpRound
    activities: int
    promises: int
    kept: bool  # written in, though the current period and cadence would not make it

    @property
    def followed(self) -> int:
        return self.activities - self.round.missing_activities

    @property
    def assessed(self) -> int:
        return self.promises - self.round.missing_assessments

    @property
    def overdue(self) -> bool:
        return self.round.is_overdue


@workspace_view(methods=READ_ONLY)
def rounds(request: HttpRequest, pk: int) -> HttpResponse:
    """Every round of the charter: when it is due, how far it has come, whether it is late."""
    access = get_charter_for_rounds(request, pk)
    charter = access.charter
    activities = Activity.objects.filter(promise__charter=charter).count()
    promises = charter.promises.count()
    planned = plan_for(charter)
    lines = [
        RoundLine(
            round=round_,
            activities=activities,
            promises=promises,
            kept=off_plan(round_, planned) and keeps_its_dates(round_, round_.follow_up_count > 0),
        )
        for round_ in charter.rounds.with_counts().order_by("period_start", "id")
    ]
    return render(
        request,
        "followups/workspace/rounds.html",
        {"charter": charter, "access": access, "lines": lines, "today": timezone.localdate()},
    )


# The page of one round ---------------------------------------------------------------------


@dataclass
class ActivityRow:
    activity: Activity
    follow_up: FollowUp | None  # of this round, as saved
    earlier: FollowUp | None  # the latest of an earlier round
    form: ActivityFollowUpForm | None = None  # None: the user may only read the row
    # The round was due before the charter was entered in this system (see
    # FollowUpRound.predates_system): an activity never followed up is then said neutrally
    # and left out of the tally's planned activities, as on the public page.
    predates_system: bool = False

    @property
    def anchor(self) -> str:
        return f"activity-{self.activity.pk}"

    @property
    def name(self) -> str:
        return self.activity.title

    @property
    def legend(self) -> str:
        """The row's heading: "Activity: " and its title."""
        return _("Activity: %(title)s") % {"title": self.activity.title}

    @property
    def status(self) -> str | None:
        """The activity's latest saved status, as the progress formula counts it."""
        latest = self.follow_up or self.earlier
        return latest.status if latest else None

    @property
    def untracked(self) -> bool:
        """Never followed up, in a round due before the charter was entered here."""
        return self.predates_system and self.status is None

    @property
    def carried(self) -> FollowUp | None:
        """The earlier round's follow-up the row starts from, while this round has none."""
        return self.earlier if self.follow_up is None else None

    @property
    def facts(self) -> list[str]:
        """The line under the activity's name: who does it, unless only its promise's owner;
        whether residents see it; its earlier status, unless its fields start from it."""
        activity = self.activity
        facts = []
        if activity.responsible_function:
            party = activity.get_responsible_party_display()
            facts.append(f"{capfirst(party)}, {activity.responsible_function}")
        elif activity.responsible_party != activity.promise.owner:
            facts.append(capfirst(activity.get_responsible_party_display()))
        if not activity.is_public:
            facts.append(_("not public"))
        if self.earlier and not (self.form and self.form.carried):
            facts.append(
                _("%(round)s: %(status)s")
                % {
                    "round": self.earlier.round.display_title,
                    "status": self.earlier.get_status_display(),
                }
            )
        return facts

    def make_form(self, round_: FollowUpRound, data=None) -> ActivityFollowUpForm:
        # A copy: the form writes what was typed into its instance, valid or not, and the
        # row shows (and counts for the progress) only what is saved.
        instance = copy.copy(self.follow_up) or FollowUp(round=round_, activity=self.activity)
        return ActivityFollowUpForm(
            data, instance=instance, prefix=self.anchor, carried=self.carried
        )

    def saved(self, obj: FollowUp) -> None:
        self.follow_up = obj


@dataclass
class MeasurementRow:
    indicator: Indicator
    latest: Measurement | None
    charter: Charter
    form: RoundMeasurementForm | None = None

    @property
    def anchor(self) -> str:
        return f"indicator-{self.indicator.pk}"

    @property
    def name(self) -> str:
        return self.indicator.name

    def make_form(self, round_: FollowUpRound, data=None) -> RoundMeasurementForm:
        return RoundMeasurementForm(
            data, indicator=self.indicator, charter=self.charter, prefix=self.anchor
        )

    def saved(self, obj: Measurement) -> None:
        if self.latest is None or (obj.date, obj.pk) > (self.latest.date, self.latest.pk):
            self.latest = obj


@dataclass
class PromiseRow:
    promise: Promise
    editable: bool
    follow_up: FollowUp | None
    activities: list[ActivityRow]
    measurements: list[MeasurementRow]
    earlier: FollowUp | None = None  # the latest assessment of an earlier round
    form: PromiseFollowUpForm | None = None

    @property
    def anchor(self) -> str:
        return f"promise-{self.promise.pk}"

    @property
    def name(self) -> str:
        return str(self.promise)

    @property
    def carried(self) -> FollowUp | None:
        """The earlier round's assessment the row starts from, while this round has none."""
        return self.earlier if self.follow_up is None else None

    def forms(self) -> list[forms.BaseForm]:
        """The forms of the promise's section: its assessment, its indicators, its activities."""
        parts = [self, *self.measurements, *self.activities]
        return [part.form for part in parts if part.form is not None]

    @property
    def errors(self) -> int:
        """How many of the section's rows came back to be fixed."""
        return sum(1 for form in self.forms() if form.is_bound and form.errors)

    @property
    def changed(self) -> bool:
        """Whether the section holds something typed that is not saved (a refused save)."""
        return any(form.is_bound and form.has_changed() for form in self.forms())

    @property
    def suggestions(self) -> int:
        """How many of the section's rows show the last follow-up, not taken up yet."""
        return sum(1 for form in self.forms() if getattr(form, "suggests", False))

    @property
    def state(self) -> list[str]:
        """The section's summary, phrase by phrase: the promise's owner, how many of its
        activities are filled in, its assessment, the suggestions it shows. Said here rather
        than by a translation tag per phrase in each of the page's sections."""
        phrases = [capfirst(str(Party(self.promise.owner).label))]
        if count := len(self.activities):
            phrases.append(
                ngettext(
                    "%(filled)s of %(counter)s activity filled in",
                    "%(filled)s of %(counter)s activities filled in",
                    count,
                )
                % {"filled": self.filled, "counter": count}
            )
        else:
            phrases.append(_("no activities"))
        if assessment := self.assessment:
            phrases.append(_("Assessment: %(assessment)s") % {"assessment": assessment})
        if suggestions := self.suggestions:
            phrases.append(
                ngettext(
                    "%(counter)s suggestion from the last follow-up",
                    "%(counter)s suggestions from the last follow-up",
                    suggestions,
                )
                % {"counter": suggestions}
            )
        return phrases

    @property
    def keep_all(self) -> str:
        """The name of the box that takes up every suggestion of the section."""
        return f"{self.anchor}-{KEEP_ALL}"

    @property
    def filled(self) -> int:
        """How many of its activities have a follow-up saved in this round."""
        return sum(1 for row in self.activities if row.follow_up is not None)

    @property
    def assessment(self) -> str:
        """This round's saved assessment, as a label; empty when none is set."""
        if self.follow_up and self.follow_up.assessment:
            return self.follow_up.get_assessment_display()
        return ""

    @property
    def progress(self) -> ActivityTally:
        """The activities by their latest saved status, counted as the public page counts."""
        return tally(
            (row.status for row in self.activities if not row.untracked),
            unrecorded=sum(1 for row in self.activities if row.untracked),
        )

    @property
    def untracked(self) -> bool:
        """Activities, none of them followed up, in a round that predates the system."""
        return bool(self.activities) and all(row.untracked for row in self.activities)

    def make_form(self, round_: FollowUpRound, data=None) -> PromiseFollowUpForm:
        instance = copy.copy(self.follow_up) or FollowUp(round=round_, promise=self.promise)
        return PromiseFollowUpForm(
            data, instance=instance, prefix=self.anchor, carried=self.carried
        )

    def saved(self, obj: FollowUp) -> None:
        self.follow_up = obj


Row = ActivityRow | MeasurementRow | PromiseRow


# The box of a promise's section that takes up all its suggestions at once.
KEEP_ALL = "keep_all"


@dataclass
class RoundPage:
    round: FollowUpRound
    access: CharterAccess
    groups: list[OwnerGroup[PromiseRow]]
    follow_ups: list[FollowUp]  # of this round, for the version token

    def parts(self) -> Iterator[Row]:
        """Every row of the page that the user may enter, in the page's order."""
        for group in self.groups:
            for row in group.rows:
                if row.editable:
                    yield row
                    yield from row.measurements
                    yield from row.activities

    def bind(self, data=None) -> None:
        """Give each row the user may enter its form, bound to DATA when given."""
        if data is not None:
            data = self.with_all_kept(data)
        for part in self.parts():
            part.form = part.make_form(self.round, data)

    def with_all_kept(self, data: QueryDict) -> QueryDict:
        """DATA with every suggestion of a promise whose "keep them all" box is ticked taken up,
        as if each row's own box were ticked."""
        rows = [
            row
            for group in self.groups
            for row in group.rows
            if row.editable and data.get(f"{row.anchor}-{KEEP_ALL}")
        ]
        if not rows:
            return data
        data = data.copy()
        for row in rows:
            for part in (row, *row.activities):
                if part.carried is not None:
                    data[f"{part.anchor}-keep"] = "on"
        return data

    @property
    def activity_rows(self) -> list[ActivityRow]:
        return [a for group in self.groups for row in group.rows for a in row.activities]

    @property
    def missing(self) -> int:
        return sum(1 for row in self.activity_rows if row.follow_up is None)

    @property
    def unassessed(self) -> int:
        """Promises without an assessment in this round (FollowUpRound.with_counts())."""
        return sum(
            1
            for group in self.groups
            for row in group.rows
            if not (row.follow_up and row.follow_up.is_assessed)
        )


def load_round_page(round_: FollowUpRound, access: CharterAccess) -> RoundPage:
    """The promises, activities and indicators of the round's charter with their follow-ups.

    Five queries, whatever the size of the charter.
    """
    charter = access.charter
    latest = Prefetch(
        "measurements",
        queryset=Measurement.objects.order_by("-date", "-id")[:1],
        to_attr="latest_measurements",
    )
    promises = charter.promises.order_by("order", "id").prefetch_related(  # 1
        Prefetch("activities", queryset=Activity.objects.order_by("order", "id")),  # 2
        Prefetch(  # 3, with the newest value of each indicator 4
            "indicators",
            queryset=Indicator.objects.order_by("name", "id").prefetch_related(latest),
        ),
    )
    follow_ups = list(  # 5: this round's and the earlier ones', in round order
        FollowUp.objects.filter(
            round__charter=charter, round__period_start__lte=round_.period_start
        )
        .select_related("round", "author")
        .order_by("round__period_start", "round_id", "id")
    )
    this_round = [f for f in follow_ups if f.round_id == round_.pk]
    predates_system = round_.due_on < charter.entered_on
    # The latest of the earlier rounds, for each activity and promise: what the row starts from.
    earlier_ones = [f for f in follow_ups if f.round_id != round_.pk]
    earlier = {f.activity_id: f for f in earlier_ones if f.activity_id}
    earlier_assessment = {f.promise_id: f for f in earlier_ones if f.promise_id and f.assessment}
    by_activity = {f.activity_id: f for f in this_round if f.activity_id}
    by_promise = {f.promise_id: f for f in this_round if f.promise_id}

    rows = [
        PromiseRow(
            promise=promise,
            editable=access.can_edit_promise(promise),
            follow_up=by_promise.get(promise.pk),
            activities=[
                ActivityRow(
                    activity,
                    by_activity.get(activity.pk),
                    earlier.get(activity.pk),
                    predates_system=predates_system,
                )
                for activity in promise.activities.all()
            ],
            measurements=[
                MeasurementRow(indicator, next(iter(indicator.latest_measurements), None), charter)
                for indicator in promise.indicators.all()
            ],
            earlier=earlier_assessment.get(promise.pk),
        )
        for promise in promises
    ]
    return RoundPage(
        round=round_,
        access=access,
        groups=by_owner(rows, owner=lambda row: row.promise.owner),
        follow_ups=this_round,
    )


def field_help() -> list[tuple[str, str]]:
    """What each field of an activity's row is for, said once at the top of the page."""
    fields = ActivityFollowUpForm.base_fields.values()
    return [(str(field.label), str(field.help_text)) for field in fields if field.help_text]


# The query that opens every promise's section of the page at once (the page starts with
# them closed, except those holding a row to fix or text not saved yet).
OPEN_ALL = ("visa", "alla")


@dataclass(frozen=True)
class FieldError:
    """One error of a row, for the list at the top of the page: it links to its field."""

    target: str  # the id of the field, or of the row for an error of the row as a whole
    label: str
    message: str


def field_errors(part: Row) -> list[FieldError]:
    form = part.form
    found = []
    for name, errors in form.errors.items():
        if name in form.fields:
            target, label = form[name].auto_id, str(form[name].label)
        else:
            target, label = part.anchor, ""
        found += [FieldError(target, label, str(message)) for message in errors]
    return found


def render_page(
    request: HttpRequest,
    page: RoundPage,
    state: editing.PageState,
    *,
    invalid: Sequence[Row] = (),
) -> HttpResponse:
    round_ = page.round
    activities = len(page.activity_rows)
    followed = activities - page.missing
    name, value = OPEN_ALL
    return render(
        request,
        "followups/workspace/round_entry.html",
        {
            "charter": page.access.charter,
            "round": round_,
            "page": page,
            "access": page.access,
            "may_enter": any(True for _part in page.parts()),
            "version_form": state.version,
            "conflict": state.conflict,
            "invalid": [(part, field_errors(part)) for part in invalid],
            "open_all": request.GET.get(name) == value,
            "field_help": field_help(),
            "open_all_query": f"?{name}={value}",
            "formula": FORMULA,
            "followed": followed,
            "activities": activities,
            "overdue": round_.is_past_due(timezone.localdate())
            and bool(page.missing or page.unassessed),
            "back_url": rounds_url(page.access.charter),
        },
        status=state.status,
    )


def save_rows(request: HttpRequest, page: RoundPage) -> tuple[int, list[Row]]:
    """Save every changed row that is right, each on its own; return how many were saved and
    the rows that need fixing, whose forms carry the errors and what was written in them.

    A saved row gets a fresh form of what is saved now, so that saving the page again after
    fixing the others does not enter it twice.
    """
    changed = [part for part in page.parts() if part.form.has_changed()]
    valid = [part for part in changed if part.form.is_valid()]
    invalid = [part for part in changed if not part.form.is_valid()]
    by_obj = {id(part.form.instance): part for part in valid}
    refused = services.round_entries_save(
        round_=page.round, user=request.user, entries=[part.form.instance for part in valid]
    )
    for item in refused:
        part = by_obj.pop(id(item.obj))
        if hasattr(item.error, "error_dict"):
            for name, errors in item.error.message_dict.items():
                part.form.add_error(name if name in part.form.fields else None, errors)
        else:
            part.form.add_error(None, item.error.messages)
        invalid.append(part)
    for part in by_obj.values():
        part.saved(part.form.instance)
        part.form = part.make_form(page.round)
    order = {id(part): index for index, part in enumerate(page.parts())}
    return len(by_obj), sorted(invalid, key=lambda part: order[id(part)])


def saved_message(saved: int, invalid: int) -> str:
    text = ngettext("%(count)d row is saved.", "%(count)d rows are saved.", saved) % {
        "count": saved
    }
    if invalid:
        text += " " + ngettext(
            "%(count)d row needs fixing: it is marked below, with what you wrote in it.",
            "%(count)d rows need fixing: they are marked below, with what you wrote in them.",
            invalid,
        ) % {"count": invalid}
    return text


@workspace_view(methods=GET_AND_POST)
def round_entry(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    """The follow-up of every activity and promise of the charter in one round."""

    def load(for_update: bool) -> RoundPage:
        round_, access = get_charter_round(request, pk, round_pk, for_update=for_update)
        return load_round_page(round_, access)

    def bind(page: RoundPage, data) -> RoundPage:
        page.bind(data)
        return page

    def save(page: RoundPage, _page: RoundPage) -> HttpResponse:
        saved, invalid = save_rows(request, page)
        if not invalid:
            if saved:
                messages.success(request, saved_message(saved, 0))
            else:
                messages.info(request, _("Nothing is saved: no row was changed."))
            return redirect(entry_url(page.round))
        if saved:
            messages.warning(request, saved_message(saved, len(invalid)))
        else:
            messages.error(
                request,
                ngettext(
                    "Nothing is saved: %(count)d row needs fixing. It is marked below, with "
                    "what you wrote in it.",
                    "Nothing is saved: %(count)d rows need fixing. They are marked below, with "
                    "what you wrote in them.",
                    len(invalid),
                )
                % {"count": len(invalid)},
            )
        # The rows that are right are saved: the next save starts from the follow-ups as they
        # are now, this one's included.
        current = list(FollowUp.objects.filter(round=page.round))
        version = editing.VersionForm(editing.with_fresh_version(request.POST, current))
        return render_page(request, page, editing.PageState(version), invalid=invalid)

    return editing.edit(
        request,
        load=load,
        objects=lambda page: page.follow_ups,
        histories=lambda page: [FollowUp.history.filter(round_id=page.round.pk)],
        bind=bind,
        save=save,
        render=lambda page, _page, state: render_page(request, page, state),
    )
