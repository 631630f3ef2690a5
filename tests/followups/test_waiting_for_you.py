"""The dashboard's "Waiting for you" counts what truly waits for the user, and each count
opens a list of exactly as many (tests/followups/area_data.py says what the area holds)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from followups import services
from followups.models import FollowUp, Review
from promises.models import Charter
from tests.followups.area_data import build_area
from tests.followups.factories import ReviewFactory
from tests.helpers import WEDNESDAY_NOON

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

DASHBOARD = reverse("followups:dashboard")


@pytest.fixture
def area(world):
    return build_area(world)


def waiting_links(page: str) -> dict[str, str]:
    """The links of the "Waiting for you" counts: their text, whitespace folded, and address."""
    section = page.split('id="waiting"', 1)[1].split("</section>", 1)[0]
    return {
        " ".join(text.split()): href.replace("&amp;", "&")
        for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', section)
    }


def listed(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["filter"].form.errors == {}
    return response.context["counts"].listed


def test_a_police_manager_sees_the_follow_ups_waiting_for_their_review(login_as, area):
    client = login_as("police_manager")

    links = waiting_links(client.get(DASHBOARD).content.decode())

    assert "3 uppföljningar väntar på din granskning" in links
    assert listed(client, links["3 uppföljningar väntar på din granskning"]) == 3
    # By the owner of the promise: a1 in Q2 and the police promise; a3 of the joint promise.
    assert listed(client, links["2 av polisens löften"]) == 2
    assert listed(client, links["1 av gemensamma löften"]) == 1


def test_a_police_officer_is_not_asked_to_review_their_own_follow_up(login_as, area):
    client = login_as("police")

    links = waiting_links(client.get(DASHBOARD).content.decode())

    assert listed(client, links["2 uppföljningar väntar på din granskning"]) == 2


def test_the_police_of_another_lpo_wait_only_for_their_kommun(login_as, area):
    client = login_as("other_police")

    links = waiting_links(client.get(DASHBOARD).content.decode())
    response = client.get(links["1 uppföljning väntar på din granskning"])

    assert response.context["counts"].listed == 1
    assert "Kommun A" not in response.content.decode().split('id="list-heading"')[1]


def test_a_follow_up_changed_after_its_approval_waits_again(login_as, area, world):
    approved = FollowUp.objects.get(round=area.q3, review_decision=Review.Decision.APPROVED)
    approved.narrative_public = "Polisen patrullerade varje kväll."
    services.follow_up_save(follow_up=approved, user=world.coordinator)
    client = login_as("police")

    links = waiting_links(client.get(DASHBOARD).content.decode())

    assert listed(client, links["3 uppföljningar väntar på din granskning"]) == 3


def test_an_approved_follow_up_no_longer_waits(login_as, area, world):
    waiting = FollowUp.objects.get(round=area.q3, activity__title="Trygghetsvandring")
    ReviewFactory(follow_up=waiting, reviewer=world.police_manager)
    client = login_as("police")

    links = waiting_links(client.get(DASHBOARD).content.decode())

    assert listed(client, links["1 uppföljning väntar på din granskning"]) == 1


def test_a_police_manager_sees_the_charters_waiting_for_approval(login_as, area, world):
    Charter.objects.filter(pk=area.charter.pk).update(status=Charter.Status.REVIEW)
    client = login_as("police_manager")

    page = client.get(DASHBOARD).content.decode()

    assert waiting_links(page)["1 medborgarlöfte väntar på ditt godkännande"] == "#in-review"
    assert 'id="in-review"' in page
    # A charter in review is still open: its follow-ups keep waiting.
    assert "3 uppföljningar väntar på din granskning" in waiting_links(page)


def test_a_coordinator_sees_what_was_sent_back_and_the_overdue_rounds(login_as, area):
    client = login_as("coordinator")

    links = waiting_links(client.get(DASHBOARD).content.decode())

    sent_back = links["1 uppföljning har skickats tillbaka till dig för ändringar"]
    assert listed(client, sent_back) == 1
    overdue = client.get(links["2 av dina uppföljningsomgångar är försenade"])
    assert [round_.pk for round_ in overdue.context["overdue"]] == [area.q2.pk, area.q3.pk]
    assert not any("granskning" in text for text in links)  # the police review, not they


def test_a_coordinator_of_another_kommun_sees_none_of_kommun_a(login_as, area):
    page = login_as("other_coordinator").get(DASHBOARD).content.decode()

    assert "Ingen uppföljning har skickats tillbaka till dig." in page
    assert "Kommun A" not in page


def test_nothing_waits_for_a_viewer(login_as, area):
    page = login_as("viewer").get(DASHBOARD).content.decode()

    assert "Inget väntar på dig." in page
    assert waiting_links(page) == {}
