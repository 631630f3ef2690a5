"""The quarterly EST summary: per place and category the number of reports, their mean and
highest level, checked against figures worked out by hand; attached to a lägesbild as a source.
"""

import datetime
from decimal import Decimal

import pytest

from situations import est
from situations.models import Observation, Source
from tests.helpers import situations_url, sv
from tests.situations.factories import (
    ObservationFactory,
    PlaceFactory,
    SituationReportFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

LITTERING = Observation.Category.LITTERING
VANDALISM = Observation.Category.VANDALISM


@pytest.fixture
def observations(world):
    """Kvartal 1 2026: Torget nedskräpning 2, 3, 5; Torget skadegörelse 4; Parken
    nedskräpning 1, 2. Outside it: week 14 (Monday 30 March is in Q1, so it counts), week 15
    (Monday 6 April, Q2) and week 1 of 2026 (Monday 29 December 2025, Q4 2025).
    """
    kommun = world.municipality
    torget = PlaceFactory(municipality=kommun, name="Torget")
    parken = PlaceFactory(municipality=kommun, name="Parken")

    def report(place, category, level, week):
        ObservationFactory(
            municipality=kommun, place=place, category=category, level=level, week=week
        )

    report(torget, LITTERING, 2, datetime.date(2026, 1, 5))
    report(torget, LITTERING, 3, datetime.date(2026, 2, 2))
    report(torget, LITTERING, 5, datetime.date(2026, 3, 30))
    report(torget, VANDALISM, 4, datetime.date(2026, 3, 2))
    report(parken, LITTERING, 1, datetime.date(2026, 1, 12))
    report(parken, LITTERING, 2, datetime.date(2026, 1, 19))
    report(torget, LITTERING, 5, datetime.date(2026, 4, 6))
    report(torget, LITTERING, 5, datetime.date(2025, 12, 29))
    ObservationFactory(municipality=world.other_municipality, week=datetime.date(2026, 1, 5))
    return torget, parken


def test_the_figures_match_the_hand_computed_example(world, observations):
    rows = est.quarter_summary(world.municipality, 2026, 1)

    assert [(r.place_name, r.category, r.count, r.mean, r.max) for r in rows] == [
        ("Parken", "littering", 2, Decimal("1.5"), 2),
        # (2 + 3 + 5) / 3 = 3.33…
        ("Torget", "littering", 3, Decimal("3.3"), 5),
        ("Torget", "vandalism", 1, Decimal("4.0"), 4),
    ]


def test_the_summary_page_shows_the_chosen_quarter(client, world, observations):
    client.force_login(world.police)

    response = client.get(
        situations_url("est_summary", world.municipality), {"ar": 2026, "kvartal": 1}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "3,3" in page
    assert f"5 – {sv('very high')}" in page
    assert len(response.context["rows"]) == 3


def test_an_unknown_quarter_shows_the_current_one_with_a_message(client, world):
    client.force_login(world.coordinator)

    response = client.get(
        situations_url("est_summary", world.municipality), {"ar": 1999, "kvartal": 9}
    )

    assert response.status_code == 200
    assert response.context["chooser"].errors
    assert sv("Choose one of the options in the list.") in response.content.decode()


def test_attaching_creates_an_est_source_on_the_chosen_lagesbild(client, world, observations):
    report = SituationReportFactory(municipality=world.municipality)
    client.force_login(world.coordinator)

    response = client.post(
        situations_url("est_summary", world.municipality),
        {"ar": 2026, "kvartal": 1, "report": report.pk, "is_internal": "on"},
    )

    assert response.status_code == 302
    source = Source.objects.get(report=report)
    assert source.kind == Source.Kind.EST
    assert source.title == est.quarter_title(2026, 1)
    assert source.date == datetime.date(2026, 3, 31)
    assert source.is_internal
    lines = source.description.splitlines()
    assert len(lines) == 3
    assert "Torget" in lines[1] and "3,3" in lines[1] and "5" in lines[1]
    assert source.history.get().history_user == world.coordinator


def test_attaching_the_same_quarter_again_updates_the_source(client, world, observations):
    report = SituationReportFactory(municipality=world.municipality)
    SourceFactory(report=report, kind=Source.Kind.EST, title=est.quarter_title(2026, 1))
    client.force_login(world.police)

    client.post(
        situations_url("est_summary", world.municipality),
        {"ar": 2026, "kvartal": 1, "report": report.pk},
    )

    source = Source.objects.get(report=report)
    assert "Parken" in source.description
    assert not source.is_internal


def test_a_lagesbild_of_another_kommun_cannot_be_chosen(client, world, observations):
    elsewhere = SituationReportFactory(municipality=world.other_municipality)
    client.force_login(world.coordinator)

    response = client.post(
        situations_url("est_summary", world.municipality),
        {"ar": 2026, "kvartal": 1, "report": elsewhere.pk},
    )

    assert response.status_code == 200
    assert "report" in response.context["attach"].errors
    assert not Source.objects.exists()


def test_an_empty_quarter_is_not_attached(client, world):
    report = SituationReportFactory(municipality=world.municipality)
    client.force_login(world.coordinator)

    response = client.post(
        situations_url("est_summary", world.municipality),
        {"ar": 2026, "kvartal": 2, "report": report.pk},
        follow=True,
    )

    assert not Source.objects.exists()
    assert sv("There are no EST observations in this quarter to attach.") in (
        response.content.decode()
    )


def test_a_viewer_reads_the_summary_but_may_not_attach(client, world, observations):
    report = SituationReportFactory(municipality=world.municipality)
    client.force_login(world.viewer)
    url = situations_url("est_summary", world.municipality)

    assert client.get(url).status_code == 200
    assert client.post(url, {"ar": 2026, "kvartal": 1, "report": report.pk}).status_code == 403
    assert not Source.objects.exists()
