"""`manage.py import_charter` and charter_import(): the open data JSON read back, or refused."""

import datetime
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from followups.demo.seeds import load_seeds
from followups.models import FollowUp, FollowUpRound
from followups.opendata import CharterImportError, charter_export, charter_import
from promises.models import (
    Activity,
    Charter,
    Contact,
    Indicator,
    Measurement,
    Promise,
    Signatory,
)
from situations.models import Finding as FindingModel
from situations.models import FocusArea, Place, SituationReport, Source
from tests.followups.opendata_data import SECRET
from tests.promises.factories import IndicatorFactory, MeasurementFactory

pytestmark = pytest.mark.django_db

MODELS = [
    SituationReport,
    Source,
    FindingModel,
    Charter,
    Signatory,
    Contact,
    Promise,
    Promise.focus_areas.through,
    Activity,
    Activity.places.through,
    Indicator,
    Measurement,
    FollowUpRound,
    FollowUp,
    FocusArea,
    Place,
]
IGNORED = {"id", "activity_id", "url", "api_url", "updated_at"}


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in MODELS}


def comparable(data):
    """DATA without what a new copy may change: ids, addresses and the last change. The
    findings a problem names by id are named by their texts instead."""
    report = data.get("situation_report") if isinstance(data, dict) else None
    texts = {finding["id"]: finding["text"] for finding in (report or {}).get("findings", [])}

    def without_ids(data):
        if isinstance(data, dict):
            return {
                key: [texts[pk] for pk in value] if key == "finding_ids" else without_ids(value)
                for key, value in data.items()
                if key not in IGNORED
            }
        if isinstance(data, list):
            return [without_ids(item) for item in data]
        return data

    return without_ids(data)


def remove(charter: Charter) -> None:
    """Delete CHARTER and its situation report, so that its export can be imported again."""
    report = charter.situation_report
    charter.delete()
    if report is not None:
        report.findings.all().delete()  # a finding protects its source from deletion
        report.delete()


def run(tmp_path: Path, data, name: str = "medborgarlofte.json", *, published=False) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False))
    out = StringIO()
    options = ["--published"] if published else []
    with translation.override("en"):
        call_command("import_charter", str(path), *options, stdout=out)
    return out.getvalue()


def refused(tmp_path: Path, data, *, published=True) -> str:
    """The error the command gives for DATA; it must leave every table as it was."""
    before = counts()
    with pytest.raises(CommandError) as raised:
        run(tmp_path, data, published=published)
    assert counts() == before
    return str(raised.value)


@pytest.fixture
def exported(rich_charter) -> dict:
    """The export of a rich public charter, whose original is gone so that it can come back."""
    exported = charter_export(rich_charter)
    remove(rich_charter)
    return exported


# --- A valid file ----------------------------------------------------------------------------


def test_a_valid_file_is_imported_as_published_by_the_administrator_and_the_command_says_what(
    tmp_path, exported
):
    output = run(tmp_path, exported, published=True)

    charter = Charter.objects.get()
    assert charter.title == "Medborgarlöfte 2021"
    assert charter.status == Charter.Status.PUBLISHED
    assert "Imported Medborgarlöfte 2021 of Kommun A" in output
    assert "2 promises, 6 activities" in output
    assert FollowUp.objects.filter(round__charter=charter).count() == 8
    assert charter.get_absolute_url() in output


def test_the_round_trip_gives_the_same_json_apart_from_ids_urls_and_timestamps(rich_charter):
    first = charter_export(rich_charter)
    remove(rich_charter)

    imported = charter_import(data=json.loads(json.dumps(first)), published=True).charter

    again = charter_export(Charter.objects.get(pk=imported.pk))
    assert comparable(again) == comparable(first)
    assert again["id"] != first["id"]


def test_nothing_internal_is_imported_because_nothing_internal_is_exported(tmp_path, exported):
    run(tmp_path, exported)

    assert not Activity.objects.filter(is_public=False).exists()
    assert not Source.objects.filter(is_internal=True).exists()
    assert set(FollowUp.objects.values_list("narrative_internal", flat=True)) == {""}
    # Unpublished rounds are not in the file: those the charter's cadence calls for besides
    # the published ones are planned anew, empty.
    unpublished = FollowUpRound.objects.filter(published_at__isnull=True)
    assert not FollowUp.objects.filter(round__in=unpublished).exists()
    assert set(unpublished.values_list("summary", flat=True)) <= {""}
    texts = json.dumps(charter_export(Charter.objects.get()), ensure_ascii=False)
    assert SECRET not in texts


