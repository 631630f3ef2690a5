"""How far a promise and a charter have come, derived from their activities' follow-ups.

The formula, as the public page states it: progress is the share of activities that are done,
where an activity that is ongoing or delayed counts as half done, one not started or never
followed up counts as not done, and cancelled activities are left out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from followups.models import FollowUp

WEIGHTS = {
    FollowUp.Status.DONE: Fraction(1),
    FollowUp.Status.ONGOING: Fraction(1, 2),
    FollowUp.Status.DELAYED: Fraction(1, 2),
    FollowUp.Status.NOT_STARTED: Fraction(0),
}

FORMULA = _(
    "Progress is the share of activities that are done: an activity that is ongoing or delayed "
    "counts as half done, one that has not started or has not been followed up yet counts as "
    "not done, and cancelled activities are left out."
)


@dataclass(frozen=True)
class Progress:
    percent: int
    counted: int
    done: int

    @property
    def label(self) -> str:
        return f"{self.percent} %"


def progress(statuses: Iterable[str | None]) -> Progress | None:
    """Progress of activities with these latest statuses (None: not followed up yet).

    None when there is nothing to measure: no activities, or every one cancelled.
    """
    weights = [
        WEIGHTS.get(status, Fraction(0))
        for status in statuses
        if status != FollowUp.Status.CANCELLED
    ]
    if not weights:
        return None
    share = sum(weights, Fraction(0)) / len(weights)
    done = sum(1 for weight in weights if weight == 1)
    # Halves round up, as people round: Python's round() would make 12.5 % into 12 %.
    percent = math.floor(share * 100 + Fraction(1, 2))
    return Progress(percent=percent, counted=len(weights), done=done)
