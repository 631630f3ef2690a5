from django.core.management.base import BaseCommand

from config.lib import backup


class Command(BaseCommand):
    help = (
        "Write every domain object (users with their password hashes, history included) as "
        "JSON, to FILE or to standard output. import_all reads it back."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", default="-", help="Where to write; - for stdout.")
        parser.add_argument("--indent", type=int, default=None, help="Indent the JSON.")

    def handle(self, *args, file: str, indent: int | None, **options) -> None:
        if file == "-":
            # Straight to the stream: the command's own wrapper would add line endings.
            backup.export_all(self.stdout._out, indent=indent)
            return
        with open(file, "w", encoding="utf-8") as stream:
            backup.export_all(stream, indent=indent)
        self.stdout.write(f"Exporterade allt till {file}.")
