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
from django.utils.text import slugify

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
    what is missing of the police organisation too.
    """
    PoliceRegion = apps.get_model("situations", "PoliceRegion")
    County = apps.get_model("situations", "County")
    Municipality = apps.get_model("situations", "Municipality")

    counties = read_rows("lan.csv")
    regions = {}
    for region_name in sorted({row["police_region"] for row in counties}):
        regions[region_name], _ = PoliceRegion.objects.update_or_create(
            name=region_name, defaults={"slug": slugify(region_name)}
        )

    counties_by_code = {}
    for row in counties:
        counties_by_code[row["code"]], _ = County.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "slug": slugify(row["name"]),
                "police_region": regions[row["police_region"]],
            },
        )

    municipalities = read_rows("kommuner.csv")
    for row, slug in municipality_slugs(municipalities, counties_by_code):
        Municipality.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "slug": slug,
                "county": counties_by_code[row["county_code"]],
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


def unique_slug(model, name: str) -> str:
    base = slugify(name.replace("/", " "))  # "Enköping/Håbo" gives "enkoping-habo"
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def free_name(model, name: str, qualifier: str) -> str:
    """NAME, or NAME (QUALIFIER) if another row, elsewhere in the country, has it already."""
    if model.objects.filter(name__iexact=name).exists():
        return f"{name} ({qualifier})"
    return name


def load_police_organisation(apps, regions) -> PoliceLoad:
    """Add what is missing of the polisområden, LPOs and their kommuner; change nothing else."""
    PoliceDistrict = apps.get_model("situations", "PoliceDistrict")
    PoliceArea = apps.get_model("situations", "PoliceArea")
    Municipality = apps.get_model("situations", "Municipality")
    ReferenceCoverage = apps.get_model("situations", "ReferenceCoverage")

    load = PoliceLoad(rows=read_rows("lokalpolisomraden.csv"))
    municipalities = {m.code: m for m in Municipality.objects.all()}
    loaded = {
        (coverage.area_key, coverage.municipality_code): coverage
        for coverage in ReferenceCoverage.objects.all()
    }
    loaded_areas = {area_key for area_key, _code in loaded}
    districts: dict[str, object] = {}

    def district_for(row):
        key = row["police_district"]
        if key not in districts:
            region = regions[row["police_region"]]
            district = PoliceDistrict.objects.filter(reference_key=key).first()
            if district is None:
                district = PoliceDistrict.objects.filter(
                    reference_key="", name__iexact=district_name(key), region=region
                ).first()
                if district is not None:
                    district.reference_key = key
                    district.save(update_fields=["reference_key"])
            if district is None:
                name = free_name(PoliceDistrict, district_name(key), region.name)
                district = PoliceDistrict.objects.create(
                    name=name,
                    slug=unique_slug(PoliceDistrict, name),
                    region=region,
                    reference_key=key,
                )
                load.added_districts += 1
            districts[key] = district
        return districts[key]

    areas: dict[str, object] = {}
    for row in load.rows:
        key = row["police_area"]
        if key not in areas:
            area = PoliceArea.objects.filter(reference_key=key).first()
            if area is None and key in loaded_areas:
                areas[key] = None  # loaded once and deleted since by an administrator
            elif area is None:
                area = PoliceArea.objects.filter(
                    reference_key="",
                    name__iexact=area_name(key),
                    district__region=regions[row["police_region"]],
                ).first()
                if area is not None:
                    area.reference_key = key
                    area.save(update_fields=["reference_key"])
                else:
                    district = district_for(row)
                    name = free_name(PoliceArea, area_name(key), district.name)
                    area = PoliceArea.objects.create(
                        name=name,
                        slug=unique_slug(PoliceArea, name),
                        district=district,
                        reference_key=key,
                    )
                    load.added_areas += 1
            areas[key] = area
        area = areas[key]
        details = {
            "district_key": row["police_district"],
            "municipality_name": row["kommun_name"],
            "source_url": row["source_url"],
            "as_of": row["as_of"],
            "confidence": row["confidence"],
        }
        coverage = loaded.get((key, row["kommun_code"]))
        if coverage is not None:
            # Where the pair comes from may be corrected in the file; the pair itself stands
            # as the administrators left it.
            if any(getattr(coverage, name) != value for name, value in details.items()):
                for name, value in details.items():
                    setattr(coverage, name, value)
                coverage.save()
            continue
        if area is None:
            continue
        area.municipalities.add(municipalities[row["kommun_code"]])
        ReferenceCoverage.objects.create(
            area_key=key, municipality_code=row["kommun_code"], police_area=area, **details
        )
        load.added_pairs += 1
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
