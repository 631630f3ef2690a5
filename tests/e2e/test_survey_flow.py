"""A resident answers a survey in the browser, and the coordinator reads the results.

axe-core and the Nu HTML checker check the answer page as it first loads, as it comes back
with errors and with the thanks, and the results page with its charts and tables.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from situations.models import Answer, Response
from situations.reference import load_reference_data
from tests.e2e.audit import AxeAudit
from tests.helpers import log_in_with_the_browser
from tests.situations.factories import make_survey

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def survey_kit(transactional_db, world):
    load_reference_data()  # flushed by the previous transactional test
    return make_survey(world.municipality)


def test_a_resident_answers_once_and_the_coordinator_reads_the_results(
    live_server, page, survey_kit
):
    base = live_server.url
    survey_url = base + survey_kit.survey.get_absolute_url()
    audit = AxeAudit()
    assert_accessible = audit.check

    page.goto(survey_url)
    assert_accessible(page, "survey")

    # Send without the required safety answer: errors, and what was typed is still there.
    page.fill(f"[name='q{survey_kit.free.pk}']", "Mer belysning i parken.")
    page.check(f"input[name='q{survey_kit.places.pk}'][value='{survey_kit.station.pk}']")
    page.locator("main button[type='submit']").click()
    expect(page.locator("#survey-errors")).to_be_visible()
    assert page.input_value(f"[name='q{survey_kit.free.pk}']") == "Mer belysning i parken."
    assert page.is_checked(
        f"input[name='q{survey_kit.places.pk}'][value='{survey_kit.station.pk}']"
    )
    assert_accessible(page, "survey with errors")

    # The error summary leads to the question.
    page.locator("#survey-errors a").first.click()
    assert page.evaluate("location.hash") == f"#survey-q{survey_kit.scale.pk}-group"

    page.check(f"input[name='q{survey_kit.scale.pk}'][value='4']")
    page.check(
        f"input[name='q{survey_kit.multiple.pk}'][value='{survey_kit.multiple.choices.first().pk}']"
    )
    page.locator("main button[type='submit']").click()
    page.wait_for_load_state()
    assert "tack=1" in page.url
    assert_accessible(page, "thanks")
    assert Response.objects.count() == 1
    assert Answer.objects.filter(question=survey_kit.places, place=survey_kit.station).exists()

    # Back to the survey: this browser has answered, so there is no form.
    page.goto(survey_url)
    assert page.locator(f"input[name='q{survey_kit.scale.pk}']").count() == 0
    assert_accessible(page, "already answered")

    context = page.context.browser.new_context(locale="sv-SE")
    coordinator = context.new_page()
    coordinator.set_default_timeout(15_000)
    log_in_with_the_browser(coordinator, base, "coordinator")
    coordinator.goto(
        base + reverse("situations:survey_results", kwargs={"pk": survey_kit.survey.pk})
    )
    table = coordinator.locator(f"#question-{survey_kit.scale.pk} ~ div table").first
    assert (
        "100 %"
        in coordinator.locator(
            f"section[aria-labelledby='question-{survey_kit.scale.pk}']"
        ).inner_text()
    )
    assert table.count() == 1
    assert coordinator.locator("svg.survey-chart").count() >= 4
    assert_accessible(coordinator, "results")
    context.close()
    audit.assert_clean()
