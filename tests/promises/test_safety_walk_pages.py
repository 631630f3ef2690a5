"""Where safety walks show: the public kommun page (date, summary, participants, "N av M
brister åtgärdade"), the coordinator's dashboard (open findings) and the kommun's workspace page.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from promises.models import Activity, Party, WalkFinding
from situations.models import Municipality
from tests.helpers import WEDNESDAY_NOON, sv, this_year
from tests.promises.factories import (
    ActivityFactory,
    CharterFactory,
    PromiseFactory,
    SafetyWalkFactory,
    WalkFindingFactory,
)
from tests.situations.factories import PlaceFactory

# The charters are this year's: the kommun page shows the one in force today.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(WEDNESDAY_NOON, tick=False)]

DONE = WalkFinding.Status.DONE
DASHBOARD = reverse("followups:dashboard")


def walk_in(municipality, *, published=True, public=True, police_area=None):
    start, end = this_year()
    fields = {"police_area": police_area} if police_area else {}
    charter = CharterFactory(
        municipality=municipality,
        period_start=start,
        period_end=end,
        published=published,
        signed_on=start if published else None,
        **fields,
    )
    activity = ActivityFactory(
        promise=PromiseFactory(charter=charter, owner=Party.JOINT),
        kind=Activity.Kind.SAFETY_WALK,
        title="Trygghetsvandring i Nossebro",
        is_public=public,
    )
    return SafetyWalkFactory(
        activity=activity,
        date=datetime.date(start.year, 4, 14),
        organisations="Kommunpolisen\nEssungabostäder",
        residents=12,
        summary="Vi gick genom centrum och parken.",
    )


def three_findings_two_fixed(walk):
    WalkFindingFactory(walk=walk, status=DONE, done_on=datetime.date(2026, 5, 1))
    WalkFindingFactory(walk=walk, status=DONE, done_on=datetime.date(2026, 5, 2))
    WalkFindingFactory(walk=walk, location="Busskuren", status="planned")


def kommun_page(client, municipality) -> str:
    response = client.get(reverse("public:municipality", kwargs={"slug": municipality.slug}))
    assert response.status_code == 200
    return response.content.decode()


def fixed_text(fixed: int, total: int) -> str:
    from django.utils import translation

    with translation.override("sv"):
        text = translation.ngettext(
            "%(fixed)s of %(total)s shortcoming fixed",
            "%(fixed)s of %(total)s shortcomings fixed",
            total,
        )
    return text % {"fixed": fixed, "total": total}


def test_the_kommun_page_shows_the_walk_and_how_many_findings_are_fixed(client):
    kommun = Municipality.objects.get(slug="essunga")
    walk = walk_in(kommun)
    three_findings_two_fixed(walk)

    page = kommun_page(client, kommun)

    assert "Vi gick genom centrum och parken." in page
    assert "Kommunpolisen, Essungabostäder" in page
    assert f'datetime="{walk.date:%Y-%m-%d}"' in page
    assert fixed_text(2, 3) in page


def test_fixing_a_finding_updates_the_cached_kommun_page(
    client, django_capture_on_commit_callbacks
):
    kommun = Municipality.objects.get(slug="essunga")
    walk = walk_in(kommun)
    with django_capture_on_commit_callbacks(execute=True):
        three_findings_two_fixed(walk)
    assert fixed_text(2, 3) in kommun_page(client, kommun)

    with django_capture_on_commit_callbacks(execute=True):
        finding = walk.findings.get(status="planned")
        finding.status, finding.done_on = DONE, timezone.localdate()
        finding.save()

    assert fixed_text(3, 3) in kommun_page(client, kommun)


def test_a_walk_of_a_non_public_activity_never_reaches_the_kommun_page(client):
    kommun = Municipality.objects.get(slug="essunga")
    walk_in(kommun, public=False)

    assert "Vi gick genom centrum och parken." not in kommun_page(client, kommun)


def test_the_dashboard_lists_the_open_findings_of_the_coordinators_kommun(client, world):
    walk = walk_in(world.municipality, police_area=world.police_area)
    three_findings_two_fixed(walk)
    WalkFindingFactory(walk=walk_in(world.other_municipality), location="Annan kommuns väg")
    client.force_login(world.coordinator)

    response = client.get(DASHBOARD)

    assert [f.location for f in response.context["open_findings"]] == ["Busskuren"]
    page = response.content.decode()
    assert "Busskuren" in page
    assert reverse("promises:safety_walk", kwargs={"pk": walk.activity_id}) in page
    assert "Annan kommuns väg" not in page


def test_the_dashboard_says_when_no_finding_is_open(client, world):
    client.force_login(world.coordinator)

    assert sv("No open findings.") in client.get(DASHBOARD).content.decode()


def test_the_dashboard_links_a_reporter_to_the_est_form(client, world):
    client.force_login(world.reporter)

    page = client.get(DASHBOARD).content.decode()

    assert reverse("situations:est_report", kwargs={"slug": world.municipality.slug}) in page


def test_the_kommun_workspace_lists_its_walks_with_their_figures(client, world):
    walk = walk_in(world.municipality, police_area=world.police_area)
    three_findings_two_fixed(walk)
    ActivityFactory(
        promise=walk.activity.promise, kind=Activity.Kind.SAFETY_WALK, title="Höstens vandring"
    )
    client.force_login(world.viewer)

    response = client.get(
        reverse("followups:municipality_workspace", kwargs={"slug": world.municipality.slug})
    )

    walks = response.context["safety_walks"]
    assert [(a.title, a.findings_count, a.fixed_count) for a in walks] == [
        ("Trygghetsvandring i Nossebro", 3, 2),
        ("Höstens vandring", 0, 0),
    ]
    # A viewer reads the figures but records nothing: no link to the walk's page.
    assert reverse("promises:safety_walk", kwargs={"pk": walk.activity_id}) not in (
        response.content.decode()
    )


def test_a_place_named_in_a_finding_shows_on_the_dashboard(client, world):
    walk = walk_in(world.municipality, police_area=world.police_area)
    torget = PlaceFactory(municipality=world.municipality, name="Torget")
    WalkFindingFactory(walk=walk, place=torget, location="")
    client.force_login(world.coordinator)

    assert "Torget" in client.get(DASHBOARD).content.decode()


def test_the_dashboard_leaves_out_findings_of_a_closed_charter(client, world):
    walk = walk_in(world.municipality, police_area=world.police_area)
    WalkFindingFactory(walk=walk, location="Busskuren")
    walk.activity.promise.charter.status = "closed"
    walk.activity.promise.charter.save()
    client.force_login(world.coordinator)

    assert client.get(DASHBOARD).context["open_findings"] == []
