"""Readiness before review: "Skicka för granskning" shows a checklist with where to fix each
unmet item and refuses to send until all hold; each step links to the next."""

import datetime

import pytest
from django.urls import reverse

from promises.models import Charter, Contact
from situations.models import SituationReport
from tests.helpers import WEDNESDAY_NOON, form_data, sv
from tests.promises.factories import (
    ActivityFactory,
    CharterFactory,
    ContactFactory,
    PromiseFactory,
    make_ready_for_review,
)
from tests.situations.factories import ProblemFactory, SituationReportFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

D = datetime.date


@pytest.fixture
def draft(world):
    """A draft with a lägesbild still in draft, a promise without an activity, and a contact
    without an email or a phone number."""
    report = SituationReportFactory(municipality=world.municipality, title="Lägesbild 2027")
    charter = CharterFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        situation_report=report,
        period_start=D(2027, 1, 1),
        period_end=D(2027, 12, 31),
    )
    ActivityFactory(promise=PromiseFactory(charter=charter, order=1, text="Med aktivitet"))
    PromiseFactory(charter=charter, order=2, text="Utan aktivitet")
    ContactFactory(charter=charter, email="", phone="")
    return charter


def submit_url(charter):
    return reverse("promises:charter_submit", kwargs={"pk": charter.pk})


def status_of(charter):
    charter.refresh_from_db()
    return charter.status


def test_the_checklist_shows_each_unmet_item_with_where_to_fix_it(coordinator, draft):
    page = coordinator.get(submit_url(draft)).content.decode()

    assert sv("The situation report is published") in page
    assert sv("%(title)s is a draft.", title="Lägesbild 2027") in page
    assert reverse("situations:report_edit", kwargs={"pk": draft.situation_report_id}) in page
    assert sv("Without an activity: %(promises)s", promises="Utan aktivitet") in page
    without = draft.promises.get(order=2)
    assert reverse("promises:promise_edit", kwargs={"pk": without.pk}) in page
    assert sv("There are contacts with a way to reach them") in page
    assert reverse("promises:charter_edit", kwargs={"pk": draft.pk}) + "#contacts" in page
    assert page.count(sv("Missing:")) == 3
    assert page.count(sv("Done:")) == 1  # the period
    assert sv("It can be sent for review when every item of the list is done.") in page
    assert f'<button type="submit" class="btn btn-primary">{sv("Send for review")}' not in page


def test_sending_is_refused_while_an_item_is_unmet(coordinator, draft):
    response = coordinator.post(submit_url(draft))

    assert response.status_code == 200
    assert status_of(draft) == Charter.Status.DRAFT
    page = response.content.decode()
    refusal = sv("The citizen promise is not ready for review yet: %(items)s.", items="")
    assert refusal.split(":")[0] in page
    assert sv("Without an activity: %(promises)s", promises="Utan aktivitet") in page


def test_a_charter_without_a_lagesbild_links_to_choosing_one(coordinator, world):
    charter = make_ready_for_review(
        CharterFactory(municipality=world.municipality, police_area=world.police_area)
    )
    charter.situation_report = None
    charter.save()

    page = coordinator.get(submit_url(charter)).content.decode()

    assert sv("No situation report is chosen for the citizen promise.") in page
    assert sv("Choose the situation report") in page
    assert coordinator.post(submit_url(charter)).status_code == 200
    assert status_of(charter) == Charter.Status.DRAFT


def test_when_everything_holds_it_is_sent(coordinator, draft):
    report = draft.situation_report
    report.status = SituationReport.Status.PUBLISHED
    report.published_at = WEDNESDAY_NOON
    report.save()
    ActivityFactory(promise=draft.promises.get(order=2))
    Contact.objects.filter(charter=draft).update(phone="0533-681 00")
    ProblemFactory(report=report).promises.set(draft.promises.all())

    page = coordinator.get(submit_url(draft)).content.decode()
    assert sv("Missing:") not in page

    response = coordinator.post(submit_url(draft))

    assert response.status_code == 302
    assert status_of(draft) == Charter.Status.REVIEW


def test_the_charter_page_and_the_promises_page_lead_to_the_checklist(coordinator, draft):
    url = submit_url(draft)
    assert (
        url
        in coordinator.get(reverse("promises:charter", kwargs={"pk": draft.pk})).content.decode()
    )
    assert (
        url
        in coordinator.get(
            reverse("promises:promises_edit", kwargs={"pk": draft.pk})
        ).content.decode()
    )


def test_a_published_lagesbild_offers_to_create_a_charter_from_it(world, coordinator):
    report = SituationReportFactory(
        municipality=world.municipality,
        police_area=world.police_area,
        title="Lägesbild 2028",
        period_start=D(2028, 1, 1),
        period_end=D(2028, 12, 31),
        published=True,
    )
    page = coordinator.get(reverse("situations:report_edit", kwargs={"pk": report.pk}))
    link = (
        reverse("promises:charter_create", kwargs={"slug": world.municipality.slug})
        + f"?lagesbild={report.pk}"
    )
    assert sv("Create a citizen promise from the situation report") in page.content.decode()
    assert link in page.content.decode()

    form = coordinator.get(link)

    data = form_data(form)
    assert data["situation_report"] == str(report.pk)
    assert data["police_area"] == str(world.police_area.pk)
    assert (data["period_start"], data["period_end"]) == ("2028-01-01", "2028-12-31")
    assert data["title"] == sv("Citizen promise %(period)s", period="2028")
    assert coordinator.post(link, data).status_code == 302
    created = Charter.objects.get(period_start=D(2028, 1, 1))
    assert created.situation_report == report


def test_a_draft_lagesbild_offers_no_charter_yet(world, coordinator):
    report = SituationReportFactory(municipality=world.municipality)
    page = coordinator.get(reverse("situations:report_edit", kwargs={"pk": report.pk}))
    assert sv("Create a citizen promise from the situation report") not in page.content.decode()


def test_a_lagesbild_of_another_kommun_prefills_nothing(world, coordinator):
    other = SituationReportFactory(municipality=world.other_municipality, published=True)
    url = reverse("promises:charter_create", kwargs={"slug": world.municipality.slug})

    data = form_data(coordinator.get(url + f"?lagesbild={other.pk}"))

    assert data.get("situation_report", "") == ""
    assert coordinator.get(url + "?lagesbild=x").status_code == 200


def test_a_charter_without_promises_links_to_adding_one(coordinator, world):
    charter = CharterFactory(municipality=world.municipality, police_area=world.police_area)
    page = coordinator.get(submit_url(charter)).content.decode()
    assert sv("There are no promises yet.") in page
    assert reverse("promises:promise_create", kwargs={"pk": charter.pk}) in page


def test_several_promises_without_activities_link_to_the_list_that_counts_them(coordinator, draft):
    PromiseFactory(charter=draft, order=3, text="Också utan")
    page = coordinator.get(submit_url(draft)).content.decode()
    assert sv("Without an activity: %(promises)s", promises="Utan aktivitet; Också utan") in page
    assert f'href="{reverse("promises:promises_edit", kwargs={"pk": draft.pk})}"' in page
