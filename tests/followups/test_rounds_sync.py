"""A charter's follow-up rounds: made for its whole period from its cadence, and following
the period and the cadence when they change, without ever losing a round someone wrote in.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from followups.demo import national
from followups.demo.seeds import SEEDS, load_rounds
from followups.models import FollowUpRound
from followups.rounds import plan, plan_for
from followups.services import rounds_sync
from promises.models import Charter
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory
from tests.helpers import form_data
from tests.promises.factories import CharterFactory

pytestmark = pytest.mark.django_db

Cadence = Charter.FollowUpCadence
D = datetime.date


def title(msgid: str, **values) -> str:
    """A round title as the site's language (Swedish) writes it."""
    with translation.override("sv"):
        return gettext(msgid) % values


def quarter(number: int, year: int) -> str:
    return title("Quarter %(number)s %(year)s", number=number, year=year)


def half_year(number: int, year: int) -> str:
    return title("Half-year %(number)s %(year)s", number=number, year=year)


def periods(charter: Charter) -> list[tuple[str, datetime.date, datetime.date, datetime.date]]:
    return [
        (r.title, r.period_start, r.period_end, r.due_on)
        for r in charter.rounds.order_by("period_start")
    ]


@pytest.fixture
def half_yearly_charter(world) -> Charter:
    return CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=D(2027, 1, 1),
        period_end=D(2027, 12, 31),
        followup_cadence=Cadence.HALF_YEAR,
    )


# The plan


def test_a_year_in_quarters_is_due_on_the_15th_of_the_month_after_each():
    rounds = plan(D(2027, 1, 1), D(2027, 12, 31), Cadence.QUARTER)
    assert [(r.title, r.period_start, r.period_end, r.due_on) for r in rounds] == [
        (quarter(1, 2027), D(2027, 1, 1), D(2027, 3, 31), D(2027, 4, 15)),
        (quarter(2, 2027), D(2027, 4, 1), D(2027, 6, 30), D(2027, 7, 15)),
        (quarter(3, 2027), D(2027, 7, 1), D(2027, 9, 30), D(2027, 10, 15)),
        (quarter(4, 2027), D(2027, 10, 1), D(2027, 12, 31), D(2028, 1, 15)),
    ]


def test_tertials_half_years_and_years_are_due_at_the_end_of_the_month_after():
    tertials = plan(D(2027, 1, 1), D(2027, 12, 31), Cadence.TERTIAL)
    assert [(r.period_start, r.period_end, r.due_on) for r in tertials] == [
        (D(2027, 1, 1), D(2027, 4, 30), D(2027, 5, 31)),
        (D(2027, 5, 1), D(2027, 8, 31), D(2027, 9, 30)),
        (D(2027, 9, 1), D(2027, 12, 31), D(2028, 1, 31)),
    ]
    assert tertials[1].title == title("Tertial %(number)s %(year)s", number=2, year=2027)
    halves = plan(D(2027, 1, 1), D(2027, 12, 31), Cadence.HALF_YEAR)
    assert [(r.title, r.due_on) for r in halves] == [
        (half_year(1, 2027), D(2027, 7, 31)),
        (half_year(2, 2027), D(2028, 1, 31)),
    ]
    years = plan(D(2027, 1, 1), D(2028, 12, 31), Cadence.YEAR)
    assert [(r.title, r.due_on) for r in years] == [
        (title("Year %(year)s", year=2027), D(2028, 1, 31)),
        (title("Year %(year)s", year=2028), D(2029, 1, 31)),
    ]


def test_a_period_starting_and_ending_inside_a_quarter_cuts_its_first_and_last_round():
    rounds = plan(D(2027, 3, 15), D(2028, 5, 20), Cadence.QUARTER)
    assert (rounds[0].title, rounds[0].period_start, rounds[0].period_end) == (
        quarter(1, 2027),
        D(2027, 3, 15),
        D(2027, 3, 31),
    )
    assert (rounds[-1].title, rounds[-1].period_start, rounds[-1].period_end) == (
        quarter(2, 2028),
        D(2028, 4, 1),
        D(2028, 5, 20),
    )
    assert rounds[-1].due_on == D(2028, 6, 15)
    assert len(rounds) == 6


def test_titles_are_in_swedish_whatever_language_the_person_saving_uses(
    half_yearly_charter, world
):
    with translation.override("en"):
        rounds_sync(charter=half_yearly_charter, user=world.coordinator)
    assert half_yearly_charter.rounds.first().title == half_year(1, 2027)


# Creating and editing a charter


