import datetime
from dataclasses import dataclass

import factory
from django.utils import timezone

from followups.models import FollowUp, FollowUpRound, Review
from followups.notices.models import Subscription
from followups.services import follow_up_review
from promises.models import Activity, Charter, Indicator, Party, Promise
from tests.promises.factories import (
    ActivityFactory,
    CharterFactory,
    IndicatorFactory,
    PromiseFactory,
)
from tests.situations.factories import MunicipalityFactory, UserFactory


class FollowUpRoundFactory(factory.django.DjangoModelFactory):
    charter = factory.SubFactory(CharterFactory)
    title = "Kvartal 1"
    period_start = datetime.date(2021, 1, 1)
    period_end = datetime.date(2021, 3, 31)
    due_on = datetime.date(2021, 4, 15)

    class Meta:
        model = FollowUpRound


class FollowUpFactory(factory.django.DjangoModelFactory):
    """An activity follow-up; pass promise=... with status="" for a promise follow-up."""

    round = factory.SubFactory(FollowUpRoundFactory)
    activity = factory.SubFactory(
        ActivityFactory, promise__charter=factory.SelfAttribute("...round.charter")
    )
    status = FollowUp.Status.ONGOING
    narrative_internal = "Två pass genomförda, ett inställt."
    narrative_public = "Polisen har patrullerat i centrum två kvällar i veckan."
    author = factory.SubFactory(UserFactory)

    class Meta:
        model = FollowUp

    class Params:
        for_promise = factory.Trait(
            activity=None,
            status="",
            assessment=Promise.Assessment.ONGOING,
            promise=factory.SubFactory(
                "tests.promises.factories.PromiseFactory",
                charter=factory.SelfAttribute("..round.charter"),
            ),
        )


class ReviewFactory(factory.django.DjangoModelFactory):
    follow_up = factory.SubFactory(FollowUpFactory)
    reviewer = factory.SubFactory(UserFactory)
    decision = Review.Decision.APPROVED

    class Meta:
        model = Review


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A resident who follows a kommun's charters and reports by email, confirmed."""

    municipality = factory.SubFactory(MunicipalityFactory)
    email = factory.Sequence(lambda n: f"invanare{n}@example.se")
    follows_charters = True
    follows_surveys = False
    language = "sv"
    confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Subscription


# --- A charter of 2027 with its first half-year round to enter -------------------------------


@dataclass
class RoundSetup:
    charter: Charter
    round: FollowUpRound
    police_promise: Promise
    kommun_promise: Promise
    patrol: Activity
    control: Activity
    lights: Activity
    indicator: Indicator


def build_round_setup(world, **charter_fields) -> RoundSetup:
    """A charter of the world's kommun A for 2027 with the round of its first half-year: a
    police promise with two activities and an indicator, a kommun promise with one activity."""
    D = datetime.date
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=D(2027, 1, 1),
        period_end=D(2027, 12, 31),
        **charter_fields,
    )
    round_ = FollowUpRoundFactory(
        charter=charter,
        title="Halvår 1 2027",
        period_start=D(2027, 1, 1),
        period_end=D(2027, 6, 30),
        due_on=D(2027, 7, 31),
    )
    police = PromiseFactory(charter=charter, owner=Party.POLICE, order=1, title="Trafik")
    kommun = PromiseFactory(charter=charter, owner=Party.MUNICIPALITY, order=2, title="Belysning")
    patrol = ActivityFactory(promise=police, title="Fotpatrullering", order=1)
    control = ActivityFactory(promise=police, title="Hastighetskontroller", order=2)
    lights = ActivityFactory(
        promise=kommun, title="Ny belysning i parken", responsible_party=Party.MUNICIPALITY
    )
    indicator = IndicatorFactory(promise=police, name="Hastighetsöverträdelser", unit="st")
    return RoundSetup(charter, round_, police, kommun, patrol, control, lights, indicator)


def approved_rounds(
    activity: Activity, reviewer, *, due_after_days: int = 95
) -> list[FollowUpRound]:
    """Two 90-day rounds, "Kvartal 1" and "Kvartal 2", of the charter of ACTIVITY's promise, from
    its start: in each the activity done and the promise fulfilled, every follow-up approved by
    REVIEWER; ready to publish."""
    promise = activity.promise
    charter = promise.charter
    rounds = []
    for number, title in enumerate(("Kvartal 1", "Kvartal 2")):
        start = charter.period_start + datetime.timedelta(days=90 * number)
        round_ = FollowUpRoundFactory(
            charter=charter,
            title=title,
            period_start=start,
            period_end=start + datetime.timedelta(days=89),
            due_on=start + datetime.timedelta(days=due_after_days),
        )
        FollowUpFactory(round=round_, activity=activity, status=FollowUp.Status.DONE)
        FollowUpFactory(
            round=round_,
            for_promise=True,
            promise=promise,
            assessment=Promise.Assessment.FULFILLED,
        )
        for follow_up in round_.follow_ups.all():
            follow_up_review(follow_up=follow_up, user=reviewer, decision=Review.Decision.APPROVED)
        rounds.append(round_)
    return rounds
