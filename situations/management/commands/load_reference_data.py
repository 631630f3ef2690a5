from django.core.management.base import BaseCommand
from django.db import transaction

from situations.reference import load_reference_data


class Command(BaseCommand):
    help = "Create or update the 7 police regions, 21 counties and 290 municipalities."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            result = load_reference_data()
        self.stdout.write(
            f"Referensdata: {result.regions} polisregioner, {result.counties} län, "
            f"{result.municipalities} kommuner."
        )
