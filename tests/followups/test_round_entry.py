"""Entering a round: every activity's status and texts, every promise's assessment and a new
value of each of its indicators, on one page that keeps what is right and marks what is not.

The fixture `setup` (a RoundSetup) is in tests/followups/conftest.py.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from followups.models import FollowUp
from followups.progress import FORMULA
from promises.models import Charter, Measurement, Party
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory
from tests.helpers import WEDNESDAY_NOON, entry_row, form_data, round_entry_url
from tests.promises.factories import (
    ActivityFactory,
    IndicatorFactory,
    MeasurementFactory,
    PromiseFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
NOT_A_NUMBER = "Write a number, for example 12.5 or 12,5."
NO_REASON = "Say why the activity was cancelled."
OUTSIDE = "The date must lie within the period of the citizen promise, %(start)s – %(end)s."


def saved(count: int) -> str:
    return ngettext("%(count)d row is saved.", "%(count)d rows are saved.", count) % {
        "count": count
    }


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# Entering


def test_the_page_lists_every_activity_grouped_by_promise_and_states_the_formula(
    setup, coordinator
):
    response = coordinator.get(round_entry_url(setup))
    content = response.content.decode()
    assert response.status_code == 200
    for activity in (setup.patrol, setup.control, setup.lights):
        assert f'id="activity-{activity.pk}"' in content
        assert activity.title in content
    assert f'id="promise-{setup.police_promise.pk}"' in content
    assert f'id="indicator-{setup.indicator.pk}"' in content
    assert str(FORMULA) in content
    assert content.index("Fotpatrullering") < content.index("Ny belysning i parken")


# A follow-up is reported the day it is saved.
@pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)
def test_the_coordinator_enters_statuses_texts_evidence_an_assessment_and_a_value(
    world, setup, coordinator
):
    data = form_data(coordinator.get(round_entry_url(setup)))
    data.update(
        entry_row(
            "activity",
            setup.patrol,
            status=FollowUp.Status.DONE,
            narrative_internal="Tolv pass.",
            narrative_public="Polisen har patrullerat tolv kvällar.",
            evidence_url="https://example.se/patrull",
        )
    )
    data.update(
        entry_row(
            "activity",
            setup.control,
            status=FollowUp.Status.CANCELLED,
            reason="Personalbrist under våren.",
        )
    )
    data.update(entry_row("promise", setup.police_promise, assessment="partly_fulfilled"))
    data.update(entry_row("indicator", setup.indicator, date="2027-06-30", value="12,5"))
    response = coordinator.post(round_entry_url(setup), data, follow=True)

    assert response.redirect_chain[-1][1] == 302
    patrol = FollowUp.objects.get(activity=setup.patrol)
    assert patrol.round == setup.round
    assert patrol.status == FollowUp.Status.DONE
    assert patrol.narrative_public == "Polisen har patrullerat tolv kvällar."
    assert patrol.evidence_url == "https://example.se/patrull"
    assert patrol.author == world.coordinator
    assert patrol.reported_on == timezone.localdate()
    assert patrol.history.get().history_user == world.coordinator
    cancelled = FollowUp.objects.get(activity=setup.control)
    assert cancelled.reason == "Personalbrist under våren."
    assert FollowUp.objects.get(promise=setup.police_promise).assessment == "partly_fulfilled"
    measurement = Measurement.objects.get(indicator=setup.indicator)
    assert (measurement.date, measurement.value) == (D(2027, 6, 30), Decimal("12.5"))
    assert measurement.recorded_by == world.coordinator
    assert not FollowUp.objects.filter(activity=setup.lights).exists()  # left empty
    assert messages_of(response) == [saved(4)]
    # Done and cancelled: the one activity counted is done.
    assert response.context["page"].groups[0].rows[0].progress.percent == 100


def test_changing_a_follow_up_changes_it_and_the_history_keeps_the_old_text(
    world, setup, coordinator
):
    follow_up = FollowUpFactory(
        round=setup.round, activity=setup.patrol, status=FollowUp.Status.ONGOING
    )
    data = form_data(coordinator.get(round_entry_url(setup)))
    assert data[f"activity-{setup.patrol.pk}-status"] == FollowUp.Status.ONGOING
    data[f"activity-{setup.patrol.pk}-status"] = FollowUp.Status.DELAYED
    data[f"activity-{setup.patrol.pk}-reason"] = "Väntar på tillstånd."
    assert coordinator.post(round_entry_url(setup), data).status_code == 302

    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.DELAYED
    assert follow_up.author == world.coordinator
    assert [r.status for r in follow_up.history.order_by("history_date")] == [
        FollowUp.Status.ONGOING,
        FollowUp.Status.DELAYED,
    ]


def test_a_follow_up_whose_author_is_gone_says_saved_by_unknown(setup, coordinator):
    # Imported and generated follow-ups, and those of a deleted user, have no author.
    FollowUpFactory(
        round=setup.round, activity=setup.patrol, status=FollowUp.Status.DONE, author=None
    )

    response = coordinator.get(round_entry_url(setup))

    assert response.status_code == 200
    assert gettext("Saved by %(who)s on %(when)s.").split("%")[0] in response.content.decode()
    assert gettext("unknown") in response.content.decode()


def test_saving_an_untouched_page_saves_nothing(setup, coordinator):
    FollowUpFactory(round=setup.round, activity=setup.patrol)
    data = form_data(coordinator.get(round_entry_url(setup)))
    response = coordinator.post(round_entry_url(setup), data, follow=True)
    assert messages_of(response) == [gettext("Nothing is saved: no row was changed.")]
    assert FollowUp.objects.count() == 1
    assert FollowUp.history.count() == 1


def test_an_earlier_rounds_status_counts_for_the_progress_until_this_round_has_one(
    setup, coordinator
):
    earlier = FollowUpRoundFactory(
        charter=setup.charter,
        title="Kvartal 4 2026",
        period_start=D(2026, 10, 1),
        period_end=D(2026, 12, 31),
        due_on=D(2027, 1, 15),
    )
    setup.charter.period_start = D(2026, 10, 1)
    setup.charter.save()
    FollowUpFactory(round=earlier, activity=setup.patrol, status=FollowUp.Status.DONE)
    response = coordinator.get(round_entry_url(setup))
    police = response.context["page"].groups[0].rows[0]
    assert police.progress.percent == 50  # done, and one not followed up
    assert "Kvartal 4 2026" in response.content.decode()


def test_a_promise_without_activities_or_with_all_cancelled_shows_no_percentage(
    world, setup, coordinator
):
    empty = PromiseFactory(charter=setup.charter, owner=Party.JOINT, order=3, title="Tomt")
    FollowUpFactory(round=setup.round, activity=setup.lights, status="cancelled", reason="Nej.")
    response = coordinator.get(round_entry_url(setup))
    rows = {row.promise: row for g in response.context["page"].groups for row in g.rows}
    assert rows[empty].progress.total == 0
    assert (
        rows[setup.kommun_promise].progress.cancelled,
        rows[setup.kommun_promise].progress.percent,
    ) == (1, None)
    assert rows[setup.police_promise].progress.percent == 0
    page = response.content.decode()
    assert page.count('class="tally-bar"') == 1  # only a promise with planned activities
    assert "1 inställd (räknas inte som planerad)" in page
    assert "Framsteg: inget att räkna, eftersom löftet saknar aktiviteter." in page


# Bad input: what is right is saved, what is not is marked, nothing typed is lost


def test_saving_keeps_the_valid_rows_and_returns_the_invalid_ones_with_their_text(
    setup, coordinator
):
    data = form_data(coordinator.get(round_entry_url(setup)))
    data.update(entry_row("activity", setup.patrol, status="done", narrative_internal="Klart."))
    data.update(
        entry_row(
            "activity",
            setup.control,
            status="cancelled",
            narrative_internal="Texten som inte får försvinna.",
        )
    )
    data.update(entry_row("indicator", setup.indicator, date="2027-03-31", value="tolv"))
    data.update(entry_row("promise", setup.police_promise, narrative_internal="Utan bedömning."))
    response = coordinator.post(round_entry_url(setup), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert FollowUp.objects.filter(activity=setup.patrol, status="done").exists()
    assert not FollowUp.objects.filter(activity=setup.control).exists()
    assert not FollowUp.objects.filter(promise=setup.police_promise).exists()
    assert not Measurement.objects.exists()
    # Each error next to its field, with the text the person wrote.
    assert gettext(NO_REASON) in content
    assert gettext(NOT_A_NUMBER) in content
    assert gettext("Choose the assessment of the promise.") in content
    assert "Texten som inte får försvinna." in content
    assert 'value="tolv"' in content
    assert "Utan bedömning." in content
    assert f'href="#activity-{setup.control.pk}"' in content
    assert f'href="#indicator-{setup.indicator.pk}"' in content
    assert messages_of(response) == [
        saved(1)
        + " "
        + ngettext(
            "%(count)d row needs fixing: it is marked below, with what you wrote in it.",
            "%(count)d rows need fixing: they are marked below, with what you wrote in them.",
            3,
        )
        % {"count": 3}
    ]

    # Fixing them and saving the page that came back saves them, and the first row once.
    again = form_data(response)
    again.update(entry_row("activity", setup.control, reason="Inställt på grund av väder."))
    again.update(entry_row("indicator", setup.indicator, value="12"))
    again.update(entry_row("promise", setup.police_promise, assessment="ongoing"))
    assert coordinator.post(round_entry_url(setup), again).status_code == 302
    assert FollowUp.objects.filter(activity=setup.control, status="cancelled").exists()
    assert FollowUp.objects.filter(promise=setup.police_promise).exists()
    assert Measurement.objects.get().value == Decimal("12")
    assert FollowUp.history.filter(activity_id=setup.patrol.pk).count() == 1


def test_a_measurement_dated_outside_the_charters_period_is_refused_next_to_the_date(
    setup, coordinator
):
    data = form_data(coordinator.get(round_entry_url(setup)))
    data.update(entry_row("indicator", setup.indicator, date="2028-01-15", value="3"))
    response = coordinator.post(round_entry_url(setup), data)
    content = response.content.decode()
    assert gettext(OUTSIDE) % {"start": "2027-01-01", "end": "2027-12-31"} in content
    assert 'value="2028-01-15"' in content
    assert not Measurement.objects.exists()
    assert messages_of(response) == [
        ngettext(
            "Nothing is saved: %(count)d row needs fixing. It is marked below, with "
            "what you wrote in it.",
            "Nothing is saved: %(count)d rows need fixing. They are marked below, with "
            "what you wrote in them.",
            1,
        )
        % {"count": 1}
    ]


def test_a_second_value_on_the_same_date_is_refused_next_to_the_date(setup, coordinator):
    MeasurementFactory(indicator=setup.indicator, date=D(2027, 3, 31), value=10)
    data = form_data(coordinator.get(round_entry_url(setup)))
    data.update(entry_row("indicator", setup.indicator, date="2027-03-31", value="11"))
    response = coordinator.post(round_entry_url(setup), data)
    assert gettext("This indicator already has a value for that date.") in (
        response.content.decode()
    )
    assert Measurement.objects.get().value == Decimal("10")


def test_a_value_without_a_date_and_text_without_a_status_are_explained(setup, coordinator):
    data = form_data(coordinator.get(round_entry_url(setup)))
    data.update(entry_row("indicator", setup.indicator, value="4"))
    data.update(entry_row("activity", setup.patrol, narrative_public="Gjort."))
    content = coordinator.post(round_entry_url(setup), data).content.decode()
    assert gettext("Write the date of the value.") in content
    assert gettext("Choose the status of the activity.") in content


def test_hostile_html_is_kept_as_text_and_oversized_text_is_refused(setup, coordinator):
    data = form_data(coordinator.get(round_entry_url(setup)))
    data.update(
        entry_row("activity", setup.patrol, status="done", narrative_public="<script>x</script>")
    )
    data.update(
        entry_row("activity", setup.control, status="done", narrative_internal="x" * 10_001)
    )
    response = coordinator.post(round_entry_url(setup), data)
    content = response.content.decode()
    assert "<script>x</script>" not in content
    assert FollowUp.objects.get(activity=setup.patrol).narrative_public == "<script>x</script>"
    assert not FollowUp.objects.filter(activity=setup.control).exists()
    follow_up_page = coordinator.get(round_entry_url(setup)).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in follow_up_page


# No lost edits


def test_the_second_of_two_people_saving_the_round_is_refused_and_keeps_their_text(
    world, login_as, setup
):
    coordinator = login_as("coordinator")
    police = login_as("police")
    theirs = form_data(coordinator.get(round_entry_url(setup)))
    ours = form_data(police.get(round_entry_url(setup)))

    theirs.update(
        entry_row("activity", setup.patrol, status="done", narrative_internal="Samordnaren.")
    )
    assert coordinator.post(round_entry_url(setup), theirs).status_code == 302

    ours.update(
        entry_row("activity", setup.patrol, status="ongoing", narrative_internal="Polisen.")
    )
    response = police.post(round_entry_url(setup), ours)

    content = response.content.decode()
    assert response.status_code == 409
    assert 'id="conflict"' in content
    assert "Samordnaren." in content  # what the other person saved …
    assert "Polisen." in content  # … and what this one wrote.
    follow_up = FollowUp.objects.get(activity=setup.patrol)
    assert follow_up.narrative_internal == "Samordnaren."

    # Saving again from the page that came back goes through, deliberately.
    assert police.post(round_entry_url(setup), form_data(response)).status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.narrative_internal) == ("ongoing", "Polisen.")
    assert follow_up.author == world.police


def test_a_tampered_version_is_refused_and_nothing_is_saved(setup, coordinator):
    data = form_data(coordinator.get(round_entry_url(setup)))
    data["version"] = "tampered"
    data.update(entry_row("activity", setup.patrol, status="done"))
    assert coordinator.post(round_entry_url(setup), data).status_code == 409
    assert not FollowUp.objects.exists()


def test_after_a_partial_save_the_next_save_is_not_taken_for_a_conflict(setup, coordinator):
    data = form_data(coordinator.get(round_entry_url(setup)))
    data.update(entry_row("activity", setup.patrol, status="done"))
    data.update(entry_row("activity", setup.control, status="cancelled"))
    partial = coordinator.post(round_entry_url(setup), data)
    assert partial.status_code == 200
    again = form_data(partial)
    again.update(entry_row("activity", setup.control, reason="Väder."))
    assert coordinator.post(round_entry_url(setup), again).status_code == 302


# Fixed queries


def add_promises(charter: Charter, count: int) -> None:
    for order in range(10, 10 + count):
        promise = PromiseFactory(charter=charter, owner=Party.JOINT, order=order)
        for _ in range(3):
            ActivityFactory(promise=promise)
        indicator = IndicatorFactory(promise=promise)
        MeasurementFactory(indicator=indicator, date=D(2027, 2, 1))


@pytest.mark.parametrize("extra_promises", [0, 8])
def test_the_round_page_runs_the_same_queries_whatever_its_size(
    setup, coordinator, django_assert_num_queries, extra_promises
):
    add_promises(setup.charter, extra_promises)
    FollowUpFactory(round=setup.round, activity=setup.patrol)
    # 1 the session, 2 the user, 3 the charter with its kommun and LPO, 4 the user's roles
    # there, 5 the round, 6 the promises, 7 their activities, 8 their indicators, 9 the newest
    # value of each, 10 the follow-ups of this round and the earlier ones, with their authors.
    with django_assert_num_queries(10):
        response = coordinator.get(round_entry_url(setup))
    assert response.status_code == 200
    assert len(response.context["page"].activity_rows) == 3 + 3 * extra_promises
