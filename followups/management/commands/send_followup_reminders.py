"""`manage.py send_followup_reminders --base-url https://…`: mail the people responsible for
overdue follow-up rounds. Run it daily from cron; running it more often sends nothing new.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from followups.reminders import reminders_send


class Command(BaseCommand):
    help = _(
        "Mail the coordinators and community police officers of every overdue follow-up "
        "round: at most one mail per person, round and day, however often it runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default="",
            help=_(
                "The address of the site, for the links in the mail, for example "
                "https://medborgarloften.example.se. By default the first of ALLOWED_HOSTS "
                "over https."
            ),
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help=_("The day to check, as YYYY-MM-DD; by default today."),
        )

    def handle(self, *args, **options) -> None:
        base_url = options["base_url"].rstrip("/") or self.default_base_url()
        today = options["today"] or timezone.localdate()
        result = reminders_send(today=today, base_url=base_url)
        self.stdout.write(
            _("%(mails)d reminders sent, %(skipped)d people already reminded today.")
            % {"mails": result.mails, "skipped": result.skipped}
        )
        if result.failed:
            # A non-zero exit, so that cron tells the administrator.
            raise CommandError(
                _("%(failed)d reminders could not be sent; the next run tries again.")
                % {"failed": result.failed}
            )

    def default_base_url(self) -> str:
        hosts = [host for host in settings.ALLOWED_HOSTS if host not in ("*", "")]
        if not hosts:
            raise CommandError(_("Give the address of the site with --base-url."))
        return f"https://{hosts[0].lstrip('.')}"
