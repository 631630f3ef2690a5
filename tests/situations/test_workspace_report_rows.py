"""Several rows per save on the lägesbild: three blank sources and findings, and a new finding
that rests on a source added on the same page in the same save."""

import pytest
from django.urls import reverse

from situations.models import Source
from tests.helpers import context_form_data

pytestmark = pytest.mark.django_db

FORMS = ("forms.form", "forms.sources", "forms.findings")


def edit_url(report) -> str:
    return reverse("situations:report_edit", kwargs={"pk": report.pk})


def blank_page(client, report) -> dict:
    response = client.get(edit_url(report))
    assert response.status_code == 200
    return context_form_data(response, *FORMS)


def new_source(row: int, title: str) -> dict:
    return {
        f"sources-{row}-kind": Source.Kind.CRIME_STATISTICS,
        f"sources-{row}-title": title,
    }


def test_the_page_offers_three_blank_sources_and_findings_named_by_number(coordinator, report):
    response = coordinator.get(edit_url(report))
    page = response.content.decode()
    assert response.context["forms"].sources.new_rows == 3
    assert "Ny källa 1" in page and "Ny källa 3" in page
    assert response.context["forms"].findings.total_form_count() == 1 + 3


def test_three_sources_and_findings_resting_on_them_are_saved_in_one_save(coordinator, report):
    data = blank_page(coordinator, report)
    data.update(new_source(1, "BRÅ"))
    data.update(new_source(2, "Polisens statistik"))
    data.update(new_source(3, "Medborgardialog"))
    data.update(
        {
            "findings-1-text": "Fler inbrott.",
            "findings-1-source": "new-1",
            "findings-2-text": "Fler anmälda rån.",
            "findings-2-source": "new-2",
            "findings-3-text": "Oro i centrum.",
            "findings-3-source": "new-3",
        }
    )
    response = coordinator.post(edit_url(report), data)
    assert response.status_code == 302
    assert report.sources.count() == 4
    for text, title in [
        ("Fler inbrott.", "BRÅ"),
        ("Fler anmälda rån.", "Polisens statistik"),
        ("Oro i centrum.", "Medborgardialog"),
    ]:
        assert report.findings.get(text=text).source.title == title


def test_blank_rows_are_ignored(coordinator, report):
    data = blank_page(coordinator, report)
    data.update(new_source(2, "Polisens statistik"))  # rows 1 and 3 stay blank
    assert coordinator.post(edit_url(report), data).status_code == 302
    assert report.sources.count() == 2
    assert report.findings.count() == 1


def test_a_finding_on_an_empty_new_source_is_refused_and_keeps_what_was_typed(coordinator, report):
    data = blank_page(coordinator, report)
    data.update(new_source(1, "BRÅ"))
    data.update({"findings-1-text": "Fler inbrott.", "findings-1-source": "new-2"})
    response = coordinator.post(edit_url(report), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ny källa 2 är tom." in page
    assert 'value="BRÅ"' in page
    assert "Fler inbrott." in page
    assert report.sources.count() == 1
    assert report.findings.count() == 1


def test_a_new_source_that_is_not_on_the_page_is_refused(coordinator, report):
    data = blank_page(coordinator, report)
    data.update({"findings-1-text": "Fler inbrott.", "findings-1-source": "new-9"})
    response = coordinator.post(edit_url(report), data)
    assert response.status_code == 200
    assert "Välj en av källorna i listan." in response.content.decode()
    assert report.findings.count() == 1


def test_one_more_source_comes_back_with_what_was_typed_and_a_fourth_row_to_name(
    coordinator, report
):
    data = blank_page(coordinator, report)
    data.update(new_source(1, "BRÅ"))  # row 0 is the saved source
    data["findings-1-text"] = "Halvskriven iakttagelse"
    data["add_row"] = "sources"
    response = coordinator.post(edit_url(report), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["forms"].sources.new_rows == 4
    assert "Ny källa 4" in page
    assert 'value="BRÅ"' in page and "Halvskriven iakttagelse" in page
    assert "Inget är sparat ännu" not in page  # nothing was checked: no errors yet
    assert report.sources.count() == 1 and report.findings.count() == 1

    again = context_form_data(response, *FORMS)
    again.update(new_source(4, "Medborgardialog"))
    again.update({"findings-1-source": "new-4"})
    assert coordinator.post(edit_url(report), again).status_code == 302
    finding = report.findings.get(text="Halvskriven iakttagelse")
    assert finding.source.title == "Medborgardialog"
    assert report.sources.count() == 3
