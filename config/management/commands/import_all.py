import sys

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, IntegrityError

from config.lib import backup


class Command(BaseCommand):
    help = (
        "Load a file written by export_all into this (migrated, empty) database, all or "
        "nothing. --force replaces whatever the database holds."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The export; - for standard input.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Delete the data already in the database and load the file instead.",
        )

    def handle(self, *args, file: str, force: bool, **options) -> None:
        try:
            if file == "-":
                loaded = backup.import_all(sys.stdin, force=force)
            else:
                with open(file, encoding="utf-8") as stream:
                    loaded = backup.import_all(stream, force=force)
        except OSError as error:
            raise CommandError(f"Kan inte läsa {file}: {error.strerror}.") from error
        except backup.NonEmptyDatabase as error:
            raise CommandError(
                f"Databasen innehåller redan data ({error}). Importera till en tom databas, "
                "eller använd --force för att ersätta allt i den."
            ) from error
        except (DeserializationError, IntegrityError, DatabaseError) as error:
            raise CommandError(f"Inget importerades: {error}") from error
        self.stdout.write(f"Importerade {loaded} objekt från {file}.")
