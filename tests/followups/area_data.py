"""A small area counted by hand, for the area at a glance and the dashboard's "Waiting for you".

Kommun A (LPO A) has its charter of this year in force (WEDNESDAY_NOON, 9 December 2026),
with a police, a joint and a kommun promise and four activities:

    activity  owner          Q2 (overdue)                 Q3 (latest: its period is over)
    a1        police         ongoing, by the police,      done, approved
                             never reviewed
    a2        police         –                            delayed, sent back for changes
    a3        joint          –                            ongoing, never reviewed
    a4        municipality   –                            missing

and in Q3 the police promise assessed "ongoing", never reviewed; the joint and the kommun
promise are not assessed. So Q3 expects 7 (4 activities, 3 promises), holds 4, misses 3;
1 approved, 2 waiting, 1 sent back. Both rounds are past due with follow-ups missing: 2
overdue rounds. Q4 is under way. Kommun A's closed charter of last year has a follow-up never
reviewed, which waits for no one. Kommun B (LPO B) has a charter in force with one follow-up
never reviewed.

Waiting for review by the police of LPO A: a3 and the promise in Q3 (2); a1 in Q2 is theirs
(so 3 for the police manager). Sent back to kommun A's coordinator: a2 in Q3 (1).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from followups.models import FollowUp, FollowUpRound, Review
from promises.models import Charter, Party, Promise
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory, ReviewFactory
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory

YEAR = 2026
D = datetime.date


@dataclass
class Area:
    charter: Charter
    q2: FollowUpRound
    q3: FollowUpRound
    q4: FollowUpRound
    other_charter: Charter


def quarter(charter: Charter, number: int) -> FollowUpRound:
    start = D(charter.period_start.year, 3 * number - 2, 1)
    end = (D(start.year, 3 * number, 28) + datetime.timedelta(days=4)).replace(day=1)
    end -= datetime.timedelta(days=1)
    return FollowUpRoundFactory(
        charter=charter,
        title=f"Kvartal {number} {start.year}",
        period_start=start,
        period_end=end,
        due_on=end + datetime.timedelta(days=15),
    )


def charter_of(municipality, area, year: int = YEAR, **fields) -> Charter:
    return CharterFactory(
        municipality=municipality,
        police_area=area,
        title=f"Medborgarlöfte {year}",
        period_start=D(year, 1, 1),
        period_end=D(year, 12, 31),
        **fields,
    )


def build_area(world) -> Area:
    charter = charter_of(world.municipality, world.police_area, published=True)
    police = PromiseFactory(charter=charter, owner=Party.POLICE, order=1)
    joint = PromiseFactory(charter=charter, owner=Party.JOINT, order=2)
    kommun = PromiseFactory(charter=charter, owner=Party.MUNICIPALITY, order=3)
    a1 = ActivityFactory(promise=police, title="Fotpatrull")
    a2 = ActivityFactory(promise=police, title="Trafikkontroll")
    a3 = ActivityFactory(promise=joint, title="Trygghetsvandring")
    ActivityFactory(promise=kommun, title="Belysning", responsible_party=Party.MUNICIPALITY)
    q2, q3, q4 = quarter(charter, 2), quarter(charter, 3), quarter(charter, 4)

    FollowUpFactory(round=q2, activity=a1, author=world.police)
    approved = FollowUpFactory(round=q3, activity=a1, status=FollowUp.Status.DONE)
    ReviewFactory(follow_up=approved, reviewer=world.police_manager)
    sent_back = FollowUpFactory(
        round=q3, activity=a2, status=FollowUp.Status.DELAYED, reason="Ny personal."
    )
    ReviewFactory(
        follow_up=sent_back,
        reviewer=world.police,
        decision=Review.Decision.NEEDS_CHANGES,
        comment="Säg när kontrollerna börjar.",
    )
    FollowUpFactory(round=q3, activity=a3)
    FollowUpFactory(
        round=q3, activity=None, promise=police, status="", assessment=Promise.Assessment.ONGOING
    )

    closed = charter_of(world.municipality, world.police_area, YEAR - 1, closed=True)
    FollowUpFactory(round=quarter(closed, 3))

    other = charter_of(world.other_municipality, world.other_police_area, published=True)
    FollowUpFactory(round=quarter(other, 3))
    return Area(charter, q2, q3, q4, other)
