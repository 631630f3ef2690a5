"""A follow-up's page as a step through the review list: "previous" and "next" go through the
list as it was filtered, the way back keeps the filters (and finds the page the follow-up is
on), and the reviewer sees what changed since the latest review.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from followups import services
from followups.models import FollowUp
from tests.followups.factories import FollowUpFactory
from tests.followups.test_bulk_review import YEAR, charter_in_force, round_of
from tests.helpers import WEDNESDAY_NOON, form_data

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=True)]

LIST = reverse("followups:review")


def page_url(follow_up: FollowUp, query: str = "") -> str:
    url = reverse("followups:follow_up", kwargs={"pk": follow_up.pk})
    return f"{url}?{query}" if query else url


@pytest.fixture
def listed(world):
    """Five follow-ups of kommun A reported on five days, the latest first in the list:
    e (done), d (ongoing), c (done), b (ongoing), a (done)."""
    round_ = round_of(charter_in_force(world.municipality, world.police_area))
    follow_ups = {}
    for day, (name, status) in enumerate(
        [("a", "done"), ("b", "ongoing"), ("c", "done"), ("d", "ongoing"), ("e", "done")]
    ):
        follow_ups[name] = FollowUpFactory(
            round=round_,
            activity__promise__charter=round_.charter,
            activity__title=f"Aktivitet {name}",
            status=status,
            reported_on=datetime.date(YEAR, 4, 1 + day),
        )
    return follow_ups


def test_the_list_links_each_follow_up_with_its_filters(client, world, listed):
    client.force_login(world.police)

    page = client.get(LIST, {"status": "done", "sida": "1"}).content.decode()

    assert f'href="{page_url(listed["c"], "status=done&amp;sida=1")}"' in page


def test_next_and_previous_go_through_the_filtered_list_keeping_its_filters(client, world, listed):
    client.force_login(world.police)

    page = client.get(page_url(listed["c"], "status=done&sida=1")).content.decode()

    # The list filtered on "done" is e, c, a: c's neighbours skip the ongoing d and b.
    query = "status=done&amp;sida=1"
    assert f'href="{page_url(listed["e"], query)}" rel="prev"' in page
    assert f'href="{page_url(listed["a"], query)}" rel="next"' in page
    assert f'href="{LIST}?{query}">Tillbaka till granskningen' in page


def test_the_first_has_no_previous_and_the_last_no_next(client, world, listed):
    client.force_login(world.police)

    first = client.get(page_url(listed["e"], "status=done")).content.decode()
    last = client.get(page_url(listed["a"], "status=done")).content.decode()

    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_without_filters_the_neighbours_are_those_of_the_whole_list(client, world, listed):
    client.force_login(world.police)

    page = client.get(page_url(listed["c"])).content.decode()

    assert f'href="{page_url(listed["d"])}" rel="prev"' in page
    assert f'href="{page_url(listed["b"])}" rel="next"' in page
    assert f'href="{LIST}">Tillbaka' in page


def test_a_follow_up_no_longer_in_the_filtered_list_still_has_neighbours(client, world, listed):
    client.force_login(world.police)

    page = client.get(page_url(listed["d"], "status=done")).content.decode()

    assert f'href="{page_url(listed["e"], "status=done")}" rel="prev"' in page
    assert f'href="{page_url(listed["c"], "status=done")}" rel="next"' in page


def test_an_invalid_filter_walks_the_whole_list(client, world, listed):
    client.force_login(world.police)
    query = "status=nonsense&municipality=999999"

    response = client.get(page_url(listed["c"], query))

    assert response.status_code == 200
    page = response.content.decode()
    assert page_url(listed["d"], query.replace("&", "&amp;")) + '" rel="prev"' in page


def test_a_review_keeps_the_filters_for_the_next_step(client, world, listed):
    client.force_login(world.police)
    url = page_url(listed["c"], "status=done")

    data = form_data(client.get(url))
    response = client.post(url, {**data, "decision": "approved"})

    assert response.status_code == 302
    assert response["Location"] == url


def test_the_neighbours_stay_in_the_users_scope(client, world, listed):
    other = round_of(charter_in_force(world.other_municipality, world.other_police_area))
    FollowUpFactory(
        round=other,
        activity__promise__charter=other.charter,
        activity__title="Annan kommun",
        status="done",
        reported_on=datetime.date(YEAR, 4, 4),  # between c and d, but not in LPO A
    )
    client.force_login(world.police)

    page = client.get(page_url(listed["c"])).content.decode()

    assert f'href="{page_url(listed["d"])}" rel="prev"' in page


# What changed since the latest review


def test_a_follow_up_never_reviewed_says_so(client, world, listed):
    client.force_login(world.police)

    page = client.get(page_url(listed["a"])).content.decode()

    assert "Inte granskad tidigare." in page


def test_the_reviewer_sees_what_changed_since_the_latest_review(client, world, listed):
    follow_up = listed["a"]
    services.follow_up_review(follow_up=follow_up, user=world.police, decision="approved")
    follow_up.narrative_public = "Nu med fler kvällar."
    follow_up.status = FollowUp.Status.DELAYED
    follow_up.reason = "Sjukdom."
    services.follow_up_save(follow_up=follow_up, user=world.coordinator)
    client.force_login(world.police_manager)

    page = client.get(page_url(follow_up)).content.decode()

    section = page[page.index('id="since-heading"') : page.index('id="reviews-heading"')]
    assert "Senaste granskningen: godkänd" in section
    assert "police" in section
    old_text = FollowUpFactory.narrative_public
    assert f'<del><span class="visually-hidden">Före: </span>{old_text}</del>' in section
    assert '<ins><span class="visually-hidden">Efter: </span>Nu med fler kvällar.</ins>' in section
    assert "<dt>Status</dt>" in section
    assert "genomförd" in section and "försenad" in section
    assert "<dt>Vad som gjorts (internt)</dt>" not in section  # unchanged


def test_nothing_changed_since_the_review_says_so(client, world, listed):
    follow_up = listed["b"]
    services.follow_up_review(follow_up=follow_up, user=world.police, decision="approved")
    client.force_login(world.police_manager)

    page = client.get(page_url(follow_up)).content.decode()

    assert "Inget av det som invånarna läser" in page


def test_the_changes_are_escaped(client, world, listed):
    follow_up = listed["b"]
    services.follow_up_review(follow_up=follow_up, user=world.police, decision="approved")
    follow_up.narrative_public = "<script>alert(1)</script>"
    services.follow_up_save(follow_up=follow_up, user=world.coordinator)
    client.force_login(world.police_manager)

    page = client.get(page_url(follow_up)).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_changes_since_a_send_back_are_shown_too(client, world, listed):
    follow_up = listed["b"]
    services.follow_up_review(
        follow_up=follow_up, user=world.police, decision="needs_changes", comment="Mer text."
    )
    follow_up.narrative_internal = "Kompletterat med datum."
    services.follow_up_save(follow_up=follow_up, user=world.coordinator)
    client.force_login(world.police)

    page = client.get(page_url(follow_up)).content.decode()

    assert "Senaste granskningen: behöver kompletteras" in page
    assert "Kompletterat med datum." in page


def test_bulk_imported_follow_ups_without_history_say_it_cannot_be_shown(client, world, listed):
    follow_up = listed["c"]
    FollowUp.history.filter(id=follow_up.pk).delete()
    services.follow_up_review(follow_up=follow_up, user=world.police, decision="approved")
    # Changed as the demo's bulk writer writes: without a history record.
    FollowUp.objects.filter(pk=follow_up.pk).update(
        narrative_public="Ändrad utan historik.", updated_at=timezone.now()
    )
    client.force_login(world.police_manager)

    page = client.get(page_url(follow_up)).content.decode()

    assert "Historiken har ingen version från före den granskningen" in page
