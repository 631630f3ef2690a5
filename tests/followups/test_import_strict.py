"""Strict import files, drafts and re-imports, and the administrator's published import."""

import pytest
from django.core.management import CommandError

from followups.models import FollowUpRound
from followups.opendata import CharterImportError, charter_export, charter_import
from promises.models import Charter
from situations.models import SituationReport
from tests.followups.test_import_charter import counts, refused, remove, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(rich_charter) -> dict:
    """The export of a rich public charter, whose original is gone so that it can come back."""
    exported = charter_export(rich_charter)
    remove(rich_charter)
    return exported


# --- Strict: every error at once, with its path and a way out ----------------------------------


def test_misspelled_keys_are_refused_with_their_path_and_the_nearest_key(tmp_path, exported):
    exported["sumary"] = exported.pop("summary")
    exported["promises"][1]["activitys"] = exported["promises"][1].pop("activities")

    with pytest.raises(CommandError) as raised:
        refused_error = None
        try:
            run(tmp_path, exported)
        except CommandError as error:
            refused_error = error
            raise
    message = str(raised.value)

    assert refused_error.returncode != 0
    assert "sumary: Unknown field; did you mean summary?" in message
    assert "promises[1].activitys: Unknown field; did you mean activities?" in message
    assert not Charter.objects.exists()


def test_an_unknown_key_is_explained_in_swedish_by_default(exported):
    exported["promises"][0]["activities"][0]["ownr"] = "police"

    with pytest.raises(CharterImportError) as raised:
        charter_import(data=exported)

    assert raised.value.messages == [
        "promises[0].activities[0].ownr: Okänt fält. De fält som finns här är: id, order, title, "
        "description, kind, responsible_party, responsible_function, places, start_date, "
        "end_date, recurrence, repeats, dates, expected_effect."
    ]


def test_a_wrong_code_lists_the_valid_codes(tmp_path, exported):
    exported["promises"][0]["owner"] = "kommun"

    message = refused(tmp_path, exported, published=False)

    assert "promises[0].owner: “kommun” is not a valid code. The valid codes are: police, " in (
        message
    )
    assert "municipality, joint." in message


def test_an_unknown_police_area_lists_those_of_the_municipality(tmp_path, exported, world):
    exported["police_area"]["name"] = "LPO Ingenstans"

    message = refused(tmp_path, exported, published=False)

    assert (
        "police_area.name: No local police area is called “LPO Ingenstans”. The local police "
        "areas of Kommun A: LPO A." in message
    )


def test_an_unknown_police_area_of_a_municipality_without_one_says_so(tmp_path, exported, world):
    world.police_area.municipalities.clear()
    exported["police_area"]["name"] = "LPO Ingenstans"

    message = refused(tmp_path, exported, published=False)

    assert "Kommun A has no local police area yet" in message


def test_every_error_is_listed_at_once_in_the_order_of_the_file(tmp_path, exported):
    exported["sumary"] = "x"
    exported["promises"][0]["owner"] = "kommun"
    exported["promises"][1]["activities"][0]["end_date"] = "2021-03-01"
    exported["promises"][1]["indicators"][0]["measurements"][0]["value"] = "mycket"
    exported["contacts"][0]["email"] = "nej"
    exported["signatories"][0]["party"] = "joint"

    message = refused(tmp_path, exported, published=False)

    paths = [line.split(":")[0] for line in message.splitlines()[1:]]
    assert paths == [
        "contacts[0].email",
        "promises[0].owner",
        "promises[1].activities[0].end_date",
        "promises[1].indicators[0].measurements[0].value",
        "signatories[0].party",
        "sumary",
    ]


# --- Drafts, re-imports and the administrator's published import ------------------------------


def test_an_import_makes_a_draft_with_a_draft_situation_report(tmp_path, exported):
    output = run(tmp_path, exported)

    charter = Charter.objects.get()
    assert charter.status == Charter.Status.DRAFT
    assert charter.published_at is None
    assert charter.situation_report.status == SituationReport.Status.DRAFT
    assert f"(id {charter.pk}, draft)" in output
    assert "2 promises, 6 activities, 2 indicators, 1 source, 2 findings" in output


def test_the_same_file_a_second_time_says_there_is_nothing_to_update(tmp_path, exported):
    run(tmp_path, exported)
    charter = Charter.objects.get()
    before = counts()

    output = run(tmp_path, exported)

    assert output.startswith("Nothing to update: Medborgarlöfte 2021 of Kommun A")
    assert counts() == before
    assert Charter.objects.get().updated_at == charter.updated_at


def test_a_corrected_file_updates_the_draft_it_made(tmp_path, exported):
    run(tmp_path, exported)
    first = Charter.objects.get()
    exported["summary"] = "Rättad sammanfattning."
    del exported["promises"][0]
    exported["follow_up_rounds"] = []

    output = run(tmp_path, exported)

    charter = Charter.objects.get()
    assert charter.pk == first.pk
    assert output.startswith("Updated Medborgarlöfte 2021 of Kommun A")
    assert charter.summary == "Rättad sammanfattning."
    assert charter.promises.count() == 1
    assert charter.status == Charter.Status.DRAFT
    assert SituationReport.objects.count() == 1


def test_a_draft_made_in_the_workspace_is_never_overwritten(tmp_path, exported, world):
    run(tmp_path, exported)
    Charter.objects.update(import_digest="")
    exported["summary"] = "Annan."

    message = refused(tmp_path, exported, published=False)

    assert "made in the workspace: an import does not overwrite it" in message


def test_published_without_signatories_or_signing_date_is_refused(tmp_path, exported):
    exported["signatories"] = []
    exported["signed_on"] = None

    message = refused(tmp_path, exported)

    assert "signed_on: Give the date the citizen promise was signed." in message
    assert "signatories: Record at least one signatory for the municipality." in (message)
    assert "signatories: Record at least one signatory for the police." in message


def test_published_with_one_party_signing_is_refused(tmp_path, exported):
    exported["signatories"] = [s for s in exported["signatories"] if s["party"] == "police"]

    message = refused(tmp_path, exported)

    assert "signatory for the municipality" in message
    assert "signatory for the police" not in message


def test_published_with_both_signatories_publishes_the_report_and_plans_the_rounds(
    tmp_path, exported
):
    assert {s["party"] for s in exported["signatories"]} == {"police", "municipality"}

    run(tmp_path, exported, published=True)

    charter = Charter.objects.get()
    assert charter.status == Charter.Status.PUBLISHED
    assert charter.situation_report.status == SituationReport.Status.PUBLISHED
    assert charter.situation_report.published_at is not None
    assert FollowUpRound.objects.filter(charter=charter).count() >= 2
    assert FollowUpRound.objects.filter(charter=charter, published_at__isnull=True).exists()
