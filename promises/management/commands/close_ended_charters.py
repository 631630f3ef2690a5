"""`manage.py close_ended_charters`: close the published charters whose period has ended into
the archive. Run it daily from cron; running it again closes nothing more.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from promises.services import charters_close_ended


class Command(BaseCommand):
    help = _(
        "Close every published citizen promise whose period has ended into the archive, with "
        "the reason in its history."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help=_("The day to check, as YYYY-MM-DD; by default today."),
        )

    def handle(self, *args, **options) -> None:
        today = options["today"] or timezone.localdate()
        result = charters_close_ended(today=today)
        for charter in result.closed:
            self.stdout.write(
                _("Closed %(charter)s: the period ended on %(end)s.")
                % {"charter": charter, "end": charter.period_end.isoformat()}
            )
        self.stdout.write(
            ngettext(
                "%(count)d citizen promise closed.",
                "%(count)d citizen promises closed.",
                len(result.closed),
            )
            % {"count": len(result.closed)}
        )
        if result.failed:
            for charter, reason in result.failed:
                self.stderr.write(
                    _("Could not close %(charter)s: %(reason)s")
                    % {"charter": charter, "reason": reason}
                )
            # A non-zero exit, so that cron tells the administrator.
            raise CommandError(
                ngettext(
                    "%(count)d citizen promise could not be closed.",
                    "%(count)d citizen promises could not be closed.",
                    len(result.failed),
                )
                % {"count": len(result.failed)}
            )
