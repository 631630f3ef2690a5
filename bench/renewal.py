"""Time the renewal of a realistic charter: nine promises, 22 activities, indicators.

    DATABASE_URL=postgres://… .venv/bin/python bench/renewal.py [--runs 10]

Makes (or remakes) a kommun of its own with a published charter of nine promises, 22
activities, nine indicators with four values each, three contacts, a published lägesbild of six
sources and 20 findings, a published follow-up report that assessed every promise and a safety
walk with four findings, two of them still open. Then renews it through
promises.services.charter_renew, as the button "Nytt medborgarlöfte för nästa period" does,
RUNS times, each in a transaction that is rolled back so that every run renews the same
charter, and prints the median and 90th percentile time, the SQL queries and the rows a
renewal writes.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.common import percentile  # noqa: E402
from followups.models import FollowUp, FollowUpRound  # noqa: E402
from promises.models import (  # noqa: E402
    Activity,
    Charter,
    Contact,
    Indicator,
    Measurement,
    Party,
    Promise,
    SafetyWalk,
    WalkFinding,
)
from promises.services import charter_renew  # noqa: E402
from situations.models import (  # noqa: E402
    County,
    Finding,
    FocusArea,
    Membership,
    Municipality,
    Place,
    PoliceArea,
    PoliceDistrict,
    SituationReport,
    Source,
)

SLUG = "bench-fornyelsekommun"
D = datetime.date
# Activities per promise: 21, and the safety walk makes 22, as in a real charter of nine.
ACTIVITIES = [3, 3, 3, 2, 2, 2, 2, 2, 2]


def bench_kommun() -> tuple[Municipality, PoliceArea]:
    """A kommun of its own (code xx98) and an LPO that covers it, which no real page shows."""
    county = County.objects.order_by("code").first()
    municipality, _ = Municipality.objects.get_or_create(
        slug=SLUG,
        defaults={"code": f"{county.code}98", "name": "Förnyelsekommun", "county": county},
    )
    district = PoliceDistrict.objects.order_by("id").first()
    if district is None:
        district = PoliceDistrict.objects.create(
            name="Bench-polisområde", slug="bench-polisomrade", region=county.police_region
        )
    area, _ = PoliceArea.objects.get_or_create(
        slug=SLUG, defaults={"name": "LPO Förnyelsekommun", "district": district}
    )
    area.municipalities.add(municipality)
    return municipality, area


@transaction.atomic
def make_charter(municipality: Municipality, area: PoliceArea) -> Charter:
    """The published 2025 charter the renewal starts from, made anew each time."""
    for charter in Charter.objects.filter(municipality=municipality):
        charter.promises.all().delete()
        charter.delete()
    Finding.objects.filter(report__municipality=municipality).delete()
    SituationReport.objects.filter(municipality=municipality).delete()
    places = [
        Place.objects.get_or_create(
            municipality=municipality, slug=f"plats-{n}", defaults={"name": f"Plats {n}"}
        )[0]
        for n in range(1, 6)
    ]
    areas = list(FocusArea.objects.all()[:5]) or [
        FocusArea.objects.create(name="Trafik", slug="trafik")
    ]
    now = timezone.now()
    report = SituationReport.objects.create(
        municipality=municipality,
        police_area=area,
        title="Lägesbild 2025",
        period_start=D(2025, 1, 1),
        period_end=D(2025, 12, 31),
        status=SituationReport.Status.PUBLISHED,
        published_at=now,
        summary="Trygghet i centrum, trafik och narkotika.",
    )
    sources = [
        Source.objects.create(report=report, kind=Source.Kind.CITIZEN_DIALOGUE, title=f"Källa {n}")
        for n in range(6)
    ]
    for n in range(20):
        Finding.objects.create(
            report=report,
            source=sources[n % 6],
            focus_area=areas[n % len(areas)],
            place=places[n % 5],
            text=f"Iakttagelse {n + 1}",
            value=Decimal(10 + n),
            unit="%",
            order=n + 1,
        )
    charter = Charter.objects.create(
        municipality=municipality,
        police_area=area,
        situation_report=report,
        title="Medborgarlöfte 2025",
        period_start=D(2025, 1, 1),
        period_end=D(2025, 12, 31),
        status=Charter.Status.PUBLISHED,
        signed_on=D(2025, 1, 20),
        published_at=now,
        summary="Tillsammans för ett tryggare centrum.",
    )
    round_ = FollowUpRound.objects.create(
        charter=charter,
        title="Helår 2025",
        period_start=D(2025, 1, 1),
        period_end=D(2025, 12, 31),
        due_on=D(2026, 1, 31),
        summary="Det mesta genomfördes.",
        published_at=now,
    )
    owners = [Party.POLICE, Party.MUNICIPALITY, Party.JOINT]
    for number, count in enumerate(ACTIVITIES, start=1):
        promise = Promise.objects.create(
            charter=charter, owner=owners[number % 3], text=f"Löfte {number}", order=number
        )
        promise.focus_areas.add(areas[number % len(areas)])
        for index in range(1, count + 1):
            activity = Activity.objects.create(
                promise=promise,
                title=f"Aktivitet {number}.{index}",
                responsible_party=promise.owner,
                start_date=D(2025, index * 2, 1),
                end_date=D(2025, index * 2 + 4, 30),
                order=index,
            )
            activity.places.add(places[index % 5])
        indicator = Indicator.objects.create(
            promise=promise, name=f"Indikator {number}", baseline=40, target=70
        )
        Measurement.objects.bulk_create(
            Measurement(indicator=indicator, date=D(2025, month, 28), value=40 + month)
            for month in (3, 6, 9, 12)
        )
        FollowUp.objects.create(
            round=round_,
            promise=promise,
            assessment=Promise.Assessment.PARTLY_FULFILLED,
            narrative_public=f"Löfte {number} hölls delvis.",
        )
    for number in range(3):
        Contact.objects.create(
            charter=charter,
            name=f"Kontakt {number}",
            role="Samordnare",
            party=Party.MUNICIPALITY,
            email=f"kontakt{number}@example.se",
            order=number,
        )
    walk = SafetyWalk.objects.create(
        activity=Activity.objects.create(
            promise=charter.promises.get(order=1),
            title="Trygghetsvandring",
            kind=Activity.Kind.SAFETY_WALK,
            responsible_party=Party.POLICE,
            order=10,
        ),
        date=D(2025, 4, 14),
    )
    for number, status in enumerate(["open", "planned", "done", "done"]):
        WalkFinding.objects.create(
            walk=walk,
            location=f"Plats för brist {number}",
            problem=WalkFinding.Problem.LIGHTING,
            status=status,
            done_on=D(2025, 5, 1) if status == "done" else None,
        )
    return charter


def coordinator(municipality: Municipality):
    user, _ = get_user_model().objects.get_or_create(username="bench-fornyelse")
    Membership.objects.get_or_create(
        user=user, role=Membership.Role.COORDINATOR, municipality=municipality
    )
    return user


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="renewals (default 10)")
    args = parser.parse_args()

    municipality, area = bench_kommun()
    charter = make_charter(municipality, area)
    user = coordinator(municipality)
    activities = Activity.objects.filter(promise__charter=charter).count()
    print(
        f"charter of {charter.promises.count()} promises, {activities} activities, "
        f"{Indicator.objects.filter(promise__charter=charter).count()} indicators; "
        f"{args.runs} runs; database {connection.vendor}"
    )
    times, queries, written = [], 0, ""
    for index in range(args.runs + 1):
        connection.queries_log.clear()  # it keeps 9 000 queries; the count needs them all
        try:
            with transaction.atomic():
                with CaptureQueriesContext(connection) as captured:
                    begun = time.perf_counter()
                    new = charter_renew(charter=charter, user=user)
                    elapsed = (time.perf_counter() - begun) * 1000
                queries = len(captured)
                written = (
                    f"{new.promises.count()} promises, "
                    f"{Activity.objects.filter(promise__charter=new).count()} activities, "
                    f"{Indicator.objects.filter(promise__charter=new).count()} indicators, "
                    f"{new.contacts.count()} contacts, "
                    f"{new.situation_report.findings.count()} findings in the new lägesbild, "
                    f"{new.rounds.count()} rounds"
                )
                raise Rollback
        except Rollback:
            pass
        if index:  # the first run warms caches (the database's buffers, translations)
            times.append(elapsed)
    print(f"renewed: {written}")
    print(f"{'step':24} {'median ms':>10} {'p90 ms':>8} {'queries':>8}")
    print(
        f"{'charter_renew':24} {statistics.median(times):10.1f} "
        f"{percentile(times, 0.9):8.1f} {queries:8d}"
    )


if __name__ == "__main__":
    main()
