"""The follow-up page and the review decision: godkänd, or behöver kompletteras with a comment.

The decision is a Review row (who, when), in the follow-up's history, and shown to the author
on the follow-up page and, while it waits for them, in their workspace overview.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from followups.models import FollowUp, Review
from promises.models import Charter, Party
from situations.models import Membership
from tests.followups.factories import FollowUpFactory, ReviewFactory
from tests.helpers import form_data, sv
from tests.promises.factories import CharterFactory, PromiseFactory
from tests.situations.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(world):
    """The kommun's second coordinator, who wrote the follow-up."""
    user = UserFactory(username="author", first_name="Anna", last_name="Författare")
    MembershipFactory(user=user, role=Membership.Role.COORDINATOR, municipality=world.municipality)
    return user


@pytest.fixture
def follow_up(world, author) -> FollowUp:
    """A delayed follow-up of a police activity of kommun A's charter of 2025, to review."""
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        published=True,
    )
    return FollowUpFactory(
        round__charter=charter,
        round__title="Kvartal 1 2025",
        round__period_start=datetime.date(2025, 1, 1),
        round__period_end=datetime.date(2025, 3, 31),
        round__due_on=datetime.date(2025, 4, 15),
        activity__promise=PromiseFactory(charter=charter, owner=Party.POLICE),
        activity__title="Fotpatrullering i centrum",
        status=FollowUp.Status.DELAYED,
        reason="Sjukdom i gruppen.",
        narrative_internal="Två pass av fyra.",
        narrative_public="Polisen har patrullerat två kvällar.",
        evidence_url="https://example.org/protokoll",
        author=author,
    )


def url(follow_up: FollowUp) -> str:
    return reverse("followups:follow_up", kwargs={"pk": follow_up.pk})


def review_form(client, user, follow_up) -> dict:
    client.force_login(user)
    return form_data(client.get(url(follow_up)))


# The page


def test_the_page_shows_the_activity_its_texts_evidence_and_a_history_link(
    client, world, follow_up
):
    client.force_login(world.police)
    page = client.get(url(follow_up)).content.decode()

    assert "Fotpatrullering i centrum" in page
    assert "Försenad" in page
    assert "Sjukdom i gruppen." in page
    assert "Två pass av fyra." in page
    assert "Polisen har patrullerat två kvällar." in page
    assert 'href="https://example.org/protokoll"' in page
    assert "Anna Författare" in page
    assert reverse("followups:follow_up_history", kwargs={"pk": follow_up.pk}) in page


def test_the_page_escapes_hostile_html(client, world, follow_up):
    FollowUp.objects.filter(pk=follow_up.pk).update(narrative_internal="<script>x()</script>")
    client.force_login(world.police)

    page = client.get(url(follow_up)).content.decode()

    assert "<script>x()</script>" not in page
    assert "&lt;script&gt;" in page


def test_another_lpos_police_get_404_for_an_internal_follow_up(client, world, follow_up):
    client.force_login(world.other_police)

    assert client.get(url(follow_up)).status_code == 404


def test_another_lpos_police_get_403_for_a_follow_up_residents_may_read(client, world, follow_up):
    follow_up.round.published_at = timezone.now()
    follow_up.round.save()
    client.force_login(world.other_police)

    assert client.get(url(follow_up)).status_code == 403


def test_a_viewer_reads_the_follow_up_but_gets_no_form_and_403_on_post(client, world, follow_up):
    client.force_login(world.viewer)
    page = client.get(url(follow_up)).content.decode()

    assert "Fotpatrullering i centrum" in page
    assert 'name="decision"' not in page
    assert client.post(url(follow_up), {"decision": "approved"}).status_code == 403
    assert not Review.objects.exists()


# Deciding


@pytest.mark.parametrize("role", ["police", "police_manager", "district_manager", "coordinator"])
def test_the_police_and_the_coordinator_approve(client, world, follow_up, role):
    user = getattr(world, role)
    data = review_form(client, user, follow_up)

    response = client.post(url(follow_up), {**data, "decision": "approved"}, follow=True)

    review = Review.objects.get()
    assert (review.follow_up, review.reviewer, review.decision) == (follow_up, user, "approved")
    assert review.created_at is not None
    assert response.redirect_chain == [(url(follow_up), 302)]
    assert sv("The follow-up is approved.") in response.content.decode()


def test_sending_back_needs_a_comment_in_swedish_next_to_the_field(client, world, follow_up):
    data = review_form(client, world.police, follow_up)

    response = client.post(url(follow_up), {**data, "decision": "needs_changes", "comment": " "})

    assert response.status_code == 200
    assert not Review.objects.exists()
    form = response.context["form"]
    assert form.errors == {"comment": ["Ange vad som behöver ändras."]}
    page = response.content.decode()
    assert "Ange vad som behöver ändras." in page
    # The choice made is still chosen.
    assert form_data(response)["decision"] == "needs_changes"


