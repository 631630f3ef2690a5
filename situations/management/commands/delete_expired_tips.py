from django.conf import settings
from django.core.management.base import BaseCommand

from situations.models import Tip


class Command(BaseCommand):
    help = (
        "Delete residents' tips older than TIP_RETENTION_DAYS, as the privacy notice promises. "
        "Run it daily (cron or a systemd timer)."
    )

    def handle(self, *args, **options) -> None:
        deleted, _by_model = Tip.objects.expired().delete()
        self.stdout.write(f"Raderade {deleted} tips äldre än {settings.TIP_RETENTION_DAYS} dagar.")
