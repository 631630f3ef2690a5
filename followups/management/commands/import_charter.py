"""`manage.py import_charter FILE.json`: create a citizen promise from its open data JSON."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from followups.models import FollowUp, FollowUpRound
from followups.opendata import CharterImportError, charter_import
from promises.models import Activity, Indicator


class Command(BaseCommand):
    help = _(
        "Create a citizen promise from a JSON file in the open data schema, such as "
        "/api/v1/medborgarloften/<id>/ gives. Everything is imported or nothing is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("The JSON file to import."))

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        try:
            # utf-8-sig: a file saved by a Windows editor may start with a byte order mark.
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(_("There is no file %(path)s.") % {"path": path}) from None
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("Could not read %(path)s: %(error)s") % {"path": path, "error": error}
            ) from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                _("%(path)s is not valid JSON: %(error)s (line %(line)s, column %(column)s).")
                % {"path": path, "error": error.msg, "line": error.lineno, "column": error.colno}
            ) from None
        try:
            charter = charter_import(data=data)
        except CharterImportError as error:
            raise CommandError(
                _("Nothing was imported from %(path)s:\n%(errors)s")
                % {"path": path, "errors": error}
            ) from None

        self.stdout.write(
            _("Imported %(title)s of %(municipality)s (id %(id)s, %(status)s).")
            % {
                "title": charter.title,
                "municipality": charter.municipality.name,
                "id": charter.pk,
                "status": charter.get_status_display(),
            }
        )
        counts = [
            (_("promises"), charter.promises.count()),
            (_("activities"), Activity.objects.filter(promise__charter=charter).count()),
            (_("indicators"), Indicator.objects.filter(promise__charter=charter).count()),
            (_("follow-up rounds"), FollowUpRound.objects.filter(charter=charter).count()),
            (_("follow-ups"), FollowUp.objects.filter(round__charter=charter).count()),
        ]
        if charter.situation_report_id:
            report = charter.situation_report
            counts[:0] = [
                (_("sources"), report.sources.count()),
                (_("findings"), report.findings.count()),
            ]
        for label, count in counts:
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(charter.get_absolute_url())
