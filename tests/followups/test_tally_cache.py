"""The national pages that show each charter's tallies (the overview, the open data's list of
charters) follow a published report's corrected status or assessment, and stay cached
otherwise."""

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from followups.models import FollowUp
from tests.followups.test_kommun_page import published_charter
from tests.helpers import WEDNESDAY_NOON

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]


def test_a_follow_up_of_an_unpublished_round_leaves_the_overview_cached(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    published_charter(promises=1)
    overview = reverse("public:overview")
    client.get(overview)
    follow_up = FollowUp.objects.get(round__published_at__isnull=True, activity__isnull=False)

    with django_capture_on_commit_callbacks(execute=True):
        follow_up.narrative_public = "Ändrad i en opublicerad omgång."
        follow_up.save()

    with django_assert_max_num_queries(0):
        assert client.get(overview).status_code == 200


def test_a_corrected_status_in_a_published_report_reaches_the_overview_and_the_charter_list(
    client, django_capture_on_commit_callbacks
):
    charter = published_charter(promises=1)
    overview = reverse("public:overview") + "?" + urlencode({"q": charter.municipality.name})
    charter_list = reverse("opendata:api_charters")
    follow_up = FollowUp.objects.filter(
        round__published_at__isnull=False, activity__isnull=False
    ).first()

    def figures() -> tuple[list[str], dict]:
        page = client.get(overview).content.decode()
        rows = client.get(charter_list).json()["results"]
        (row,) = [row for row in rows if row["id"] == charter.pk]
        done = re.findall(r"\d+ av \d+ planerade? aktivitet(?:er)? genomförda?", page)
        return done, row["progress"]

    before = figures()
    with django_capture_on_commit_callbacks(execute=True):
        follow_up.status = (
            FollowUp.Status.DELAYED
            if follow_up.status == FollowUp.Status.DONE
            else FollowUp.Status.DONE
        )
        follow_up.save()
    after = figures()

    assert before[0] and after[0] != before[0]
    assert after[1] != before[1]
