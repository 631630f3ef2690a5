"""The prioritised problems of a lägesbild: their links checked, edited on the report's page
with the findings that show them, recorded in the history, and shown on the public page
without anything internal."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from situations.models import Problem
from tests.followups.test_kommun_page import published_charter
from tests.followups.test_kommun_page_queries import queries_for
from tests.helpers import context_form_data, public_kommun_url, sv
from tests.situations.factories import (
    FindingFactory,
    FocusAreaFactory,
    MunicipalityFactory,
    PlaceFactory,
    ProblemFactory,
    SituationReportFactory,
)
from tests.situations.report_pages import FORMS, blank_page, edit_url

pytestmark = pytest.mark.django_db


def test_a_finding_of_another_report_is_refused_with_a_swedish_message(world, report):
    problem = ProblemFactory(report=report)
    other = FindingFactory(report=SituationReportFactory(municipality=world.other_municipality))

    with pytest.raises(ValidationError) as error:
        problem.check_links(findings=[other], places=[])

    assert error.value.message_dict["findings"] == [
        sv("Choose among the findings of this situation report.")
    ]


def test_a_place_of_another_municipality_is_refused_with_a_swedish_message(world, report):
    problem = ProblemFactory(report=report)
    elsewhere = PlaceFactory(municipality=world.other_municipality)

    with pytest.raises(ValidationError) as error:
        problem.check_links(findings=list(report.findings.all()), places=[elsewhere])

    assert error.value.message_dict == {
        "places": [sv("Choose among the places of the municipality.")]
    }


def test_problems_are_ordered_by_priority_then_id(report):
    second = ProblemFactory(report=report, priority=2, title="Andra")
    first = ProblemFactory(report=report, priority=1, title="Första")
    also_second = ProblemFactory(report=report, priority=2, title="Också andra")

    assert list(report.problems.all()) == [first, second, also_second]


def test_the_causes_are_only_those_filled_in(report):
    problem = ProblemFactory(report=report, cause_offenders="Unga som rekryteras.")

    assert [text for _, text in problem.causes] == ["Unga som rekryteras."]


def test_two_problems_with_their_findings_are_added_in_one_save(coordinator, world, report):
    finding = report.findings.get()
    other = FindingFactory(report=report, source=None, text="26 % undviker parken.")
    place = PlaceFactory(municipality=world.municipality, name="Busstationen")
    focus = FocusAreaFactory(name="Narkotika")
    coordinator.post(edit_url(report), {**blank_page(coordinator, report), "add_row": "problems"})
    page = coordinator.post(
        edit_url(report), {**blank_page(coordinator, report), "add_row": "problems"}
    )
    data = context_form_data(page, *FORMS)
    data.update(
        {
            "problems-0-priority": "2",
            "problems-0-title": "Otrygghet i parken",
            "problems-0-findings": [str(other.pk)],
            "problems-0-cause_victims": "Äldre som går ensamma.",
            "problems-1-priority": "1",
            "problems-1-title": "Narkotikaförsäljning",
            "problems-1-focus_area": str(focus.pk),
            "problems-1-places": [str(place.pk)],
            "problems-1-findings": [str(finding.pk), str(other.pk)],
            "problems-1-cause_situation": "Mörkt och öde på kvällen.",
        }
    )

    response = coordinator.post(edit_url(report), data)

    assert response.status_code == 302
    first, second = report.problems.all()
    assert (first.title, first.priority, first.focus_area) == ("Narkotikaförsäljning", 1, focus)
    assert set(first.findings.all()) == {finding, other}
    assert list(first.places.all()) == [place]
    assert first.cause_situation == "Mörkt och öde på kvällen."
    assert list(second.findings.all()) == [other]
    page = coordinator.get(edit_url(report)).content.decode()
    # A source, two findings, two problems.
    assert page.count('<details class="saved-item">') == 5
    assert sv("Prioritised problems") in page


def test_an_invalid_save_keeps_what_was_typed_and_saves_nothing(coordinator, world, report):
    elsewhere = FindingFactory(
        report=SituationReportFactory(municipality=world.other_municipality)
    )
    data = blank_page(coordinator, report)
    data.update(
        {
            "title": "Ny titel",
            "problems-0-priority": "0",
            "problems-0-title": "Klotter i centrum",
            "problems-0-cause_offenders": "Några få som återkommer.",
            "problems-0-findings": [str(elsewhere.pk)],
        }
    )

    response = coordinator.post(edit_url(report), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Klotter i centrum"' in page
    assert "Några få som återkommer.</textarea>" in page
    assert sv("Choose among the findings of this situation report.") in page
    assert sv("Give the priority as a whole number: 1 is the highest.") in page
    report.refresh_from_db()
    assert report.title != "Ny titel"
    assert not Problem.objects.exists()


def test_a_saved_problem_can_be_removed(coordinator, report):
    ProblemFactory(report=report)
    data = blank_page(coordinator, report)
    data["problems-0-DELETE"] = "on"

    assert coordinator.post(edit_url(report), data).status_code == 302
    assert not report.problems.exists()


def test_the_history_records_a_problem_and_its_findings(coordinator, report):
    finding = report.findings.get()
    data = blank_page(coordinator, report)
    data.update(
        {
            "problems-0-priority": "1",
            "problems-0-title": "Otrygghet",
            "problems-0-findings": [str(finding.pk)],
        }
    )
    assert coordinator.post(edit_url(report), data).status_code == 302

    record = Problem.history.order_by("-history_id").first()  # after its findings were set
    assert record.title == "Otrygghet"
    assert record.history_user is not None
    assert [link.finding_id for link in record.findings.all()] == [finding.pk]
    history = coordinator.get(reverse("situations:report_history", kwargs={"pk": report.pk}))
    assert history.status_code == 200
    assert "Otrygghet" in history.content.decode()


def public_problems(charter):
    """The charter's public page with a public problem (on a public and an internal finding)
    and an internal problem."""
    report = charter.situation_report
    public_finding = report.findings.get(value=60)
    internal_finding = report.findings.get(source__is_internal=True)
    problem = ProblemFactory(
        report=report,
        priority=1,
        title="Polisen syns för lite",
        cause_situation="Få poliser i centrum på kvällarna.",
    )
    problem.findings.set([public_finding, internal_finding])
    ProblemFactory(report=report, priority=2, title="HEMLIGT-PROBLEM", is_internal=True)
    return problem


def test_the_public_page_shows_a_public_problem_with_its_public_findings_only(client):
    charter = published_charter()
    public_problems(charter)

    page = client.get(public_kommun_url(charter.municipality)).content.decode()

    assert sv("The prioritised problems") in page
    assert "Polisen syns för lite" in page
    assert "Få poliser i centrum på kvällarna." in page
    assert "<dt>Situationen/platsen</dt>" in page
    assert "Gärningspersonerna" not in page  # a cause left empty is left out
    assert "<li>60 % av de som deltagit" in page  # the figure is in the text: said once
    assert "HEMLIGT-PROBLEM" not in page
    assert "HEMLIG-IAKTTAGELSE" not in page


def test_the_public_problems_cost_the_same_queries_however_many(client):
    few = published_charter(promises=1)
    public_problems(few)
    many = published_charter(
        municipality=MunicipalityFactory(name="Storkommun", slug="storkommun"), promises=1
    )
    for _ in range(5):
        public_problems(many)

    assert queries_for(client, public_kommun_url(many.municipality)) == queries_for(
        client, public_kommun_url(few.municipality)
    )


def test_a_removed_problem_is_restored_with_its_findings_from_its_last_version(
    coordinator, report
):
    finding = report.findings.get()
    problem = ProblemFactory(report=report, title="Otrygghet vid stationen")
    problem.findings.set([finding])
    data = blank_page(coordinator, report)
    data["problems-0-DELETE"] = "on"
    assert coordinator.post(edit_url(report), data).status_code == 302
    # The record of the removal has no findings: Django drops the links before the row.
    # The version before it has them, and restoring it brings the problem back.
    last = Problem.history.exclude(history_type="-").latest("history_id")

    response = coordinator.post(
        reverse(
            "situations:report_restore",
            kwargs={"pk": report.pk, "model": "problem", "history_id": last.history_id},
        )
    )

    assert response.status_code == 302
    restored = report.problems.get()
    assert restored.title == "Otrygghet vid stationen"
    assert list(restored.findings.all()) == [finding]