def demo_like() -> list[Charter]:
    """The two demo charters, with dates, indicators and a published report added."""
    charters = load_seeds()
    for charter in charters:
        # Loaded as published, a charter keeps the signing rules of the workspace.
        charter.signed_on = charter.period_start
        charter.save()
        for order, party in enumerate(["municipality", "police"], start=10):
            if not charter.signatories.filter(party=party).exists():
                Signatory.objects.create(
                    charter=charter,
                    name=f"Signerare {party}",
                    title="Ordförande",
                    party=party,
                    organisation="Org",
                    order=order,
                )
    saffle = charters[0]
    promise = saffle.promises.order_by("order").first()
    activities = list(Activity.objects.filter(promise__charter=saffle).order_by("pk"))
    activities[0].start_date = activities[0].end_date = datetime.date(2017, 4, 20)
    activities[0].save()
    indicator = IndicatorFactory(promise=promise, name="Andel som känner sig trygga")
    MeasurementFactory(indicator=indicator, date=datetime.date(2017, 3, 1), value=Decimal("58"))
    MeasurementFactory(indicator=indicator, date=datetime.date(2017, 9, 1), value=Decimal("61.5"))
    round_ = saffle.rounds.order_by("period_start").first()
    round_.published_at = timezone.now()
    round_.summary = "Det mesta är gjort."
    round_.save()
    statuses = [FollowUp.Status.DONE, FollowUp.Status.CANCELLED, FollowUp.Status.ONGOING]
    for activity, status in zip(activities, statuses, strict=False):
        FollowUp.objects.create(
            round=round_,
            activity=activity,
            status=status,
            reason="Ingen personal." if status == FollowUp.Status.CANCELLED else "",
            narrative_public="Genomfört enligt plan.",
            narrative_internal="Internt.",
        )
    FollowUp.objects.create(
        round=round_, promise=promise, assessment=Promise.Assessment.PARTLY_FULFILLED
    )
    return charters


@pytest.mark.parametrize("fresh", [False, True], ids=["after-deleting", "fresh-taxonomy"])
def test_the_demo_charters_survive_the_round_trip(fresh):
    exports = [charter_export(charter) for charter in demo_like()]
    for charter in Charter.objects.all():
        remove(charter)
    if fresh:
        # As in a fresh database: the places and focus areas are made again by the import.
        Place.objects.all().delete()
        FocusArea.objects.all().delete()

    for exported in exports:
        imported = charter_import(data=exported, published=True).charter
        again = charter_export(Charter.objects.get(pk=imported.pk))
        assert comparable(again) == comparable(exported)
    assert exports[0]["follow_up_rounds"][0]["follow_ups"]
    assert exports[0]["promises"][0]["indicators"][0]["measurements"][1]["value"] == 61.5


def test_the_importer_records_the_user_as_author(world, exported):
    charter = charter_import(data=exported, user=world.coordinator).charter

    authors = FollowUp.objects.filter(round__charter=charter).values_list("author", flat=True)
    assert set(authors) == {world.coordinator.pk}


# --- Refused files ---------------------------------------------------------------------------


def test_a_missing_file_is_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="There is no file"), translation.override("en"):
        call_command("import_charter", str(tmp_path / "finns-inte.json"))


def test_a_file_that_is_not_json_is_a_clear_error_with_its_line(tmp_path, db):
    message = refused(tmp_path, '{"schema_version": 1,\n "title": }')

    assert "is not valid JSON" in message
    assert "line 2" in message


def test_a_file_that_is_not_an_object_is_refused(tmp_path, db):
    assert "Expected an object" in refused(tmp_path, "[1, 2, 3]")


def test_importing_over_a_published_charter_is_refused_and_changes_nothing(tmp_path, exported):
    run(tmp_path, exported, published=True)
    exported["summary"] = "En annan sammanfattning."

    message = refused(tmp_path, exported, published=False)

    assert "period.start: Kommun A already has the citizen promise “Medborgarlöfte 2021”" in (
        message
    )
    assert "it is published: an import only updates a draft it made" in message
    assert Charter.objects.get().summary != "En annan sammanfattning."


def test_the_error_is_in_swedish_by_default_and_names_the_field_path(exported):
    exported["promises"][1]["activities"][0]["start_date"] = "2021-05-01"
    exported["promises"][1]["activities"][0]["end_date"] = "2021-04-01"
    before = counts()

    with pytest.raises(CharterImportError) as raised:
        charter_import(data=exported, published=True)

    assert raised.value.messages == [
        "promises[1].activities[0].end_date: Aktiviteten kan inte sluta innan den börjar."
    ]
    assert raised.value.errors_by_path[0][0] == "promises[1].activities[0].end_date"
    assert counts() == before
