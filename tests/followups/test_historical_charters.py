"""A charter entered in the system after the fact (imported, or typed in with a period in
the past) has no overdue rounds and no red 0 %: the rounds due before it was entered are "not
followed up in the system", said neutrally on the workspace and the public pages."""

import datetime

import pytest
from django.urls import reverse

from followups.models import FollowUpRound
from followups.views.rounds import entry_url
from promises.models import Charter
from promises.services import charter_save
from tests.followups.factories import FollowUpFactory
from tests.helpers import WEDNESDAY_NOON, public_kommun_url, rounds_url
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

TODAY = WEDNESDAY_NOON.date()  # 9 December 2026
D = datetime.date


def entered_charter(world, start: datetime.date, end: datetime.date, entered_on) -> Charter:
    """A published charter of kommun A with one public activity, entered here on ENTERED_ON,
    its quarterly rounds planned by the one write path."""
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        published=True,
        period_start=start,
        period_end=end,
        followup_cadence=Charter.FollowUpCadence.QUARTER,
        entered_on=entered_on,
    )
    ActivityFactory(promise=PromiseFactory(charter=charter), is_public=True)
    charter_save(charter=charter, user=None)
    return charter


def test_rounds_due_before_a_charter_was_entered_are_never_overdue(world, coordinator):
    charter = entered_charter(world, D(2021, 1, 1), D(2021, 12, 31), entered_on=TODAY)

    page = coordinator.get(rounds_url(charter)).content.decode()

    assert charter.rounds.count() == 4
    assert not FollowUpRound.objects.overdue(TODAY).exists()
    assert not any(round_.is_overdue for round_ in charter.rounds.all())
    assert page.count("Inte uppföljd i systemet") == 4
    assert "försenad" not in page
    assert "text-bg-danger" not in page


def test_a_charter_entered_mid_period_is_overdue_only_for_the_rounds_due_since(world, coordinator):
    charter = entered_charter(world, D(2026, 1, 1), D(2026, 12, 31), entered_on=D(2026, 6, 1))

    overdue = FollowUpRound.objects.overdue(TODAY).filter(charter=charter)

    # Q1 was due 15 April, before the charter was entered; Q2 and Q3 after.
    assert sorted(overdue.values_list("title", flat=True)) == ["Kvartal 2 2026", "Kvartal 3 2026"]
    first = charter.rounds.get(title="Kvartal 1 2026")
    assert first.predates_system and first.is_untracked and not first.is_overdue


def test_the_dashboards_do_not_count_untracked_rounds(world, coordinator, login_as):
    entered_charter(world, D(2021, 1, 1), D(2021, 12, 31), entered_on=TODAY)

    dashboard = coordinator.get(reverse("followups:dashboard"))
    review = login_as("police_manager").get(reverse("followups:review"))

    assert dashboard.context["due_rounds"] == []
    assert review.context["overdue"] == []
    assert "Ingen omgång är försenad." in review.content.decode()


def test_the_public_page_shows_no_zero_percent_for_a_historical_charter(client, world):
    charter = entered_charter(world, D(2021, 1, 1), D(2021, 12, 31), entered_on=TODAY)

    page = client.get(charter.get_absolute_url()).content.decode()

    assert "Ingen uppföljning registrerad i systemet" in page
    assert "Inte uppföljd ännu" not in page
    assert "0\u00a0%" not in page
    assert 'class="tally-bar"' not in page
    assert "1 utan uppföljning i systemet (räknas inte)" in page
    assert "Medborgarlöftet fördes in i systemet 9 december 2026" in page


def test_a_follow_up_recorded_for_a_historical_charter_still_counts(client, world):
    charter = entered_charter(world, D(2021, 1, 1), D(2021, 12, 31), entered_on=TODAY)
    round_ = charter.rounds.order_by("period_start").first()
    activity = charter.promises.get().activities.get()
    FollowUpFactory(round=round_, activity=activity, status="done")
    round_.published_at = WEDNESDAY_NOON
    round_.save()

    page = client.get(charter.get_absolute_url()).content.decode()

    assert "100\u00a0%" in page
    assert "Ingen uppföljning registrerad i systemet" not in page


def test_a_charter_entered_before_its_rounds_shows_not_followed_up_yet(client, world):
    charter = entered_charter(world, D(2026, 1, 1), D(2026, 12, 31), entered_on=D(2025, 12, 1))

    page = client.get(public_kommun_url(world.municipality)).content.decode()

    assert Charter.objects.current_for(world.municipality) == charter
    assert "Inte uppföljd ännu" in page
    assert "0\u00a0%" in page
    assert "Ingen uppföljning registrerad i systemet" not in page


def test_the_round_page_of_a_historical_round_shows_no_zero_percent(world, coordinator):
    charter = entered_charter(world, D(2021, 1, 1), D(2021, 12, 31), entered_on=TODAY)
    round_ = charter.rounds.order_by("period_start").first()

    page = coordinator.get(entry_url(round_)).content.decode()

    assert "0\u00a0%" not in page
    assert 'class="tally-bar"' not in page
    assert "Framsteg: inte uppföljd i systemet" in page
    assert page.count("Inte uppföljd i systemet") == 1  # the round's badge
    assert "text-bg-danger" not in page


def test_the_round_page_of_a_historical_round_counts_what_was_recorded(world, coordinator):
    charter = entered_charter(world, D(2021, 1, 1), D(2021, 12, 31), entered_on=TODAY)
    round_ = charter.rounds.order_by("period_start").first()
    activity = charter.promises.get().activities.get()
    ActivityFactory(promise=activity.promise, is_public=True, title="Ej uppföljd")
    FollowUpFactory(round=round_, activity=activity, status="done")

    page = coordinator.get(entry_url(round_)).content.decode()

    # The one followed up is done; the other is shown apart, not counted as not started.
    assert (
        "1 av 1 planerad aktivitet genomförd (100\u00a0%), "
        "1 utan uppföljning i systemet (räknas inte)." in page
    )
    assert "Framsteg: inte uppföljd i systemet" not in page


def test_the_round_page_of_a_round_due_since_the_charter_was_entered_counts_zero(
    world, coordinator
):
    charter = entered_charter(world, D(2026, 1, 1), D(2026, 12, 31), entered_on=D(2026, 6, 1))
    round_ = charter.rounds.get(title="Kvartal 2 2026")

    page = coordinator.get(entry_url(round_)).content.decode()

    assert "0\u00a0%" in page
    assert "Inte uppföljd i systemet" not in page


def test_the_export_of_a_historical_round_says_not_followed_up_in_the_system(world, coordinator):
    charter = entered_charter(world, D(2021, 1, 1), D(2021, 12, 31), entered_on=TODAY)
    round_ = charter.rounds.order_by("period_start").first()

    response = coordinator.get(reverse("followups:round_csv", kwargs={"round_pk": round_.pk}))
    text = response.content.decode("utf-8-sig")

    assert response.status_code == 200
    assert text.count("Inte uppföljd i systemet") == 2  # the promise and its activity
    assert ";inte uppföljd;" not in text
