"""Load the reference data: 7 police regions, 21 counties and 290 municipalities.

The CSV files in situations/data/ are copies of the facts in shared/data. Loading is idempotent:
rows are matched on their SCB code (or name, for regions) and updated in place, so it runs from
the data migration on a new database and from `manage.py load_reference_data` after a change.
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


def read_rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference_data(apps=global_apps) -> LoadResult:
    """Create or update every police region, county and municipality; return the counts."""
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
    return LoadResult(len(regions), len(counties_by_code), len(municipalities))


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
