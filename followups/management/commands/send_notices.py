"""`manage.py send_notices`: mail residents who follow a kommun what they have not yet been
told: surveys that opened today, and whatever the sending right after publishing left (more
followers than one batch, or a mail server that was away). Run it every few minutes from cron;
nothing is ever sent twice.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from followups.notices.mailing import notices_send, surveys_announce


class Command(BaseCommand):
    help = (
        "Mail the followers of each kommun its new citizen promises, follow-up reports and "
        "open surveys: at most one mail per follower and event, however often it runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--limit", type=int, default=None, help="At most this many mails in this run."
        )

    def handle(self, *args, limit: int | None = None, **options) -> None:
        surveys_announce()
        result = notices_send(limit=limit)
        self.stdout.write(f"Skickade {result.mails} e-postmeddelanden till följare.")
        if result.failed:
            # A non-zero exit, so that cron tells the administrator.
            raise CommandError(
                "E-postservern tog inte emot ett meddelande; nästa körning försöker igen."
            )
