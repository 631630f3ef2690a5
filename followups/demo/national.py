"""Generated demo data at national scale: every kommun with an LPO and five years of charters.

Nothing here is real: the texts come from the templates in texts.py and the names are made up.
Each generated charter and situation report carries MARKER in its title, and each generated LPO
and police district a slug starting with SLUG_PREFIX; that is how a new run finds the old data
to delete before it generates again, and how the seed charters stay untouched.

The generator is deterministic: every county and every kommun draws from its own
random.Random, seeded from the run's seed and its SCB code, so a kommun gets the same data
whichever other kommuner are generated with it. Rows are collected first and written a table
at a time (see bulk.py), so a national run takes a few queries per table, not one per row.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from followups.demo.bulk import BATCH_SIZE, Batch
from followups.demo.generator import MARKER, KommunGenerator
from followups.demo.seeds import focus_areas
from followups.demo.texts import (
    FOCUS_NAMES,
    PLACE_NAMES,
)
from followups.models import FollowUp, FollowUpRound, Review
from promises.models import (
    Activity,
    Charter,
    Contact,
    Indicator,
    Measurement,
    Promise,
    Signatory,
)
from situations.models import (
    County,
    Finding,
    Municipality,
    Place,
    PoliceArea,
    PoliceDistrict,
    SituationReport,
    Source,
)

SLUG_PREFIX = "demo-"
DEFAULT_SEED = 2026
DEFAULT_YEARS = 5

Kind = Activity.Kind
Status = FollowUp.Status
Assessment = Promise.Assessment


@dataclass(frozen=True)
class NationalResult:
    municipalities: int
    police_districts: int
    police_areas: int
    situation_reports: int
    findings: int
    charters: int
    promises: int
    activities: int
    rounds: int
    follow_ups: int


# --- Cleaning up ---------------------------------------------------------------------------


def raw_delete(queryset: QuerySet) -> None:
    # One DELETE per table, children first, instead of Django's collector, which would load
    # every generated follow-up into memory to cascade to its reviews.
    queryset._raw_delete(queryset.db)


def delete_national() -> None:
    """Delete every row an earlier run generated, whatever its years and kommuner."""
    charters = Charter.objects.filter(title__endswith=MARKER).values("pk")
    reports = SituationReport.objects.filter(title__endswith=MARKER).values("pk")
    raw_delete(Review.objects.filter(follow_up__round__charter__in=charters))
    raw_delete(FollowUp.objects.filter(round__charter__in=charters))
    raw_delete(FollowUpRound.objects.filter(charter__in=charters))
    raw_delete(Measurement.objects.filter(indicator__promise__charter__in=charters))
    raw_delete(Indicator.objects.filter(promise__charter__in=charters))
    raw_delete(Activity.places.through.objects.filter(activity__promise__charter__in=charters))
    raw_delete(Activity.objects.filter(promise__charter__in=charters))
    raw_delete(Promise.focus_areas.through.objects.filter(promise__charter__in=charters))
    raw_delete(Promise.objects.filter(charter__in=charters))
    raw_delete(Signatory.objects.filter(charter__in=charters))
    raw_delete(Contact.objects.filter(charter__in=charters))
    raw_delete(Charter.objects.filter(title__endswith=MARKER))
    raw_delete(Finding.objects.filter(report__in=reports))
    raw_delete(Source.objects.filter(report__in=reports))
    raw_delete(SituationReport.objects.filter(title__endswith=MARKER))
    # A few hundred rows with memberships and coverage to cascade: the collector is fine here.
    PoliceArea.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    PoliceDistrict.objects.filter(slug__startswith=SLUG_PREFIX, areas__isnull=True).delete()
    delete_generated_history()


def delete_generated_history() -> None:
    """Delete the history of the generated LPOs and police districts.

    They are made with bulk_create, which records no history, but deleted through the
    collector, which records a "deleted" row for each (and a snapshot of the kommuner an LPO
    covered). Without this, every run would leave a few hundred history rows of demo data
    that no one ever wrote. The other generated rows are written and deleted raw, so they get
    no history; one a person edits by hand keeps its history after the row is gone.
    """
    areas = PoliceArea.history.filter(slug__startswith=SLUG_PREFIX)
    raw_delete(PoliceArea.history.model.municipalities.filter(history__in=areas.values("pk")))
    raw_delete(areas)
    raw_delete(PoliceDistrict.history.filter(slug__startswith=SLUG_PREFIX))


# --- Geography -----------------------------------------------------------------------------


def district_name(county: County) -> str:
    """ "Polisområde Värmland" from "Värmlands län", "Polisområde Kalmar" from "Kalmar län"."""
    return "Polisområde " + county.name.removesuffix(" län").removesuffix("s")


def assign_police_areas(
    municipalities: list[Municipality], seed: int
) -> tuple[dict[int, PoliceArea], int, int]:
    """Give every kommun an LPO: an existing one that covers it, else a generated one.

    Return the LPO of each kommun by id, and how many districts and LPOs were generated.
    """
    through = PoliceArea.municipalities.through
    area_of: dict[int, PoliceArea] = {}
    covering = through.objects.filter(municipality__in=municipalities).select_related("policearea")
    for row in covering.order_by("policearea__name", "policearea_id"):
        area_of.setdefault(row.municipality_id, row.policearea)

    uncovered: dict[County, list[Municipality]] = defaultdict(list)
    for municipality in municipalities:
        if municipality.pk not in area_of:
            uncovered[municipality.county].append(municipality)

    districts = {d.name: d for d in PoliceDistrict.objects.all()}
    new_districts = []
    for county in uncovered:
        name = district_name(county)
        if name not in districts:
            districts[name] = PoliceDistrict(
                name=name, slug=SLUG_PREFIX + slugify(name), region_id=county.police_region_id
            )
            new_districts.append(districts[name])
    PoliceDistrict.objects.bulk_create(new_districts)

    taken = set(PoliceArea.objects.values_list("name", flat=True))
    groups: list[tuple[PoliceArea, list[Municipality]]] = []
    for county, members in sorted(uncovered.items(), key=lambda item: item[0].code):
        rng = random.Random(f"{seed}-lan-{county.code}")
        index = 0
        while index < len(members):
            group = members[index : index + rng.choice((1, 2, 2, 3, 3))]
            index += len(group)
            name = f"Lokalpolisområde {group[0].name}"
            if name in taken:  # only if someone made an LPO of that name by hand
                name += MARKER
            taken.add(name)
            area = PoliceArea(
                name=name,
                slug=f"{SLUG_PREFIX}lpo-{group[0].slug}",
                district=districts[district_name(county)],
            )
            groups.append((area, group))
    PoliceArea.objects.bulk_create([area for area, _group in groups])
    through.objects.bulk_create(
        [
            through(policearea_id=area.pk, municipality_id=municipality.pk)
            for area, group in groups
            for municipality in group
        ]
    )
    for area, group in groups:
        for municipality in group:
            area_of[municipality.pk] = area
    return area_of, len(new_districts), len(groups)


def load_places(municipalities: list[Municipality]) -> dict[int, list[Place]]:
    """The generated places of each kommun; kept between runs, since they never change."""
    slugs = [slugify(name) for name in PLACE_NAMES]
    Place.objects.bulk_create(
        [
            Place(municipality=municipality, name=name, slug=slug)
            for municipality in municipalities
            for name, slug in zip(PLACE_NAMES, slugs, strict=True)
        ],
        ignore_conflicts=True,
        batch_size=BATCH_SIZE,
    )
    places: dict[int, list[Place]] = defaultdict(list)
    for place in Place.objects.filter(municipality__in=municipalities, slug__in=slugs):
        places[place.municipality_id].append(place)
    for kommun_places in places.values():
        kommun_places.sort(key=lambda place: place.slug)
    return places


def generate_national(
    *,
    years: Sequence[int] | None = None,
    municipality_limit: int | None = None,
    municipality_codes: Sequence[str] | None = None,
    seed: int = DEFAULT_SEED,
    today: datetime.date | None = None,
) -> NationalResult:
    """Delete the data of an earlier run and generate it again for the kommuner and years given.

    By default every kommun and the last DEFAULT_YEARS calendar years up to this one. A charter
    that already exists for a kommun and year (a seed, or one made by hand) is left alone and
    none is generated there.
    """
    today = today or timezone.localdate()
    years = list(years or range(today.year - DEFAULT_YEARS + 1, today.year + 1))
    delete_national()

    municipalities = Municipality.objects.select_related("county").order_by("code")
    if municipality_codes is not None:
        municipalities = municipalities.filter(code__in=municipality_codes)
    municipalities = list(
        municipalities[:municipality_limit] if municipality_limit else municipalities
    )
    area_of, new_districts, new_areas = assign_police_areas(municipalities, seed)
    places = load_places(municipalities)
    focus = {name: area.pk for name, area in focus_areas(FOCUS_NAMES).items()}

    starts = [datetime.date(year, 1, 1) for year in years]
    occupied = {
        *Charter.objects.filter(period_start__in=starts).values_list(
            "municipality_id", "period_start"
        ),
        *SituationReport.objects.filter(period_start__in=starts).values_list(
            "municipality_id", "period_start"
        ),
    }
    batch = Batch()
    for municipality in municipalities:
        generator = KommunGenerator(
            municipality=municipality,
            area=area_of[municipality.pk],
            places=places[municipality.pk],
            focus=focus,
            today=today,
            seed=seed,
            batch=batch,
        )
        for year in sorted(years):
            if (municipality.pk, datetime.date(year, 1, 1)) not in occupied:
                generator.year(year)
    batch.save()
    # The generated years play a system in use for years: each charter entered when it was
    # published, so that its rounds count as followed up here (or overdue), unlike the seed
    # charters, entered after the fact.
    Charter.objects.filter(title__endswith=MARKER, published_at__isnull=False).update(
        created_at=F("published_at")
    )
    return NationalResult(
        municipalities=len(municipalities),
        police_districts=new_districts,
        police_areas=new_areas,
        situation_reports=len(batch.reports),
        findings=len(batch.findings),
        charters=len(batch.charters),
        promises=len(batch.promises),
        activities=len(batch.activities),
        rounds=len(batch.rounds),
        follow_ups=len(batch.follow_ups),
    )
