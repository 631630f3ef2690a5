"""`manage.py import_charter FILE.json`: a draft citizen promise from its open data JSON."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from followups.opendata import CharterImportError, charter_import
from followups.opendata.reading import ImportAction


class Command(BaseCommand):
    help = _(
        "Create a draft citizen promise from a JSON file in the open data schema, such as "
        "/api/v1/medborgarloften/<id>/ gives, or update the draft the same file made. "
        "Everything is imported or nothing is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("The JSON file to import."))
        parser.add_argument(
            "--published",
            action="store_true",
            help=_(
                "Load a historical citizen promise as published or closed, as the file says, "
                "with its situation report published; it needs a signing date and a signatory "
                "of the municipality and of the police. Without it the import is a draft."
            ),
        )

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
            result = charter_import(data=data, published=options["published"])
        except CharterImportError as error:
            raise CommandError(
                _("Nothing was imported from %(path)s:\n%(errors)s")
                % {"path": path, "errors": error}
            ) from None
        charter = result.charter
        context = {
            "title": charter.title,
            "municipality": charter.municipality.name,
            "id": charter.pk,
            "status": charter.get_status_display(),
        }
        if result.action == ImportAction.UNCHANGED:
            self.stdout.write(
                _(
                    "Nothing to update: %(title)s of %(municipality)s (id %(id)s) was imported "
                    "from this very file already."
                )
                % context
            )
            return
        if result.action == ImportAction.UPDATED:
            self.stdout.write(
                _("Updated %(title)s of %(municipality)s (id %(id)s, %(status)s).") % context
            )
        else:
            self.stdout.write(
                _("Imported %(title)s of %(municipality)s (id %(id)s, %(status)s).") % context
            )
        self.stdout.write(result.summary)
        self.stdout.write(charter.get_absolute_url())
