"""The indicator chart: its geometry (promises.charts), and where it is drawn: the edit page of
an indicator in the workspace and the kommun page, both through _indicator_chart.html.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from promises.charts import HEIGHT, line_chart
from promises.models import Measurement, Party
from tests.helpers import form_data
from tests.promises.factories import (
    CharterFactory,
    IndicatorFactory,
    MeasurementFactory,
    PromiseFactory,
)


def values(*pairs) -> list[Measurement]:
    return [
        Measurement(date=datetime.date.fromisoformat(day), value=Decimal(value))
        for day, value in pairs
    ]


def test_no_values_no_chart():
    assert line_chart([], baseline=Decimal(60), target=Decimal(70)) is None


def test_values_are_placed_by_their_date_and_in_date_order():
    chart = line_chart(
        values(("2021-12-31", "70"), ("2021-01-01", "60"), ("2021-02-01", "65")),
    )

    xs = [point.x for point in chart.points]
    assert [point.date.month for point in chart.points] == [1, 2, 12]
    assert xs[0] == chart.left
    assert xs[2] == pytest.approx(chart.right)
    # One month of twelve: an uneven interval looks uneven.
    assert (xs[1] - xs[0]) / (xs[2] - xs[0]) == pytest.approx(31 / 364)


def test_a_higher_value_is_drawn_higher_and_the_scale_spans_baseline_and_target():
    chart = line_chart(
        values(("2021-01-01", "62"), ("2021-06-01", "66")),
        baseline=Decimal(50),
        target=Decimal(80),
    )

    assert (chart.low, chart.high) == (Decimal(50), Decimal(80))
    assert chart.baseline_y == chart.bottom
    assert chart.target_y == chart.top
    assert chart.top < chart.points[1].y < chart.points[0].y < chart.bottom


def test_a_single_value_is_drawn_in_the_middle_without_lines_it_does_not_have():
    chart = line_chart(values(("2021-01-01", "5")))

    assert chart.points[0].x == pytest.approx((chart.left + chart.right) / 2)
    assert (chart.low, chart.high) == (Decimal(4), Decimal(6))
    assert chart.points[0].y == pytest.approx((chart.top + chart.bottom) / 2)
    assert chart.baseline_y is None and chart.target_y is None
    assert 0 < chart.top < chart.bottom < HEIGHT


# --- Where it is drawn -----------------------------------------------------------------------


def drawn_values(page: str) -> list[str]:
    """The rows of the chart's table alternative: (date, value) as the page shows them."""
    table = page[page.index('<table class="table table-sm w-auto">') :]
    table = table[: table.index("</table>")]
    return re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td></tr>", table)


@pytest.mark.django_db
def test_the_indicator_edit_page_shows_the_chart_of_the_saved_values(client, world):
    charter = CharterFactory(municipality=world.municipality, police_area=world.police_area)
    indicator = IndicatorFactory(
        promise=PromiseFactory(charter=charter, owner=Party.POLICE),
        unit="%",
        baseline=60,
        target=70,
    )
    MeasurementFactory(indicator=indicator, date=datetime.date(2021, 3, 31), value=62)
    MeasurementFactory(indicator=indicator, date=datetime.date(2021, 9, 30), value=66)
    url = reverse("promises:indicator_edit", kwargs={"pk": indicator.pk})
    client.force_login(world.police)

    page = client.get(url).content.decode()

    assert "<polyline" in page
    assert 'class="chart-baseline"' in page
    assert 'class="chart-target"' in page
    assert page.count("<circle") == 2
    assert drawn_values(page) == [("31 Mar 2021", "62 %"), ("30 Sep 2021", "66 %")]

    # A refused save keeps what was typed in the form, and the chart still shows what is saved.
    data = form_data(client.get(url))
    data.update({"target": "inte ett tal", "measurements-0-value": "99"})
    refused = client.post(url, data)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert 'value="99"' in page
    assert drawn_values(page) == [("31 Mar 2021", "62 %"), ("30 Sep 2021", "66 %")]
    caption = page[page.index('id="chart-caption"') : page.index("</figcaption>")]
    assert "70" in caption  # the saved target, not the one typed
    assert "inte ett tal" not in caption


@pytest.mark.django_db
def test_a_new_indicator_has_no_chart_yet(client, world):
    promise = PromiseFactory(
        charter=CharterFactory(municipality=world.municipality, police_area=world.police_area)
    )
    client.force_login(world.coordinator)

    page = client.get(reverse("promises:indicator_create", kwargs={"pk": promise.pk}))

    assert "<svg" not in page.content.decode()


@pytest.mark.django_db
def test_the_kommun_page_draws_each_indicator_against_its_baseline_and_target(client, world):
    year = timezone.localdate().year
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        published=True,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
    )
    indicator = IndicatorFactory(
        promise=PromiseFactory(charter=charter), name="Andel trygga", baseline=60, target=70
    )
    MeasurementFactory(indicator=indicator, date=datetime.date(year, 2, 1), value=61)
    MeasurementFactory(indicator=indicator, date=datetime.date(year, 5, 1), value=64)

    page = client.get(world.municipality.get_absolute_url()).content.decode()

    figure = page[page.index(f'aria-labelledby="indicator-{indicator.pk}"') :]
    figure = figure[: figure.index("</figure>")]
    assert 'aria-hidden="true"' in figure  # the svg; the table says the same in words
    assert 'class="chart-baseline"' in figure
    assert 'class="chart-target"' in figure
    assert figure.count("<circle") == 2
    assert f"{year}-02-01" in figure and f"{year}-05-01" in figure  # the time axis
    assert len(drawn_values(figure)) == 2
