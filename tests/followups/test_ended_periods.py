"""A charter past its end date is shown as ended, a charter signed ahead of its period is
announced and becomes the kommun page's current one on its start date, and the daily
close_ended_charters closes ended charters into the archive."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from promises.models import Charter
from tests.helpers import STOCKHOLM, WEDNESDAY_NOON, charter_of, public_kommun_url
from tests.promises.factories import CharterFactory, PromiseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

# WEDNESDAY_NOON is 9 December 2026.
YEAR = 2026


def text_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_a_published_charter_past_its_end_is_not_current_and_says_it_ended(client, world):
    ended = charter_of(world, "a", YEAR - 1, published=True, title="Medborgarlöfte 2025")
    PromiseFactory(charter=ended, text="Vi lovar fler trafikkontroller.")

    kommun = text_of(client.get(public_kommun_url(world.municipality)))
    page = text_of(client.get(ended.get_absolute_url()))

    assert Charter.objects.current_for(world.municipality) is None
    assert "Kommun A har inget gällande medborgarlöfte i dag." in kommun
    assert f'Det senaste, <a href="{ended.get_absolute_url()}">Medborgarlöfte 2025</a>' in kommun
    assert "slutade 31 december 2025" in kommun
    assert "Vi lovar fler trafikkontroller." not in kommun
    assert "Avslutad period" in page
    assert "Perioden slutade 31 december 2025." in page
    assert "Vi lovar fler trafikkontroller." in page
    assert "tidigare medborgarlöfte" not in page


def test_a_newer_published_charter_replaces_the_ended_one_on_the_kommun_page(client, world):
    ended = charter_of(world, "a", YEAR - 1, published=True, title="Medborgarlöfte 2025")
    current = charter_of(world, "a", YEAR, published=True, title="Medborgarlöfte 2026")

    kommun = text_of(client.get(public_kommun_url(world.municipality)))

    assert Charter.objects.current_for(world.municipality) == current
    assert "<h1>Medborgarlöfte 2026</h1>" in kommun
    assert ended.get_absolute_url() in kommun  # under the earlier ones
    assert "Medborgarlöfte 2025 (2025)</a> – avslutad period" in kommun


def test_a_charter_signed_ahead_of_its_period_is_announced_then_current_on_its_start_date(
    client, world
):
    charter_of(world, "a", YEAR, published=True, title="Medborgarlöfte 2026")
    upcoming = charter_of(world, "a", YEAR + 1, published=True, title="Medborgarlöfte 2027")

    kommun = text_of(client.get(public_kommun_url(world.municipality)))
    page = text_of(client.get(upcoming.get_absolute_url()))

    assert "<h1>Medborgarlöfte 2026</h1>" in kommun
    assert "Kommande medborgarlöfte, gäller från 1 januari 2027" in kommun
    assert upcoming.get_absolute_url() in kommun
    assert "Kommande medborgarlöfte, gäller från 1 januari 2027." in page
    assert "tidigare medborgarlöfte" not in page

    with time_machine.travel(datetime.datetime(YEAR + 1, 1, 1, 8, tzinfo=STOCKHOLM), tick=False):
        kommun = text_of(client.get(public_kommun_url(world.municipality)))
        assert Charter.objects.current_for(world.municipality) == upcoming
        assert "<h1>Medborgarlöfte 2027</h1>" in kommun
        assert "Kommande medborgarlöfte" not in kommun


def test_an_announced_charter_is_linked_when_the_kommun_has_no_current_one(client, world):
    upcoming = charter_of(world, "a", YEAR + 1, published=True, title="Medborgarlöfte 2027")

    kommun = text_of(client.get(public_kommun_url(world.municipality)))

    assert "Kommun A har inget gällande medborgarlöfte i dag." in kommun
    assert "Kommande medborgarlöfte, gäller från 1 januari 2027" in kommun
    assert upcoming.get_absolute_url() in kommun


def test_the_overview_counts_an_ended_charter_among_the_earlier_ones(client, world):
    charter_of(world, "a", YEAR - 1, published=True)

    published = text_of(client.get(reverse("public:overview"), {"state": "published"}))
    earlier = text_of(client.get(reverse("public:overview"), {"state": "closed"}))

    assert "Kommun A" not in published
    assert "Kommun A" in earlier


def test_the_workspace_labels_an_ended_and_an_announced_charter(client, world):
    ended = charter_of(world, "a", YEAR - 1, published=True)
    upcoming = charter_of(world, "a", YEAR + 1, published=True)
    client.force_login(world.coordinator)

    ended_page = text_of(client.get(reverse("promises:charter", kwargs={"pk": ended.pk})))
    upcoming_page = text_of(client.get(reverse("promises:charter", kwargs={"pk": upcoming.pk})))
    kommun = text_of(
        client.get(
            reverse("followups:municipality_workspace", kwargs={"slug": world.municipality.slug})
        )
    )
    preview = text_of(client.get(reverse("followups:charter_preview", kwargs={"pk": upcoming.pk})))

    assert "avslutad period" in ended_page
    assert "Perioden slutade 31 december 2025." in ended_page
    assert "kommande" in upcoming_page
    assert "Kommande medborgarlöfte, gäller från 1 januari 2027." in upcoming_page
    assert "avslutad period" in kommun and "kommande" in kommun
    assert "tidigare medborgarlöfte" not in preview


# --- close_ended_charters ----------------------------------------------------------------


def close_ended() -> str:
    out = io.StringIO()
    call_command("close_ended_charters", stdout=out)
    return out.getvalue()


def test_close_ended_charters_closes_only_ended_published_charters(world):
    ended = charter_of(world, "a", YEAR - 1, published=True, title="Medborgarlöfte 2025")
    current = charter_of(world, "a", YEAR, published=True)
    upcoming = charter_of(world, "a", YEAR + 1, published=True)
    draft = charter_of(world, "b", YEAR - 1)
    withdrawn = charter_of(
        world,
        "b",
        YEAR - 2,
        status=Charter.Status.WITHDRAWN,
        published_at=WEDNESDAY_NOON,
        withdrawn_at=WEDNESDAY_NOON,
        withdrawal_reason="Fel kommun.",
    )

    output = close_ended()

    for charter in (ended, current, upcoming, draft, withdrawn):
        charter.refresh_from_db()
    assert ended.status == Charter.Status.CLOSED
    assert current.status == upcoming.status == Charter.Status.PUBLISHED
    assert draft.status == Charter.Status.DRAFT
    assert withdrawn.status == Charter.Status.WITHDRAWN
    assert "Medborgarlöfte 2025 – Kommun A" in output
    assert "1 medborgarlöfte stängt." in output


def test_close_ended_charters_records_the_reason_and_closes_nothing_more_when_run_again(world):
    ended = charter_of(world, "a", YEAR - 1, published=True)

    close_ended()
    again = close_ended()

    records = list(ended.history.all())
    assert records[0].history_change_reason == "Perioden har slutat"
    assert records[0].status == Charter.Status.CLOSED
    assert len([r for r in records if r.history_change_reason == "Perioden har slutat"]) == 1
    assert "0 medborgarlöften stängda." in again


def test_a_charter_ending_today_stays_open_until_tomorrow(world):
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        published=True,
        period_start=datetime.date(YEAR, 1, 1),
        period_end=WEDNESDAY_NOON.date(),
    )

    close_ended()

    charter.refresh_from_db()
    assert charter.status == Charter.Status.PUBLISHED
    assert Charter.objects.current_for(world.municipality) == charter
