"""Activities by a stable id in the JSON and the CSV files, follow-ups that name it, and an
activity's recurrence through the export and back in by the import."""

import json

import pytest
from django.urls import reverse

from followups.opendata import CharterImportError, charter_export, charter_import
from promises.models import Activity, Charter
from tests.helpers import csv_rows

pytestmark = pytest.mark.django_db


def remove(charter: Charter) -> None:
    report = charter.situation_report
    charter.delete()
    if report is not None:
        report.findings.all().delete()  # a finding protects its source from deletion
        report.delete()


def by_header(response) -> list[dict[str, str]]:
    header, *rows = csv_rows(response)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_each_activity_in_the_json_has_its_id_and_the_follow_ups_name_it(
    client, charter_among_hidden
):
    data = client.get(
        reverse("opendata:api_charter", kwargs={"pk": charter_among_hidden.pk})
    ).json()

    activities = {
        activity["id"]: (promise["order"], activity)
        for promise in data["promises"]
        for activity in promise["activities"]
    }
    public = Activity.objects.public().filter(promise__charter=charter_among_hidden)
    assert sorted(activities) == sorted(public.values_list("pk", flat=True))
    follow_ups = data["follow_up_rounds"][0]["follow_ups"]
    named = [follow_up for follow_up in follow_ups if follow_up["activity_id"] is not None]
    assert len(named) == 6
    for follow_up in named:
        promise_order, activity = activities[follow_up["activity_id"]]
        assert (promise_order, activity["order"]) == (
            follow_up["promise_order"],
            follow_up["activity_order"],
        )
    # A promise's own assessment names no activity.
    assert [f["activity_order"] for f in follow_ups if f["activity_id"] is None] == [None, None]


def test_the_activity_and_follow_up_csv_files_link_by_activity_id(client, charter_among_hidden):
    activities = by_header(
        client.get(reverse("opendata:api_csv", kwargs={"dataset": "aktiviteter"}))
    )
    follow_ups = by_header(
        client.get(reverse("opendata:api_csv", kwargs={"dataset": "uppfoljningar"}))
    )

    titles = {row["Aktivitetens id"]: row["Aktivitet"] for row in activities}
    walk = Activity.objects.get(title__endswith="TRYGGHETSVANDRING 1")
    assert titles[str(walk.pk)] == walk.title
    linked = [row for row in follow_ups if row["Aktivitetens id"]]
    assert len(linked) == 6
    for row in linked:
        assert titles[row["Aktivitetens id"]] == row["Aktivitet eller löfte"]
    assert len([row for row in follow_ups if not row["Aktivitetens id"]]) == 2


def test_an_activity_keeps_its_id_when_it_moves_in_the_order(client, charter_among_hidden):
    url = reverse("opendata:api_csv", kwargs={"dataset": "aktiviteter"})
    walk = Activity.objects.get(title__endswith="TRYGGHETSVANDRING 1")
    walk.order = 9
    walk.save()

    (row,) = [r for r in by_header(client.get(url)) if r["Aktivitet"] == walk.title]

    assert (row["Aktivitetens id"], row["Ordning"]) == (str(walk.pk), "9")


def test_the_recurrence_goes_out_in_the_json_and_comes_back_in_by_the_import(rich_charter):
    Activity.objects.filter(title__endswith="PATRULL 1").update(
        repeats=Activity.Repeats.WEEKLY, start_date="2021-01-08", end_date="2021-12-31"
    )
    first = charter_export(rich_charter)
    patrol = first["promises"][0]["activities"][1]
    assert (patrol["title"].endswith("PATRULL 1"), patrol["repeats"]) == (True, "weekly")
    assert first["promises"][0]["activities"][0]["repeats"] == "none"
    remove(rich_charter)

    imported = charter_import(data=json.loads(json.dumps(first)), published=True).charter

    again = charter_export(Charter.objects.get(pk=imported.pk))
    assert [a["repeats"] for p in again["promises"] for a in p["activities"]] == [
        a["repeats"] for p in first["promises"] for a in p["activities"]
    ]
    assert Activity.objects.get(
        promise__charter=imported, title__endswith="PATRULL 1"
    ).repeats == (Activity.Repeats.WEEKLY)
    # New ids here, and the follow-ups name the new ones.
    new_ids = {a["id"] for p in again["promises"] for a in p["activities"]}
    assert new_ids.isdisjoint({a["id"] for p in first["promises"] for a in p["activities"]})
    named = {f["activity_id"] for f in again["follow_up_rounds"][0]["follow_ups"]} - {None}
    assert named == new_ids


def test_a_file_without_the_recurrence_imports_activities_that_do_not_repeat(rich_charter):
    data = charter_export(rich_charter)
    remove(rich_charter)
    for promise in data["promises"]:
        for activity in promise["activities"]:
            del activity["repeats"]
            del activity["id"]
    for follow_up in data["follow_up_rounds"][0]["follow_ups"]:
        del follow_up["activity_id"]

    imported = charter_import(data=data).charter

    repeats = Activity.objects.filter(promise__charter=imported).values_list("repeats", flat=True)
    assert set(repeats) == {Activity.Repeats.NONE}


def test_an_unknown_recurrence_is_refused_with_the_valid_codes(rich_charter):
    data = charter_export(rich_charter)
    remove(rich_charter)
    data["promises"][0]["activities"][0]["repeats"] = "daily"

    with pytest.raises(CharterImportError) as raised:
        charter_import(data=data)

    assert raised.value.messages == [
        "promises[0].activities[0].repeats: ”daily” är ingen giltig kod. De giltiga koderna är: "
        "none, weekly, monthly, yearly, dates."
    ]
