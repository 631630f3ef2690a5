"""The lägesbild editor as the tests post to it: its address and the data of its forms."""

from django.urls import reverse

from tests.helpers import context_form_data

FORMS = ("forms.form", "forms.sources", "forms.findings", "forms.problems")


def edit_url(report) -> str:
    return reverse("situations:report_edit", kwargs={"pk": report.pk})


def blank_page(client, report) -> dict:
    """The editor's form data as the page offers it, every blank row included."""
    response = client.get(edit_url(report))
    assert response.status_code == 200
    return context_form_data(response, *FORMS)
