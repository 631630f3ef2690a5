"""Renewing a published charter: the next period's draft carries everything over, marked until
edited, with a new draft lägesbild; the old charter stays as it was."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import translation

from promises import services
from promises.models import Activity, Charter, Contact, Indicator, Measurement, Promise
from situations.models import Finding, Problem, SituationReport, Source
from tests.helpers import WEDNESDAY_NOON, context_form_data, form_data, post_indicator_edit, sv
from tests.promises.factories import build_renewal_setup

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

D = datetime.date


@pytest.fixture
def setup(world):
    return build_renewal_setup(world)


def renew_url(charter):
    return reverse("promises:charter_renew", kwargs={"pk": charter.pk})


def renew(world, setup) -> Charter:
    with translation.override("sv"):  # as in a request: the history's reason is Swedish
        return services.charter_renew(charter=setup.charter, user=world.coordinator)


def test_renewal_is_a_draft_for_the_following_period_of_the_same_length(world, setup):
    new = renew(world, setup)

    assert new.status == Charter.Status.DRAFT
    assert (new.period_start, new.period_end) == (D(2026, 1, 1), D(2026, 12, 31))
    assert new.title == "Medborgarlöfte 2026"
    assert new.renewed_from == setup.charter
    assert new.summary == setup.charter.summary
    assert new.history.first().history_change_reason == "Förnyat från Medborgarlöfte 2025"


def test_promises_activities_contacts_and_indicators_are_carried_over(world, setup):
    new = renew(world, setup)

    promise = new.promises.get(order=1)
    assert (promise.owner, promise.text, promise.carried_over) == (
        setup.promise.owner,
        setup.promise.text,
        True,
    )
    assert promise.assessment == Promise.Assessment.NOT_ASSESSED
    assert [area.name for area in promise.focus_areas.all()] == ["Trafik"]
    assert new.promises.count() == 2
    assert Activity.objects.filter(promise__charter=new).count() == 5

    activity = promise.activities.get(title=setup.activity.title)
    assert (activity.start_date, activity.end_date) == (D(2026, 1, 10), D(2026, 3, 28))
    assert activity.carried_over
    assert [place.name for place in activity.places.all()] == ["Torget"]

    indicator = promise.indicators.get()
    # The last value measured, not the latest entered, is where the next period starts.
    assert (indicator.baseline, indicator.baseline_date) == (Decimal("55.5"), D(2025, 9, 30))
    assert indicator.target == Decimal(70)
    assert indicator.carried_over
    assert not Measurement.objects.filter(indicator__promise__charter=new).exists()

    contact = new.contacts.get()
    assert (contact.name, contact.email, contact.carried_over) == (
        "Kim Kommunpolis",
        "kim@polisen.se",
        True,
    )


def test_the_new_lagesbild_starts_from_findings_outcomes_and_open_walk_findings(world, setup):
    new = renew(world, setup)

    report = new.situation_report
    old = setup.charter.situation_report
    assert report.pk != old.pk
    assert report.status == SituationReport.Status.DRAFT
    assert (report.period_start, report.title) == (D(2026, 1, 1), "Lägesbild 2026")
    assert report.renewed_from == old
    texts = list(report.findings.order_by("order").values_list("text", flat=True))
    assert texts[0] == "60 % vill se mer polis på torget."
    copied = report.findings.get(text=texts[0])
    assert (copied.value, copied.unit, copied.place, copied.focus_area) == (
        Decimal(60),
        "%",
        setup.report_finding.place,
        setup.report_finding.focus_area,
    )
    assert copied.source.report == report and copied.source.title == "Dialoger"
    outcome = report.findings.get(source__kind=Source.Kind.OTHER)
    assert (
        outcome.text
        == "Löfte 1: delvis infriat. Trafikkontroller varje månad, men färre än lovat."
    )
    assert outcome.focus_area.name == "Trafik"
    assert "Halvår 1 2025" in outcome.source.title
    walk = report.findings.filter(source__kind=Source.Kind.SAFETY_WALK)
    assert [finding.text for finding in walk] == [
        "Belysning: Gångvägen bakom sporthallen. Trasig lampa. (öppen)"
    ]
    assert walk.count() == 1  # the finding that is done stays behind
    assert all(report.findings.values_list("carried_over", flat=True))


def test_the_prioritised_problems_come_along_with_their_findings_and_places(world, setup):
    old = setup.charter.situation_report
    problem = Problem.objects.create(
        report=old,
        priority=1,
        title="Otrygghet på torget",
        cause_situation="Mörkt och öde efter 20.",
        is_internal=True,
    )
    problem.findings.set([setup.report_finding])
    problem.places.set([setup.report_finding.place])

    report = renew(world, setup).situation_report

    copy = report.problems.get()
    assert copy.pk != problem.pk and copy.carried_over
    assert (copy.priority, copy.title, copy.cause_situation, copy.is_internal) == (
        1,
        "Otrygghet på torget",
        "Mörkt och öde efter 20.",
        True,
    )
    assert list(copy.findings.all()) == [report.findings.get(text=setup.report_finding.text)]
    assert list(copy.places.all()) == [setup.report_finding.place]
    assert list(problem.findings.all()) == [setup.report_finding]  # the old one keeps its own


def snapshot(charter: Charter) -> list:
    """Every row of CHARTER and its lägesbild as it is in the database."""
    rows = [charter, charter.situation_report]
    promises = Promise.objects.filter(charter=charter)
    rows += [*promises, *Activity.objects.filter(promise__in=promises)]
    rows += [*Indicator.objects.filter(promise__in=promises), *charter.contacts.all()]
    rows += [*Measurement.objects.filter(indicator__promise__in=promises)]
    rows += [*Finding.objects.filter(report=charter.situation_report)]
    rows += [*Source.objects.filter(report=charter.situation_report)]
    result = []
    for row in rows:
        row.refresh_from_db()
        data = model_to_dict(row)
        result.append((type(row).__name__, row.pk, row.updated_at, sorted(map(str, data.items()))))
    return result


def test_nothing_of_the_old_charter_changes(world, setup):
    before = snapshot(setup.charter)
    rounds = list(setup.charter.rounds.values_list("pk", "published_at"))

    renew(world, setup)

    assert snapshot(setup.charter) == before
    assert list(setup.charter.rounds.values_list("pk", "published_at")) == rounds


def test_a_second_renewal_goes_to_the_same_draft(world, coordinator, setup):
    first = coordinator.post(renew_url(setup.charter))
    new = Charter.objects.get(renewed_from=setup.charter)
    assert first.url == reverse("promises:charter", kwargs={"pk": new.pk})

    second = coordinator.post(renew_url(setup.charter), follow=True)

    assert second.redirect_chain[-1][0] == first.url
    assert Charter.objects.filter(municipality=world.municipality).count() == 2
    assert SituationReport.objects.filter(municipality=world.municipality).count() == 2


def test_a_draft_cannot_be_renewed(world, coordinator, charter):
    with pytest.raises(ValidationError):
        services.charter_renew(charter=charter, user=world.coordinator)

    response = coordinator.post(renew_url(charter), follow=True)

    assert (
        sv(
            "This step is not possible while the citizen promise is %(status)s.",
            status=sv("draft"),
        )
        in response.content.decode()
    )
    assert not Charter.objects.filter(renewed_from=charter).exists()


def test_the_renew_button_is_offered_to_the_coordinator_of_a_published_charter(
    world, login_as, setup
):
    url = reverse("promises:charter", kwargs={"pk": setup.charter.pk})
    button = sv("New citizen promise for the next period")

    assert button in login_as("coordinator").get(url).content.decode()
    assert button not in login_as("police_manager").get(url).content.decode()


def test_a_renewal_into_a_taken_period_says_so(world, coordinator, setup):
    Charter.objects.create(
        municipality=world.municipality,
        police_area=world.police_area,
        title="Redan påbörjat",
        period_start=D(2026, 1, 1),
        period_end=D(2026, 12, 31),
    )

    response = coordinator.post(renew_url(setup.charter), follow=True)

    assert response.status_code == 200
    assert sv("This municipality already has a citizen promise starting that day.") in (
        response.content.decode()
    )
    assert not Charter.objects.filter(renewed_from=setup.charter).exists()


def test_the_carried_over_mark_goes_when_an_item_is_edited(world, coordinator, setup):
    new = renew(world, setup)
    badge = sv("Carried over from %(title)s", title="Medborgarlöfte 2025")
    summary = coordinator.get(reverse("promises:promises_edit", kwargs={"pk": new.pk}))
    assert summary.content.decode().count(badge) == 2  # the promises
    edited = new.promises.get(order=1)
    url = reverse("promises:promise_edit", kwargs={"pk": edited.pk})
    page = coordinator.get(url)
    assert page.content.decode().count(badge) == 1 + 3  # the promise and its activities

    data = form_data(page)
    data["promise-text"] = "Vi lovar något nytt."
    data["activities-0-title"] = "Ny aktivitet"
    assert coordinator.post(url, data).status_code == 302

    edited.refresh_from_db()
    assert not edited.carried_over
    assert not edited.activities.get(title="Ny aktivitet").carried_over
    assert edited.activities.filter(carried_over=True).count() == 2
    assert new.promises.get(order=2).carried_over
    assert coordinator.get(url).content.decode().count(badge) == 2  # the activities unchanged


def test_the_carried_over_mark_of_a_contact_goes_when_it_is_edited(world, coordinator, setup):
    new = renew(world, setup)
    url = reverse("promises:charter_edit", kwargs={"pk": new.pk})
    page = coordinator.get(url)
    badge = sv("Carried over from %(title)s", title="Medborgarlöfte 2025")
    assert badge in page.content.decode()

    data = form_data(page)
    data["contacts-0-phone"] = "010-114 14 00"
    assert coordinator.post(url, data).status_code == 302

    assert not Contact.objects.get(charter=new).carried_over
    assert badge not in coordinator.get(url).content.decode()


def test_a_closed_charter_renews_too(world, setup):
    Charter.objects.filter(pk=setup.charter.pk).update(status=Charter.Status.CLOSED)
    setup.charter.refresh_from_db()

    assert renew(world, setup).status == Charter.Status.DRAFT


def test_a_charter_without_a_lagesbild_gets_a_new_one_from_its_outcomes(world, setup):
    Charter.objects.filter(pk=setup.charter.pk).update(situation_report=None)
    setup.charter.refresh_from_db()

    report = renew(world, setup).situation_report

    assert report.title == sv("Situation report %(period)s", period="2026")
    assert report.renewed_from is None
    assert set(report.sources.values_list("kind", flat=True)) == {
        Source.Kind.OTHER,
        Source.Kind.SAFETY_WALK,
    }
    assert report.findings.count() == 2


def test_a_lagesbild_already_started_for_the_next_period_is_linked_as_it_is(world, setup):
    started = SituationReport.objects.create(
        municipality=world.municipality,
        title="Vår nya lägesbild",
        period_start=D(2026, 1, 1),
        period_end=D(2026, 12, 31),
    )

    new = renew(world, setup)

    assert new.situation_report == started
    assert not started.findings.exists()


def test_the_carried_over_mark_of_an_indicator_goes_when_it_is_edited(world, coordinator, setup):
    new = renew(world, setup)
    indicator = Indicator.objects.get(promise__charter=new, name="Indikator 1")
    badge = sv("Carried over from %(title)s", title="Medborgarlöfte 2025")
    page = reverse("promises:indicators", kwargs={"pk": new.pk})
    assert coordinator.get(page).content.decode().count(badge) == 2

    assert post_indicator_edit(coordinator, indicator, target="80").status_code == 302

    indicator.refresh_from_db()
    assert not indicator.carried_over
    assert coordinator.get(page).content.decode().count(badge) == 1


def test_the_carried_over_mark_of_a_finding_goes_when_it_is_edited(world, coordinator, setup):
    report = renew(world, setup).situation_report
    url = reverse("situations:report_edit", kwargs={"pk": report.pk})
    badge = sv("Carried over from %(title)s", title="Lägesbild 2025")
    page = coordinator.get(url)
    assert page.content.decode().count(badge) == 3
    data = context_form_data(
        page, "forms.form", "forms.sources", "forms.findings", "forms.problems"
    )
    data["findings-0-text"] = "65 % vill se mer polis på torget."

    assert coordinator.post(url, data).status_code == 302

    assert not report.findings.get(text__startswith="65 %").carried_over
    assert report.findings.filter(carried_over=True).count() == 2


def test_once_renewed_the_old_charter_links_to_its_successor(world, coordinator, setup):
    new = renew(world, setup)

    page = coordinator.get(reverse("promises:charter", kwargs={"pk": setup.charter.pk}))

    html = page.content.decode()
    assert reverse("promises:charter", kwargs={"pk": new.pk}) in html
    assert sv("New citizen promise for the next period") not in html
    new_page = coordinator.get(reverse("promises:charter", kwargs={"pk": new.pk})).content
    assert sv("Renewed from %(title)s.", title="Medborgarlöfte 2025") in new_page.decode()


def test_renewed_promises_answer_the_copies_of_the_problems_they_answered(world, setup):
    old = setup.charter.situation_report
    drugs = Problem.objects.create(report=old, priority=1, title="Narkotika vid torget")
    traffic = Problem.objects.create(report=old, priority=2, title="Fortkörning")
    first, second = setup.charter.promises.order_by("order")
    first.problems.set([drugs, traffic])
    second.problems.set([traffic])

    new = renew(world, setup)

    report = new.situation_report
    copies = {problem.title: problem for problem in report.problems.all()}
    assert set(copies) == {"Narkotika vid torget", "Fortkörning"}
    renewed_first, renewed_second = new.promises.order_by("order")
    assert set(renewed_first.problems.all()) == set(copies.values())
    assert list(renewed_second.problems.all()) == [copies["Fortkörning"]]
    assert all(problem.report == report for problem in renewed_first.problems.all())
    # The old promises keep the old problems.
    assert set(first.problems.all()) == {drugs, traffic}


def test_a_renewal_into_a_lagesbild_the_kommun_already_has_links_nothing_across(world, setup):
    old = setup.charter.situation_report
    setup.promise.problems.set([Problem.objects.create(report=old, title="Stölder")])
    theirs = SituationReport.objects.create(
        municipality=world.municipality,
        title="Egen lägesbild 2026",
        period_start=D(2026, 1, 1),
        period_end=D(2026, 12, 31),
    )

    new = renew(world, setup)

    assert new.situation_report == theirs
    assert not Promise.problems.through.objects.filter(promise__charter=new).exists()
