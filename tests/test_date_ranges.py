"""Dates a person or an address gives stay within 2000–2100, and a period within a few years:
a Swedish message next to the field, never a 500 nor thousands of rounds or weeks.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from followups import rounds
from promises.activity_forms import ActivityForm
from promises.forms import ApproveForm
from promises.models import Charter
from situations.models import SituationReport, Survey
from tests.helpers import form_data, situations_url, sv
from tests.promises.factories import ActivityFactory, CharterFactory

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = sv("Enter a date between %(earliest)s and %(latest)s.", earliest=2000, latest=2100)


def too_long(years: int) -> str:
    return f"En period kan vara högst {years} år lång."


def post_charter(client, world, start: str, end: str):
    client.force_login(world.coordinator)
    url = reverse("promises:charter_create", kwargs={"slug": world.municipality.slug})
    data = form_data(client.get(url))
    data.update(
        title="Medborgarlöfte",
        period_start=start,
        period_end=end,
        police_area=str(world.police_area.pk),
        summary="Trygg trafik.",
    )
    return client.post(url, data)


def test_a_charter_period_ending_in_9999_is_refused_with_a_message(client, world):
    response = post_charter(client, world, "2027-01-01", "9999-12-31")

    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    assert not Charter.objects.exists()


def test_a_charter_period_longer_than_the_setting_is_refused(client, world):
    response = post_charter(client, world, "2027-01-01", "3026-12-31")

    assert response.status_code == 200
    assert too_long(4) in response.content.decode()
    assert not Charter.objects.exists()


def test_four_years_are_allowed_by_default_and_the_maximum_is_a_setting(client, world, settings):
    assert post_charter(client, world, "2027-01-01", "2030-12-31").status_code == 302

    settings.CHARTER_MAX_YEARS = 2
    response = post_charter(client, world, "2031-01-01", "2033-12-31")
    assert too_long(2) in response.content.decode()
    assert Charter.objects.count() == 1


def test_a_lagesbild_period_is_held_to_the_same_bounds(client, world):
    client.force_login(world.coordinator)
    url = situations_url("report_create", world.municipality)
    data = form_data(client.get(url))
    data.update(title="Lägesbild", period_start="2026-01-01", period_end="9999-12-31")

    response = client.post(url, data)

    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    assert not SituationReport.objects.exists()


def test_the_model_refuses_a_long_period_in_full_clean(world):
    charter = CharterFactory.build(
        municipality=world.municipality,
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027 + 1000, 12, 31),
    )

    with pytest.raises(ValidationError) as error:
        charter.full_clean()
    assert "period_end" in error.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"), [("end_date", "9999-12-31"), ("start_date", "1899-01-01")]
)
def test_an_activity_date_out_of_range_is_refused_next_to_the_field(world, field, value):
    activity = ActivityFactory(promise__charter__municipality=world.municipality)

    form = ActivityForm(
        data={"title": activity.title, "kind": activity.kind, field: value},
        instance=activity,
        places=world.municipality.places.all(),
        place_choices=[],
        editable=True,
    )

    assert not form.is_valid()
    assert form.errors[field] == ["Ange ett datum mellan 2000 och 2100."]
    activity.refresh_from_db()
    assert getattr(activity, field) != datetime.date.fromisoformat(value)


def test_an_approval_signed_in_9999_is_refused(world):
    charter = CharterFactory(municipality=world.municipality)

    form = ApproveForm({"signed_on": "9999-12-31"}, charter=charter)

    assert form.errors["signed_on"] == ["Ange ett datum mellan 2000 och 2100."]


def test_a_survey_closing_in_9999_is_refused(client, world):
    client.force_login(world.coordinator)
    url = situations_url("survey_create", world.municipality)
    data = form_data(client.get(url))
    data.update(
        title="Enkät", purpose="Lägesbilden.", opens_on="2026-01-01", closes_on="9999-12-31"
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert OUT_OF_RANGE in response.content.decode()
    assert not Survey.objects.exists()


@pytest.mark.parametrize(
    "params",
    [
        {"till": "9999-12-31"},
        {"fran": "0001-01-01", "till": "2026-03-01"},
        {"fran": "9999-12-27", "till": "9999-12-31"},
        {"fran": "2026-01-01", "till": "2100-12-31"},
    ],
)
def test_the_est_grid_answers_far_dates_with_a_message_and_the_default_weeks(
    coordinator, world, params
):
    response = coordinator.get(situations_url("est_grid", world.municipality), params)

    assert response.status_code == 200
    assert response.context["filter"].form.errors
    assert len(response.context["grid"].weeks) == 8


def test_a_period_stored_before_the_bounds_gets_the_rounds_of_its_first_years_only():
    start = datetime.date(2027, 1, 1)

    planned = rounds.plan(start, datetime.date(9999, 12, 31), "quarter")

    assert len(planned) == 4 * 4
    assert planned[-1].period_end == datetime.date(2030, 12, 31)
    assert rounds.plan(datetime.date(9999, 1, 1), datetime.date(9999, 12, 31), "year") == []
