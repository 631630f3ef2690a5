"""Editing a charter's indicators and their measurements in the workspace.

The role matrix of DESIGN.md §6 for every URL, the errors a coordinator meets, no lost edits
between two people, and the history that brings a removed value back.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils.translation import gettext

from promises.forms import IndicatorForm
from promises.models import Charter, Indicator, Measurement, Party
from tests.conftest import World
from tests.helpers import form_data
from tests.promises.factories import (
    CharterFactory,
    IndicatorFactory,
    MeasurementFactory,
    PromiseFactory,
)

# The answer each role gets, on a draft charter of kommun A.
READS_DRAFTS = {
    "anonymous": 302,
    "coordinator": 200,
    "other_coordinator": 404,
    "police": 200,
    "other_police": 404,
    "police_manager": 200,
    "district_manager": 200,
    "reporter": 404,
    "viewer": 200,
    "superuser": 200,
    "outsider": 404,
}
# Editing what belongs to a promise the police own (alone or jointly).
EDITS_POLICE_PROMISE = {**READS_DRAFTS, "viewer": 403}
# Editing what belongs to a promise the kommun owns: the police may read but not change it.
EDITS_KOMMUN_PROMISE = {
    **EDITS_POLICE_PROMISE,
    "police": 403,
    "police_manager": 403,
    "district_manager": 403,
}
ROLES = list(READS_DRAFTS)

# The page speaks the default language (Swedish); gettext gives the text it shows.
DUPLICATE_NAME = gettext("This promise already has an indicator by that name.")
DUPLICATE_DATE = gettext("This indicator already has a value for that date.")
NOT_A_NUMBER = gettext("Write a number, for example 12.5 or 12,5.")
DATE_ERROR = "Write the date as YYYY-MM-DD, for example 2024-03-31."
SAVED_AT_THE_SAME_MOMENT = (
    "Someone else saved an indicator of the same name, or a value of the same date, at the "
    "same moment. Check the names and dates, and save again."
)
REMOVED_MEANWHILE = (
    "Someone else removed this value meanwhile. Tick Remove to let it go, or write it "
    "again on the empty row."
)


@dataclass
class Setup:
    charter: Charter
    police_indicator: Indicator
    kommun_indicator: Indicator
    measurement: Measurement

    @property
    def police_promise(self):
        return self.police_indicator.promise

    @property
    def kommun_promise(self):
        return self.kommun_indicator.promise


def build(world: World, **charter_fields) -> Setup:
    charter = CharterFactory(
        municipality=world.municipality, police_area=world.police_area, **charter_fields
    )
    police_indicator = IndicatorFactory(
        promise=PromiseFactory(charter=charter, owner=Party.POLICE, order=1),
        name="Hastighetsöverträdelser",
        unit="st",
    )
    kommun_indicator = IndicatorFactory(
        promise=PromiseFactory(charter=charter, owner=Party.MUNICIPALITY, order=2),
        name="Andel trygga i centrum",
    )
    measurement = MeasurementFactory(
        indicator=police_indicator, date=datetime.date(2021, 3, 31), value=Decimal("12.5")
    )
    return Setup(charter, police_indicator, kommun_indicator, measurement)


@pytest.fixture
def draft(world: World) -> Setup:
    return build(world)


@pytest.fixture
def published(world: World) -> Setup:
    return build(world, published=True)


def indicators_url(charter: Charter) -> str:
    return reverse("promises:indicators", kwargs={"pk": charter.pk})


def create_url(promise) -> str:
    return reverse("promises:indicator_create", kwargs={"pk": promise.pk})


def edit_url(indicator: Indicator) -> str:
    return reverse("promises:indicator_edit", kwargs={"pk": indicator.pk})


def delete_url(indicator: Indicator) -> str:
    return reverse("promises:indicator_delete", kwargs={"pk": indicator.pk})


def history_url(indicator: Indicator) -> str:
    return reverse("promises:indicator_history", kwargs={"pk": indicator.pk})


def restore_url(indicator: Indicator, record) -> str:
    return reverse(
        "promises:indicator_restore",
        kwargs={
            "pk": indicator.pk,
            "model": record.instance_type._meta.model_name,
            "history_id": record.history_id,
        },
    )


def new_indicator_data(**fields) -> dict[str, str]:
    return {
        "name": "Trafikkontroller",
        "unit": "st",
        "direction": Indicator.Direction.INCREASE,
        "baseline": "",
        "baseline_date": "",
        "target": "",
        "source": "",
        "description": "",
        "measurements-TOTAL_FORMS": "1",
        "measurements-INITIAL_FORMS": "0",
        "measurements-MIN_NUM_FORMS": "0",
        "measurements-MAX_NUM_FORMS": "500",
        "measurements-0-date": "",
        "measurements-0-value": "",
        "measurements-0-source": "",
        "measurements-0-note": "",
        **fields,
    }


def errors_of(response) -> str:
    return response.content.decode()


def assert_login_redirect(response) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def assert_status(response, expected: int) -> None:
    if expected == 302 and response.status_code == 302:
        return
    assert response.status_code == expected, (response.status_code, expected)


# The role matrix


@pytest.mark.parametrize("role", ROLES)
def test_the_indicators_page_answers_each_role_as_the_matrix_says(login_as, draft, role):
    response = login_as(role).get(indicators_url(draft.charter))
    if role == "anonymous":
        assert_login_redirect(response)
    else:
        assert_status(response, READS_DRAFTS[role])


@pytest.mark.parametrize("role", ["reporter", "other_coordinator", "other_police", "outsider"])
def test_those_who_may_not_read_drafts_get_403_on_a_published_charter(login_as, published, role):
    client = login_as(role)
    assert client.get(indicators_url(published.charter)).status_code == 403
    assert client.get(edit_url(published.police_indicator)).status_code == 403
    assert client.get(history_url(published.police_indicator)).status_code == 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", ["police", "kommun"])
def test_the_new_indicator_page_answers_each_role_as_the_matrix_says(login_as, draft, role, owner):
    promise = draft.police_promise if owner == "police" else draft.kommun_promise
    expected = (EDITS_POLICE_PROMISE if owner == "police" else EDITS_KOMMUN_PROMISE)[role]
    client = login_as(role)

    response = client.get(create_url(promise))
    assert_status(response, expected)

    response = client.post(create_url(promise), new_indicator_data())
    created = promise.indicators.filter(name="Trafikkontroller").first()
    if expected == 200:
        assert response.status_code == 302
        assert response["Location"] == edit_url(created)
    else:
        assert_status(response, expected)
        assert created is None


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", ["police", "kommun"])
def test_the_edit_page_answers_each_role_as_the_matrix_says(
    login_as, draft, coordinator, role, owner
):
    indicator = draft.police_indicator if owner == "police" else draft.kommun_indicator
    expected = (EDITS_POLICE_PROMISE if owner == "police" else EDITS_KOMMUN_PROMISE)[role]
    data = form_data(coordinator.get(edit_url(indicator)))
    data["target"] = "99"
    client = login_as(role)

    assert_status(client.get(edit_url(indicator)), expected)

    response = client.post(edit_url(indicator), data)
    indicator.refresh_from_db()
    if expected == 200:
        assert response.status_code == 302
        assert response["Location"] == edit_url(indicator)
        assert indicator.target == Decimal("99")
    else:
        assert_status(response, expected)
        assert indicator.target == Decimal("70")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", ["police", "kommun"])
def test_removing_an_indicator_of_a_draft_answers_each_role_as_the_matrix_says(
    login_as, draft, coordinator, role, owner
):
    indicator = draft.police_indicator if owner == "police" else draft.kommun_indicator
    expected = (EDITS_POLICE_PROMISE if owner == "police" else EDITS_KOMMUN_PROMISE)[role]
    data = form_data(coordinator.get(delete_url(indicator)))
    client = login_as(role)

    assert_status(client.get(delete_url(indicator)), expected)

    response = client.post(delete_url(indicator), data)
    exists = Indicator.objects.filter(pk=indicator.pk).exists()
    if expected == 200:
        assert response.status_code == 302
        assert response["Location"] == indicators_url(draft.charter)
        assert not exists
    else:
        assert_status(response, expected)
        assert exists


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", ["police", "kommun"])
def test_the_history_page_answers_each_role_as_the_matrix_says(login_as, draft, role, owner):
    indicator = draft.police_indicator if owner == "police" else draft.kommun_indicator
    may_edit = (EDITS_POLICE_PROMISE if owner == "police" else EDITS_KOMMUN_PROMISE)[role] == 200

    response = login_as(role).get(history_url(indicator))

    assert_status(response, READS_DRAFTS[role])
    if response.status_code == 200:
        assert ("aterstall/" in response.content.decode()) == may_edit


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("owner", ["police", "kommun"])
def test_restoring_answers_each_role_as_the_matrix_says(login_as, draft, role, owner):
    indicator = draft.police_indicator if owner == "police" else draft.kommun_indicator
    expected = (EDITS_POLICE_PROMISE if owner == "police" else EDITS_KOMMUN_PROMISE)[role]
    first = indicator.history.earliest("history_date")
    indicator.name = "Nytt namn"
    indicator.save()

    response = login_as(role).post(restore_url(indicator, first))

    indicator.refresh_from_db()
    if expected == 200:
        assert response.status_code == 302
        assert response["Location"] == history_url(indicator)
        assert indicator.name == first.name
    else:
        assert_status(response, expected)
        assert indicator.name == "Nytt namn"


def test_restoring_is_post_only(world, draft, coordinator):
    record = draft.police_indicator.history.earliest("history_date")
    assert coordinator.get(restore_url(draft.police_indicator, record)).status_code == 405


def test_unknown_ids_answer_404(world, draft, coordinator):
    assert (
        coordinator.get(reverse("promises:indicators", kwargs={"pk": 999999})).status_code == 404
    )
    assert (
        coordinator.get(reverse("promises:indicator_create", kwargs={"pk": 999999})).status_code
        == 404
    )
    assert (
        coordinator.get(reverse("promises:indicator_edit", kwargs={"pk": 999999})).status_code
        == 404
    )
    assert (
        coordinator.get(reverse("promises:indicator_history", kwargs={"pk": 999999})).status_code
        == 404
    )
    url = reverse(
        "promises:indicator_restore",
        kwargs={"pk": draft.police_indicator.pk, "model": "promise", "history_id": 1},
    )
    assert coordinator.post(url).status_code == 404
    record = draft.kommun_indicator.history.earliest("history_date")
    # A record of another indicator is not found through this one.
    url = reverse(
        "promises:indicator_restore",
        kwargs={
            "pk": draft.police_indicator.pk,
            "model": "indicator",
            "history_id": record.history_id,
        },
    )
    assert coordinator.post(url).status_code == 404


# What the roles may do, in words


def test_police_edit_an_indicator_of_a_police_promise_but_get_403_on_a_kommun_promise(
    login_as, draft, coordinator
):
    police = login_as("police")
    data = form_data(police.get(edit_url(draft.police_indicator)))
    data["source"] = "Polisens trafikstatistik"
    assert police.post(edit_url(draft.police_indicator), data).status_code == 302
    draft.police_indicator.refresh_from_db()
    assert draft.police_indicator.source == "Polisens trafikstatistik"

    assert police.get(edit_url(draft.kommun_indicator)).status_code == 403
    data = form_data(coordinator.get(edit_url(draft.kommun_indicator)))
    assert police.post(edit_url(draft.kommun_indicator), data).status_code == 403
    assert police.get(create_url(draft.kommun_promise)).status_code == 403


def test_police_add_and_edit_indicators_of_a_joint_promise(login_as, draft):
    joint = PromiseFactory(charter=draft.charter, owner=Party.JOINT, order=3)
    police = login_as("police")
    response = police.post(create_url(joint), new_indicator_data())
    indicator = joint.indicators.get()
    assert response["Location"] == edit_url(indicator)
    assert police.get(edit_url(indicator)).status_code == 200


def test_the_police_see_the_kommun_promises_indicators_without_links_to_edit_them(login_as, draft):
    response = login_as("police").get(indicators_url(draft.charter))
    content = response.content.decode()
    assert draft.kommun_indicator.name in content
    assert edit_url(draft.kommun_indicator) not in content
    assert create_url(draft.kommun_promise) not in content
    assert edit_url(draft.police_indicator) in content
    assert create_url(draft.police_promise) in content


def test_a_viewer_reads_the_indicators_without_links_to_edit(login_as, draft):
    content = login_as("viewer").get(indicators_url(draft.charter)).content.decode()
    assert draft.police_indicator.name in content
    assert "/arbetsyta/indikatorer/" not in content
    assert "/ny/" not in content


def test_a_closed_charter_is_read_only_even_for_its_coordinator(world, coordinator):
    closed = build(world, closed=True)
    content = coordinator.get(indicators_url(closed.charter)).content.decode()
    assert closed.police_indicator.name in content
    assert edit_url(closed.police_indicator) not in content
    assert coordinator.get(edit_url(closed.police_indicator)).status_code == 403
    assert coordinator.get(create_url(closed.police_promise)).status_code == 403


def test_an_indicator_of_a_published_charter_cannot_be_removed(world, published, coordinator):
    indicator = published.police_indicator
    edit_page = coordinator.get(edit_url(indicator))
    assert delete_url(indicator) not in edit_page.content.decode()

    assert coordinator.get(delete_url(indicator)).status_code == 403
    assert coordinator.post(delete_url(indicator), form_data(edit_page)).status_code == 403
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_an_indicator_of_a_published_charter_can_still_be_edited(world, published, coordinator):
    data = form_data(coordinator.get(edit_url(published.police_indicator)))
    data["measurements-1-date"] = "2021-06-30"
    data["measurements-1-value"] = "14"
    assert coordinator.post(edit_url(published.police_indicator), data).status_code == 302
    assert published.police_indicator.measurements.count() == 2


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
    assert together < content.index(create_url(joint))
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

    response = coordinator.post(create_url(draft.police_promise), data)

    indicator = draft.police_promise.indicators.get(name="Trafikkontroller")
    assert response["Location"] == edit_url(indicator)
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
    coordinator.post(create_url(draft.police_promise), data, HTTP_ACCEPT_LANGUAGE="en")
    indicator = draft.police_promise.indicators.get(name="Trafikkontroller")
    assert (indicator.baseline, indicator.target) == (Decimal("12.5"), Decimal("13.25"))


def test_the_edit_page_shows_values_in_swedish_and_dates_for_the_date_picker(
    world, draft, coordinator
):
    content = coordinator.get(edit_url(draft.police_indicator)).content.decode()
    assert 'name="measurements-0-value" value="12,50"' in content
    assert 'type="date" name="measurements-0-date" value="2021-03-31"' in content
    # A blank row to add a value, without JavaScript.
    assert 'name="measurements-1-date"' in content
    assert 'name="measurements-TOTAL_FORMS" value="2"' in content


def test_saving_edits_adds_and_removes_values_in_one_go(world, draft, coordinator):
    kept = MeasurementFactory(indicator=draft.police_indicator, date=datetime.date(2021, 6, 30))
    data = form_data(coordinator.get(edit_url(draft.police_indicator)))
    assert data["measurements-0-id"] == str(draft.measurement.pk)
    data["name"] = "Hastighetsöverträdelser på Storgatan"
    data["measurements-0-DELETE"] = "on"
    data["measurements-1-value"] = "7,75"
    data["measurements-2-date"] = "2021-09-30"
    data["measurements-2-value"] = "5"
    data["measurements-2-note"] = "Efter ombyggnaden"

    response = coordinator.post(edit_url(draft.police_indicator), data)

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
    data = form_data(coordinator.get(edit_url(draft.police_indicator)))
    assert coordinator.post(edit_url(draft.police_indicator), data).status_code == 302
    assert draft.police_indicator.measurements.count() == 1


def test_removing_an_indicator_of_a_draft_removes_its_values_and_keeps_the_history(
    world, draft, coordinator
):
    indicator = draft.police_indicator
    page = coordinator.get(delete_url(indicator))

    response = coordinator.post(delete_url(indicator), form_data(page))

    assert response["Location"] == indicators_url(draft.charter)
    assert not Measurement.objects.filter(pk=draft.measurement.pk).exists()
    assert Indicator.history.filter(id=indicator.pk, history_type="-").exists()
    assert Measurement.history.filter(id=draft.measurement.pk, history_type="-").exists()


def test_hostile_html_is_escaped(world, draft, coordinator):
    data = form_data(coordinator.get(edit_url(draft.police_indicator)))
    data["name"] = "<script>alert(1)</script>"
    coordinator.post(edit_url(draft.police_indicator), data)
    for url in (indicators_url(draft.charter), edit_url(draft.police_indicator)):
        content = coordinator.get(url).content.decode()
        assert "<script>alert(1)</script>" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


# Bad input: a clear error next to the field, and everything typed kept


def post_edit(client, indicator, **changes):
    data = form_data(client.get(edit_url(indicator)))
    data.update(changes)
    return client.post(edit_url(indicator), data)


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
    response = coordinator.post(create_url(draft.police_promise), data)
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
    response = coordinator.post(create_url(draft.kommun_promise), data)
    assert response.status_code == 302


def test_a_duplicate_name_is_refused_on_renaming(world, draft, coordinator):
    IndicatorFactory(promise=draft.police_promise, name="Trafikolyckor")
    response = post_edit(coordinator, draft.police_indicator, name="Trafikolyckor", unit="antal")
    assert_refused_with(response, DUPLICATE_NAME, "Trafikolyckor", "antal", field="name")
    draft.police_indicator.refresh_from_db()
    assert draft.police_indicator.name == "Hastighetsöverträdelser"


def test_an_empty_name_is_refused(world, draft, coordinator):
    response = post_edit(coordinator, draft.police_indicator, name="", unit="antal")
    assert_refused_with(
        response, gettext("Write the name of the indicator."), "antal", field="name"
    )


def test_a_value_that_is_not_a_number_is_refused_and_kept(world, draft, coordinator):
    response = post_edit(
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
    response = post_edit(coordinator, draft.police_indicator, baseline="sextio")
    assert_refused_with(response, NOT_A_NUMBER, "sextio", field="baseline")


def test_too_many_decimals_and_too_large_numbers_are_refused(world, draft, coordinator):
    response = post_edit(
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
    response = post_edit(
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
    response = coordinator.post(create_url(draft.police_promise), data)
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
    response = coordinator.post(create_url(draft.police_promise), data)
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
    response = post_edit(
        coordinator,
        draft.police_indicator,
        baseline_date="31/12/2020",
    )
    assert_refused_with(response, gettext(DATE_ERROR), "31/12/2020", field="baseline_date")


def test_a_tampered_formset_is_refused_without_a_server_error(world, draft, coordinator):
    data = form_data(coordinator.get(edit_url(draft.police_indicator)))
    del data["measurements-TOTAL_FORMS"]
    response = coordinator.post(edit_url(draft.police_indicator), data)
    assert response.status_code == 200


def test_a_save_the_database_refuses_at_the_last_moment_is_reported_not_a_500(
    world, draft, coordinator, monkeypatch
):
    def refuse(form, commit=True):
        raise IntegrityError("promises_indicator_unique_name")

    monkeypatch.setattr(IndicatorForm, "save", refuse)
    response = post_edit(coordinator, draft.police_indicator, name="Trafikolyckor")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Trafikolyckor"' in content
    assert gettext(SAVED_AT_THE_SAME_MOMENT) in content
    draft.police_indicator.refresh_from_db()
    assert draft.police_indicator.name == "Hastighetsöverträdelser"


# No lost edits


def test_the_second_of_two_people_saving_the_same_indicator_is_refused_and_keeps_their_text(
    login_as, draft
):
    coordinator = login_as("coordinator")
    police = login_as("police")
    theirs = form_data(coordinator.get(edit_url(draft.police_indicator)))
    ours = form_data(police.get(edit_url(draft.police_indicator)))

    theirs["source"] = "Kommunens trygghetsmätning"
    assert coordinator.post(edit_url(draft.police_indicator), theirs).status_code == 302

    ours["description"] = "Antal överträdelser per månad"
    ours["measurements-0-value"] = "13"
    response = police.post(edit_url(draft.police_indicator), ours)

    content = response.content.decode()
    assert response.status_code == 409
    assert 'id="conflict"' in content
    assert "Kommunens trygghetsmätning" in content  # What the other person changed …
    assert "Antal överträdelser per månad" in content  # … and what this one wrote.
    assert 'name="measurements-0-value" value="13"' in content
    draft.police_indicator.refresh_from_db()
    draft.measurement.refresh_from_db()
    assert draft.police_indicator.source == "Kommunens trygghetsmätning"
    assert draft.police_indicator.description == ""
    assert draft.measurement.value == Decimal("12.5")

    # Saving again from the page that came back goes through, deliberately.
    again = form_data(response)
    again["source"] = "Kommunens trygghetsmätning"
    assert police.post(edit_url(draft.police_indicator), again).status_code == 302
    draft.police_indicator.refresh_from_db()
    draft.measurement.refresh_from_db()
    assert draft.police_indicator.source == "Kommunens trygghetsmätning"
    assert draft.police_indicator.description == "Antal överträdelser per månad"
    assert draft.measurement.value == Decimal("13")


def test_a_value_added_by_someone_else_counts_as_a_conflict(world, draft, coordinator):
    data = form_data(coordinator.get(edit_url(draft.police_indicator)))
    MeasurementFactory(indicator=draft.police_indicator, date=datetime.date(2021, 12, 31))
    response = coordinator.post(edit_url(draft.police_indicator), data)
    assert response.status_code == 409


def test_a_form_without_a_version_is_refused_as_too_old(world, draft, coordinator):
    data = form_data(coordinator.get(edit_url(draft.police_indicator)))
    data["version"] = "tampered"
    data["unit"] = "antal"
    response = coordinator.post(edit_url(draft.police_indicator), data)
    assert response.status_code == 409
    assert 'value="antal"' in response.content.decode()


def test_a_row_someone_else_removed_meanwhile_is_explained_on_the_second_save(
    world, draft, coordinator
):
    data = form_data(coordinator.get(edit_url(draft.police_indicator)))
    draft.measurement.delete()
    conflict = coordinator.post(edit_url(draft.police_indicator), data)
    assert conflict.status_code == 409

    response = coordinator.post(edit_url(draft.police_indicator), form_data(conflict))
    assert response.status_code == 200
    assert gettext(REMOVED_MEANWHILE) in response.content.decode()

    data = form_data(response)
    data["measurements-0-DELETE"] = "on"
    assert coordinator.post(edit_url(draft.police_indicator), data).status_code == 302


def test_removing_an_indicator_someone_changed_meanwhile_is_refused(world, draft, coordinator):
    data = form_data(coordinator.get(delete_url(draft.police_indicator)))
    MeasurementFactory(indicator=draft.police_indicator, date=datetime.date(2021, 12, 31))
    response = coordinator.post(delete_url(draft.police_indicator), data)
    assert response.status_code == 409
    assert Indicator.objects.filter(pk=draft.police_indicator.pk).exists()


# History


def test_the_history_shows_removed_values_and_restoring_brings_one_back(world, draft, coordinator):
    indicator = draft.police_indicator
    data = form_data(coordinator.get(edit_url(indicator)))
    data["measurements-0-DELETE"] = "on"
    assert coordinator.post(edit_url(indicator), data).status_code == 302
    assert not indicator.measurements.exists()

    page = coordinator.get(history_url(indicator))
    deleted = Measurement.history.get(id=draft.measurement.pk, history_type="-")
    assert restore_url(indicator, deleted) in page.content.decode()

    response = coordinator.post(restore_url(indicator, deleted))

    assert response["Location"] == history_url(indicator)
    restored = indicator.measurements.get()
    assert restored.pk == draft.measurement.pk
    assert (restored.date, restored.value) == (datetime.date(2021, 3, 31), Decimal("12.5"))
    assert Measurement.history.filter(id=restored.pk).latest("history_date").history_user == (
        world.coordinator
    )


def test_a_version_that_no_longer_fits_is_not_restored_and_the_page_says_why(
    world, draft, coordinator
):
    indicator = draft.police_indicator
    pk = draft.measurement.pk
    draft.measurement.delete()
    MeasurementFactory(indicator=indicator, date=datetime.date(2021, 3, 31), value=1)
    deleted = Measurement.history.get(id=pk, history_type="-")

    response = coordinator.post(restore_url(indicator, deleted), follow=True)

    assert response.status_code == 200
    assert DUPLICATE_DATE in response.content.decode()
    assert indicator.measurements.get().value == Decimal("1")


def test_the_history_page_lists_changes_of_the_indicator_and_its_values(world, draft, coordinator):
    post_edit(coordinator, draft.police_indicator, unit="antal")
    content = coordinator.get(history_url(draft.police_indicator)).content.decode()
    assert "antal" in content
    assert str(Measurement._meta.verbose_name).capitalize() in content
    # Another indicator's values are not in this history.
    MeasurementFactory(indicator=draft.kommun_indicator, source="Annan källa")
    assert (
        "Annan källa" not in coordinator.get(history_url(draft.police_indicator)).content.decode()
    )


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
