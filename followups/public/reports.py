"""A published follow-up round's report as residents read it, promise by promise, in the same
four queries whatever the charter's size."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.text import capfirst

from followups.models import FollowUp, FollowUpRound
from followups.public.display import choice_label
from followups.public.selectors import public_follow_ups, published_rounds
from promises.models import Charter, Indicator, Measurement, Party, Promise
from promises.owners import by_owner


@dataclass
class PromiseReport:
    """One promise in a published round's report: its assessment, what was done to its public
    activities, and the values of its indicators measured within the round's period."""

    promise: Promise
    number: int
    assessment: FollowUp | None = None
    activities: list[FollowUp] = field(default_factory=list)
    measurements: list[tuple[Indicator, Measurement]] = field(default_factory=list)

    @property
    def owner_label(self) -> str:
        return capfirst(choice_label(Party, self.promise.owner))

    @property
    def assessment_label(self) -> str:
        if self.assessment is None:
            return ""
        return capfirst(choice_label(Promise.Assessment, self.assessment.assessment))

    @property
    def activity_statuses(self) -> list[tuple[FollowUp, str]]:
        """Its activities' follow-ups, each with its status as the page shows it."""
        return [
            (follow_up, capfirst(choice_label(FollowUp.Status, follow_up.status)))
            for follow_up in self.activities
        ]


@dataclass
class ReportPage:
    """A published round's report as residents read it, promise by promise."""

    charter: Charter
    round: FollowUpRound
    promises: list[PromiseReport]
    previous: FollowUpRound | None
    next: FollowUpRound | None


def load_round_report(round_: FollowUpRound) -> ReportPage:
    """The report of ROUND_, a published round of a charter the caller may show.

    Promises are numbered as on the charter's page (within their owner's group); one with
    nothing to report in the round is left out.
    """
    charter = round_.charter
    promises = list(charter.promises.order_by("order", "id"))  # 1
    follow_ups = list(public_follow_ups([round_]).select_related("activity"))  # 2
    measurements = (  # 3: only those of the round's period, with their indicator
        Measurement.objects.filter(
            indicator__promise__charter=charter,
            date__gte=round_.period_start,
            date__lte=round_.period_end,
        )
        .select_related("indicator")
        .order_by("indicator__name", "indicator_id", "date", "id")
    )
    rounds = list(published_rounds(charter).only("pk", "title", "charter_id"))  # 4

    reports = {
        promise.pk: PromiseReport(promise, number)
        for group in by_owner(promises, owner=lambda promise: promise.owner)
        for number, promise in enumerate(group.rows, start=1)
    }
    for follow_up in follow_ups:
        follow_up.round = round_
        if follow_up.activity_id:
            reports[follow_up.activity.promise_id].activities.append(follow_up)
        else:
            reports[follow_up.promise_id].assessment = follow_up
    for measurement in measurements:
        reports[measurement.indicator.promise_id].measurements.append(
            (measurement.indicator, measurement)
        )
    index = next(i for i, other in enumerate(rounds) if other.pk == round_.pk)
    return ReportPage(
        charter=charter,
        round=round_,
        promises=[
            report
            for report in reports.values()
            if report.assessment or report.activities or report.measurements
        ],
        previous=rounds[index - 1] if index > 0 else None,
        next=rounds[index + 1] if index + 1 < len(rounds) else None,
    )