def test_a_refused_review_keeps_what_was_typed(client, world, follow_up):
    data = review_form(client, world.police, follow_up)

    typed = {"decision": "", "comment": "Bra <b>jobbat</b>"}

    response = client.post(url(follow_up), {**data, **typed})

    assert response.status_code == 200
    assert form_data(response)["comment"] == "Bra <b>jobbat</b>"
    assert not Review.objects.exists()


def test_sending_back_with_a_comment_records_it_in_the_history(client, world, follow_up):
    data = review_form(client, world.police, follow_up)

    client.post(url(follow_up), {**data, "decision": "needs_changes", "comment": "Ange datum."})

    review = Review.objects.get()
    assert (review.decision, review.comment) == ("needs_changes", "Ange datum.")
    record = review.history.get()
    assert record.history_user == world.police
    client.force_login(world.viewer)
    history = client.get(reverse("followups:follow_up_history", kwargs={"pk": follow_up.pk}))
    assert history.status_code == 200
    assert "Ange datum." in history.content.decode()


def test_the_author_may_not_review_their_own_follow_up(client, author, follow_up):
    client.force_login(author)
    page = client.get(url(follow_up)).content.decode()

    assert 'name="decision"' not in page
    assert (
        sv(
            "You wrote this follow-up, so someone else reviews it: the police of the local police "
            "area or the municipality's coordinator."
        )
        in page
    )
    assert client.post(url(follow_up), {"decision": "approved"}).status_code == 403
    assert not Review.objects.exists()


def test_a_closed_charters_follow_ups_are_no_longer_reviewed(client, world, follow_up):
    Charter.objects.filter(pk=follow_up.round.charter_id).update(status=Charter.Status.CLOSED)
    client.force_login(world.police)

    assert 'name="decision"' not in client.get(url(follow_up)).content.decode()
    assert client.post(url(follow_up), {"decision": "approved"}).status_code == 403


def test_a_review_of_a_follow_up_changed_since_the_page_was_loaded_is_refused(
    client, world, follow_up
):
    data = review_form(client, world.police, follow_up)
    follow_up.narrative_internal = "Nu fyra pass av fyra."
    follow_up._history_user = follow_up.author
    follow_up.save()

    response = client.post(
        url(follow_up), {**data, "decision": "needs_changes", "comment": "Saknar datum."}
    )

    assert response.status_code == 409
    assert not Review.objects.exists()
    page = response.content.decode()
    assert "Nu fyra pass av fyra." in page
    assert form_data(response)["comment"] == "Saknar datum."
    # A second, deliberate save after reading goes through.
    client.post(url(follow_up), form_data(response))
    assert Review.objects.get().comment == "Saknar datum."


# The author sees the decision


def test_the_author_sees_the_decision_and_comment_on_the_follow_up_page(
    client, world, author, follow_up
):
    ReviewFactory(
        follow_up=follow_up,
        reviewer=world.police,
        decision=Review.Decision.NEEDS_CHANGES,
        comment="Beskriv vad som gjordes.",
    )
    client.force_login(author)

    page = client.get(url(follow_up)).content.decode()

    assert "Behöver kompletteras" in page
    assert "Beskriv vad som gjordes." in page
    assert world.police.get_username() in page


def test_a_follow_up_sent_back_waits_for_its_author_until_they_change_it(
    client, world, author, follow_up
):
    ReviewFactory(
        follow_up=follow_up,
        reviewer=world.police,
        decision=Review.Decision.NEEDS_CHANGES,
        comment="Beskriv vad som gjordes.",
    )
    client.force_login(author)
    overview = reverse("followups:dashboard")

    page = client.get(overview).content.decode()
    assert "Beskriv vad som gjordes." in page
    assert url(follow_up) in page

    client.force_login(world.police)
    assert "Beskriv vad som gjordes." not in client.get(overview).content.decode()

    follow_up.save()  # the author completes it: now it waits for the reviewer
    client.force_login(author)
    assert "Beskriv vad som gjordes." not in client.get(overview).content.decode()


def test_an_approval_after_a_send_back_no_longer_waits_for_the_author(
    client, world, author, follow_up
):
    ReviewFactory(
        follow_up=follow_up,
        reviewer=world.police,
        decision=Review.Decision.NEEDS_CHANGES,
        comment="Beskriv vad som gjordes.",
    )
    ReviewFactory(follow_up=follow_up, reviewer=world.police_manager)
    client.force_login(author)

    page = client.get(reverse("followups:dashboard")).content.decode()
    assert "Beskriv vad som gjordes." not in page


def test_the_follow_up_page_runs_a_fixed_number_of_queries(
    client, world, follow_up, django_assert_num_queries
):
    for _ in range(3):
        ReviewFactory(follow_up=follow_up, reviewer=world.police_manager)
    client.force_login(world.police)

    # 1 session, 2 user, 3 the follow-up with round, charter, kommun, LPO, activity, promise
    # and author, 4 the user's roles in the kommun, 5 its reviews with their reviewers, 6 the
    # kommuner of the review list, 7 the previous follow-up in it and 8 the next. (The version
    # last reviewed is read from the history only when the follow-up changed since.)
    with django_assert_num_queries(8):
        response = client.get(url(follow_up))

    assert response.status_code == 200
