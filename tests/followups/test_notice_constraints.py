"""The database constraints of following a kommun by e-mail (followups.notices)."""

import pytest

from followups.models import Announcement, Delivery, Subscription
from tests.followups.factories import SubscriptionFactory
from tests.helpers import refused_by
from tests.situations.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

COVERED_CONSTRAINTS = {
    "followups_subscription_once_per_kommun_address",
    "followups_subscription_follows_something",
    "followups_announcement_once_per_object",
    "followups_delivery_once_per_subscriber",
}


def test_an_address_follows_a_kommun_once_but_may_follow_another():
    first = SubscriptionFactory(email="invanare@example.se")

    with refused_by(Subscription, "followups_subscription_once_per_kommun_address"):
        SubscriptionFactory(municipality=first.municipality, email="invanare@example.se")
    SubscriptionFactory(email="invanare@example.se")  # another kommun

    assert Subscription.objects.filter(email="invanare@example.se").count() == 2


def test_a_subscription_follows_something():
    with refused_by(Subscription, "followups_subscription_follows_something"):
        SubscriptionFactory(follows_charters=False, follows_surveys=False)
    SubscriptionFactory(follows_charters=False, follows_surveys=True)


def test_an_object_is_announced_once():
    municipality = MunicipalityFactory()
    Announcement.objects.create(municipality=municipality, kind="report", object_id=7)

    with refused_by(Announcement, "followups_announcement_once_per_object"):
        Announcement.objects.create(municipality=municipality, kind="report", object_id=7)
    Announcement.objects.create(municipality=municipality, kind="survey", object_id=7)


def test_an_announcement_is_delivered_to_a_subscriber_once():
    subscription = SubscriptionFactory()
    announcement = Announcement.objects.create(
        municipality=subscription.municipality, kind="charter", object_id=1
    )
    Delivery.objects.create(announcement=announcement, subscription=subscription)

    with refused_by(Delivery, "followups_delivery_once_per_subscriber"):
        Delivery.objects.create(announcement=announcement, subscription=subscription)
    assert Delivery.objects.count() == 1
