from django.core.management.base import BaseCommand
from django.db import transaction

from situations.reference import load_reference_data


class Command(BaseCommand):
    help = (
        "Create or update the 7 police regions, 21 counties and 290 municipalities, and add what "
        "is missing of the 27 police districts and 94 local police areas (never undoing an "
        "administrator's corrections)."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            result = load_reference_data()
        self.stdout.write(
            f"Referensdata: {result.regions} polisregioner, {result.counties} län, "
            f"{result.municipalities} kommuner, {result.police_districts} polisområden och "
            f"{result.police_areas} lokalpolisområden som arbetar med "
            f"{result.covered_municipalities} kommuner."
        )
        self.stdout.write(
            f"Tillagt nu: {result.added_districts} polisområden, {result.added_areas} "
            f"lokalpolisområden och {result.added_pairs} kopplingar mellan lokalpolisområde "
            "och kommun."
        )
