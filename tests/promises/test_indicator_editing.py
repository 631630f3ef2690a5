"""Adding, changing and removing a charter's indicators and their measurements in the
workspace, and the fixed queries of the indicators page.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from promises.models import Charter, Indicator, Measurement, Party
from tests.conftest import World
from tests.helpers import (
    form_data,
    indicator_create_url,
    indicator_delete_url,
    indicator_edit_url,
    indicators_url,
    new_indicator_data,
)
from tests.promises.factories import (
    IndicatorFactory,
    MeasurementFactory,
    PromiseFactory,
)

# Adding, changing and removing


def test_the_indicators_page_lists_promises_by_owner_with_the_latest_value(
    world, draft, coordinator
):
    MeasurementFactory(
        indicator=draft.police_indicator, date=datetime.date(2021, 6, 30), value=Decimal("9")
    )
    joint = PromiseFactory(charter=draft.charter, owner=Party.JOINT, order=3, title="Tillsammans")
    content = coordinator.get(indicators_url(draft.charter)).content.decode()

    police = content.index("Polisen lovar")
    kommun = content.index("Kommunen lovar")
    together = content.index("Tillsammans lovar")
    assert police < content.index("Hastighetsöverträdelser") < kommun
    assert kommun < content.index("Andel trygga i centrum") < together
    assert together < content.index(indicator_create_url(joint))
    # The newest value, in Swedish.
    assert '9 <span class="text-secondary-strong">(<time datetime="2021-06-30">' in content
    assert "12,50" not in content


def test_a_coordinator_adds_an_indicator_with_its_first_value_in_swedish_numbers(
    world, draft, coordinator
):
    data = new_indicator_data(
        baseline="1 234,5",
        baseline_date="2020-12-31",
        target="1000",
        direction=Indicator.Direction.DECREASE,
        **{
            "measurements-0-date": "2021-03-31",
            "measurements-0-value": "12,5",
            "measurements-0-source": "Polisens statistik",
        },
    )

    response = coordinator.post(indicator_create_url(draft.police_promise), data)

    indicator = draft.police_promise.indicators.get(name="Trafikkontroller")
    assert response["Location"] == indicator_edit_url(indicator)
    assert indicator.baseline == Decimal("1234.5")
    assert indicator.baseline_date == datetime.date(2020, 12, 31)
    assert indicator.direction == Indicator.Direction.DECREASE
    measurement = indicator.measurements.get()
    assert (measurement.date, measurement.value) == (datetime.date(2021, 3, 31), Decimal("12.5"))
    assert measurement.recorded_by == world.coordinator
    assert indicator.history.get().history_user == world.coordinator


def test_a_point_is_read_as_the_decimal_sign_too_and_english_pages_read_the_comma(
    world, draft, coordinator
):
    coordinator.cookies["django_language"] = "en"
    data = new_indicator_data(baseline="12.5", target="13,25")
    coordinator.post(indicator_create_url(draft.police_promise), data, HTTP_ACCEPT_LANGUAGE="en")
    indicator = draft.police_promise.indicators.get(name="Trafikkontroller")
    assert (indicator.baseline, indicator.target) == (Decimal("12.5"), Decimal("13.25"))


def test_the_edit_page_shows_values_in_swedish_and_dates_for_the_date_picker(
    world, draft, coordinator
):
    content = coordinator.get(indicator_edit_url(draft.police_indicator)).content.decode()
    assert 'name="measurements-0-value" value="12,50"' in content
    assert 'type="date" name="measurements-0-date" value="2021-03-31"' in content
    # A blank row to add a value, without JavaScript.
    assert 'name="measurements-1-date"' in content
    assert 'name="measurements-TOTAL_FORMS" value="2"' in content


def test_saving_edits_adds_and_removes_values_in_one_go(world, draft, coordinator):
    kept = MeasurementFactory(indicator=draft.police_indicator, date=datetime.date(2021, 6, 30))
    data = form_data(coordinator.get(indicator_edit_url(draft.police_indicator)))
    assert data["measurements-0-id"] == str(draft.measurement.pk)
    data["name"] = "Hastighetsöverträdelser på Storgatan"
    data["measurements-0-DELETE"] = "on"
    data["measurements-1-value"] = "7,75"
    data["measurements-2-date"] = "2021-09-30"
    data["measurements-2-value"] = "5"
    data["measurements-2-note"] = "Efter ombyggnaden"

    response = coordinator.post(indicator_edit_url(draft.police_indicator), data)

    assert response.status_code == 302
    indicator = Indicator.objects.get(pk=draft.police_indicator.pk)
    assert indicator.name == "Hastighetsöverträdelser på Storgatan"
    values = list(indicator.measurements.values_list("date", "value", "note"))
    assert values == [
        (datetime.date(2021, 6, 30), Decimal("7.75"), ""),
        (datetime.date(2021, 9, 30), Decimal("5"), "Efter ombyggnaden"),
    ]
    kept.refresh_from_db()
    assert kept.recorded_by is None  # An edit does not change who recorded the value.
    new = indicator.measurements.get(date=datetime.date(2021, 9, 30))
    assert new.recorded_by == world.coordinator
    assert not Measurement.objects.filter(pk=draft.measurement.pk).exists()


def test_an_untouched_blank_row_adds_nothing(world, draft, coordinator):
    data = form_data(coordinator.get(indicator_edit_url(draft.police_indicator)))
    assert coordinator.post(indicator_edit_url(draft.police_indicator), data).status_code == 302
    assert draft.police_indicator.measurements.count() == 1


def test_removing_an_indicator_of_a_draft_removes_its_values_and_keeps_the_history(
    world, draft, coordinator
):
    indicator = draft.police_indicator
    page = coordinator.get(indicator_delete_url(indicator))

    response = coordinator.post(indicator_delete_url(indicator), form_data(page))

    assert response["Location"] == indicators_url(draft.charter)
    assert not Measurement.objects.filter(pk=draft.measurement.pk).exists()
    assert Indicator.history.filter(id=indicator.pk, history_type="-").exists()
    assert Measurement.history.filter(id=draft.measurement.pk, history_type="-").exists()


def test_hostile_html_is_escaped(world, draft, coordinator):
    data = form_data(coordinator.get(indicator_edit_url(draft.police_indicator)))
    data["name"] = "<script>alert(1)</script>"
    coordinator.post(indicator_edit_url(draft.police_indicator), data)
    for url in (indicators_url(draft.charter), indicator_edit_url(draft.police_indicator)):
        content = coordinator.get(url).content.decode()
        assert "<script>alert(1)</script>" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


# Queries


def add_promises(world: World, charter: Charter, count: int) -> None:
    owners = [Party.POLICE, Party.MUNICIPALITY, Party.JOINT]
    for n in range(count):
        promise = PromiseFactory(charter=charter, owner=owners[n % 3], order=10 + n)
        for _ in range(3):
            indicator = IndicatorFactory(promise=promise)
            for day in range(4):
                MeasurementFactory(
                    indicator=indicator,
                    date=datetime.date(2021, 1, 1) + datetime.timedelta(days=day),
                )


@pytest.mark.parametrize("extra_promises", [0, 9])
def test_the_indicators_page_runs_the_same_queries_whatever_its_size(
    world, draft, coordinator, django_assert_num_queries, extra_promises
):
    add_promises(world, draft.charter, extra_promises)
    # 1 the session, 2 the user, 3 the charter with its kommun and LPO, 4 the user's roles
    # there, 5 the promises, 6 their indicators, 7 the newest value of each indicator.
    with django_assert_num_queries(7):
        response = coordinator.get(indicators_url(draft.charter))
    assert response.status_code == 200
    assert response.content.decode().count("/arbetsyta/indikatorer/") == 2 + 3 * extra_promises
