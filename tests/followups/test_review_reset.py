"""Reviews that cannot be bypassed: a change to what residents read of an approved follow-up
sends it back to review, and the round's report publishes only once every follow-up's current
content is approved. The publish page lists what is left, who must act, and links to it.

The fixture `setup` (a RoundSetup) is in tests/followups/conftest.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from followups import services
from followups.models import FollowUp, Review
from promises.models import Promise
from tests.followups.factories import FollowUpFactory
from tests.helpers import (
    WEDNESDAY_NOON,
    admin_url,
    change_form_data,
    entry_row,
    form_data,
    round_entry_url,
)

# The clock moves on from a fixed day: the latest review is the one created last.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=True)]

CHANGED = "Ändrad efter granskning: granskas igen"


@pytest.fixture
def approved(world, setup) -> dict[str, FollowUp]:
    """Every activity followed up and every promise assessed in the round, each approved by
    the police manager."""
    follow_ups = {
        "patrol": FollowUpFactory(
            round=setup.round, activity=setup.patrol, status=FollowUp.Status.DONE
        ),
        "control": FollowUpFactory(round=setup.round, activity=setup.control),
        "lights": FollowUpFactory(round=setup.round, activity=setup.lights),
    }
    for name, promise in (("police", setup.police_promise), ("kommun", setup.kommun_promise)):
        follow_ups[name] = FollowUpFactory(
            round=setup.round,
            activity=None,
            promise=promise,
            status="",
            assessment=Promise.Assessment.ONGOING,
        )
    for follow_up in follow_ups.values():
        approve(follow_up, world.police_manager)
    return follow_ups


def approve(follow_up: FollowUp, user) -> None:
    services.follow_up_review(follow_up=follow_up, user=user, decision=Review.Decision.APPROVED)


def publish_url(setup) -> str:
    return reverse("followups:round_publish", kwargs={"round_pk": setup.round.pk})


def follow_up_url(follow_up: FollowUp) -> str:
    return reverse("followups:follow_up", kwargs={"pk": follow_up.pk})


def blockers(content: str) -> str:
    """The list of what keeps the report from being published, as HTML."""
    start = content.index('id="missing"')
    return content[start : content.index("</ul>", start)]


def publish(client, setup):
    return client.post(publish_url(setup), {"summary": "Allt är gjort."}, follow=True)


def test_changing_the_public_text_of_an_approved_follow_up_sends_it_back_to_review(
    world, setup, approved, coordinator
):
    data = form_data(coordinator.get(round_entry_url(setup)))
    data.update(entry_row("activity", setup.patrol, narrative_public="Nu med en ny text."))
    coordinator.post(round_entry_url(setup), data)

    patrol = approved["patrol"]
    patrol.refresh_from_db()
    assert patrol.narrative_public == "Nu med en ny text."
    assert patrol.review_decision == ""
    assert patrol.history.latest("history_date").history_change_reason == CHANGED
    # Only the changed one: the others keep their approval.
    assert FollowUp.objects.filter(review_decision=Review.Decision.APPROVED).count() == 4

    response = publish(coordinator, setup)
    setup.round.refresh_from_db()
    assert setup.round.published_at is None
    content = response.content.decode()
    assert "Rapporten är inte publicerad. Det här saknas:" in content
    listed = blockers(content)
    assert "Fotpatrullering" in listed
    assert "Polisen ska granska igen" in listed
    assert f'href="{follow_up_url(patrol)}"' in listed
    # The review page and the dashboard say so too.
    police_manager = world.police_manager
    coordinator.force_login(police_manager)
    assert CHANGED in coordinator.get(follow_up_url(patrol)).content.decode()
    assert CHANGED in coordinator.get(reverse("followups:review")).content.decode()

    csv = coordinator.get(reverse("followups:round_csv", kwargs={"round_pk": setup.round.pk}))
    assert CHANGED in csv.content.decode()

    approve(patrol, police_manager)
    coordinator.force_login(world.coordinator)
    response = publish(coordinator, setup)
    setup.round.refresh_from_db()
    assert setup.round.published_at is not None


@pytest.mark.parametrize(
    "fields",
    [
        {"status": FollowUp.Status.DELAYED, "reason": "Sjukdom."},
        {"evidence_url": "https://example.se/ny-lank"},
    ],
    ids=["status", "evidence"],
)
def test_a_new_status_or_link_also_sends_it_back(setup, approved, coordinator, fields):
    data = form_data(coordinator.get(round_entry_url(setup)))
    data.update(entry_row("activity", setup.patrol, **fields))
    coordinator.post(round_entry_url(setup), data)

    approved["patrol"].refresh_from_db()
    assert approved["patrol"].review_decision == ""


def test_a_new_assessment_sends_the_promise_back(setup, approved, coordinator):
    data = form_data(coordinator.get(round_entry_url(setup)))
    data.update(entry_row("promise", setup.police_promise, assessment="fulfilled"))
    coordinator.post(round_entry_url(setup), data)

    approved["police"].refresh_from_db()
    assert approved["police"].review_decision == ""


def test_saving_the_round_unchanged_keeps_every_approval(setup, approved, coordinator):
    data = form_data(coordinator.get(round_entry_url(setup)))
    response = coordinator.post(round_entry_url(setup), data, follow=True)

    assert "Inget är sparat: ingen rad ändrades." in response.content.decode()
    assert FollowUp.objects.filter(review_decision=Review.Decision.APPROVED).count() == 5
    response = publish(coordinator, setup)
    setup.round.refresh_from_db()
    assert setup.round.published_at is not None


def test_a_change_of_the_internal_text_only_keeps_the_approval(setup, approved, coordinator):
    data = form_data(coordinator.get(round_entry_url(setup)))
    data.update(entry_row("activity", setup.patrol, narrative_internal="Ny intern anteckning."))
    coordinator.post(round_entry_url(setup), data)

    patrol = approved["patrol"]
    patrol.refresh_from_db()
    assert patrol.narrative_internal == "Ny intern anteckning."
    assert patrol.review_decision == Review.Decision.APPROVED


def test_the_blockers_name_each_item_who_must_act_and_link_to_it(world, setup, coordinator):
    patrol = FollowUpFactory(round=setup.round, activity=setup.patrol)
    control = FollowUpFactory(round=setup.round, activity=setup.control)
    services.follow_up_review(
        follow_up=control,
        user=world.police_manager,
        decision=Review.Decision.NEEDS_CHANGES,
        comment="Ange antal pass.",
    )

    listed = blockers(coordinator.get(publish_url(setup)).content.decode())

    entry = round_entry_url(setup)
    # Not followed up: the coordinator enters it on the round's page.
    assert f'href="{entry}#activity-{setup.lights.pk}"' in listed
    assert f'href="{entry}#promise-{setup.police_promise.pk}"' in listed
    assert "Samordnaren ska fylla i" in listed
    # Not reviewed: the police review it on its page.
    assert f'href="{follow_up_url(patrol)}"' in listed
    assert "Polisen ska granska." in listed
    # Sent back: the coordinator corrects it.
    assert f'href="{follow_up_url(control)}"' in listed
    assert "Ange antal pass." in listed
    assert "Samordnaren ska rätta" in listed


def test_the_publish_button_is_disabled_with_the_reason_until_the_list_is_empty(
    world, setup, approved, coordinator
):
    approved["lights"].narrative_public = "Ändrad utanför sidan."
    services.round_entries_save(
        round_=setup.round, user=world.coordinator, entries=[approved["lights"]]
    )

    content = coordinator.get(publish_url(setup)).content.decode()
    assert 'disabled aria-describedby="publish-blocked"' in content
    assert "Rapporten kan publiceras när punkten i listan ovan är klar." in content

    approve(approved["lights"], world.police_manager)
    content = coordinator.get(publish_url(setup)).content.decode()
    assert 'id="missing"' not in content
    assert "disabled" not in content[content.index("Publicera rapporten") - 200 :]


def test_an_edit_in_the_admin_also_sends_it_back(login_as, approved):
    superuser_client = login_as("superuser")
    patrol = approved["patrol"]
    url = admin_url(FollowUp, "change", patrol.pk)
    data = change_form_data(superuser_client.get(url))
    superuser_client.post(url, data)
    patrol.refresh_from_db()
    assert patrol.review_decision == Review.Decision.APPROVED  # saved as it was

    data["narrative_public"] = "Ändrad av förvaltaren."
    response = superuser_client.post(url, data)
    assert response.status_code == 302
    patrol.refresh_from_db()
    assert patrol.review_decision == ""
    assert patrol.history.latest("history_date").history_change_reason == CHANGED


def test_an_edit_in_the_rounds_admin_also_sends_it_back(login_as, setup, approved):
    superuser_client = login_as("superuser")
    url = admin_url(type(setup.round), "change", setup.round.pk)
    data = change_form_data(superuser_client.get(url))
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.endswith("-id") and value == str(approved["control"].pk)
    )
    data[f"follow_ups-{index}-status"] = FollowUp.Status.DONE
    response = superuser_client.post(url, data)
    assert response.status_code == 302
    approved["control"].refresh_from_db()
    assert approved["control"].review_decision == ""
    approved["patrol"].refresh_from_db()
    assert approved["patrol"].review_decision == Review.Decision.APPROVED
