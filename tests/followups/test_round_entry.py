"""Entering a round: every activity's status and texts, every promise's assessment and a new
value of each of its indicators, on one page that keeps what is right and marks what is not.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from followups.models import FollowUp, FollowUpRound
from followups.progress import FORMULA
from promises.models import Activity, Charter, Indicator, Measurement, Party, Promise
from tests.conftest import World
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory
from tests.helpers import form_data
from tests.promises.factories import (
    ActivityFactory,
    CharterFactory,
    IndicatorFactory,
    MeasurementFactory,
    PromiseFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
NOT_A_NUMBER = "Write a number, for example 12.5 or 12,5."
NO_REASON = "Say why the activity was cancelled."
OUTSIDE = "The date must lie within the period of the citizen promise, %(start)s – %(end)s."


@dataclass
class Setup:
    charter: Charter
    round: FollowUpRound
    police_promise: Promise
    kommun_promise: Promise
    patrol: Activity
    control: Activity
    lights: Activity
    indicator: Indicator


def build(world: World, **charter_fields) -> Setup:
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=D(2027, 1, 1),
        period_end=D(2027, 12, 31),
        **charter_fields,
    )
    round_ = FollowUpRoundFactory(
        charter=charter,
        title="Halvår 1 2027",
        period_start=D(2027, 1, 1),
        period_end=D(2027, 6, 30),
        due_on=D(2027, 7, 31),
    )
    police = PromiseFactory(charter=charter, owner=Party.POLICE, order=1, title="Trafik")
    kommun = PromiseFactory(charter=charter, owner=Party.MUNICIPALITY, order=2, title="Belysning")
    patrol = ActivityFactory(promise=police, title="Fotpatrullering", order=1)
    control = ActivityFactory(promise=police, title="Hastighetskontroller", order=2)
    lights = ActivityFactory(
        promise=kommun, title="Ny belysning i parken", responsible_party=Party.MUNICIPALITY
    )
    indicator = IndicatorFactory(promise=police, name="Hastighetsöverträdelser", unit="st")
    return Setup(charter, round_, police, kommun, patrol, control, lights, indicator)


@pytest.fixture
def setup(world: World) -> Setup:
    return build(world, published=True)


def entry_url(setup: Setup) -> str:
    return reverse(
        "followups:round_entry", kwargs={"pk": setup.charter.pk, "round_pk": setup.round.pk}
    )


def rounds_url(charter: Charter) -> str:
    return reverse("followups:rounds", kwargs={"pk": charter.pk})


def row(prefix: str, obj, **fields) -> dict[str, str]:
    return {f"{prefix}-{obj.pk}-{name}": value for name, value in fields.items()}


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
    response = coordinator.get(entry_url(setup))
    content = response.content.decode()
    assert response.status_code == 200
    for activity in (setup.patrol, setup.control, setup.lights):
        assert f'id="activity-{activity.pk}"' in content
        assert activity.title in content
    assert f'id="promise-{setup.police_promise.pk}"' in content
    assert f'id="indicator-{setup.indicator.pk}"' in content
    assert str(FORMULA) in content
    assert content.index("Fotpatrullering") < content.index("Ny belysning i parken")


def test_the_coordinator_enters_statuses_texts_evidence_an_assessment_and_a_value(
    world, setup, coordinator
):
    data = form_data(coordinator.get(entry_url(setup)))
    data.update(
        row(
            "activity",
            setup.patrol,
            status=FollowUp.Status.DONE,
            narrative_internal="Tolv pass.",
            narrative_public="Polisen har patrullerat tolv kvällar.",
            evidence_url="https://example.se/patrull",
        )
    )
    data.update(
        row(
            "activity",
            setup.control,
            status=FollowUp.Status.CANCELLED,
            reason="Personalbrist under våren.",
        )
    )
    data.update(row("promise", setup.police_promise, assessment="partly_fulfilled"))
    data.update(row("indicator", setup.indicator, date="2027-06-30", value="12,5"))
    response = coordinator.post(entry_url(setup), data, follow=True)

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
    data = form_data(coordinator.get(entry_url(setup)))
    assert data[f"activity-{setup.patrol.pk}-status"] == FollowUp.Status.ONGOING
    data[f"activity-{setup.patrol.pk}-status"] = FollowUp.Status.DELAYED
    data[f"activity-{setup.patrol.pk}-reason"] = "Väntar på tillstånd."
    assert coordinator.post(entry_url(setup), data).status_code == 302

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

    response = coordinator.get(entry_url(setup))

    assert response.status_code == 200
    assert gettext("Saved by %(who)s on %(when)s.").split("%")[0] in response.content.decode()
    assert gettext("unknown") in response.content.decode()


def test_saving_an_untouched_page_saves_nothing(setup, coordinator):
    FollowUpFactory(round=setup.round, activity=setup.patrol)
    data = form_data(coordinator.get(entry_url(setup)))
    response = coordinator.post(entry_url(setup), data, follow=True)
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
    response = coordinator.get(entry_url(setup))
    police = response.context["page"].groups[0].rows[0]
    assert police.progress.percent == 50  # done, and one not followed up
    assert "Kvartal 4 2026" in response.content.decode()


def test_a_promise_without_activities_or_with_all_cancelled_shows_no_progress(
    world, setup, coordinator
):
    empty = PromiseFactory(charter=setup.charter, owner=Party.JOINT, order=3, title="Tomt")
    FollowUpFactory(round=setup.round, activity=setup.lights, status="cancelled", reason="Nej.")
    response = coordinator.get(entry_url(setup))
    rows = {row.promise: row for g in response.context["page"].groups for row in g.rows}
    assert rows[empty].progress is None
    assert rows[setup.kommun_promise].progress is None
    assert rows[setup.police_promise].progress.percent == 0
    assert response.content.decode().count('role="progressbar"') == 1


# Bad input: what is right is saved, what is not is marked, nothing typed is lost


def test_saving_keeps_the_valid_rows_and_returns_the_invalid_ones_with_their_text(
    setup, coordinator
):
    data = form_data(coordinator.get(entry_url(setup)))
    data.update(row("activity", setup.patrol, status="done", narrative_internal="Klart."))
    data.update(
        row(
            "activity",
            setup.control,
            status="cancelled",
            narrative_internal="Texten som inte får försvinna.",
        )
    )
    data.update(row("indicator", setup.indicator, date="2027-03-31", value="tolv"))
    data.update(row("promise", setup.police_promise, narrative_internal="Utan bedömning."))
    response = coordinator.post(entry_url(setup), data)

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
    again.update(row("activity", setup.control, reason="Inställt på grund av väder."))
    again.update(row("indicator", setup.indicator, value="12"))
    again.update(row("promise", setup.police_promise, assessment="ongoing"))
    assert coordinator.post(entry_url(setup), again).status_code == 302
    assert FollowUp.objects.filter(activity=setup.control, status="cancelled").exists()
    assert FollowUp.objects.filter(promise=setup.police_promise).exists()
    assert Measurement.objects.get().value == Decimal("12")
    assert FollowUp.history.filter(activity_id=setup.patrol.pk).count() == 1


def test_a_measurement_dated_outside_the_charters_period_is_refused_next_to_the_date(
    setup, coordinator
):
    data = form_data(coordinator.get(entry_url(setup)))
    data.update(row("indicator", setup.indicator, date="2028-01-15", value="3"))
    response = coordinator.post(entry_url(setup), data)
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
    data = form_data(coordinator.get(entry_url(setup)))
    data.update(row("indicator", setup.indicator, date="2027-03-31", value="11"))
    response = coordinator.post(entry_url(setup), data)
    assert gettext("This indicator already has a value for that date.") in (
        response.content.decode()
    )
    assert Measurement.objects.get().value == Decimal("10")


def test_a_value_without_a_date_and_text_without_a_status_are_explained(setup, coordinator):
    data = form_data(coordinator.get(entry_url(setup)))
    data.update(row("indicator", setup.indicator, value="4"))
    data.update(row("activity", setup.patrol, narrative_public="Gjort."))
    content = coordinator.post(entry_url(setup), data).content.decode()
    assert gettext("Write the date of the value.") in content
    assert gettext("Choose the status of the activity.") in content


def test_hostile_html_is_kept_as_text_and_oversized_text_is_refused(setup, coordinator):
    data = form_data(coordinator.get(entry_url(setup)))
    data.update(
        row("activity", setup.patrol, status="done", narrative_public="<script>x</script>")
    )
    data.update(row("activity", setup.control, status="done", narrative_internal="x" * 10_001))
    response = coordinator.post(entry_url(setup), data)
    content = response.content.decode()
    assert "<script>x</script>" not in content
    assert FollowUp.objects.get(activity=setup.patrol).narrative_public == "<script>x</script>"
    assert not FollowUp.objects.filter(activity=setup.control).exists()
    follow_up_page = coordinator.get(entry_url(setup)).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in follow_up_page


# Who enters which rows


def test_the_police_enter_their_promises_and_read_the_kommuns(world, login_as, setup):
    FollowUpFactory(
        round=setup.round,
        activity=setup.lights,
        status=FollowUp.Status.ONGOING,
        narrative_internal="Upphandling pågår.",
    )
    police = login_as("police")
    response = police.get(entry_url(setup))
    content = response.content.decode()
    data = form_data(response)
    assert f"activity-{setup.patrol.pk}-status" in data
    assert f"activity-{setup.lights.pk}-status" not in data
    assert "Upphandling pågår." in content  # read, not editable

    # A forged row of the kommun's promise is ignored.
    data.update(row("activity", setup.lights, status="done"))
    data.update(row("activity", setup.patrol, status="ongoing"))
    assert police.post(entry_url(setup), data).status_code == 302
    assert FollowUp.objects.get(activity=setup.lights).status == FollowUp.Status.ONGOING
    assert FollowUp.objects.get(activity=setup.patrol).author == world.police


def test_a_viewer_reads_the_round_but_has_no_form_and_may_not_post(login_as, setup):
    payload = form_data(login_as("coordinator").get(entry_url(setup)))
    payload.update(row("activity", setup.patrol, status="done"))
    viewer = login_as("viewer")
    response = viewer.get(entry_url(setup))
    assert response.status_code == 200
    assert not response.context["may_enter"]
    assert 'method="post" novalidate' not in response.content.decode()
    assert viewer.post(entry_url(setup), payload).status_code == 403
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(
    ("role", "get", "post"),
    [
        ("anonymous", 302, 302),
        ("coordinator", 200, 302),
        ("police", 200, 302),
        ("police_manager", 200, 302),
        ("district_manager", 200, 302),
        ("viewer", 200, 403),
        ("other_coordinator", 404, 404),
        ("other_police", 404, 404),
        ("reporter", 404, 404),
        ("outsider", 404, 404),
        ("superuser", 200, 302),
    ],
)
def test_a_draft_charters_round_answers_each_role_as_the_matrix_says(
    world, login_as, role, get, post
):
    setup = build(world)
    payload = form_data(login_as("coordinator").get(entry_url(setup)))
    client = login_as(role)
    assert client.get(entry_url(setup)).status_code == get
    assert client.get(rounds_url(setup.charter)).status_code == get
    assert client.post(entry_url(setup), payload).status_code == post


def test_others_get_403_on_a_published_charters_rounds(login_as, setup):
    client = login_as("other_coordinator")
    assert client.get(entry_url(setup)).status_code == 403
    assert client.get(rounds_url(setup.charter)).status_code == 403


def test_a_round_of_another_charter_is_not_found(world, setup, coordinator):
    other = FollowUpRoundFactory(charter=CharterFactory(municipality=world.municipality))
    url = reverse("followups:round_entry", kwargs={"pk": setup.charter.pk, "round_pk": other.pk})
    assert coordinator.get(url).status_code == 404


def test_a_closed_charters_round_is_read_only(world, coordinator):
    setup = build(world, closed=True)
    response = coordinator.get(entry_url(setup))
    assert response.status_code == 200
    assert not response.context["may_enter"]
    assert coordinator.post(entry_url(setup), {}).status_code == 403


# No lost edits


def test_the_second_of_two_people_saving_the_round_is_refused_and_keeps_their_text(
    world, login_as, setup
):
    coordinator = login_as("coordinator")
    police = login_as("police")
    theirs = form_data(coordinator.get(entry_url(setup)))
    ours = form_data(police.get(entry_url(setup)))

    theirs.update(row("activity", setup.patrol, status="done", narrative_internal="Samordnaren."))
    assert coordinator.post(entry_url(setup), theirs).status_code == 302

    ours.update(row("activity", setup.patrol, status="ongoing", narrative_internal="Polisen."))
    response = police.post(entry_url(setup), ours)

    content = response.content.decode()
    assert response.status_code == 409
    assert 'id="conflict"' in content
    assert "Samordnaren." in content  # what the other person saved …
    assert "Polisen." in content  # … and what this one wrote.
    follow_up = FollowUp.objects.get(activity=setup.patrol)
    assert follow_up.narrative_internal == "Samordnaren."

    # Saving again from the page that came back goes through, deliberately.
    assert police.post(entry_url(setup), form_data(response)).status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.narrative_internal) == ("ongoing", "Polisen.")
    assert follow_up.author == world.police


def test_a_tampered_version_is_refused_and_nothing_is_saved(setup, coordinator):
    data = form_data(coordinator.get(entry_url(setup)))
    data["version"] = "tampered"
    data.update(row("activity", setup.patrol, status="done"))
    assert coordinator.post(entry_url(setup), data).status_code == 409
    assert not FollowUp.objects.exists()


def test_after_a_partial_save_the_next_save_is_not_taken_for_a_conflict(setup, coordinator):
    data = form_data(coordinator.get(entry_url(setup)))
    data.update(row("activity", setup.patrol, status="done"))
    data.update(row("activity", setup.control, status="cancelled"))
    partial = coordinator.post(entry_url(setup), data)
    assert partial.status_code == 200
    again = form_data(partial)
    again.update(row("activity", setup.control, reason="Väder."))
    assert coordinator.post(entry_url(setup), again).status_code == 302


# The rounds of a charter


def test_the_rounds_page_shows_due_dates_counts_and_overdue_rounds(world, setup, coordinator):
    today = timezone.localdate()
    late = FollowUpRoundFactory(
        charter=setup.charter,
        title="Sen runda",
        period_start=today - datetime.timedelta(days=200),
        period_end=today - datetime.timedelta(days=60),
        due_on=today - datetime.timedelta(days=1),
    )
    FollowUpFactory(round=late, activity=setup.patrol)
    FollowUpFactory(round=setup.round, activity=setup.patrol)
    FollowUpFactory(round=setup.round, activity=setup.control)
    FollowUpFactory(round=setup.round, activity=setup.lights)

    response = coordinator.get(rounds_url(setup.charter))
    lines = {line.round.pk: line for line in response.context["lines"]}
    assert (lines[late.pk].followed, lines[late.pk].activities) == (1, 3)
    assert lines[late.pk].overdue
    assert (lines[setup.round.pk].followed, lines[setup.round.pk].overdue) == (3, False)
    content = response.content.decode()
    assert entry_url(setup) in content
    assert content.count('class="badge text-bg-danger"') == 1


def test_a_kept_round_says_so_on_the_rounds_page(world, setup, coordinator):
    FollowUpFactory(round=setup.round, activity=setup.patrol)
    setup.charter.followup_cadence = Charter.FollowUpCadence.QUARTER
    setup.charter.save()
    response = coordinator.get(rounds_url(setup.charter))
    assert [line.kept for line in response.context["lines"]] == [True]
    assert (
        gettext(
            "Kept as it was: it has follow-ups or a report, though the current period and cadence "
            "would not make it."
        )
        in response.content.decode()
    )


def test_the_charters_workspace_page_links_to_its_rounds(setup, coordinator):
    page = coordinator.get(reverse("promises:charter", kwargs={"pk": setup.charter.pk}))
    assert rounds_url(setup.charter) in page.content.decode()


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
        response = coordinator.get(entry_url(setup))
    assert response.status_code == 200
    assert len(response.context["page"].activity_rows) == 3 + 3 * extra_promises


@pytest.mark.parametrize("extra_rounds", [0, 6])
def test_the_rounds_page_runs_the_same_queries_whatever_its_size(
    setup, coordinator, django_assert_num_queries, extra_rounds
):
    for month in range(7, 7 + extra_rounds):
        FollowUpRoundFactory(
            charter=setup.charter,
            period_start=D(2027, month, 1),
            period_end=D(2027, month, 28),
            due_on=D(2027, month, 28),
        )
    # 1 the session, 2 the user, 3 the charter, 4 the user's roles, 5 the number of
    # activities, 6 of promises, 7 the rounds with what each lacks (FollowUpRound.with_counts).
    with django_assert_num_queries(7):
        response = coordinator.get(rounds_url(setup.charter))
    assert len(response.context["lines"]) == 1 + extra_rounds


def test_a_late_round_is_overdue_until_every_promise_is_assessed_too(setup, coordinator):
    """The round's page, the rounds page and the model answer "overdue" alike."""
    late = FollowUpRoundFactory(
        charter=setup.charter,
        title="Sen runda",
        period_start=D(2026, 7, 1),
        period_end=D(2026, 9, 30),
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    for activity in (setup.patrol, setup.control, setup.lights):
        FollowUpFactory(round=late, activity=activity)
    FollowUpFactory(
        round=late,
        activity=None,
        promise=setup.police_promise,
        status="",
        assessment=Promise.Assessment.FULFILLED,
    )
    page_url = reverse(
        "followups:round_entry", kwargs={"pk": setup.charter.pk, "round_pk": late.pk}
    )

    def overdue_everywhere() -> set[bool]:
        lines = {
            line.round.pk: line
            for line in coordinator.get(rounds_url(setup.charter)).context["lines"]
        }
        return {
            coordinator.get(page_url).context["overdue"],
            lines[late.pk].overdue,
            late.is_overdue,
            FollowUpRound.objects.overdue(timezone.localdate()).filter(pk=late.pk).exists(),
        }

    assert overdue_everywhere() == {True}  # the kommun's promise is not assessed

    FollowUpFactory(
        round=late,
        activity=None,
        promise=setup.kommun_promise,
        status="",
        assessment=Promise.Assessment.PARTLY_FULFILLED,
    )
    assert overdue_everywhere() == {False}