def test_creating_a_charter_makes_the_rounds_of_its_whole_period(client, world):
    client.force_login(world.coordinator)
    url = reverse("promises:charter_create", kwargs={"slug": world.municipality.slug})
    data = form_data(client.get(url))
    assert data["followup_cadence"] == Cadence.HALF_YEAR  # the default
    data.update(
        title="Medborgarlöfte 2027–2028",
        period_start="2027-01-01",
        period_end="2028-12-31",
        followup_cadence=Cadence.QUARTER,
        police_area=str(world.police_area.pk),
    )
    response = client.post(url, data, follow=True)

    charter = Charter.objects.get(title="Medborgarlöfte 2027–2028")
    assert charter.followup_cadence == Cadence.QUARTER
    assert [r[0] for r in periods(charter)] == [
        quarter(n, year) for year in (2027, 2028) for n in (1, 2, 3, 4)
    ]
    assert charter.rounds.first().history.get().history_user == world.coordinator
    assert "8" in str(list(response.context["messages"])[-1])


def test_a_refused_charter_makes_no_rounds(client, world):
    client.force_login(world.coordinator)
    url = reverse("promises:charter_create", kwargs={"slug": world.municipality.slug})
    data = form_data(client.get(url))
    data.update(title="Fel", period_start="2027-12-31", period_end="2027-01-01")
    assert client.post(url, data).status_code == 200
    assert not FollowUpRound.objects.exists()


def edit(client, charter: Charter, **changes) -> None:
    url = reverse("promises:charter_edit", kwargs={"pk": charter.pk})
    data = form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    charter.refresh_from_db()


def test_a_longer_period_adds_rounds_and_a_shorter_one_removes_the_empty_ones(
    client, world, half_yearly_charter
):
    rounds_sync(charter=half_yearly_charter, user=world.coordinator)
    client.force_login(world.coordinator)

    edit(client, half_yearly_charter, period_end="2028-12-31")
    assert [r[0] for r in periods(half_yearly_charter)] == [
        half_year(1, 2027),
        half_year(2, 2027),
        half_year(1, 2028),
        half_year(2, 2028),
    ]

    edit(client, half_yearly_charter, period_end="2027-09-30")
    assert periods(half_yearly_charter) == [
        (half_year(1, 2027), D(2027, 1, 1), D(2027, 6, 30), D(2027, 7, 31)),
        (half_year(2, 2027), D(2027, 7, 1), D(2027, 9, 30), D(2027, 10, 31)),
    ]


def test_a_new_cadence_remakes_the_rounds_nobody_wrote_in(client, world, half_yearly_charter):
    rounds_sync(charter=half_yearly_charter, user=world.coordinator)
    first = half_yearly_charter.rounds.get(period_start=D(2027, 1, 1))
    client.force_login(world.coordinator)

    edit(client, half_yearly_charter, followup_cadence=Cadence.QUARTER)

    assert periods(half_yearly_charter) == [
        (quarter(1, 2027), D(2027, 1, 1), D(2027, 3, 31), D(2027, 4, 15)),
        (quarter(2, 2027), D(2027, 4, 1), D(2027, 6, 30), D(2027, 7, 15)),
        (quarter(3, 2027), D(2027, 7, 1), D(2027, 9, 30), D(2027, 10, 15)),
        (quarter(4, 2027), D(2027, 10, 1), D(2027, 12, 31), D(2028, 1, 15)),
    ]
    # The round starting the same day is the same round, with new dates: its history shows it.
    first.refresh_from_db()
    assert first.title == quarter(1, 2027)
    assert first.history.latest().history_user == world.coordinator


def test_a_round_with_follow_ups_survives_a_new_cadence_and_period_untouched(
    world, half_yearly_charter
):
    rounds_sync(charter=half_yearly_charter, user=world.coordinator)
    written = half_yearly_charter.rounds.get(period_start=D(2027, 1, 1))
    FollowUpFactory(round=written)

    half_yearly_charter.followup_cadence = Cadence.QUARTER
    half_yearly_charter.period_start = D(2027, 4, 1)
    half_yearly_charter.save()
    result = rounds_sync(charter=half_yearly_charter, user=world.coordinator)

    written.refresh_from_db()
    assert (written.title, written.period_start, written.period_end) == (
        half_year(1, 2027),
        D(2027, 1, 1),
        D(2027, 6, 30),
    )
    assert result.kept == [written]
    # The quarters it covers are not made again: no day is in two rounds.
    assert periods(half_yearly_charter) == [
        (half_year(1, 2027), D(2027, 1, 1), D(2027, 6, 30), D(2027, 7, 31)),
        (quarter(3, 2027), D(2027, 7, 1), D(2027, 9, 30), D(2027, 10, 15)),
        (quarter(4, 2027), D(2027, 10, 1), D(2027, 12, 31), D(2028, 1, 15)),
    ]
    assert "1" in result.message


