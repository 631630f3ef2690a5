"""`manage.py purge_expired`: tips older than TIP_RETENTION_DAYS go, with their history."""

import datetime
import io
import re
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from situations import services
from situations.models import Tip

NOW = datetime.datetime(2026, 11, 22, 6, 15, tzinfo=datetime.UTC)


def tip_sent(world, *, days_ago: float, message: str = "Mörkt vid busstorget") -> Tip:
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        tip = Tip.objects.create(municipality=world.municipality, message=message)
    # created_at is auto_now_add, so the age is set afterwards, history rows too.
    sent = NOW - datetime.timedelta(days=days_ago)
    Tip.objects.filter(pk=tip.pk).update(created_at=sent)
    Tip.history.filter(id=tip.pk).update(created_at=sent)
    tip.refresh_from_db()
    return tip


def purge(*args: str) -> str:
    out = io.StringIO()
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        call_command("purge_expired", *args, stdout=out)
    return out.getvalue()


def test_a_tip_one_second_past_the_retention_period_is_deleted_and_one_exactly_at_it_kept(
    world, settings
):
    settings.TIP_RETENTION_DAYS = 30
    expired = tip_sent(world, days_ago=30 + 1 / 86400, message="Utgånget")
    boundary = tip_sent(world, days_ago=30, message="Precis 30 dagar")
    recent = tip_sent(world, days_ago=1, message="Nytt")

    output = purge()

    assert set(Tip.objects.all()) == {boundary, recent}
    assert not Tip.objects.filter(pk=expired.pk).exists()
    assert "Raderade 1 tips äldre än 30 dagar" in output


def test_the_history_of_a_deleted_tip_goes_with_it(world, settings):
    settings.TIP_RETENTION_DAYS = 365
    old = tip_sent(world, days_ago=400)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        services.tip_handle(tip=old, user=world.coordinator)
    kept = tip_sent(world, days_ago=10)
    assert Tip.history.filter(id=old.pk).count() == 2

    output = purge()

    assert not Tip.history.filter(id=old.pk).exists()
    assert Tip.history.filter(id=kept.pk).count() == 1
    # The creation and handling rows, and the deletion row that deleting adds.
    assert "och 3 historikrader" in output


def test_a_dry_run_counts_without_deleting(world, settings):
    settings.TIP_RETENTION_DAYS = 30
    tip_sent(world, days_ago=31)
    tip_sent(world, days_ago=45)
    tip_sent(world, days_ago=2)

    output = purge("--dry-run")

    assert Tip.objects.count() == 3
    assert "Skulle radera 2 tips äldre än 30 dagar" in output
    assert "inget raderat" in output


def test_nothing_to_delete_says_so(world, settings):
    settings.TIP_RETENTION_DAYS = 30
    tip_sent(world, days_ago=3)

    assert "Raderade 0 tips" in purge()
    assert Tip.objects.count() == 1


def test_a_retention_period_below_one_day_is_refused_rather_than_deleting_every_tip(
    world, settings
):
    settings.TIP_RETENTION_DAYS = 0
    tip_sent(world, days_ago=3)

    with pytest.raises(CommandError, match="TIP_RETENTION_DAYS"):
        purge()
    assert Tip.objects.count() == 1


@pytest.mark.parametrize(
    "days, months",
    [(365, 12), (182, 6), (183, 7), (30, 1), (1, 1), (730, 24)],
)
def test_the_privacy_page_states_the_configured_period_rounded_up_to_whole_months(
    client, db, settings, days, months
):
    settings.TIP_RETENTION_DAYS = days

    response = client.get(reverse("public:privacy"))

    html = response.content.decode()
    section = html.split('id="tips-how-long"')[1].split("</p>")[0]
    # "högst 12 månader" in Swedish, "at most 12 months" before the catalog has it.
    assert re.search(rf"\b{months} (månad|month)", section)
