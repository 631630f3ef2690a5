"""`manage.py import_charter` refuses a bad file, naming the field, and leaves nothing behind.

Each case spoils one part of the export of a rich public charter (test_import_charter's
`exported`). That export, and the database it is imported into, are made once for the module
(tests/conftest.py, shared_db); each case spoils a copy of it and is rolled back after.
"""

import copy
import datetime
from collections.abc import Callable

import pytest

from followups.opendata import charter_export
from tests.conftest import build_world
from tests.followups.opendata_data import public_charter
from tests.followups.test_import_charter import refused, remove

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def exported_once(shared_db) -> dict:
    """The export of the world's rich public charter, whose original is gone."""
    world = build_world()
    rich_charter = public_charter(world.municipality, world.police_area, promises=2)
    exported = charter_export(rich_charter)
    remove(rich_charter)
    return exported


@pytest.fixture
def exported(exported_once, db) -> dict:
    return copy.deepcopy(exported_once)


def change(path: str, value) -> Callable[[dict], None]:
    """Set the field at PATH ("promises.1.text") to VALUE, or delete it when VALUE is DELETE."""

    def apply(data: dict) -> None:
        *parents, last = [int(key) if key.isdigit() else key for key in path.split(".")]
        target = data
        for key in parents:
            target = target[key]
        if value is DELETE:
            del target[last]
        else:
            target[last] = value

    return apply


DELETE = object()


def also(*changes: Callable[[dict], None]) -> Callable[[dict], None]:
    def apply(data: dict) -> None:
        for one in changes:
            one(data)

    return apply


def duplicate(path: str) -> Callable[[dict], None]:
    """Append a copy of the last item of the list at PATH."""

    def apply(data: dict) -> None:
        target = data
        for key in path.split("."):
            target = target[int(key) if key.isdigit() else key]
        target.append(copy.deepcopy(target[-1]))

    return apply


FUTURE = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()