def test_a_round_kept_in_the_middle_of_a_longer_one_leaves_its_days_out_of_it(
    world, half_yearly_charter
):
    half_yearly_charter.followup_cadence = Cadence.QUARTER
    rounds_sync(charter=half_yearly_charter, user=world.coordinator)
    written = half_yearly_charter.rounds.get(period_start=D(2027, 4, 1))
    FollowUpFactory(round=written)

    half_yearly_charter.followup_cadence = Cadence.YEAR
    rounds_sync(charter=half_yearly_charter, user=world.coordinator)

    year = title("Year %(year)s", year=2027)
    assert periods(half_yearly_charter) == [
        (year, D(2027, 1, 1), D(2027, 3, 31), D(2027, 4, 30)),
        (quarter(2, 2027), D(2027, 4, 1), D(2027, 6, 30), D(2027, 7, 15)),
        (year, D(2027, 7, 1), D(2027, 12, 31), D(2028, 1, 31)),
    ]


def test_a_published_report_or_a_summary_keeps_a_round_outside_the_new_period(
    world, half_yearly_charter
):
    published = FollowUpRoundFactory(
        charter=half_yearly_charter,
        title="Halvår 2 2027",
        period_start=D(2027, 7, 1),
        period_end=D(2027, 12, 31),
        due_on=D(2028, 1, 31),
        published_at=timezone.now(),
    )
    summarised = FollowUpRoundFactory(
        charter=half_yearly_charter,
        title="Halvår 1 2027",
        period_start=D(2027, 1, 1),
        period_end=D(2027, 6, 30),
        due_on=D(2027, 7, 31),
        summary="Sammanfattning som inte får försvinna.",
    )
    half_yearly_charter.period_start, half_yearly_charter.period_end = (
        D(2028, 1, 1),
        D(2028, 12, 31),
    )
    half_yearly_charter.save()

    result = rounds_sync(charter=half_yearly_charter, user=world.coordinator)

    assert set(result.kept) == {published, summarised}
    assert set(half_yearly_charter.rounds.all()) >= {published, summarised}
    assert half_yearly_charter.rounds.count() == 4


def test_syncing_again_changes_nothing(world, half_yearly_charter):
    first = rounds_sync(charter=half_yearly_charter, user=world.coordinator)
    assert len(first.created) == 2
    again = rounds_sync(charter=half_yearly_charter, user=world.coordinator)
    assert not again.changed
    assert again.message == ""
    assert FollowUpRound.history.count() == 2


def test_restoring_an_old_period_brings_its_rounds_back(client, world, half_yearly_charter):
    rounds_sync(charter=half_yearly_charter, user=world.coordinator)
    client.force_login(world.coordinator)
    edit(client, half_yearly_charter, period_end="2028-12-31")
    assert half_yearly_charter.rounds.count() == 4

    old = half_yearly_charter.history.earliest()
    url = reverse(
        "promises:charter_restore",
        kwargs={"pk": half_yearly_charter.pk, "model": "charter", "history_id": old.history_id},
    )
    assert client.post(url).status_code == 302
    half_yearly_charter.refresh_from_db()
    assert half_yearly_charter.period_end == D(2027, 12, 31)
    assert half_yearly_charter.rounds.count() == 2


# The demo data follows the same plan, so that editing a demo charter leaves its rounds be.


def test_the_national_demo_rounds_are_those_its_cadence_makes():
    national.generate_national(
        today=datetime.date(2026, 6, 1), years=[2025, 2026], municipality_limit=1
    )
    charters = list(Charter.objects.all())
    assert charters
    for charter in charters:
        planned = [(p.period_start, p.period_end, p.due_on) for p in plan_for(charter)]
        made = [(r[1], r[2], r[3]) for r in periods(charter)]
        assert made == planned


def test_the_seed_rounds_are_those_their_cadence_makes(world):
    for seed in SEEDS:
        charter = CharterFactory(
            municipality=world.municipality,
            police_area=world.police_area,
            period_start=seed.period_start,
            period_end=seed.period_end,
            followup_cadence=Cadence.HALF_YEAR,
        )
        load_rounds(seed, charter)
        planned = [(p.period_start, p.period_end, p.due_on) for p in plan_for(charter)]
        assert [(r[1], r[2], r[3]) for r in periods(charter)] == planned
