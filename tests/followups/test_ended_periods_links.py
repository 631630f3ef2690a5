"""Under the rule "current = published and its period covers today": the workspace dashboard
links every public charter to its own public page, and the public overview's focus-area
filter matches the charter each kommun's row shows (in force, else announced), never one
whose period is over."""

import pytest
from django.urls import reverse

from tests.helpers import WEDNESDAY_NOON, charter_of
from tests.promises.factories import PromiseFactory
from tests.situations.factories import FocusAreaFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

YEAR = 2026  # WEDNESDAY_NOON is 9 December 2026.


def text_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_links_the_current_the_announced_and_an_ended_charter(world, coordinator):
    ended = charter_of(world, "a", YEAR - 1, published=True, title="Löfte 2025")
    current = charter_of(world, "a", YEAR, published=True, title="Löfte 2026")
    upcoming = charter_of(world, "a", YEAR + 1, published=True, title="Löfte 2027")
    draft = charter_of(world, "a", YEAR + 2, title="Löfte 2028")

    page = text_of(coordinator.get(reverse("followups:dashboard")))

    for charter in (ended, current, upcoming):
        assert f'<a href="{charter.get_absolute_url()}">Offentlig sida' in page
        assert f"för {charter.title}, {charter.period_label}</span>" in page
    assert draft.get_absolute_url() not in page  # a draft has no public page
    assert page.count("Offentlig sida<span") == 3


def test_each_public_page_the_dashboard_links_to_exists(world, client):
    charters = [
        charter_of(world, "a", year, published=True) for year in (YEAR - 1, YEAR, YEAR + 1)
    ]

    for charter in charters:
        assert client.get(charter.get_absolute_url()).status_code == 200


def overview_filtered_by(client, area) -> str:
    return text_of(client.get(reverse("public:overview"), {"focus_area": area.pk}))


def test_the_focus_area_filter_leaves_out_an_ended_charter(client, world):
    traffic = FocusAreaFactory(name="Trafik", slug="trafik")
    ended = charter_of(world, "a", YEAR - 1, published=True)
    PromiseFactory(charter=ended).focus_areas.add(traffic)

    page = overview_filtered_by(client, traffic)

    assert "Kommun A" not in page
    assert "Ingen kommun matchar filtren." in page


def test_the_focus_area_filter_matches_the_charter_in_force_and_an_announced_one(client, world):
    traffic = FocusAreaFactory(name="Trafik", slug="trafik")
    youth = FocusAreaFactory(name="Unga", slug="unga")
    ended = charter_of(world, "a", YEAR - 1, published=True)
    PromiseFactory(charter=ended).focus_areas.add(youth)
    current = charter_of(world, "a", YEAR, published=True)
    PromiseFactory(charter=current).focus_areas.add(traffic)
    announced = charter_of(world, "b", YEAR + 1, published=True)
    PromiseFactory(charter=announced).focus_areas.add(youth)

    by_traffic = overview_filtered_by(client, traffic)
    by_youth = overview_filtered_by(client, youth)

    assert "Kommun A" in by_traffic and "Kommun B" not in by_traffic
    # Kommun A's youth promise is in its ended charter; Kommun B announces one.
    assert "Kommun A" not in by_youth and "Kommun B" in by_youth


def test_the_focus_area_filter_ignores_a_draft(client, world):
    traffic = FocusAreaFactory(name="Trafik", slug="trafik")
    draft = charter_of(world, "a", YEAR)
    PromiseFactory(charter=draft).focus_areas.add(traffic)

    assert "Kommun A" not in overview_filtered_by(client, traffic)
