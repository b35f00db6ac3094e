"""``vereinbar measures load-catalogue [FILE]``: load the measure catalogue (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from vereinbar.measures.catalogue import CatalogueInvalid, catalogue_file
from vereinbar.measures.services import catalogue_load


class Command(BaseCommand):
    help = "Measure catalogue tasks. `measures load-catalogue [FILE]` loads library/measures/catalogue.yaml or FILE."

    def add_arguments(self, parser: Any) -> None:
        commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
        load = commands.add_parser(
            "load-catalogue", help="Load a catalogue file; entries are matched by key, so running it again is safe."
        )
        load.add_argument("file", nargs="?", type=Path, help=f"Catalogue file (default: {catalogue_file()}).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["command"] == "load-catalogue":
            self._load(options.get("file"))

    def _load(self, path: Path | None) -> None:
        path = path or catalogue_file()
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            result = catalogue_load(path=path)
        except CatalogueInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{path.name}: {len(exc.problems)} problem(s); nothing was loaded.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name}: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged, {result.retired} retired."
            )
        )
