"""Generated demo data at national scale: every kommun with an LPO gets five years of charters.

Nothing here is real: the texts come from the templates in texts.py and the names are made up.
Each generated charter and situation report carries MARKER in its title; that is how a new run
finds the old data to delete before it generates again, and how the seed charters stay
untouched. The LPOs are the reference data's; runs before it existed generated LPOs and police
districts with a slug starting with SLUG_PREFIX, which a run deletes.

The generator is deterministic: every county and every kommun draws from its own
random.Random, seeded from the run's seed and its SCB code, so a kommun gets the same data
whichever other kommuner are generated with it. Rows are collected first and written a table
at a time (see bulk.py), so a national run takes a few queries per table, not one per row.
"""

from __future__ import annotations

import datetime
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
    Finding,
    Municipality,
    Place,
    PoliceArea,
    PoliceDistrict,
    Problem,
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
    without_police_area: int
    situation_reports: int
    findings: int
    problems: int
    charters: int
    promises: int
    unlinked_promises: int
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
    raw_delete(Promise.problems.through.objects.filter(promise__charter__in=charters))
    raw_delete(Promise.objects.filter(charter__in=charters))
    raw_delete(Signatory.objects.filter(charter__in=charters))
    raw_delete(Contact.objects.filter(charter__in=charters))
    raw_delete(Charter.objects.filter(title__endswith=MARKER))
    raw_delete(Problem.findings.through.objects.filter(problem__report__in=reports))
    raw_delete(Problem.places.through.objects.filter(problem__report__in=reports))
    raw_delete(Promise.problems.through.objects.filter(problem__report__in=reports))
    raw_delete(Problem.objects.filter(report__in=reports))
    raw_delete(Finding.objects.filter(report__in=reports))
    raw_delete(Source.objects.filter(report__in=reports))
    raw_delete(SituationReport.objects.filter(title__endswith=MARKER))
    # The LPOs and districts that runs before the reference data generated (those the
    # reference data adopted stay). Memberships and coverage to cascade: the collector is fine.
    PoliceArea.objects.filter(slug__startswith=SLUG_PREFIX, reference_key="").delete()
    PoliceDistrict.objects.filter(
        slug__startswith=SLUG_PREFIX, reference_key="", areas__isnull=True
    ).delete()
    delete_generated_history()


def delete_generated_history() -> None:
    """Delete the history of the generated LPOs and police districts.

    They are made with bulk_create, which records no history, but deleted through the
    collector, which records a "deleted" row for each (and a snapshot of the kommuner an LPO
    covered). Without this, every run would leave a few hundred history rows of demo data
    that no one ever wrote. The other generated rows are written and deleted raw, so they get
    no history; one a person edits by hand keeps its history after the row is gone.
    """
    areas = PoliceArea.history.filter(slug__startswith=SLUG_PREFIX, reference_key="")
    raw_delete(PoliceArea.history.model.municipalities.filter(history__in=areas.values("pk")))
    raw_delete(areas)
    raw_delete(PoliceDistrict.history.filter(slug__startswith=SLUG_PREFIX, reference_key=""))


# --- Geography -----------------------------------------------------------------------------


def assign_police_areas(municipalities: list[Municipality]) -> dict[int, PoliceArea]:
    """The LPO of each kommun by id: the first by name of those covering it.

    The LPOs are the reference data's (situations/reference.py) as the administrators left
    them; a kommun that none covers (three in the reference data) is not in the result.
    """
    through = PoliceArea.municipalities.through
    area_of: dict[int, PoliceArea] = {}
    covering = through.objects.filter(municipality__in=municipalities).select_related("policearea")
    for row in covering.order_by("policearea__name", "policearea_id"):
        area_of.setdefault(row.municipality_id, row.policearea)
    return area_of


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
    area_of = assign_police_areas(municipalities)
    # A charter needs an LPO: a kommun without one gets none, as it would in real life.
    without_area = [m for m in municipalities if m.pk not in area_of]
    municipalities = [m for m in municipalities if m.pk in area_of]
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
        without_police_area=len(without_area),
        situation_reports=len(batch.reports),
        findings=len(batch.findings),
        problems=len(batch.problems),
        charters=len(batch.charters),
        promises=len(batch.promises),
        unlinked_promises=sum(promise.problem is None for promise in batch.promises),
        activities=len(batch.activities),
        rounds=len(batch.rounds),
        follow_ups=len(batch.follow_ups),
    )
