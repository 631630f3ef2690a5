"""Bad input on the indicator pages: a clear error next to the field, and everything typed
kept.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError
from django.utils.translation import gettext

from promises.forms import IndicatorForm
from promises.models import Measurement
from tests.helpers import (
    form_data,
    indicator_create_url,
    indicator_edit_url,
    new_indicator_data,
    post_indicator_edit,
)
from tests.promises.factories import IndicatorFactory

# The page speaks the default language (Swedish); gettext gives the text it shows.
DUPLICATE_NAME = gettext("This promise already has an indicator by that name.")
DUPLICATE_DATE = gettext("This indicator already has a value for that date.")
NOT_A_NUMBER = gettext("Write a number, for example 12.5 or 12,5.")
DATE_ERROR = "Write the date as YYYY-MM-DD, for example 2024-03-31."
SAVED_AT_THE_SAME_MOMENT = (
    "Someone else saved an indicator of the same name, or a value of the same date, at the "
    "same moment. Check the names and dates, and save again."
)


# Bad input: a clear error next to the field, and everything typed kept


def assert_error_next_to(response, field: str, message: str) -> None:
    """MESSAGE is shown after the input named FIELD, before the next input."""
    content = response.content.decode()
    start = content.index(f'name="{field}"')
    assert 'class="' in content[start:].split(">")[0]
    assert "is-invalid" in content[start:].split(">")[0]
    following = content.index('name="', start + 1)
    assert message in content[start:following], f"{message!r} is not next to {field}"


def assert_refused_with(response, message: str, *typed: str, field: str) -> None:
    """Refused, MESSAGE next to FIELD, and every text TYPED still in the form."""
    content = response.content.decode()
    assert response.status_code == 200
    assert_error_next_to(response, field, message)
    for text in typed:
        assert f'value="{text}"' in content


def test_a_duplicate_name_is_refused_on_adding_and_the_form_keeps_what_was_typed(
    world, draft, coordinator
):
    data = new_indicator_data(
        name="Hastighetsöverträdelser",
        baseline="3,5",
        **{"measurements-0-date": "2021-01-31", "measurements-0-value": "4,25"},
    )
    response = coordinator.post(indicator_create_url(draft.police_promise), data)
    assert_refused_with(
        response,
        DUPLICATE_NAME,
        "Hastighetsöverträdelser",
        "3,5",
        "2021-01-31",
        "4,25",
        field="name",
    )
    assert draft.police_promise.indicators.count() == 1
    assert Measurement.objects.count() == 1


def test_the_same_name_is_allowed_on_another_promise(world, draft, coordinator):
    data = new_indicator_data(name="Hastighetsöverträdelser")
    response = coordinator.post(indicator_create_url(draft.kommun_promise), data)
    assert response.status_code == 302


def test_a_duplicate_name_is_refused_on_renaming(world, draft, coordinator):
    IndicatorFactory(promise=draft.police_promise, name="Trafikolyckor")
    response = post_indicator_edit(
        coordinator, draft.police_indicator, name="Trafikolyckor", unit="antal"
    )
    assert_refused_with(response, DUPLICATE_NAME, "Trafikolyckor", "antal", field="name")
    draft.police_indicator.refresh_from_db()
    assert draft.police_indicator.name == "Hastighetsöverträdelser"


def test_an_empty_name_is_refused(world, draft, coordinator):
    response = post_indicator_edit(coordinator, draft.police_indicator, name="", unit="antal")
    assert_refused_with(
        response, gettext("Write the name of the indicator."), "antal", field="name"
    )


def test_a_value_that_is_not_a_number_is_refused_and_kept(world, draft, coordinator):
    response = post_indicator_edit(
        coordinator,
        draft.police_indicator,
        **{
            "measurements-1-date": "2021-06-30",
            "measurements-1-value": "tolv",
            "measurements-1-note": "Enligt enkäten",
            "target": "70,5",
        },
    )
    assert_refused_with(
        response,
        NOT_A_NUMBER,
        "tolv",
        "2021-06-30",
        "Enligt enkäten",
        "70,5",
        field="measurements-1-value",
    )
    assert draft.police_indicator.measurements.count() == 1
    draft.police_indicator.refresh_from_db()
    assert draft.police_indicator.target == Decimal("70")


def test_a_baseline_that_is_not_a_number_is_refused_and_kept(world, draft, coordinator):
    response = post_indicator_edit(coordinator, draft.police_indicator, baseline="sextio")
    assert_refused_with(response, NOT_A_NUMBER, "sextio", field="baseline")


def test_too_many_decimals_and_too_large_numbers_are_refused(world, draft, coordinator):
    response = post_indicator_edit(
        coordinator, draft.police_indicator, baseline="1,234", target="12345678901234"
    )
    assert_refused_with(
        response,
        gettext("Write at most %(max)s decimals.") % {"max": 2},
        "1,234",
        field="baseline",
    )
    assert_error_next_to(
        response,
        "target",
        gettext("The number is too long: at most %(max)s digits.") % {"max": 12},
    )


def test_a_date_already_saved_is_refused_next_to_the_row(world, draft, coordinator):
    response = post_indicator_edit(
        coordinator,
        draft.police_indicator,
        **{"measurements-1-date": "2021-03-31", "measurements-1-value": "8"},
    )
    assert_refused_with(response, DUPLICATE_DATE, "2021-03-31", "8", field="measurements-1-date")
    assert draft.police_indicator.measurements.count() == 1


def test_two_new_rows_with_the_same_date_are_refused_next_to_the_second(world, draft, coordinator):
    data = new_indicator_data(
        **{
            "measurements-TOTAL_FORMS": "2",
            "measurements-0-date": "2021-01-31",
            "measurements-0-value": "1",
            "measurements-1-date": "2021-01-31",
            "measurements-1-value": "2",
            "measurements-1-source": "",
            "measurements-1-note": "",
        }
    )
    response = coordinator.post(indicator_create_url(draft.police_promise), data)
    assert_refused_with(
        response,
        gettext("This date is already in another row."),
        "2021-01-31",
        field="measurements-1-date",
    )
    assert (
        "is-invalid" not in response.content.decode().split('name="measurements-0-date"')[1][:80]
    )
    assert not draft.police_promise.indicators.filter(name="Trafikkontroller").exists()


def test_a_value_without_a_date_and_a_date_without_a_value_are_refused(world, draft, coordinator):
    data = new_indicator_data(
        **{
            "measurements-TOTAL_FORMS": "2",
            "measurements-0-date": "",
            "measurements-0-value": "3",
            "measurements-1-date": "2021-02-28",
            "measurements-1-value": "",
            "measurements-1-source": "SCB",
            "measurements-1-note": "",
        }
    )
    response = coordinator.post(indicator_create_url(draft.police_promise), data)
    assert_refused_with(
        response,
        gettext("Write the value."),
        "2021-02-28",
        "SCB",
        "3",
        field="measurements-1-value",
    )
    assert_error_next_to(response, "measurements-0-date", gettext("Write the date of the value."))


def test_a_malformed_date_is_refused(world, draft, coordinator):
    response = post_indicator_edit(
        coordinator,
        draft.police_indicator,
        baseline_date="31/12/2020",
    )
    assert_refused_with(response, gettext(DATE_ERROR), "31/12/2020", field="baseline_date")


def test_a_tampered_formset_is_refused_without_a_server_error(world, draft, coordinator):
    data = form_data(coordinator.get(indicator_edit_url(draft.police_indicator)))
    del data["measurements-TOTAL_FORMS"]
    response = coordinator.post(indicator_edit_url(draft.police_indicator), data)
    assert response.status_code == 200


def test_a_save_the_database_refuses_at_the_last_moment_is_reported_not_a_500(
    world, draft, coordinator, monkeypatch
):
    def refuse(form, commit=True):
        raise IntegrityError("promises_indicator_unique_name")

    monkeypatch.setattr(IndicatorForm, "save", refuse)
    response = post_indicator_edit(coordinator, draft.police_indicator, name="Trafikolyckor")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Trafikolyckor"' in content
    assert gettext(SAVED_AT_THE_SAME_MOMENT) in content
    draft.police_indicator.refresh_from_db()
    assert draft.police_indicator.name == "Hastighetsöverträdelser"
