"""Load the reference data: 7 police regions, 21 counties, 290 municipalities, and the Police
Authority's 27 polisområden and 94 lokalpolisområden with the kommuner each works with.

The CSV files in situations/data/ are copies of the facts in shared/data. Loading is idempotent:
rows are matched on their SCB code (or name, for regions) and updated in place, so it runs from
the data migration on a new database and from `manage.py load_reference_data` after a change.

The police organisation is different: no official list exists, the organisation changes, and
administrators correct it in the application. So it is only ever added to, never updated:
a polisområde or LPO is found by its `reference_key` (renaming it is kept), one of the same
name made by hand before is adopted rather than duplicated, and each LPO–kommun pair is
recorded in ReferenceCoverage when first loaded, so that a reload does not put back a kommun
an administrator removed or moved. Nothing is ever deleted.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps as global_apps
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class LoadResult:
    regions: int
    counties: int
    municipalities: int
    police_districts: int = 0
    police_areas: int = 0
    covered_municipalities: int = 0
    added_districts: int = 0
    added_areas: int = 0
    added_pairs: int = 0


def read_rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference_data(apps=global_apps, *, police: bool = True) -> LoadResult:
    """Create or update every police region, county and municipality; return the counts.

    With POLICE (not in the first data migration, which runs before its tables exist), add
    what is missing of the police organisation too. Each table is read once and written in
    bulk: only what is missing is created and only a row that differs is updated (with its
    history record, where the model keeps history), so a reload that changes nothing writes
    nothing.
    """
    PoliceRegion = apps.get_model("situations", "PoliceRegion")
    County = apps.get_model("situations", "County")
    Municipality = apps.get_model("situations", "Municipality")

    counties = read_rows("lan.csv")
    regions = upsert(
        apps,
        PoliceRegion,
        "name",
        {
            name: {"slug": slugify(name)}
            for name in sorted({row["police_region"] for row in counties})
        },
    )
    counties_by_code = upsert(
        apps,
        County,
        "code",
        {
            row["code"]: {
                "name": row["name"],
                "slug": slugify(row["name"]),
                "police_region_id": regions[row["police_region"]].pk,
            }
            for row in counties
        },
    )
    municipalities = read_rows("kommuner.csv")
    upsert(
        apps,
        Municipality,
        "code",
        {
            row["code"]: {
                "name": row["name"],
                "slug": slug,
                "county_id": counties_by_code[row["county_code"]].pk,
            }
            for row, slug in municipality_slugs(municipalities, counties_by_code)
        },
    )
    if not police:
        return LoadResult(len(regions), len(counties_by_code), len(municipalities))
    police_load = load_police_organisation(apps, regions)
    return LoadResult(
        len(regions),
        len(counties_by_code),
        len(municipalities),
        police_districts=len({row["police_district"] for row in police_load.rows}),
        police_areas=len({row["police_area"] for row in police_load.rows}),
        covered_municipalities=len({row["kommun_code"] for row in police_load.rows}),
        added_districts=police_load.added_districts,
        added_areas=police_load.added_areas,
        added_pairs=police_load.added_pairs,
    )


def keeps_history(apps, model) -> bool:
    """Whether saves of MODEL are recorded: of the application's models, not a migration's."""
    return apps is global_apps and hasattr(model, "history")


def create_all(apps, model, objs: list) -> None:
    """Insert OBJS in one query (and their history records in another); they get their pks."""
    if not objs:
        return
    if keeps_history(apps, model):
        bulk_create_with_history(objs, model)
    else:
        model.objects.bulk_create(objs)


def update_all(apps, model, objs: list, fields: list[str]) -> None:
    """Write FIELDS of OBJS (and updated_at) in one query, recording the change in history."""
    if not objs:
        return
    now = timezone.now()
    for obj in objs:
        obj.updated_at = now
    fields = [*fields, "updated_at"]
    if keeps_history(apps, model):
        bulk_update_with_history(objs, model, fields)
    else:
        model.objects.bulk_update(objs, fields)


def upsert(apps, model, key: str, wanted: dict[str, dict]) -> dict[str, object]:
    """Make MODEL hold a row per KEY value in WANTED with its field values; return the rows.

    Rows of other key values are left alone; a row that has its values already is not
    written.
    """
    rows = {getattr(obj, key): obj for obj in model.objects.filter(**{f"{key}__in": list(wanted)})}
    changed, fields, missing = [], set(), []
    for value, defaults in wanted.items():
        obj = rows.get(value)
        if obj is None:
            obj = rows[value] = model(**{key: value}, **defaults)
            missing.append(obj)
            continue
        differing = [name for name, new in defaults.items() if getattr(obj, name) != new]
        if differing:
            for name in differing:
                setattr(obj, name, defaults[name])
            fields.update(differing)
            changed.append(obj)
    update_all(apps, model, changed, sorted(fields))
    create_all(apps, model, missing)
    return rows


def area_name(key: str) -> str:
    return f"Lokalpolisområde {key}"


def district_name(key: str) -> str:
    return f"Polisområde {key}"


@dataclass
class PoliceLoad:
    rows: list[dict[str, str]]
    added_districts: int = 0
    added_areas: int = 0
    added_pairs: int = 0


class Taken:
    """The names (in any case) and slugs of MODEL's rows, and of those this load adds."""

    def __init__(self, model) -> None:
        self.names: set[str] = set()
        self.slugs: set[str] = set()
        for name, slug in model.objects.values_list("name", "slug"):
            self.take(name, slug)

    def take(self, name: str, slug: str) -> None:
        self.names.add(name.casefold())
        self.slugs.add(slug)

    def free_name(self, name: str, qualifier: str) -> str:
        """NAME, or NAME (QUALIFIER) if another row, elsewhere in the country, has it already."""
        if name.casefold() in self.names:
            return f"{name} ({qualifier})"
        return name

    def unique_slug(self, name: str) -> str:
        base = slugify(name.replace("/", " "))  # "Enköping/Håbo" gives "enkoping-habo"
        slug, number = base, 1
        while slug in self.slugs:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def new(self, model, name: str, qualifier: str, **fields):
        """An unsaved row named NAME (qualified if taken) with a free slug."""
        name = self.free_name(name, qualifier)
        slug = self.unique_slug(name)
        self.take(name, slug)
        return model(name=name, slug=slug, **fields)