BAD_FILES = {
    "schema-version-2": (change("schema_version", 2), "schema_version: This site reads"),
    "schema-version-true": (change("schema_version", True), "schema_version: This site reads"),
    "no-schema-version": (change("schema_version", DELETE), "schema_version: This field is"),
    "no-municipality": (change("municipality", DELETE), "municipality: This field is required"),
    "unknown-municipality": (
        change("municipality.code", "0000"),
        "municipality.code: No municipality has the code “0000”.",
    ),
    "unknown-police-area": (
        change("police_area.name", "Lokalpolisområde Ingenstans"),
        "police_area.name: No local police area is called “Lokalpolisområde Ingenstans”.",
    ),
    "police-area-of-another-kommun": (
        change("police_area.name", "LPO B"),
        "police_area.name: This local police area does not cover the municipality.",
    ),
    "period-ends-before-it-starts": (
        change("period.end", "2020-12-31"),
        "period.end: The period cannot end before it starts.",
    ),
    "impossible-date": (change("period.start", "2021-02-30"), "period.start: Expected a date"),
    "no-title": (change("title", ""), "title: This field cannot be blank."),
    "title-not-text": (change("title", 2021), "title: Expected text."),
    "unknown-status": (
        change("status", "bogus"),
        "status: “bogus” is not a valid code. The valid codes are: published, closed.",
    ),
    "published-without-a-date": (change("published_at", None), "published_at: A published"),
    "signed-in-the-future": (change("signed_on", FUTURE), "signed_on: The signing date cannot"),
    "joint-signatory": (change("signatories.0.party", "joint"), "signatories[0].party: "),
    "bad-contact-email": (change("contacts.0.email", "nej"), "contacts[0].email: "),
    "police-intelligence-source": (
        change("situation_report.sources.0.kind", "police_intelligence"),
        "situation_report.sources[0].kind: “police_intelligence” is not a valid code. The valid "
        "codes are: citizen_dialogue, staff_dialogue, safety_survey, citizen_survey, "
        "crime_statistics, est, safety_walk, other.",
    ),
    "report-ends-before-it-starts": (
        change("situation_report.period.end", "2020-01-01"),
        "situation_report.period.end: The period cannot end before it starts.",
    ),
    "unit-without-value": (
        change("situation_report.findings.0.value", None),
        "situation_report.findings[0].unit: A unit needs a value.",
    ),
    "unknown-source-index": (
        change("situation_report.findings.0.source_index", 7),
        "situation_report.findings[0].source_index: There is no source number 7",
    ),
    "promises-not-a-list": (change("promises", {"text": "Löfte"}), "promises: Expected a list."),
    "promise-without-text": (change("promises.1.text", ""), "promises[1].text: This field"),
    "unknown-owner": (
        change("promises.1.owner", "kommunen"),
        "promises[1].owner: “kommunen” is not a valid code. The valid codes are: police, "
        "municipality, joint.",
    ),
    "two-promises-in-one-place": (
        change("promises.1.order", 1),
        "promises[1].order: Two promises cannot have the same place in the order.",
    ),
    "empty-focus-area": (
        change("promises.0.focus_areas", ["Trafik", " "]),
        "promises[0].focus_areas[1]: Expected a name.",
    ),
    "activity-ends-before-it-starts": (
        change("promises.1.activities.0.end_date", "2021-03-01"),
        "promises[1].activities[0].end_date: The activity cannot end before it starts.",
    ),
    "unknown-activity-kind": (
        change("promises.0.activities.0.kind", "razzia"),
        "promises[0].activities[0].kind: “razzia” is not a valid code. The valid codes are: "
        "patrol, safety_walk,",
    ),
    "two-activities-in-one-place": (
        change("promises.0.activities.1.order", 1),
        "promises[0].activities[1].order: Two activities cannot have the same place",
    ),
    "place-not-a-name": (
        change("promises.0.activities.0.places", [5]),
        "promises[0].activities[0].places[0]: Expected a name.",
    ),
    "measurement-not-a-number": (
        change("promises.1.indicators.0.measurements.1.value", "mycket"),
        "promises[1].indicators[0].measurements[1].value: Expected a number.",
    ),
    "two-measurements-on-one-day": (
        duplicate("promises.1.indicators.0.measurements"),
        "promises[1].indicators[0].measurements[2].date: This indicator already has a value",
    ),
    "two-indicators-with-one-name": (
        duplicate("promises.1.indicators"),
        "promises[1].indicators[1].name: This promise already has an indicator by that name.",
    ),
    "round-outside-the-period": (
        change("follow_up_rounds.0.period.end", "2022-06-30"),
        "follow_up_rounds[0].period.end: The round must lie within the period",
    ),
    "round-without-due-date": (
        change("follow_up_rounds.0.due_on", DELETE),
        "follow_up_rounds[0].due_on: This field is required.",
    ),
    "follow-up-of-an-unknown-activity": (
        change("follow_up_rounds.0.follow_ups.7.activity_order", 9),
        "follow_up_rounds[0].follow_ups[7].activity_order: No activity in this file has the "
        "order 9 in promise 2.",
    ),
    "follow-up-of-an-unknown-promise": (
        also(
            change("follow_up_rounds.0.follow_ups.7.promise_order", 5),
            change("follow_up_rounds.0.follow_ups.7.activity_order", None),
        ),
        "follow_up_rounds[0].follow_ups[7].promise_order: No promise in this file has the",
    ),
    "cancelled-without-reason": (
        change("follow_up_rounds.0.follow_ups.5.reason", ""),
        "follow_up_rounds[0].follow_ups[5].reason: Say why the activity was cancelled.",
    ),
    "activity-follow-up-with-an-assessment": (
        change("follow_up_rounds.0.follow_ups.6.assessment", "fulfilled"),
        "follow_up_rounds[0].follow_ups[6].status: A follow-up gives either",
    ),
    "two-follow-ups-of-one-activity": (
        duplicate("follow_up_rounds.0.follow_ups"),
        "follow_up_rounds[0].follow_ups[8].promise_order: This promise is already followed up",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_naming_the_field_and_leaves_nothing_behind(
    tmp_path, exported, case
):
    spoil, expected = BAD_FILES[case]
    spoil(exported)

    message = refused(tmp_path, exported)

    assert message.startswith("Nothing was imported from ")
    assert expected in message
