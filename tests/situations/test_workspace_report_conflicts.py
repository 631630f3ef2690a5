"""No lost edits on the lägesbild page (README, Workspace, "Nothing lost"): two people, one report.

Both load the page; A saves; B's save is refused with 409, B's text still in the form and A's
change shown; B's second, deliberate save goes through.
"""

import pytest
from django.urls import reverse
from django.utils.html import escape

from situations.models import Source
from tests.helpers import context_form_data, sv

FORMS = ("forms.form", "forms.sources", "forms.findings", "forms.problems")


@pytest.fixture
def anna(login_as):
    return login_as("coordinator")


@pytest.fixture
def bertil(login_as):
    return login_as("police")


def url(report) -> str:
    return reverse("situations:report_edit", kwargs={"pk": report.pk})


def loaded(client, report) -> dict:
    return context_form_data(client.get(url(report)), *FORMS)


def test_the_second_save_is_refused_with_its_text_kept_and_the_first_change_shown(
    anna, bertil, report
):
    annas, bertils = loaded(anna, report), loaded(bertil, report)
    annas["summary"] = "Annas sammanfattning."
    assert anna.post(url(report), annas).status_code == 302

    bertils["summary"] = "Bertils sammanfattning."
    response = bertil.post(url(report), bertils)

    assert response.status_code == 409
    page = response.content.decode()
    assert sv("Someone else saved this while you were editing") in page
    # Bertil's text is in the form, Anna's change in the panel, with its old value.
    assert "Bertils sammanfattning.</textarea>" in page
    panel = page[page.index('id="conflict"') : page.index("</ul>", page.index('id="conflict"'))]
    assert "coordinator" in panel
    assert "Annas sammanfattning." in panel
    assert escape("Invånarna vill se mer polis i centrum.") in panel
    report.refresh_from_db()
    assert report.summary == "Annas sammanfattning."


def test_after_the_conflict_a_deliberate_second_save_goes_through(anna, bertil, report):
    annas, bertils = loaded(anna, report), loaded(bertil, report)
    annas["summary"] = "Annas sammanfattning."
    anna.post(url(report), annas)
    bertils["summary"] = "Bertils sammanfattning."
    refused = bertil.post(url(report), bertils)

    again = bertil.post(url(report), context_form_data(refused, *FORMS))

    assert again.status_code == 302
    report.refresh_from_db()
    assert report.summary == "Bertils sammanfattning."


def test_a_source_added_meanwhile_is_a_conflict_too(anna, bertil, report):
    annas, bertils = loaded(anna, report), loaded(bertil, report)
    annas.update(
        {"sources-1-kind": Source.Kind.SAFETY_WALK, "sources-1-title": "Trygghetsvandring"}
    )
    anna.post(url(report), annas)

    bertils["analysis"] = "Bertils analys."
    response = bertil.post(url(report), bertils)

    assert response.status_code == 409
    assert "Trygghetsvandring" in response.content.decode()
    assert "Bertils analys." in response.content.decode()
    assert report.sources.count() == 2


def test_a_change_made_meanwhile_in_the_admin_or_elsewhere_is_a_conflict(anna, report):
    data = loaded(anna, report)
    finding = report.findings.get()
    finding.text = "Ändrad någon annanstans."
    finding.save()

    response = anna.post(url(report), data)

    assert response.status_code == 409
    assert "Ändrad någon annanstans." in response.content.decode()


def test_a_form_without_a_valid_version_saves_nothing(anna, report):
    data = loaded(anna, report)
    data.update({"version": "förfalskad", "summary": "Utan version."})

    response = anna.post(url(report), data)

    assert response.status_code == 409
    page = response.content.decode()
    assert (
        sv(
            "The form was too old to tell what changed. Open the page again to see the "
            "current version."
        )
        in page
    )
    assert "Utan version." in page
    report.refresh_from_db()
    assert report.summary != "Utan version."


def test_a_save_with_errors_keeps_its_version_so_the_corrected_save_goes_through(anna, report):
    data = loaded(anna, report)
    data["title"] = ""

    refused = anna.post(url(report), data)
    corrected = context_form_data(refused, *FORMS)
    corrected["title"] = "Rättad titel"

    assert refused.status_code == 200
    assert anna.post(url(report), corrected).status_code == 302
    report.refresh_from_db()
    assert report.title == "Rättad titel"
