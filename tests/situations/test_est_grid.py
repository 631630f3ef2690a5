"""The coordinator's EST grid: places × weeks, each cell the highest level in words and colour,
with the reports behind it, filtered by category and period, in a constant number of queries.
"""

import datetime

import pytest
from django.urls import reverse

from situations.models import Observation
from tests.helpers import situations_url, sv
from tests.situations.factories import (
    ObservationFactory,
    PlaceFactory,
    ReportingOrganisationFactory,
)

pytestmark = pytest.mark.django_db

WEEK_10 = datetime.date(2026, 3, 2)
WEEK_11 = datetime.date(2026, 3, 9)
PERIOD = {"fran": "2026-03-02", "till": "2026-03-15"}


def grid(client, world, **params):
    response = client.get(situations_url("est_grid", world.municipality), {**PERIOD, **params})
    assert response.status_code == 200
    return response


def cell(response, place_name: str, week: datetime.date):
    grid = response.context["grid"]
    row = next(row for row in grid.rows if row.place.name == place_name)
    return row.cells[grid.weeks.index(week)]


def test_each_cell_shows_the_highest_level_as_number_word_and_colour(coordinator, world):
    torget = PlaceFactory(municipality=world.municipality, name="Torget")
    PlaceFactory(municipality=world.municipality, name="Parken")
    school = ReportingOrganisationFactory(municipality=world.municipality, name="Skolan")
    ObservationFactory(municipality=world.municipality, place=torget, week=WEEK_10, level=2)
    ObservationFactory(
        municipality=world.municipality,
        place=torget,
        week=WEEK_10,
        level=4,
        category=Observation.Category.VANDALISM,
        organisation=school,
        description="Krossade rutor i väntkuren.",
    )

    response = grid(coordinator, world)

    torget_10 = cell(response, "Torget", WEEK_10)
    assert torget_10.level == 4
    assert [o.level for o in torget_10.observations] == [4, 2]
    assert cell(response, "Torget", WEEK_11).observations == []
    assert cell(response, "Parken", WEEK_10).observations == []
    page = response.content.decode()
    assert f'<span class="est-level est-level-4">4 – {sv("high")}</span>' in page
    assert "Krossade rutor i väntkuren." in page
    assert "Skolan" in page
    assert "<details>" in page


def test_the_category_filter_leaves_out_the_other_categories(coordinator, world):
    torget = PlaceFactory(municipality=world.municipality, name="Torget")
    ObservationFactory(municipality=world.municipality, place=torget, week=WEEK_10, level=5)
    ObservationFactory(
        municipality=world.municipality,
        place=torget,
        week=WEEK_10,
        level=1,
        category=Observation.Category.TRAFFIC,
    )

    response = grid(coordinator, world, kategori="traffic")

    assert cell(response, "Torget", WEEK_10).level == 1


def test_the_period_chooses_the_weeks_shown(coordinator, world):
    torget = PlaceFactory(municipality=world.municipality, name="Torget")
    ObservationFactory(
        municipality=world.municipality, place=torget, week=datetime.date(2026, 1, 5)
    )

    response = grid(coordinator, world, fran="2026-01-07", till="2026-01-20")

    assert response.context["grid"].weeks == [
        datetime.date(2026, 1, 5),
        datetime.date(2026, 1, 12),
        datetime.date(2026, 1, 19),
    ]
    assert cell(response, "Torget", datetime.date(2026, 1, 5)).level == 2
    assert response.context["grid"].count == 1


def test_a_period_that_ends_before_it_starts_is_explained_and_kept(coordinator, world):
    response = grid(coordinator, world, fran="2026-03-15", till="2026-03-01")

    form = response.context["filter"].form
    assert "till" in form.errors
    assert form["fran"].value() == "2026-03-15"
    assert sv("The period cannot end before it starts.") in response.content.decode()


def test_a_date_that_is_not_a_date_gets_a_swedish_message(coordinator, world):
    response = grid(coordinator, world, fran="i förrgår")

    assert "fran" in response.context["filter"].form.errors
    assert "i förrgår" in response.content.decode()


def test_observations_of_another_kommun_never_show(coordinator, world):
    PlaceFactory(municipality=world.municipality, name="Torget")
    ObservationFactory(
        municipality=world.other_municipality,
        week=WEEK_10,
        level=5,
        description="Annan kommun.",
    )

    response = grid(coordinator, world)

    assert cell(response, "Torget", WEEK_10).observations == []
    assert "Annan kommun." not in response.content.decode()


def test_the_police_of_the_kommun_read_the_grid(client, world):
    client.force_login(world.police)
    assert client.get(situations_url("est_grid", world.municipality)).status_code == 200


@pytest.mark.parametrize("places, weeks", [(1, 1), (6, 4)])
def test_the_grid_runs_the_same_queries_whatever_its_size(
    client, world, django_assert_num_queries, places, weeks
):
    for n in range(places):
        place = PlaceFactory(municipality=world.municipality)
        organisation = ReportingOrganisationFactory(municipality=world.municipality)
        for w in range(weeks):
            ObservationFactory(
                municipality=world.municipality,
                place=place,
                organisation=organisation,
                week=WEEK_10 + datetime.timedelta(weeks=w),
                level=1 + (n + w) % 5,
            )
    client.force_login(world.coordinator)
    url = reverse("situations:est_grid", kwargs={"slug": world.municipality.slug})

    # Session, user, the kommun, the user's roles there, the places, the observations with
    # their organisations.
    with django_assert_num_queries(6):
        response = client.get(url, {"fran": "2026-03-02", "till": "2026-04-05"})
    assert response.context["grid"].count == places * weeks
