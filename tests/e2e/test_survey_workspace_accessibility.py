"""axe-core finds no WCAG 2.1 A/AA violation on the survey pages of the workspace, plain and
with errors shown; an edit page with an error keeps what was typed."""

import pytest
from django.urls import reverse

from situations import services
from situations.models import Answer
from situations.reference import load_reference_data
from tests.e2e.audit import AxeAudit
from tests.helpers import log_in_with_the_browser
from tests.situations.factories import SituationReportFactory, SurveyFactory, make_survey

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def surveys(transactional_db, world):
    load_reference_data()  # flushed by the previous transactional test
    answered = make_survey(world.municipality)
    services.response_submit(
        survey=answered.survey,
        answers=[
            Answer(question=answered.scale, scale=4),
            Answer(question=answered.free, text="Mer ljus."),
            Answer(question=answered.places, other_place="Parken"),
        ],
    )
    draft = SurveyFactory(municipality=world.municipality, draft=True, title="Utkast")
    SituationReportFactory(municipality=world.municipality)
    return answered, draft


def test_no_survey_page_of_the_workspace_has_a_wcag_21_aa_violation(live_server, browser, surveys):
    answered, draft = surveys
    base = live_server.url
    audit = AxeAudit()
    check = audit.check

    pk = {"pk": answered.survey.pk}
    pages = [
        ("situations:surveys", {"slug": "kommun-a"}),
        ("situations:survey_create", {"slug": "kommun-a"}),
        ("situations:survey_edit", {"pk": draft.pk}),
        ("situations:survey_edit", pk),
        ("situations:survey_results", pk),
        ("situations:survey_free_text", {**pk, "question_pk": answered.free.pk}),
        ("situations:survey_history", pk),
        ("situations:survey_attach", pk),
        ("situations:survey_finding", pk),
    ]
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in_with_the_browser(page, base, "coordinator")
    for name, kwargs in pages:
        response = page.goto(base + reverse(name, kwargs=kwargs))
        assert response.status == 200, name
        check(page, name)

    # The kind chosen shows its fields and hides the others.
    page.goto(base + reverse("situations:survey_edit", kwargs={"pk": draft.pk}))
    choices, place, time_of_day = (
        page.locator(f"[name='questions-0-{name}']")
        for name in ("choices_text", "place", "time_of_day")
    )
    assert not choices.is_visible() and not place.is_visible()  # no kind chosen yet
    page.select_option("[name='questions-0-kind']", "safety_scale")
    assert place.is_visible() and time_of_day.is_visible() and not choices.is_visible()
    page.select_option("[name='questions-0-kind']", "multiple_choice")
    assert choices.is_visible() and not place.is_visible() and not time_of_day.is_visible()
    assert place.is_disabled()  # so that a hidden value is not sent
    assert not page.locator("[name='questions-1-choices_text']").is_visible()  # its own row only
    check(page, "survey_edit med frågetyp vald")

    # The edit page of a draft with errors: an emptied title and a choice question with one
    # choice; the introduction typed must survive.
    page.goto(base + reverse("situations:survey_edit", kwargs={"pk": draft.pk}))
    page.fill("[name='title']", "")
    page.fill("[name='introduction']", "Det här får inte försvinna.")
    page.select_option("[name='questions-0-kind']", "single_choice")
    page.fill("[name='questions-0-text']", "Går du ut på kvällen?")
    page.fill("[name='questions-0-choices_text']", "Ja")
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_load_state()
    assert page.locator(".invalid-feedback, .alert-danger").count() >= 1
    assert page.input_value("[name='introduction']") == "Det här får inte försvinna."
    assert page.input_value("[name='questions-0-text']") == "Går du ut på kvällen?"
    assert page.locator("[name='questions-0-choices_text']").is_visible()  # with its error
    check(page, "survey_edit med fel")

    page.goto(base + reverse("situations:survey_finding", kwargs=pk))
    page.locator("main form button[type='submit']").click()
    page.wait_for_load_state()
    assert page.locator(".invalid-feedback, .alert-danger").count() >= 1
    check(page, "survey_finding med fel")
    context.close()

    audit.assert_clean()