def made_by_hand(rows, region_of) -> dict[tuple[str, int], object]:
    """ROWS without a reference key by their name (in any case) and region, the first of each."""
    found: dict[tuple[str, int], object] = {}
    for row in rows:
        found.setdefault((row.name.casefold(), region_of(row)), row)
    return found


def load_police_organisation(apps, regions) -> PoliceLoad:
    """Add what is missing of the polisområden, LPOs and their kommuner; change nothing else."""
    PoliceDistrict = apps.get_model("situations", "PoliceDistrict")
    PoliceArea = apps.get_model("situations", "PoliceArea")
    Municipality = apps.get_model("situations", "Municipality")
    ReferenceCoverage = apps.get_model("situations", "ReferenceCoverage")

    load = PoliceLoad(rows=read_rows("lokalpolisomraden.csv"))
    municipalities = dict(Municipality.objects.values_list("code", "pk"))
    loaded = {
        (coverage.area_key, coverage.municipality_code): coverage
        for coverage in ReferenceCoverage.objects.all()
    }
    loaded_areas = {area_key for area_key, _code in loaded}

    districts = {d.reference_key: d for d in PoliceDistrict.objects.exclude(reference_key="")}
    hand_districts = made_by_hand(
        PoliceDistrict.objects.filter(reference_key=""), lambda d: d.region_id
    )
    district_names = Taken(PoliceDistrict)
    new_districts, adopted_districts = [], []

    def district_for(row):
        key = row["police_district"]
        if key not in districts:
            region = regions[row["police_region"]]
            district = hand_districts.pop((district_name(key).casefold(), region.pk), None)
            if district is not None:
                district.reference_key = key
                adopted_districts.append(district)
            else:
                district = district_names.new(
                    PoliceDistrict,
                    district_name(key),
                    region.name,
                    region=region,
                    reference_key=key,
                )
                new_districts.append(district)
            districts[key] = district
        return districts[key]

    areas = {a.reference_key: a for a in PoliceArea.objects.exclude(reference_key="")}
    hand_areas = made_by_hand(
        PoliceArea.objects.filter(reference_key="").select_related("district"),
        lambda a: a.district.region_id,
    )
    area_names = Taken(PoliceArea)
    new_areas, adopted_areas = [], []
    for row in load.rows:
        key = row["police_area"]
        if key in areas:
            continue
        if key in loaded_areas:
            areas[key] = None  # loaded once and deleted since by an administrator
            continue
        region = regions[row["police_region"]]
        area = hand_areas.pop((area_name(key).casefold(), region.pk), None)
        if area is not None:
            area.reference_key = key
            adopted_areas.append(area)
        else:
            district = district_for(row)
            area = area_names.new(
                PoliceArea, area_name(key), district.name, district=district, reference_key=key
            )
            new_areas.append(area)
        areas[key] = area
    update_all(apps, PoliceDistrict, adopted_districts, ["reference_key"])
    create_all(apps, PoliceDistrict, new_districts)
    update_all(apps, PoliceArea, adopted_areas, ["reference_key"])
    for area in new_areas:
        area.district_id = area.district.pk  # the district has its pk only now
    create_all(apps, PoliceArea, new_areas)
    load.added_districts, load.added_areas = len(new_districts), len(new_areas)

    details_fields = ["district_key", "municipality_name", "source_url", "as_of", "confidence"]
    corrected, new_pairs = [], []
    kommuner_to_add: dict[str, list[int]] = {}
    for row in load.rows:
        key = row["police_area"]
        details = dict(
            zip(
                details_fields,
                (
                    row["police_district"],
                    row["kommun_name"],
                    row["source_url"],
                    row["as_of"],
                    row["confidence"],
                ),
                strict=True,
            )
        )
        coverage = loaded.get((key, row["kommun_code"]))
        if coverage is not None:
            # Where the pair comes from may be corrected in the file; the pair itself stands
            # as the administrators left it.
            if any(getattr(coverage, name) != value for name, value in details.items()):
                for name, value in details.items():
                    setattr(coverage, name, value)
                corrected.append(coverage)
            continue
        area = areas[key]
        if area is None:
            continue
        kommuner_to_add.setdefault(key, []).append(municipalities[row["kommun_code"]])
        new_pairs.append(
            ReferenceCoverage(
                area_key=key, municipality_code=row["kommun_code"], police_area=area, **details
            )
        )
    update_all(apps, ReferenceCoverage, corrected, details_fields)
    create_all(apps, ReferenceCoverage, new_pairs)
    for key, kommuner in kommuner_to_add.items():
        # One add per LPO: one history record with all its kommuner, not one per kommun.
        areas[key].municipalities.add(*kommuner)
    load.added_pairs = len(new_pairs)
    return load


def municipality_slugs(rows, counties_by_code):
    """Pair each municipality row with a unique slug.

    Names that differ only in å, ä, ö fold to the same slug (Håbo and Habo both give "habo"):
    the lower SCB code keeps the plain slug, the other gets its county's slug appended.
    """
    taken = set()
    for row in sorted(rows, key=lambda row: row["code"]):
        slug = slugify(row["name"])
        if slug in taken:
            slug = f"{slug}-{counties_by_code[row['county_code']].slug}"
        taken.add(slug)
        yield row, slug
