"""A follow-up keeps copies of its promise's owner and of its latest review's decision.

The review dashboard filters and counts by them. Whatever changes the owner (a page, the
admin, a restored version), the follow-ups follow, and a save that leaves the owner alone costs
no query of theirs; every review saved or removed leaves the latest decision on the follow-up.
"""

import pytest
from django.urls import reverse

from config.lib.history import restore
from followups import services
from followups.models import FollowUp, Review
from promises.models import Party
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory, ReviewFactory
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory


@pytest.fixture
def promise(world):
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, published=True
    )
    return PromiseFactory(charter=charter, owner=Party.POLICE)


def follow_ups_of(promise):
    round_ = FollowUpRoundFactory(charter=promise.charter)
    activity = ActivityFactory(promise=promise)
    return (
        FollowUpFactory(round=round_, activity=activity),
        FollowUpFactory(
            round=round_, activity=None, promise=promise, status="", assessment="ongoing"
        ),
    )


def owners() -> set[str]:
    return set(FollowUp.objects.values_list("owner", flat=True))


def test_a_saved_follow_up_takes_its_promises_owner(promise):
    of_activity, of_promise = follow_ups_of(promise)

    assert (of_activity.owner, of_promise.owner) == (Party.POLICE, Party.POLICE)


def test_a_promise_given_to_the_kommun_takes_its_follow_ups_along(promise):
    follow_ups_of(promise)

    promise.owner = Party.MUNICIPALITY
    promise.save()

    assert owners() == {Party.MUNICIPALITY}


def test_a_promise_saved_with_the_same_owner_leaves_its_follow_ups_alone(
    promise, django_assert_num_queries
):
    follow_ups_of(promise)
    promise.text = "Ny lydelse."

    # The UPDATE of the promise, its history row and the history's copies of its focus areas
    # and of the problems it answers.
    with django_assert_num_queries(4):
        promise.save()


def test_a_restored_version_with_another_owner_moves_the_follow_ups_back(promise):
    follow_ups_of(promise)
    promise.owner = Party.JOINT
    promise.save()
    assert owners() == {Party.JOINT}

    restore(promise.history.earliest("history_date"))

    assert owners() == {Party.POLICE}


def test_an_activity_moved_to_another_promise_takes_its_owner(promise):
    of_activity, _of_promise = follow_ups_of(promise)
    kommun = PromiseFactory(charter=promise.charter, owner=Party.MUNICIPALITY, order=9)
    activity = of_activity.activity
    activity.refresh_from_db()

    activity.promise = kommun
    activity.save()

    of_activity.refresh_from_db()
    assert of_activity.owner == Party.MUNICIPALITY


def test_the_review_dashboard_filters_by_the_owner_the_promise_has_now(client, world, promise):
    of_activity, of_promise = follow_ups_of(promise)
    promise.owner = Party.MUNICIPALITY
    promise.save()
    client.force_login(world.police)

    kommun = client.get(reverse("followups:review"), {"owner": Party.MUNICIPALITY})
    police = client.get(reverse("followups:review"), {"owner": Party.POLICE})

    assert {int(row["pk"]) for row in kommun.context["rows"]} == {of_activity.pk, of_promise.pk}
    assert list(police.context["rows"]) == []


def test_the_latest_review_decides_what_the_follow_up_shows(world, promise):
    of_activity, _of_promise = follow_ups_of(promise)

    services.follow_up_review(
        follow_up=of_activity,
        user=world.police_manager,
        decision=Review.Decision.NEEDS_CHANGES,
        comment="Saknar datum.",
    )
    of_activity.refresh_from_db()
    assert of_activity.review_decision == Review.Decision.NEEDS_CHANGES

    approval = ReviewFactory(follow_up=of_activity, decision=Review.Decision.APPROVED)
    of_activity.refresh_from_db()
    assert of_activity.review_decision == Review.Decision.APPROVED

    approval.delete()
    of_activity.refresh_from_db()
    assert of_activity.review_decision == Review.Decision.NEEDS_CHANGES


def test_the_copies_stay_out_of_the_follow_ups_history(world, promise):
    of_activity, _of_promise = follow_ups_of(promise)
    ReviewFactory(follow_up=of_activity, decision=Review.Decision.APPROVED)
    promise.owner = Party.JOINT
    promise.save()

    fields = {field.name for field in of_activity.history.model._meta.fields}

    assert not {"owner", "review_decision"} & fields
    assert of_activity.history.count() == 1
