"""The editors' forms leave out crispy's blank lines but never change what the user typed."""

import pytest
from django.urls import reverse

from situations.templatetags.editors import compact
from tests.helpers import context_form_data

pytestmark = pytest.mark.django_db


def test_whitespace_next_to_tags_becomes_one_space_but_a_textarea_keeps_its_text():
    html = (
        '<div>\n\n   <label\n   for="a">\n  Titel </label>\n'
        "<textarea>\n  två\n\n  rader</textarea>\n"
    )
    assert (
        compact(html)
        == '<div> <label for="a"> Titel </label> <textarea>\n  två\n\n  rader</textarea>'
    )


def test_a_text_with_runs_of_spaces_and_blank_lines_comes_back_unchanged(coordinator, report):
    url = reverse("situations:report_edit", kwargs={"pk": report.pk})
    data = context_form_data(
        coordinator.get(url), "forms.form", "forms.sources", "forms.findings", "forms.problems"
    )
    data["title"] = "Lägesbild  med  två  mellanslag"
    data["analysis"] = "Första stycket.\n\n    Indraget andra stycke."
    data["findings-0-text"] = "Text   med   luft"
    assert coordinator.post(url, data).status_code == 302

    page = coordinator.get(url)
    again = context_form_data(page, "forms.form", "forms.findings")
    assert again["title"] == "Lägesbild  med  två  mellanslag"
    assert 'value="Lägesbild  med  två  mellanslag"' in page.content.decode()
    assert "Första stycket.\n\n    Indraget andra stycke.</textarea>" in page.content.decode()
    assert "Text   med   luft</textarea>" in page.content.decode()
