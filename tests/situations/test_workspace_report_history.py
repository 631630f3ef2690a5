"""The history of a lägesbild: its own changes and those of every source and finding it has had,
removed ones included, with old and new values; and restoring any of them.
"""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from situations.models import Finding, SituationReport, Source
from tests.helpers import context_form_data, sv
from tests.situations.factories import FindingFactory, SituationReportFactory, SourceFactory

FORMS = ("forms.form", "forms.sources", "forms.findings", "forms.problems")


@pytest.fixture
def report_with_old_texts(world):
    report = SituationReportFactory(municipality=world.municipality, summary="Gammal text.")
    source = SourceFactory(report=report, title="Medborgardialog 2020")
    FindingFactory(report=report, source=source, text="Otryggt vid stationen.")
    return report


def history_url(report) -> str:
    return reverse("situations:report_history", kwargs={"pk": report.pk})


def restore_url(report, record) -> str:
    return reverse(
        "situations:report_restore",
        kwargs={
            "pk": report.pk,
            "model": record.instance_type._meta.model_name,
            "history_id": record.history_id,
        },
    )


def save(client, report, **changes):
    url = reverse("situations:report_edit", kwargs={"pk": report.pk})
    data = context_form_data(client.get(url), *FORMS)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_the_history_shows_who_changed_what_with_the_old_and_the_new_value(
    coordinator, report_with_old_texts
):
    save(
        coordinator,
        report_with_old_texts,
        summary="Ny text.",
        **{"findings-0-text": "Otryggt vid torget."},
    )

    response = coordinator.get(history_url(report_with_old_texts))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<del>" in page
    for text in ("Gammal text.", "Ny text.", "Otryggt vid stationen.", "Otryggt vid torget."):
        assert escape(text) in page
    assert "coordinator" in page


def test_a_removed_source_stays_in_the_history_and_is_restored_from_it(
    coordinator, report_with_old_texts
):
    save(
        coordinator, report_with_old_texts, **{"findings-0-DELETE": "on", "sources-0-DELETE": "on"}
    )
    removed = Source.history.filter(report_id=report_with_old_texts.pk, history_type="-").get()

    page = coordinator.get(history_url(report_with_old_texts)).content.decode()
    response = coordinator.post(restore_url(report_with_old_texts, removed))

    assert "Medborgardialog 2020" in page
    assert restore_url(report_with_old_texts, removed) in page
    assert response.status_code == 302
    assert response["Location"] == history_url(report_with_old_texts)
    restored = report_with_old_texts.sources.get()
    assert restored.pk == removed.id
    assert restored.title == "Medborgardialog 2020"
    assert Source.history.filter(id=restored.pk).latest().history_type == "+"


def test_a_removed_finding_is_restored_with_its_source(coordinator, report_with_old_texts):
    save(coordinator, report_with_old_texts, **{"findings-0-DELETE": "on"})
    removed = Finding.history.filter(report_id=report_with_old_texts.pk, history_type="-").get()

    coordinator.post(restore_url(report_with_old_texts, removed))

    assert report_with_old_texts.findings.get().source == report_with_old_texts.sources.get()


def test_a_finding_whose_source_is_gone_cannot_be_restored_and_the_page_says_why(
    coordinator, report_with_old_texts
):
    save(
        coordinator, report_with_old_texts, **{"findings-0-DELETE": "on", "sources-0-DELETE": "on"}
    )
    removed = Finding.history.filter(report_id=report_with_old_texts.pk, history_type="-").get()

    response = coordinator.post(restore_url(report_with_old_texts, removed), follow=True)

    assert response.status_code == 200
    assert not report_with_old_texts.findings.exists()
    page = response.content.decode()
    assert sv("The version could not be restored: %(reasons)s", reasons="").strip() in page


def test_restoring_older_texts_keeps_a_published_report_published(
    coordinator, report_with_old_texts
):
    first = report_with_old_texts.history.earliest()
    save(coordinator, report_with_old_texts, summary="Ny text.")
    coordinator.post(
        reverse("situations:report_publish", args=[report_with_old_texts.pk]),
        {"status": "published"},
    )

    coordinator.post(restore_url(report_with_old_texts, first))

    report_with_old_texts.refresh_from_db()
    assert report_with_old_texts.summary == "Gammal text."
    assert report_with_old_texts.status == SituationReport.Status.PUBLISHED
    assert report_with_old_texts.published_at is not None


def test_a_viewer_reads_the_history_but_gets_no_restore_buttons(
    client, world, report_with_old_texts
):
    save_client = client
    save_client.force_login(world.coordinator)
    save(save_client, report_with_old_texts, summary="Ny text.")
    client.force_login(world.viewer)

    response = client.get(history_url(report_with_old_texts))

    assert response.status_code == 200
    assert "Ny text." in response.content.decode()
    assert "aterstall" not in response.content.decode()
    first = report_with_old_texts.history.earliest()
    assert client.post(restore_url(report_with_old_texts, first)).status_code == 403


def test_a_record_of_another_report_cannot_be_restored_through_this_one(
    coordinator, world, report_with_old_texts
):
    other = SituationReportFactory(
        municipality=world.municipality, period_start="2019-01-01", period_end="2019-12-31"
    )
    record = other.history.get()

    response = coordinator.post(restore_url(report_with_old_texts, record))

    assert response.status_code == 404


def test_an_unknown_kind_of_record_answers_404(coordinator, report_with_old_texts):
    url = reverse(
        "situations:report_restore",
        kwargs={"pk": report_with_old_texts.pk, "model": "membership", "history_id": 1},
    )

    assert coordinator.post(url).status_code == 404


def test_the_history_page_runs_a_fixed_number_of_queries(
    coordinator, report_with_old_texts, django_assert_max_num_queries
):
    for number in range(5):
        FindingFactory(
            report=report_with_old_texts,
            source=report_with_old_texts.sources.get(),
            text=f"Fynd {number}",
        )
    coordinator.get(
        history_url(report_with_old_texts)
    )  # the session and the user are cached after this

    # Session, user, roles; the report; per history model its records with their users, and
    # the names of the related objects they mention (source, focus area, place, kommun, LPO).
    with django_assert_max_num_queries(16):
        response = coordinator.get(history_url(report_with_old_texts))

    assert response.status_code == 200


def test_each_change_carries_its_time_to_the_second_as_html_allows(
    coordinator, report_with_old_texts
):
    save(coordinator, report_with_old_texts, summary="Ny text.")

    page = coordinator.get(history_url(report_with_old_texts)).content.decode()

    # HTML's datetime syntax allows at most three digits of a second: none, here.
    stamps = re.findall(r'<time datetime="([^"]*)"', page)
    assert len(stamps) >= 2
    for stamp in stamps:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", stamp), stamp
