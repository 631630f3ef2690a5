from itertools import batched

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from situations.models import Tip
from situations.signals import purging

# Ids per DELETE, well under SQLite's limit on query parameters.
BATCH_SIZE = 500


class Command(BaseCommand):
    help = (
        "Delete residents' tips older than TIP_RETENTION_DAYS, with their history, and what "
        "the apps above purge (addresses never confirmed to follow a kommun), as the privacy "
        "notice promises. Run it daily (cron or a systemd timer)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        days = settings.TIP_RETENTION_DAYS
        if days < 1:
            raise CommandError(f"TIP_RETENTION_DAYS måste vara minst 1, inte {days}.")
        deleted = history_deleted = 0
        with transaction.atomic():
            ids = list(Tip.objects.expired().values_list("pk", flat=True))
            for batch in batched(ids, BATCH_SIZE):
                if dry_run:
                    history_deleted += Tip.history.filter(id__in=batch).count()
                    continue
                deleted += Tip.objects.filter(pk__in=batch).delete()[0]
                # The history keeps no message or contact details, but it still tells when
                # and where a resident wrote: it goes too, with the deletion row just added.
                history_deleted += Tip.history.filter(id__in=batch).delete()[0]
        if dry_run:
            self.stdout.write(
                f"Skulle radera {len(ids)} tips äldre än {days} dagar "
                f"och {history_deleted} historikrader (inget raderat)."
            )
        else:
            self.stdout.write(
                f"Raderade {deleted} tips äldre än {days} dagar "
                f"och {history_deleted} historikrader."
            )
        # The apps above delete their own expired rows (situations may not import them).
        for _receiver, line in purging.send(sender=None, dry_run=dry_run):
            if line:
                self.stdout.write(str(line))
