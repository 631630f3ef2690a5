"""Writes of the followups app that span several rows: a charter's rounds, a round's entries.

Each is a keyword-only function named <entity>_<action>, run in one transaction, calling
full_clean, with the acting user passed explicitly so the history names them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from followups.models import FollowUp, FollowUpRound
from followups.rounds import PlannedRound, around, plan_for
from promises.models import Charter, Measurement


def keeps_its_dates(round_: FollowUpRound, has_follow_ups: bool) -> bool:
    """Whether the round stays as it is whatever the plan: something was written in it."""
    return has_follow_ups or round_.published_at is not None or bool(round_.summary.strip())


@dataclass
class RoundsSync:
    """What rounds_sync changed."""

    created: list[FollowUpRound] = field(default_factory=list)
    updated: list[FollowUpRound] = field(default_factory=list)
    removed: list[FollowUpRound] = field(default_factory=list)
    # Rounds with follow-ups or a report that the new period or cadence would not make.
    kept: list[FollowUpRound] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    @property
    def message(self) -> str:
        """One sentence for the person who saved the charter; empty when nothing changed."""
        parts = []
        if self.created:
            parts.append(
                ngettext(
                    "%(count)d follow-up round added",
                    "%(count)d follow-up rounds added",
                    len(self.created),
                )
                % {"count": len(self.created)}
            )
        if self.updated:
            parts.append(
                ngettext(
                    "%(count)d follow-up round given new dates",
                    "%(count)d follow-up rounds given new dates",
                    len(self.updated),
                )
                % {"count": len(self.updated)}
            )
        if self.removed:
            parts.append(
                ngettext(
                    "%(count)d empty follow-up round removed",
                    "%(count)d empty follow-up rounds removed",
                    len(self.removed),
                )
                % {"count": len(self.removed)}
            )
        text = ", ".join(parts) + "." if parts else ""
        if self.kept:
            text += " " + ngettext(
                "%(count)d round with follow-ups or a report is kept as it was.",
                "%(count)d rounds with follow-ups or a report are kept as they were.",
                len(self.kept),
            ) % {"count": len(self.kept)}
        return text.strip()


def off_plan(round_: FollowUpRound, planned: list[PlannedRound]) -> bool:
    """Whether ROUND is not one the charter's current period and cadence would make."""
    return (round_.title, round_.period_start, round_.period_end) not in {
        (p.title, p.period_start, p.period_end) for p in planned
    }


@transaction.atomic
def rounds_sync(*, charter: Charter, user) -> RoundsSync:
    """Make CHARTER's rounds those its period and cadence call for.

    Rounds nobody has written in are added, given new dates and titles, or removed. A round
    with follow-ups, a summary or a published report is never changed or removed: the days
    it covers are left out of the new rounds, and the rounds page says it is kept.
    """
    # Locked first and read again after: a follow-up saved meanwhile is then seen below, in
    # a query of its own, so that its round is not removed under it.
    rounds = list(
        FollowUpRound.objects.select_for_update().filter(charter=charter).order_by("period_start")
    )
    written = set(
        FollowUp.objects.filter(round__in=[r.pk for r in rounds]).values_list(
            "round_id", flat=True
        )
    )
    planned = plan_for(charter)
    kept = [r for r in rounds if keeps_its_dates(r, r.pk in written)]
    free = {r.period_start: r for r in rounds if r not in kept}
    result = RoundsSync(kept=[r for r in kept if off_plan(r, planned)])

    to_make = around(
        planned, [(r.period_start, r.period_end) for r in kept], charter.followup_cadence
    )
    matched = {piece.period_start for piece in to_make} & set(free)
    for start, round_ in free.items():
        if start not in matched:
            round_._history_user = user
            round_.delete()
            result.removed.append(round_)
    for piece in to_make:
        round_ = free.get(piece.period_start)
        values = {"title": piece.title, "period_end": piece.period_end, "due_on": piece.due_on}
        if round_ is None:
            round_ = FollowUpRound(charter=charter, period_start=piece.period_start, **values)
            result.created.append(round_)
        elif any(getattr(round_, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(round_, name, value)
            result.updated.append(round_)
        else:
            continue
        round_.charter = charter  # the instance the caller holds, with the new period
        round_.full_clean()
        round_._history_user = user
        round_.save()
    return result


@dataclass
class Refused:
    """A row the database refused although its form was valid, and why."""

    obj: FollowUp | Measurement
    error: ValidationError


def round_entries_save(
    *, round_: FollowUpRound, user, entries: Iterable[FollowUp | Measurement]
) -> list[Refused]:
    """Save the follow-ups and measurements entered on ROUND's page, each on its own.

    A row that fails its full check (a value of the same date saved by someone else a moment
    ago) is rolled back alone and returned with the reason; the others are saved. The author
    of a follow-up is whoever saved its current text; it is reported on the day of the save.
    """
    refused = []
    today = timezone.localdate()
    with transaction.atomic():
        for obj in entries:
            if isinstance(obj, FollowUp):
                obj.round = round_
                obj.author = user
                obj.reported_on = today
            elif obj.pk is None:
                obj.recorded_by = user
            obj._history_user = user
            try:
                with transaction.atomic():  # a savepoint: one refused row leaves the rest
                    obj.full_clean()
                    obj.save()
            except ValidationError as error:
                refused.append(Refused(obj, error))
            except IntegrityError:
                refused.append(
                    Refused(
                        obj,
                        ValidationError(
                            _("Someone else saved the same row at the same moment. Save again.")
                        ),
                    )
                )
    return refused
