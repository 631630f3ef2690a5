"""The kommun page shows each activity's latest published status."""

import datetime

import pytest
from django.utils import timezone

from followups.models import FollowUp
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory
from tests.followups.test_kommun_page import published_charter, words_of
from tests.helpers import WEDNESDAY_NOON, public_kommun_url, this_year

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]


def test_each_activity_shows_its_status_in_the_latest_published_report(client):
    charter = published_charter(promises=1)
    start, _end = this_year()
    first = charter.rounds.get(title="Tertial 1")
    later = FollowUpRoundFactory(
        charter=charter,
        title="Tertial 3",
        period_start=start + datetime.timedelta(days=240),
        period_end=start + datetime.timedelta(days=300),
        due_on=start + datetime.timedelta(days=310),
        published_at=timezone.now(),
    )
    activity = charter.promises.get().activities.get(is_public=True)
    FollowUpFactory(
        round=later, activity=activity, status=FollowUp.Status.ONGOING, narrative_public="Igen."
    )
    # The earlier report's follow-up, corrected after the later one was written: the page
    # does not show it, but it was changed, and "last updated" says so.
    corrected = WEDNESDAY_NOON + datetime.timedelta(hours=3)
    FollowUp.objects.filter(round=first, activity=activity).update(updated_at=corrected)

    page = client.get(public_kommun_url(charter.municipality)).content.decode()

    text = words_of(page)
    assert "StatusPågår uppföljning Tertial 3" in text
    assert "Igen." in text
    assert "Genomfört 0." not in text
    assert f'<time datetime="{corrected.isoformat(timespec="seconds")}">' in page.replace(
        "Z", "+00:00"
    )
