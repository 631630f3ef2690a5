"""The rows of a round's page (followups.views.rounds.round_entry), loaded in five queries.

Every activity of the round's charter, grouped by promise and owner, with this round's follow-up
and the latest one of an earlier round (the suggestion the row starts from), each promise with
its assessment and its indicators, and, for the rows the user may enter, their forms.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass

from django import forms
from django.db.models import F, Prefetch
from django.http import QueryDict
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from followups.forms import (
    ActivityFollowUpForm,
    PromiseFollowUpForm,
    RoundMeasurementForm,
    RowTexts,
)
from followups.models import FollowUp, FollowUpRound
from followups.progress import ActivityTally, tally
from followups.rounds import display_title
from promises.models import Activity, Charter, Indicator, Measurement, Party, Promise
from promises.owners import OwnerGroup, by_owner
from promises.permissions import CharterAccess


def carried_from(round_title: str) -> str:
    """ "From the last follow-up (Kvartal 3 2026)": where a row's suggestion comes from."""
    return _("From the last follow-up (%(round)s)") % {"round": round_title}


@dataclass
class ActivityRow:
    activity: Activity
    follow_up: FollowUp | None  # of this round, as saved
    earlier: FollowUp | None  # the latest of an earlier round
    earlier_round: str = ""  # the title of EARLIER's round, as shown
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
    def carried_from(self) -> str:
        """Where the row's suggestion comes from, said beside its name."""
        return carried_from(self.earlier_round)

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
                    "round": self.earlier_round,
                    "status": self.earlier.get_status_display(),
                }
            )
        return facts

    def make_form(
        self, round_: FollowUpRound, data=None, texts: RowTexts | None = None
    ) -> ActivityFollowUpForm:
        # A copy: the form writes what was typed into its instance, valid or not, and the
        # row shows (and counts for the progress) only what is saved.
        instance = copy.copy(self.follow_up) or FollowUp(round=round_, activity=self.activity)
        return ActivityFollowUpForm(
            data, instance=instance, prefix=self.anchor, carried=self.carried, texts=texts
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

    def make_form(self, round_: FollowUpRound, data=None, texts=None) -> RoundMeasurementForm:
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
    earlier_round: str = ""  # the title of EARLIER's round, as shown
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

    @property
    def carried_from(self) -> str:
        """Where the row's suggestion comes from, said beside its name."""
        return carried_from(self.earlier_round)

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

    def make_form(
        self, round_: FollowUpRound, data=None, texts: RowTexts | None = None
    ) -> PromiseFollowUpForm:
        instance = copy.copy(self.follow_up) or FollowUp(round=round_, promise=self.promise)
        return PromiseFollowUpForm(
            data, instance=instance, prefix=self.anchor, carried=self.carried, texts=texts
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
        # The labels and options of the rows' fields, translated once for all the rows.
        texts = {
            ActivityRow: ActivityFollowUpForm.texts(),
            PromiseRow: PromiseFollowUpForm.texts(),
        }
        for part in self.parts():
            part.form = part.make_form(self.round, data, texts.get(type(part)))

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
        # The title of each one's round rather than the round: an earlier round is only named
        # on the page, and this round's follow-ups are given the page's round below.
        .annotate(round_title=F("round__title"))
        .select_related("author")
        .order_by("round__period_start", "round_id", "id")
    )
    this_round = [f for f in follow_ups if f.round_id == round_.pk]
    for follow_up in this_round:
        follow_up.round = round_
    titles = {f.round_id: f.round_title for f in follow_ups}
    shown_titles = {pk: display_title(title) for pk, title in titles.items()}  # once per round

    def round_of(follow_up: FollowUp | None) -> str:
        return shown_titles[follow_up.round_id] if follow_up else ""

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
                    round_of(earlier.get(activity.pk)),
                    predates_system=predates_system,
                )
                for activity in promise.activities.all()
            ],
            measurements=[
                MeasurementRow(indicator, next(iter(indicator.latest_measurements), None), charter)
                for indicator in promise.indicators.all()
            ],
            earlier=earlier_assessment.get(promise.pk),
            earlier_round=round_of(earlier_assessment.get(promise.pk)),
        )
        for promise in promises
    ]
    return RoundPage(
        round=round_,
        access=access,
        groups=by_owner(rows, owner=lambda row: row.promise.owner),
        follow_ups=this_round,
    )
