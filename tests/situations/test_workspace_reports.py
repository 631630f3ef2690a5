"""The lägesbild editor: create a report, edit its texts, sources and findings, publish it.

Who may open these pages is in test_workspace_access.py; here is what a save does.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from situations.models import Finding, SituationReport, Source
from tests.helpers import context_form_data, field_errors, sv
from tests.situations.factories import (
    FindingFactory,
    FocusAreaFactory,
    PlaceFactory,
    SituationReportFactory,
    SourceFactory,
)

FORMS = ("forms.form", "forms.sources", "forms.findings", "forms.problems")


def edit_url(report) -> str:
    return reverse("situations:report_edit", kwargs={"pk": report.pk})


def create_url(municipality) -> str:
    return reverse("situations:report_create", kwargs={"slug": municipality.slug})


def load(client, report) -> dict:
    response = client.get(edit_url(report))
    assert response.status_code == 200
    return response


# --- Creating ---------------------------------------------------------------------------------


def test_a_coordinator_creates_a_draft_and_lands_on_its_edit_page(coordinator, world):
    response = coordinator.post(
        create_url(world.municipality),
        {
            "title": "Lägesbild 2025",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "police_area": world.police_area.pk,
            "summary": "Otrygghet i centrum på kvällarna.",
        },
    )

    report = SituationReport.objects.get(title="Lägesbild 2025")
    assert response.status_code == 302
    assert response["Location"] == edit_url(report)
    assert report.municipality == world.municipality
    assert report.police_area == world.police_area
    assert report.status == SituationReport.Status.DRAFT
    assert report.history.get().history_user == world.coordinator


def test_the_create_form_offers_only_the_lpos_that_cover_the_kommun(coordinator, world):
    response = coordinator.get(create_url(world.municipality))

    page = response.content.decode()
    assert response.status_code == 200
    assert "LPO A" in page
    assert "LPO B" not in page
    assert 'type="date"' in page


def test_an_lpo_that_does_not_cover_the_kommun_is_refused(coordinator, world):
    response = coordinator.post(
        create_url(world.municipality),
        {
            "title": "Lägesbild 2025",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "police_area": world.other_police_area.pk,
        },
    )

    assert response.status_code == 200
    errors = field_errors(response, response.context["form"], "police_area")
    assert sv("Choose one of the local police areas in the list.") in errors
    assert not SituationReport.objects.exists()


def test_an_empty_title_and_an_end_before_the_start_are_shown_next_to_their_fields(
    coordinator, world
):
    response = coordinator.post(
        create_url(world.municipality),
        {
            "title": "",
            "period_start": "2025-06-01",
            "period_end": "2025-01-31",
            "summary": "Det jag skrev ska finnas kvar.",
        },
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert sv("Write a title, for example Lägesbild 2025.") in field_errors(
        response, form, "title"
    )
    assert sv("The period cannot end before it starts.") in field_errors(
        response, form, "period_end"
    )
    page = response.content.decode()
    assert "Det jag skrev ska finnas kvar." in page
    assert 'value="2025-06-01"' in page
    assert sv("Nothing is saved yet") in page
    assert not SituationReport.objects.exists()


def test_a_date_that_is_not_a_date_is_explained(coordinator, world):
    response = coordinator.post(
        create_url(world.municipality),
        {"title": "Lägesbild", "period_start": "första maj", "period_end": "2025-12-31"},
    )

    errors = field_errors(response, response.context["form"], "period_start")
    assert sv("Write the date as YYYY-MM-DD, for example 2024-03-31.") in errors
    assert 'value="första maj"' in response.content.decode()


def test_a_second_report_starting_the_same_day_is_refused_next_to_the_start(
    coordinator, world, report
):
    response = coordinator.post(
        create_url(world.municipality),
        {"title": "Dubblett", "period_start": "2021-01-01", "period_end": "2021-06-30"},
    )

    assert response.status_code == 200
    errors = field_errors(response, response.context["form"], "period_start")
    assert sv("This municipality already has a situation report starting that day.") in errors
    assert SituationReport.objects.count() == 1


# --- Editing ----------------------------------------------------------------------------------


def test_the_edit_page_shows_the_texts_the_sources_and_the_findings_with_blank_extras(
    coordinator, report
):
    response = load(coordinator, report)

    page = response.content.decode()
    assert "Trygghetsmätning 2020" in page
    assert "Många känner sig otrygga." in page
    assert response.context["forms"].sources.total_form_count() == 1 + 3
    assert response.context["forms"].findings.total_form_count() == 1 + 3
    assert 'name="version"' in page


def test_saving_the_page_unchanged_adds_nothing(coordinator, report):
    data = context_form_data(load(coordinator, report), *FORMS)

    response = coordinator.post(edit_url(report), data)

    assert response.status_code == 302
    assert report.sources.count() == 1
    assert report.findings.count() == 1


def test_a_save_changes_the_texts_edits_and_adds_sources_and_findings(coordinator, report):
    data = context_form_data(load(coordinator, report), *FORMS)
    source = report.sources.get()
    focus = FocusAreaFactory(name="Trafik")
    place = PlaceFactory(municipality=report.municipality, name="Resecentrum")
    data.update(
        {
            "analysis": "Belysningen är dålig.",
            "sources-0-title": "Trygghetsmätning hösten 2020",
            "sources-1-kind": Source.Kind.CRIME_STATISTICS,
            "sources-1-title": "BRÅ:s statistik",
            "sources-1-date": "2020-12-31",
            "findings-1-text": "Hälften av svaren nämner trafiken.",
            "findings-1-source": str(source.pk),
            "findings-1-focus_area": str(focus.pk),
            "findings-1-place": str(place.pk),
            "findings-1-value": "12,5",
            "findings-1-unit": "%",
        }
    )

    response = coordinator.post(edit_url(report), data)

    assert response.status_code == 302
    assert response["Location"] == edit_url(report)
    report.refresh_from_db()
    assert report.analysis == "Belysningen är dålig."
    assert set(report.sources.values_list("title", flat=True)) == {
        "Trygghetsmätning hösten 2020",
        "BRÅ:s statistik",
    }
    added = report.findings.get(text="Hälften av svaren nämner trafiken.")
    assert (added.source, added.focus_area, added.place) == (source, focus, place)
    assert added.value == Decimal("12.5")
    assert added.figure == "12,5 %"
    assert added.order > report.findings.get(text="Många känner sig otrygga.").order


@pytest.mark.parametrize("typed, stored", [("60", "60"), ("1 234,5", "1234.5"), ("7.25", "7.25")])
def test_a_value_is_read_with_a_decimal_comma_a_point_or_spaces(
    coordinator, report, typed, stored
):
    data = context_form_data(load(coordinator, report), *FORMS)
    data.update({"findings-0-value": typed, "findings-0-unit": "st"})

    assert coordinator.post(edit_url(report), data).status_code == 302

    assert report.findings.get().value == Decimal(stored)


def test_a_saved_value_is_shown_with_a_decimal_comma(coordinator, report):
    report.findings.update(value=Decimal("12.50"))

    page = load(coordinator, report).content.decode()

    assert 'value="12,50"' in page


def test_a_value_that_is_not_a_number_is_refused_next_to_it_and_kept(coordinator, report):
    data = context_form_data(load(coordinator, report), *FORMS)
    data.update({"findings-0-value": "sextio", "summary": "Min nya sammanfattning."})

    response = coordinator.post(edit_url(report), data)

    assert response.status_code == 200
    finding_form = response.context["forms"].findings.forms[0]
    errors = field_errors(response, finding_form, "value")
    assert sv("Write a number, for example 60 or 12,5.") in errors
    page = response.content.decode()
    assert 'value="sextio"' in page
    assert "Min nya sammanfattning." in page
    report.refresh_from_db()
    assert report.summary == "Invånarna vill se mer polis i centrum."


def test_a_unit_without_a_value_asks_for_the_value(coordinator, report):
    data = context_form_data(load(coordinator, report), *FORMS)
    data.update({"findings-0-unit": "%"})

    response = coordinator.post(edit_url(report), data)

    finding_form = response.context["forms"].findings.forms[0]
    errors = field_errors(response, finding_form, "value")
    assert sv("Give a value for the unit, or leave the unit empty.") in errors


@pytest.mark.parametrize(
    "field, message",
    [
        ("sources-0-title", "Write the title of the source."),
        ("findings-0-text", "Write the finding, in a sentence."),
        ("title", "Write a title, for example Lägesbild 2025."),
    ],
)
def test_an_emptied_required_text_is_refused_next_to_its_field(
    coordinator, report, field, message
):
    data = context_form_data(load(coordinator, report), *FORMS)
    data[field] = "   "
    data["limitations"] = "Få svar från unga."

    response = coordinator.post(edit_url(report), data)

    assert response.status_code == 200
    assert "<h1>Lägesbild 2021</h1>" in response.content.decode()
    assert sv(message) in response.content.decode()
    assert "Få svar från unga." in response.content.decode()
    assert f'id="id_{field}_error"' in response.content.decode()


def test_a_new_source_with_a_title_but_no_kind_asks_for_the_kind(coordinator, report):
    data = context_form_data(load(coordinator, report), *FORMS)
    data["sources-1-title"] = "Medarbetardialog"

    response = coordinator.post(edit_url(report), data)

    source_form = response.context["forms"].sources.forms[1]
    assert sv("Choose the kind of source.") in field_errors(response, source_form, "kind")
    assert 'value="Medarbetardialog"' in response.content.decode()
    assert report.sources.count() == 1


def test_an_address_that_is_not_a_web_address_is_explained(coordinator, report):
    data = context_form_data(load(coordinator, report), *FORMS)
    data["sources-0-url"] = "inte en länk"

    response = coordinator.post(edit_url(report), data)

    source_form = response.context["forms"].sources.forms[0]
    errors = field_errors(response, source_form, "url")
    assert sv("Write a whole web address, beginning with https://.") in errors


def test_hostile_html_comes_back_escaped(coordinator, report):
    data = context_form_data(load(coordinator, report), *FORMS)
    data.update({"title": "", "summary": "<script>alert(1)</script>"})

    page = coordinator.post(edit_url(report), data).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert escape("<script>alert(1)</script>") in page


def test_police_intelligence_is_saved_as_internal_even_when_left_unticked(coordinator, report):
    data = context_form_data(load(coordinator, report), *FORMS)
    data.update(
        {
            "sources-1-kind": Source.Kind.POLICE_INTELLIGENCE,
            "sources-1-title": "Underrättelser om narkotika",
        }
    )

    assert coordinator.post(edit_url(report), data).status_code == 302

    assert report.sources.get(title="Underrättelser om narkotika").is_internal


def test_a_finding_cannot_rest_on_a_source_of_another_report(coordinator, report):
    other_source = SourceFactory(
        report=SituationReportFactory(
            municipality=report.municipality,
            period_start=datetime.date(2020, 1, 1),
            period_end=datetime.date(2020, 12, 31),
        )
    )
    data = context_form_data(load(coordinator, report), *FORMS)
    data["findings-0-source"] = str(other_source.pk)

    response = coordinator.post(edit_url(report), data)

    finding_form = response.context["forms"].findings.forms[0]
    errors = field_errors(response, finding_form, "source")
    assert sv("Choose one of the sources in the list.") in errors


def test_a_finding_cannot_name_a_place_of_another_kommun(coordinator, world, report):
    elsewhere = PlaceFactory(municipality=world.other_municipality, name="Annanstans torg")
    data = context_form_data(load(coordinator, report), *FORMS)
    data["findings-0-place"] = str(elsewhere.pk)

    response = coordinator.post(edit_url(report), data)

    finding_form = response.context["forms"].findings.forms[0]
    errors = field_errors(response, finding_form, "place")
    assert sv("Choose one of the municipality's places.") in errors
    assert "Annanstans torg" not in response.content.decode()


def test_sources_and_findings_are_removed(coordinator, report):
    data = context_form_data(load(coordinator, report), *FORMS)
    data.update({"findings-0-DELETE": "on", "sources-0-DELETE": "on"})

    assert coordinator.post(edit_url(report), data).status_code == 302

    assert not report.findings.exists()
    assert not report.sources.exists()


def test_a_source_a_finding_rests_on_cannot_be_removed_and_both_say_why(coordinator, report):
    data = context_form_data(load(coordinator, report), *FORMS)
    data.update({"sources-0-DELETE": "on", "summary": "Ändrad sammanfattning."})

    response = coordinator.post(edit_url(report), data)

    assert response.status_code == 200
    forms = response.context["forms"]
    assert sv(
        "A finding rests on this source. Choose another source for the finding, or remove "
        "the finding, first."
    ) in field_errors(response, forms.sources.forms[0], "DELETE")
    assert sv("This source is being removed. Choose another source.") in field_errors(
        response, forms.findings.forms[0], "source"
    )
    assert report.sources.count() == 1
    report.refresh_from_db()
    assert report.summary == "Invånarna vill se mer polis i centrum."


def test_a_finding_may_move_to_another_source_as_the_old_one_is_removed(coordinator, report):
    old = report.sources.get()
    new = SourceFactory(report=report, title="Ny källa")
    data = context_form_data(load(coordinator, report), *FORMS)
    old_index = next(i for i in range(2) if data[f"sources-{i}-id"] == str(old.pk))
    data.update({f"sources-{old_index}-DELETE": "on", "findings-0-source": str(new.pk)})

    response = coordinator.post(edit_url(report), data)

    assert response.status_code == 302
    assert list(report.sources.all()) == [new]
    assert report.findings.get().source == new


def test_police_of_the_lpo_edit_the_report_too(client, world, report):
    client.force_login(world.police)
    data = context_form_data(load(client, report), *FORMS)
    data["summary"] = "Polisens tillägg."

    assert client.post(edit_url(report), data).status_code == 302

    report.refresh_from_db()
    assert report.summary == "Polisens tillägg."
    assert report.history.latest().history_user == world.police


# --- Publishing -------------------------------------------------------------------------------


def publish(client, report, status="published"):
    return client.post(
        reverse("situations:report_publish", kwargs={"pk": report.pk}), {"status": status}
    )


def test_publishing_makes_the_report_public_and_names_the_step_in_the_history(
    coordinator, world, report
):
    response = publish(coordinator, report)

    assert response.status_code == 302
    assert response["Location"] == edit_url(report)
    report.refresh_from_db()
    assert report.status == SituationReport.Status.PUBLISHED
    assert report.published_at is not None
    record = report.history.latest()
    assert record.history_change_reason == sv("Published")
    assert record.history_user == world.coordinator
    page = coordinator.get(response["Location"]).content.decode()
    assert sv("The situation report is published.") in page


def test_publishing_needs_a_summary(coordinator, report):
    report.summary = ""
    report.save()

    response = publish(coordinator, report)

    report.refresh_from_db()
    assert report.status == SituationReport.Status.DRAFT
    page = coordinator.get(response["Location"]).content.decode()
    assert sv("Write a summary and save it before you publish the situation report.") in page


def test_a_published_report_is_made_a_draft_again(coordinator, world):
    report = SituationReportFactory(municipality=world.municipality, published=True)

    publish(coordinator, report, status="draft")

    report.refresh_from_db()
    assert report.status == SituationReport.Status.DRAFT
    assert report.published_at is None
    assert report.history.latest().history_change_reason == sv("Unpublished")


def test_the_sources_and_findings_of_a_published_report_may_still_be_corrected(coordinator, world):
    report = SituationReportFactory(municipality=world.municipality, published=True)
    FindingFactory(report=report, text="Fel siffra: 70 %.")
    data = context_form_data(load(coordinator, report), *FORMS)
    data["findings-0-text"] = "Rätt siffra: 60 %."

    assert coordinator.post(edit_url(report), data).status_code == 302

    assert Finding.objects.get(report=report).text == "Rätt siffra: 60 %."
    report.refresh_from_db()
    assert report.status == SituationReport.Status.PUBLISHED


# --- Unknown ids and the cost of the page ------------------------------------------------------


def test_a_finding_id_of_another_report_is_refused_and_nothing_is_saved(coordinator, report):
    stranger = FindingFactory(
        report=SituationReportFactory(
            municipality=report.municipality,
            period_start=datetime.date(2020, 1, 1),
            period_end=datetime.date(2020, 12, 31),
        ),
        text="Ett annat fynd.",
    )
    data = context_form_data(load(coordinator, report), *FORMS)
    data.update({"findings-0-id": str(stranger.pk), "findings-0-text": "Kapat fynd."})

    response = coordinator.post(edit_url(report), data)

    assert response.status_code == 200
    assert (
        sv(
            "Someone else has removed this finding meanwhile. Open the page again; the history "
            "can restore it."
        )
        in response.content.decode()
    )
    stranger.refresh_from_db()
    assert stranger.text == "Ett annat fynd."


def test_the_edit_page_runs_a_fixed_number_of_queries_however_many_findings(
    coordinator, world, report, django_assert_num_queries
):
    for number in range(10):
        FindingFactory(
            report=report,
            source=SourceFactory(report=report),
            place=PlaceFactory(municipality=world.municipality),
            focus_area=FocusAreaFactory(),
            text=f"Fynd {number}",
        )
    load(coordinator, report)

    # 1 session, 2 user, 3 the report with its kommun and LPO, 4 the roles there,
    # 5-7 sources, findings and problems for the version, 8 the LPOs covering the kommun,
    # 9-10 sources and findings of the formsets, 11-13 the source, focus area and place
    # choices, read once for all findings and problems, 14 the problems of their formset
    # (their findings and places are prefetched only when there are problems).
    with django_assert_num_queries(14):
        load(coordinator, report)
