"""axe-core finds no WCAG 2.1 A/AA violation and the Nu HTML checker no error on any workspace
page, in its plain state and, for every edit page, with its errors shown; and every edit page
keeps what was typed on an error."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from promises.models import Charter, Party
from situations.models import Tip
from situations.reference import load_reference_data
from tests.e2e.audit import AxeAudit
from tests.followups.factories import FollowUpRoundFactory
from tests.helpers import log_in_with_the_browser
from tests.promises.factories import (
    ActivityFactory,
    CharterFactory,
    CollaborationAgreementFactory,
    IndicatorFactory,
    MeasurementFactory,
    PromiseFactory,
)
from tests.situations.factories import (
    FindingFactory,
    PlaceFactory,
    SituationReportFactory,
    SourceFactory,
)

# Transactional, because the live server reads from another thread.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def work(transactional_db, world):
    load_reference_data()  # flushed by the previous transactional test
    place = PlaceFactory(municipality=world.municipality, name="Torget")
    draft = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 12, 31),
    )
    promise = PromiseFactory(charter=draft, owner=Party.POLICE, order=1)
    activity = ActivityFactory(promise=promise, order=1)
    activity.places.add(place)
    indicator = IndicatorFactory(promise=promise)
    MeasurementFactory(indicator=indicator)
    review = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        status=Charter.Status.REVIEW,
    )
    PromiseFactory(charter=review, order=1)
    published = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        status=Charter.Status.PUBLISHED,
        signed_on=datetime.date(2025, 1, 10),
        published_at=timezone.now(),
    )
    # A round of the published charter with a follow-up missing: the dashboard lists it as
    # overdue and its publishing page lists what is missing.
    PromiseFactory(charter=published, order=1)
    round_ = FollowUpRoundFactory(
        charter=published,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 4, 30),
        due_on=datetime.date(2025, 5, 15),
    )
    report = SituationReportFactory(municipality=world.municipality)
    source = SourceFactory(report=report)
    FindingFactory(report=report, source=source)
    Tip.objects.create(municipality=world.municipality, message="Lampan vid torget är släckt.")
    agreement = CollaborationAgreementFactory(
        police_area=world.police_area,
        municipalities=[world.municipality],
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2027, 12, 31),
    )
    draft.agreement = agreement
    draft.summary = "Ändrad för historiken."
    draft.save()
    return {
        "agreement": agreement.pk,
        "draft": draft.pk,
        "review": review.pk,
        "published": published.pk,
        "report": report.pk,
        "indicator": indicator.pk,
        "promise": promise.pk,
        "round": round_.pk,
    }


def test_no_workspace_page_has_a_wcag_21_aa_violation(live_server, browser, work):
    base = live_server.url
    audit = AxeAudit()
    check = audit.check

    kommun = {"slug": "kommun-a"}
    coordinator_pages = [
        ("followups:dashboard", {}),
        ("followups:municipality_workspace", kommun),
        ("promises:charter_create", kommun),
        ("followups:charter_import", kommun),
        ("promises:charter", {"pk": work["draft"]}),
        ("promises:charter_edit", {"pk": work["draft"]}),
        ("promises:promises_edit", {"pk": work["draft"]}),
        ("promises:promise_edit", {"pk": work["promise"]}),
        ("promises:promise_create", {"pk": work["draft"]}),
        ("promises:charter_history", {"pk": work["draft"]}),
        ("followups:charter_preview", {"pk": work["draft"]}),
        ("promises:indicators", {"pk": work["draft"]}),
        ("promises:indicator_create", {"pk": work["promise"]}),
        ("promises:indicator_edit", {"pk": work["indicator"]}),
        ("promises:indicator_delete", {"pk": work["indicator"]}),
        ("promises:indicator_history", {"pk": work["indicator"]}),
        ("situations:report_create", kommun),
        ("situations:report_edit", {"pk": work["report"]}),
        ("situations:report_history", {"pk": work["report"]}),
        ("situations:places", kommun),
        ("situations:places_history", kommun),
        ("situations:tips", kommun),
        ("followups:round_publish", {"round_pk": work["round"]}),
        ("followups:rounds", {"pk": work["published"]}),
        ("promises:agreements", {}),
        ("promises:agreement_create", {}),
        ("promises:agreement", {"pk": work["agreement"]}),
        ("promises:agreement_edit", {"pk": work["agreement"]}),
        ("promises:agreement_history", {"pk": work["agreement"]}),
    ]
    manager_pages = [
        ("promises:charter", {"pk": work["review"]}),
        ("promises:charter_approve", {"pk": work["review"]}),
        ("promises:charter_withdraw", {"pk": work["published"]}),
        ("promises:agreement", {"pk": work["agreement"]}),
    ]
    # Each edit page with an error on it: the field emptied, and a text that must survive.
    error_states = [
        ("promises:charter_edit", {"pk": work["draft"]}, "[name='title']", "[name='summary']"),
        (
            "promises:promise_edit",
            {"pk": work["promise"]},
            "[name='promise-text']",
            "[name='activities-0-expected_effect']",
        ),
        ("promises:indicator_edit", {"pk": work["indicator"]}, "[name='name']", "[name='source']"),
        ("situations:report_edit", {"pk": work["report"]}, "[name='title']", "[name='summary']"),
        (
            "promises:agreement_edit",
            {"pk": work["agreement"]},
            "[name='title']",
            "[name='description']",
        ),
        ("situations:places", kommun, "[name='places-0-name']", "[name='places-0-description']"),
        ("promises:charter_approve", {"pk": work["review"]}, "[name='signed_on']", None),
        ("promises:charter_withdraw", {"pk": work["published"]}, "[name='reason']", None),
    ]

    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in_with_the_browser(page, base, "coordinator")
    for name, kwargs in coordinator_pages:
        response = page.goto(base + reverse(name, kwargs=kwargs))
        assert response.status == 200, name
        check(page, name)
    context.close()

    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in_with_the_browser(page, base, "police-manager")
    for name, kwargs in manager_pages:
        assert page.goto(base + reverse(name, kwargs=kwargs)).status == 200, name
        check(page, name)
    context.close()

    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in_with_the_browser(page, base, "admin")
    for name, kwargs, emptied, kept in error_states:
        page.goto(base + reverse(name, kwargs=kwargs))
        page.fill(emptied, "")
        if kept:
            closed = page.locator(f"details:not([open]):has({kept}) > summary")
            if closed.count():  # an activity on a promise's page opens first
                closed.click()
            page.fill(kept, "Det här får inte försvinna.")
        page.locator(f"form:has({emptied}) button[type='submit']").last.click()
        page.wait_for_load_state()
        assert page.locator(".invalid-feedback, .errorlist, .alert-danger").count() >= 1, name
        if kept:
            assert page.input_value(kept) == "Det här får inte försvinna.", name
        check(page, f"{name} med fel")
    context.close()

    audit.assert_clean()
