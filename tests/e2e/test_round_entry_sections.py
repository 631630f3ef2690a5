"""The round's entry page in the browser: closed sections that open without JavaScript, rows
that start from the last follow-up and are saved only when taken up, a row to fix that comes
back in an open section, axe and the Nu HTML checker clean in each state, and no sideways
scrolling at 360 px."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from followups.models import FollowUp
from promises.models import Party
from situations.reference import load_reference_data
from tests.e2e.audit import AxeAudit
from tests.followups.factories import FollowUpFactory, FollowUpRoundFactory
from tests.helpers import logged_in
from tests.promises.factories import ActivityFactory, CharterFactory, PromiseFactory

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def second_round(transactional_db, world):
    """A charter in force with two promises, whose first round was followed up; the second
    round is due."""
    load_reference_data()  # flushed by the previous transactional test
    today = timezone.localdate()
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=today - datetime.timedelta(days=200),
        period_end=today + datetime.timedelta(days=165),
        published=True,
    )
    police = PromiseFactory(charter=charter, owner=Party.POLICE, order=1, title="Synlighet")
    kommun = PromiseFactory(charter=charter, owner=Party.MUNICIPALITY, order=2, title="Belysning")
    patrol = ActivityFactory(promise=police, title="Fotpatrullering i centrum", order=1)
    ActivityFactory(promise=police, title="Trafikkontroller", order=2)
    ActivityFactory(promise=kommun, title="Ny belysning i parken", order=1)
    first = FollowUpRoundFactory(
        charter=charter,
        title="Kvartal 1",
        period_start=charter.period_start,
        period_end=charter.period_start + datetime.timedelta(days=90),
        due_on=charter.period_start + datetime.timedelta(days=100),
    )
    FollowUpFactory(
        round=first,
        activity=patrol,
        status=FollowUp.Status.ONGOING,
        narrative_internal="Två kvällar i veckan.\nFler efter sommaren.",
        narrative_public="Polisen patrullerar två kvällar i veckan.",
    )
    return FollowUpRoundFactory(
        charter=charter,
        title="Kvartal 2",
        period_start=charter.period_start + datetime.timedelta(days=91),
        period_end=charter.period_start + datetime.timedelta(days=181),
        due_on=today - datetime.timedelta(days=5),
    )


def test_a_round_is_entered_section_by_section_from_the_last_follow_up(
    live_server, browser, second_round
):
    base = live_server.url
    audit = AxeAudit()
    charter = second_round.charter
    police, kommun = charter.promises.order_by("order")
    patrol, control = police.activities.order_by("order")
    url = base + reverse(
        "followups:round_entry", kwargs={"pk": charter.pk, "round_pk": second_round.pk}
    )

    context, page = logged_in(browser, base, "coordinator")
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(url)
    assert page.locator("details.entry-promise[open]").count() == 0
    assert not page.locator(f"[name='activity-{patrol.pk}-status']").is_visible()
    audit.check(page, "uppföljning, stängda avsnitt")

    page.get_by_text("Synlighet", exact=True).click()  # the summary opens the section
    patrol_status = page.locator(f"[name='activity-{patrol.pk}-status']")
    assert patrol_status.input_value() == "ongoing"
    assert "Fler efter sommaren." in page.input_value(
        f"[name='activity-{patrol.pk}-narrative_internal']"
    )
    assert page.get_by_text("Från förra uppföljningen (Kvartal 1)").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    audit.check(page, "uppföljning, ett avsnitt öppet")

    # Saving with the suggestion untouched saves nothing: a browser sends the text's lines
    # ending in CRLF, which is no change.
    page.get_by_role("button", name="Spara uppföljningen").click()
    page.wait_for_load_state()
    assert not FollowUp.objects.filter(round=second_round).exists()

    # Confirmed, it is saved as it was; a cancelled activity without a reason comes back open.
    page.get_by_text("Synlighet", exact=True).click()
    page.get_by_label("Stämmer fortfarande: spara för den här omgången").check()
    page.select_option(f"[name='activity-{control.pk}-status']", "cancelled")
    page.get_by_text("Belysning", exact=True).click()
    page.select_option(f"[name='activity-{kommun.activities.get().pk}-status']", "done")
    page.get_by_role("button", name="Spara uppföljningen").click()
    page.wait_for_load_state()

    saved = FollowUp.objects.get(round=second_round, activity=patrol)
    assert saved.narrative_internal == "Två kvällar i veckan.\nFler efter sommaren."
    assert FollowUp.objects.filter(round=second_round, activity__promise=kommun).exists()
    assert not FollowUp.objects.filter(round=second_round, activity=control).exists()
    assert page.locator(f"#promise-{police.pk}-section[open]").count() == 1
    assert page.locator(f"#promise-{kommun.pk}-section[open]").count() == 0
    page.get_by_role("link", name="Orsak (krävs om aktiviteten är inställd)").click()
    assert page.url.endswith(f"#activity-{control.pk}-reason")
    assert page.locator(f"#activity-{control.pk}-reason").is_visible()
    audit.check(page, "uppföljning med fel")

    # A link to a row (as the list of what holds the report back gives) opens its section.
    page.goto(url + f"#activity-{control.pk}")
    assert page.locator(f"#promise-{police.pk}-section[open]").count() == 1
    assert page.locator(f"#activity-{control.pk}").is_visible()
    context.close()
    audit.assert_clean()
