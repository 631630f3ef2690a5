"""An earlier version of a follow-up can be put back from its history by those who enter it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from followups.models import FollowUp, Review
from promises.models import Party
from tests.followups.factories import FollowUpFactory, ReviewFactory
from tests.promises.factories import CharterFactory, PromiseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed_follow_up(world) -> FollowUp:
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        published=True,
    )
    follow_up = FollowUpFactory(
        round__charter=charter,
        activity__promise=PromiseFactory(charter=charter, owner=Party.POLICE),
        status=FollowUp.Status.ONGOING,
        narrative_public="Polisen har patrullerat två kvällar.",
    )
    follow_up.status = FollowUp.Status.DONE
    follow_up.narrative_public = "Klart."
    follow_up.save()
    return follow_up


def history_url(follow_up: FollowUp) -> str:
    return reverse("followups:follow_up_history", kwargs={"pk": follow_up.pk})


def restore_url(follow_up: FollowUp) -> str:
    first = follow_up.history.earliest("history_date")
    return reverse(
        "followups:follow_up_restore",
        kwargs={"pk": follow_up.pk, "history_id": first.history_id},
    )


def test_the_coordinator_puts_the_first_version_back(client, world, changed_follow_up):
    ReviewFactory(follow_up=changed_follow_up, decision=Review.Decision.APPROVED)
    client.force_login(world.coordinator)

    assert (
        restore_url(changed_follow_up)
        in client.get(history_url(changed_follow_up)).content.decode()
    )
    response = client.post(restore_url(changed_follow_up), follow=True)

    changed_follow_up.refresh_from_db()
    assert (changed_follow_up.status, changed_follow_up.narrative_public) == (
        FollowUp.Status.ONGOING,
        "Polisen har patrullerat två kvällar.",
    )
    # The approval was of the text now replaced: the follow-up waits for review again.
    assert changed_follow_up.review_decision == ""
    latest = changed_follow_up.history.latest("history_date")
    assert latest.history_user == world.coordinator
    assert "Ändrad efter granskning: granskas igen" in latest.history_change_reason
    assert "Polisen har patrullerat två kvällar." in response.content.decode()


def test_a_viewer_reads_the_history_without_a_restore_button_and_may_not_post(
    client, world, changed_follow_up
):
    client.force_login(world.viewer)

    assert (
        restore_url(changed_follow_up)
        not in client.get(history_url(changed_follow_up)).content.decode()
    )
    assert client.post(restore_url(changed_follow_up)).status_code == 403
    changed_follow_up.refresh_from_db()
    assert changed_follow_up.narrative_public == "Klart."
