"""The round's entry page at real size: a closed section per promise with its state in the
summary, rows that start from the last follow-up as suggestions saved only when taken up, and a
page that stays light and runs the same queries for a national-size charter.

The fixture `setup` (a RoundSetup) is in tests/followups/conftest.py: its half-year round 1 of
2027 is the earlier round here, and the round entered is half-year 2.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from followups.models import FollowUp, Review
from promises.models import Charter, Party
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory
from tests.helpers import entry_row, form_data
from tests.promises.factories import ActivityFactory, IndicatorFactory, PromiseFactory

pytestmark = pytest.mark.django_db

D = datetime.date
FROM_LAST = "From the last follow-up (%(round)s)"


@pytest.fixture
def second_half(setup):
    """Half-year 2 of 2027, after setup's round, in which the police promise's activities and
    assessment were followed up."""
    FollowUpFactory(
        round=setup.round,
        activity=setup.patrol,
        status=FollowUp.Status.ONGOING,
        narrative_internal="Två pass i veckan.\nFler efter sommaren.",
        narrative_public="Polisen patrullerar två kvällar i veckan.",
        evidence_url="https://example.se/patrull",
    )
    FollowUpFactory(
        round=setup.round,
        activity=setup.control,
        status=FollowUp.Status.DELAYED,
        reason="Väntar på utrustning.",
        narrative_internal="",
        narrative_public="",
    )
    FollowUpFactory(
        round=setup.round,
        activity=None,
        promise=setup.police_promise,
        status="",
        assessment="ongoing",
        narrative_internal="På väg.",
        narrative_public="",
    )
    return FollowUpRoundFactory(
        charter=setup.charter,
        title="Halvår 2 2027",
        period_start=D(2027, 7, 1),
        period_end=D(2027, 12, 31),
        due_on=D(2028, 1, 31),
    )


def url_of(round_) -> str:
    return reverse(
        "followups:round_entry", kwargs={"pk": round_.charter_id, "round_pk": round_.pk}
    )


def sections(content: str) -> dict[str, str]:
    """Each promise's <details> start tag, by the promise's anchor."""
    tags = re.findall(
        r'(<details class="entry-promise[^>]*? id="(promise-\d+)-section"[^>]*>)', content
    )
    return {anchor: tag for tag, anchor in tags}


def is_open(content: str, promise) -> bool:
    return " open" in sections(content)[f"promise-{promise.pk}"]


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


NOTHING_CHANGED = "Nothing is saved: no row was changed."


# Sections


def test_every_promise_is_a_closed_section_whose_summary_tells_its_state(
    setup, second_half, coordinator
):
    FollowUpFactory(round=second_half, activity=setup.patrol, status=FollowUp.Status.DONE)
    FollowUpFactory(
        round=second_half,
        activity=None,
        promise=setup.police_promise,
        status="",
        assessment="partly_fulfilled",
    )
    content = coordinator.get(url_of(second_half)).content.decode()

    assert not is_open(content, setup.police_promise)
    assert not is_open(content, setup.kommun_promise)
    summary = content[content.index(f'id="promise-{setup.police_promise.pk}-section"') :]
    summary = summary[: summary.index("</summary>")]
    assert "Trafik" in summary
    assert gettext(Party.POLICE.label).capitalize() in summary
    assert (
        ngettext(
            "%(filled)s of %(counter)s activity filled in",
            "%(filled)s of %(counter)s activities filled in",
            2,
        )
        % {"filled": 1, "counter": 2}
        in summary
    )
    assert gettext("Assessment: %(assessment)s") % {"assessment": gettext("partly fulfilled")} in (
        summary
    )


def test_a_link_opens_every_section_at_once(setup, second_half, coordinator):
    content = coordinator.get(url_of(second_half) + "?visa=alla").content.decode()
    assert is_open(content, setup.police_promise)
    assert is_open(content, setup.kommun_promise)


# Suggestions from the last follow-up


def test_a_new_round_starts_from_the_last_follow_up_marked_as_a_suggestion(
    setup, second_half, coordinator
):
    response = coordinator.get(url_of(second_half))
    content = response.content.decode()
    data = form_data(response)

    patrol = f"activity-{setup.patrol.pk}"
    assert data[f"{patrol}-status"] == FollowUp.Status.ONGOING
    assert data[f"{patrol}-narrative_internal"] == "Två pass i veckan.\nFler efter sommaren."
    assert data[f"{patrol}-evidence_url"] == "https://example.se/patrull"
    assert data[f"activity-{setup.control.pk}-reason"] == "Väntar på utrustning."
    assert data[f"promise-{setup.police_promise.pk}-assessment"] == "ongoing"
    # The kommun's activity was never followed up: it starts empty.
    assert data[f"activity-{setup.lights.pk}-status"] == ""
    marked = gettext(FROM_LAST) % {"round": "Halvår 1 2027"}
    assert content.count(marked) == 3  # two activities and the assessment
    assert not FollowUp.objects.filter(round=second_half).exists()


def test_saving_the_page_with_the_suggestions_untouched_saves_none_of_them(
    setup, second_half, coordinator
):
    data = form_data(coordinator.get(url_of(second_half)))
    # As a browser sends a textarea: its lines end in CRLF.
    name = f"activity-{setup.patrol.pk}-narrative_internal"
    data[name] = data[name].replace("\n", "\r\n")

    response = coordinator.post(url_of(second_half), data, follow=True)

    assert messages_of(response) == [gettext(NOTHING_CHANGED)]
    assert not FollowUp.objects.filter(round=second_half).exists()


def test_a_suggestion_is_saved_when_changed_or_confirmed_and_the_rest_stay_suggestions(
    world, setup, second_half, coordinator
):
    data = form_data(coordinator.get(url_of(second_half)))
    data.update(entry_row("activity", setup.patrol, keep="on"))  # still true
    data.update(entry_row("activity", setup.control, status="done", reason=""))  # changed

    assert coordinator.post(url_of(second_half), data).status_code == 302

    kept = FollowUp.objects.get(round=second_half, activity=setup.patrol)
    assert (kept.status, kept.narrative_internal, kept.evidence_url, kept.author) == (
        "ongoing",
        "Två pass i veckan.\nFler efter sommaren.",
        "https://example.se/patrull",
        world.coordinator,
    )
    changed = FollowUp.objects.get(round=second_half, activity=setup.control)
    assert (changed.status, changed.reason) == ("done", "")
    # The assessment was left as suggested: not saved, and still offered.
    assert not FollowUp.objects.filter(round=second_half, promise__isnull=False).exists()
    content = coordinator.get(url_of(second_half)).content.decode()
    assert content.count(gettext(FROM_LAST) % {"round": "Halvår 1 2027"}) == 1


def test_one_box_takes_up_every_suggestion_of_a_promise(setup, second_half, coordinator):
    content = coordinator.get(url_of(second_half)).content.decode()
    summary = content[content.index(f'id="promise-{setup.police_promise.pk}-section"') :]
    assert (
        ngettext(
            "%(counter)s suggestion from the last follow-up",
            "%(counter)s suggestions from the last follow-up",
            3,
        )
        % {"counter": 3}
        in summary[: summary.index("</summary>")]
    )
    data = form_data(coordinator.get(url_of(second_half)))
    data[f"promise-{setup.police_promise.pk}-keep_all"] = "on"

    response = coordinator.post(url_of(second_half), data, follow=True)

    saved = FollowUp.objects.filter(round=second_half)
    assert {(f.activity, f.promise, f.status, f.assessment) for f in saved} == {
        (setup.patrol, None, "ongoing", ""),
        (setup.control, None, "delayed", ""),
        (None, setup.police_promise, "", "ongoing"),
    }
    assert saved.get(activity=setup.control).reason == "Väntar på utrustning."
    assert messages_of(response) == [
        ngettext("%(count)d row is saved.", "%(count)d rows are saved.", 3) % {"count": 3}
    ]


def test_a_suggestion_emptied_is_left_out_like_an_empty_row(setup, second_half, coordinator):
    data = form_data(coordinator.get(url_of(second_half)))
    data.update(
        entry_row(
            "activity",
            setup.control,
            status="",
            reason="",
            narrative_internal="",
            narrative_public="",
            evidence_url="",
        )
    )
    response = coordinator.post(url_of(second_half), data, follow=True)
    assert messages_of(response) == [gettext(NOTHING_CHANGED)]
    assert not FollowUp.objects.filter(round=second_half).exists()


def test_a_row_this_round_already_has_is_not_a_suggestion(setup, second_half, coordinator):
    FollowUpFactory(
        round=second_half, activity=setup.patrol, status="done", narrative_internal="Klart."
    )
    response = coordinator.get(url_of(second_half))
    data = form_data(response)
    assert data[f"activity-{setup.patrol.pk}-status"] == "done"
    assert f"activity-{setup.patrol.pk}-keep" not in response.content.decode()
    assert f"activity-{setup.control.pk}-keep" in response.content.decode()


def test_an_approved_follow_up_is_not_reset_by_saving_other_rows(setup, second_half, coordinator):
    # The review reset (follow_up_review_reset) still holds beside the suggestions.
    approved = FollowUpFactory(
        round=second_half, activity=setup.lights, status="done", narrative_public="Tänd."
    )
    approved.review_decision = Review.Decision.APPROVED
    approved.save()
    data = form_data(coordinator.get(url_of(second_half)))
    data.update(entry_row("activity", setup.patrol, keep="on"))
    assert coordinator.post(url_of(second_half), data).status_code == 302
    approved.refresh_from_db()
    assert approved.review_decision == Review.Decision.APPROVED


def test_the_police_take_up_suggestions_of_their_promises_only(
    world, login_as, setup, second_half
):
    FollowUpFactory(round=setup.round, activity=setup.lights, status="ongoing")
    police = login_as("police")
    response = police.get(url_of(second_half))
    data = form_data(response)
    assert f"activity-{setup.patrol.pk}-keep" in response.content.decode()
    assert f"activity-{setup.lights.pk}-status" not in data  # the kommun's row is read only
    data[f"promise-{setup.police_promise.pk}-keep_all"] = "on"
    data[f"promise-{setup.kommun_promise.pk}-keep_all"] = "on"  # forged
    data[f"activity-{setup.lights.pk}-keep"] = "on"  # forged

    assert police.post(url_of(second_half), data).status_code == 302

    saved = FollowUp.objects.filter(round=second_half)
    assert {f.activity or f.promise for f in saved} == {
        setup.patrol,
        setup.control,
        setup.police_promise,
    }
    assert {f.author for f in saved} == {world.police}


# Saving what is valid


def test_one_invalid_row_leaves_the_valid_ones_saved_and_opens_its_promise(
    setup, second_half, coordinator
):
    data = form_data(coordinator.get(url_of(second_half)))
    data.update(entry_row("activity", setup.control, status="cancelled", reason=""))
    data.update(entry_row("activity", setup.lights, status="done", narrative_public="Tänd."))

    response = coordinator.post(url_of(second_half), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert FollowUp.objects.get(round=second_half, activity=setup.lights).status == "done"
    assert not FollowUp.objects.filter(round=second_half, activity=setup.control).exists()
    assert is_open(content, setup.police_promise)
    assert not is_open(content, setup.kommun_promise)
    # The list at the top links to the field, which carries the error.
    field = f"activity-{setup.control.pk}-reason"
    assert f'href="#{field}"' in content
    assert f'id="{field}" aria-invalid="true" aria-describedby="{field}_error"' in content
    assert gettext("Say why the activity was cancelled.") in content
    assert ngettext("%(counter)s row to fix", "%(counter)s rows to fix", 1) % {"counter": 1} in (
        content
    )


# At national size


def national_size(charter: Charter, earlier_round) -> None:
    """Twelve promises of four activities, as the largest charter of the national demo, each
    activity and promise followed up in EARLIER_ROUND with texts (so each row is a suggestion),
    and an indicator on every third promise."""
    for promise in charter.promises.all():
        for order in range(promise.activities.count(), 4):
            ActivityFactory(promise=promise, order=100 + order)
    for order in range(10, 20):
        promise = PromiseFactory(
            charter=charter,
            owner=list(Party)[order % 3],
            order=order,
            title=f"Löfte {order}",
            text="Vi ska göra centrum tryggare genom fler vuxna på plats kvällstid. " * 2,
        )
        if order % 3 == 0:
            IndicatorFactory(promise=promise)
        for number in range(4):
            ActivityFactory(
                promise=promise, order=number, title=f"Trygghetsvandring i kvarter {number}"
            )
    followed = set(earlier_round.follow_ups.values_list("activity_id", "promise_id"))
    for promise in charter.promises.all():
        if (None, promise.pk) not in followed:
            FollowUpFactory(
                round=earlier_round,
                activity=None,
                promise=promise,
                status="",
                assessment="ongoing",
            )
        for activity in promise.activities.all():
            if (activity.pk, None) in followed:
                continue
            FollowUpFactory(
                round=earlier_round,
                activity=activity,
                status=FollowUp.Status.ONGOING,
                narrative_internal="Två pass genomförda, ett inställt på grund av sjukdom.",
                narrative_public="Polisen har patrullerat i centrum två kvällar i veckan.",
            )


def test_the_page_of_twelve_promises_of_four_activities_weighs_under_100_kb(
    setup, second_half, coordinator
):
    national_size(setup.charter, setup.round)
    response = coordinator.get(url_of(second_half))
    assert response.status_code == 200
    assert len(response.context["page"].activity_rows) == 48
    assert response.content.decode().count("<details") == 13  # the promises, and the help
    assert len(response.content) < 100_000


@pytest.mark.parametrize("national", [False, True])
def test_the_page_runs_the_same_queries_with_suggestions_whatever_its_size(
    setup, second_half, coordinator, django_assert_num_queries, national
):
    if national:
        national_size(setup.charter, setup.round)
    # 1 the session, 2 the user, 3 the charter with its kommun and LPO, 4 the user's roles
    # there, 5 the round, 6 the follow-ups of this round and the earlier ones with their
    # round's title and their authors (the suggestions among them), 7 the promises, 8 their
    # activities, 9 their indicators, 10 the newest value of each.
    with django_assert_num_queries(10):
        response = coordinator.get(url_of(second_half))
    assert response.status_code == 200
