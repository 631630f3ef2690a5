import datetime

import factory

from followups.models import FollowUp, FollowUpRound, Review
from promises.models import Promise
from tests.promises.factories import ActivityFactory, CharterFactory
from tests.situations.factories import UserFactory


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
