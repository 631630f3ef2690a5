"""Several rows per save on the lägesbild: three blank sources and findings, a new finding
that rests on a source added on the same page in the same save, saved rows shown one line each,
and the page's weight."""

import re

import pytest

from situations.models import Source
from tests.helpers import context_form_data, sv
from tests.situations.factories import (
    FindingFactory,
    PlaceFactory,
    SituationReportFactory,
    SourceFactory,
)
from tests.situations.report_pages import FORMS, blank_page, edit_url

pytestmark = pytest.mark.django_db


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


def source_options(page: str, row: int) -> list[tuple[str, str]]:
    """The (value, label) options of the source list of finding ROW, in the page's HTML."""
    start = page.index(f'name="findings-{row}-source"')
    select = page[start : page.index("</select>", start)]
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_a_new_finding_picks_a_saved_or_a_new_source_from_one_list(coordinator, report):
    page = coordinator.get(edit_url(report)).content.decode()
    saved = report.sources.get()
    assert source_options(page, 1) == [
        ("", "Ingen källa"),
        (str(saved.pk), "Trygghetsmätning 2020"),
        ("new-1", "Ny källa 1"),
        ("new-2", "Ny källa 2"),
        ("new-3", "Ny källa 3"),
    ]
    assert 'name="findings-1-new_source"' not in page  # no second list to find


def test_a_finding_created_in_the_same_save_as_its_new_source_rests_on_it(coordinator, report):
    data = blank_page(coordinator, report)
    data.update(new_source(3, "Trygghetsvandring i centrum"))
    data.update({"findings-2-text": "Trasig belysning i parken.", "findings-2-source": "new-3"})

    assert coordinator.post(edit_url(report), data).status_code == 302

    finding = report.findings.get(text="Trasig belysning i parken.")
    assert finding.source == report.sources.get(title="Trygghetsvandring i centrum")
    assert finding.source.report == report


def test_a_saved_finding_moves_to_a_new_source_in_the_same_save(coordinator, report):
    data = blank_page(coordinator, report)
    data.update(new_source(1, "Polisens statistik"))
    data["findings-0-source"] = "new-1"

    assert coordinator.post(edit_url(report), data).status_code == 302

    assert report.findings.get().source.title == "Polisens statistik"


def test_an_invalid_save_keeps_every_typed_row_and_the_new_source_chosen(coordinator, report):
    data = blank_page(coordinator, report)
    data.update(new_source(1, "BRÅ"))
    data.update(new_source(2, "Medborgardialog"))
    data.update(
        {
            "findings-1-text": "Fler inbrott.",
            "findings-1-source": "new-2",
            "findings-2-text": "Fler rån.",
            "findings-2-unit": "%",  # a unit without a value: the one mistake
        }
    )

    response = coordinator.post(edit_url(report), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert sv("Give a value for the unit, or leave the unit empty.") in page
    assert 'value="BRÅ"' in page and 'value="Medborgardialog"' in page
    assert "Fler inbrott." in page and "Fler rån." in page
    # The list names each new source by what was typed into it, and keeps the choice.
    assert ("new-2", "Ny källa 2: Medborgardialog") in source_options(page, 1)
    assert '<option value="new-2" selected>' in page
    assert report.sources.count() == 1 and report.findings.count() == 1


def test_saved_sources_and_findings_are_one_closed_line_each_until_one_has_an_error(
    coordinator, report
):
    page = coordinator.get(edit_url(report)).content.decode()
    assert page.count('<details class="saved-item">') == 2
    assert '<details class="saved-item" open>' not in page

    data = blank_page(coordinator, report)
    data["findings-0-text"] = ""
    page = coordinator.post(edit_url(report), data).content.decode()

    assert page.count('<details class="saved-item" open>') == 1  # the finding, not the source
    assert sv("Write the finding, in a sentence.") in page


def test_the_largest_lagesbild_of_the_national_demo_weighs_at_most_100_kb(coordinator, world):
    """More sources, findings and places than the largest lägesbild of the national demo has
    (7 sources, 5 findings, 8 places), with long titles and texts in every list."""
    report = SituationReportFactory(municipality=world.municipality)
    for number in range(12):
        PlaceFactory(municipality=world.municipality, name=f"Plats nummer {number} i kommunen")
    sources = [
        SourceFactory(report=report, title=f"Källa {number} med en ganska lång titel")
        for number in range(9)
    ]
    for number in range(7):
        FindingFactory(
            report=report,
            source=sources[number],
            text=f"{number} % av de svarande känner sig otrygga i centrum på kvällen.",
        )

    response = coordinator.get(edit_url(report))

    assert response.status_code == 200
    assert len(response.content) <= 100_000


def test_a_mistake_in_a_new_source_and_a_finding_on_an_empty_one_show_together(
    coordinator, report
):
    data = blank_page(coordinator, report)
    data["sources-1-title"] = "Trygghetsvandring i centrum"  # no kind
    data.update({"findings-1-text": "Trasig belysning.", "findings-1-source": "new-2"})

    page = coordinator.post(edit_url(report), data).content.decode()

    assert sv("Choose the kind of source.") in page
    assert "Ny källa 2 är tom." in page
    assert 'value="Trygghetsvandring i centrum"' in page and "Trasig belysning." in page
