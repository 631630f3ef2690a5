"""Nothing lost on an indicator (README, Workspace): the second of two people saving is
refused and keeps their text, and the history brings a removed value back.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext

from promises.models import Indicator, Measurement
from tests.helpers import (
    form_data,
    indicator_delete_url,
    indicator_edit_url,
    indicator_history_url,
    indicator_restore_url,
    post_indicator_edit,
)
from tests.promises.factories import MeasurementFactory

# The page speaks the default language (Swedish); gettext gives the text it shows.
DUPLICATE_DATE = gettext("This indicator already has a value for that date.")
REMOVED_MEANWHILE = (
    "Someone else removed this value meanwhile. Tick Remove to let it go, or write it "
    "again on the empty row."
)


# No lost edits


def test_the_second_of_two_people_saving_the_same_indicator_is_refused_and_keeps_their_text(
    login_as, draft
):
    coordinator = login_as("coordinator")
    police = login_as("police")
    theirs = form_data(coordinator.get(indicator_edit_url(draft.police_indicator)))
    ours = form_data(police.get(indicator_edit_url(draft.police_indicator)))

    theirs["source"] = "Kommunens trygghetsmätning"
    assert coordinator.post(indicator_edit_url(draft.police_indicator), theirs).status_code == 302

    ours["description"] = "Antal överträdelser per månad"
    ours["measurements-0-value"] = "13"
    response = police.post(indicator_edit_url(draft.police_indicator), ours)

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
    assert police.post(indicator_edit_url(draft.police_indicator), again).status_code == 302
    draft.police_indicator.refresh_from_db()
    draft.measurement.refresh_from_db()
    assert draft.police_indicator.source == "Kommunens trygghetsmätning"
    assert draft.police_indicator.description == "Antal överträdelser per månad"
    assert draft.measurement.value == Decimal("13")


def test_a_value_added_by_someone_else_counts_as_a_conflict(world, draft, coordinator):
    data = form_data(coordinator.get(indicator_edit_url(draft.police_indicator)))
    MeasurementFactory(indicator=draft.police_indicator, date=datetime.date(2021, 12, 31))
    response = coordinator.post(indicator_edit_url(draft.police_indicator), data)
    assert response.status_code == 409


def test_a_form_without_a_version_is_refused_as_too_old(world, draft, coordinator):
    data = form_data(coordinator.get(indicator_edit_url(draft.police_indicator)))
    data["version"] = "tampered"
    data["unit"] = "antal"
    response = coordinator.post(indicator_edit_url(draft.police_indicator), data)
    assert response.status_code == 409
    assert 'value="antal"' in response.content.decode()


def test_a_row_someone_else_removed_meanwhile_is_explained_on_the_second_save(
    world, draft, coordinator
):
    data = form_data(coordinator.get(indicator_edit_url(draft.police_indicator)))
    draft.measurement.delete()
    conflict = coordinator.post(indicator_edit_url(draft.police_indicator), data)
    assert conflict.status_code == 409

    response = coordinator.post(indicator_edit_url(draft.police_indicator), form_data(conflict))
    assert response.status_code == 200
    assert gettext(REMOVED_MEANWHILE) in response.content.decode()

    data = form_data(response)
    data["measurements-0-DELETE"] = "on"
    assert coordinator.post(indicator_edit_url(draft.police_indicator), data).status_code == 302


def test_removing_an_indicator_someone_changed_meanwhile_is_refused(world, draft, coordinator):
    data = form_data(coordinator.get(indicator_delete_url(draft.police_indicator)))
    MeasurementFactory(indicator=draft.police_indicator, date=datetime.date(2021, 12, 31))
    response = coordinator.post(indicator_delete_url(draft.police_indicator), data)
    assert response.status_code == 409
    assert Indicator.objects.filter(pk=draft.police_indicator.pk).exists()


# History


def test_the_history_shows_removed_values_and_restoring_brings_one_back(world, draft, coordinator):
    indicator = draft.police_indicator
    data = form_data(coordinator.get(indicator_edit_url(indicator)))
    data["measurements-0-DELETE"] = "on"
    assert coordinator.post(indicator_edit_url(indicator), data).status_code == 302
    assert not indicator.measurements.exists()

    page = coordinator.get(indicator_history_url(indicator))
    deleted = Measurement.history.get(id=draft.measurement.pk, history_type="-")
    assert indicator_restore_url(indicator, deleted) in page.content.decode()

    response = coordinator.post(indicator_restore_url(indicator, deleted))

    assert response["Location"] == indicator_history_url(indicator)
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

    response = coordinator.post(indicator_restore_url(indicator, deleted), follow=True)

    assert response.status_code == 200
    assert DUPLICATE_DATE in response.content.decode()
    assert indicator.measurements.get().value == Decimal("1")


def test_the_history_page_lists_changes_of_the_indicator_and_its_values(world, draft, coordinator):
    post_indicator_edit(coordinator, draft.police_indicator, unit="antal")
    content = coordinator.get(indicator_history_url(draft.police_indicator)).content.decode()
    assert "antal" in content
    assert str(Measurement._meta.verbose_name).capitalize() in content
    # Another indicator's values are not in this history.
    MeasurementFactory(indicator=draft.kommun_indicator, source="Annan källa")
    assert (
        "Annan källa"
        not in coordinator.get(indicator_history_url(draft.police_indicator)).content.decode()
    )
