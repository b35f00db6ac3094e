"""vereinbar instrument load FILE… | check FILE… | export ID[@VERSION] [-o FILE] | list

Survey questionnaires are data (docs/survey-format.md). Loading the same version again
changes nothing; a changed text under a version that is already loaded is refused. Every
problem in a file is listed with its line and field path; nothing is loaded then.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vereinbar.surveys.instrument import InstrumentInvalid, instrument_check
from vereinbar.surveys.models import InstrumentVersion
from vereinbar.surveys.selectors import instrument_export
from vereinbar.surveys.services.instruments import instrument_load


class Command(BaseCommand):
    help = "Load, check, export or list survey questionnaires (instruments)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        load = commands.add_parser("load", help="Load instrument files (YAML).")
        load.add_argument("files", nargs="+", type=Path)
        check = commands.add_parser("check", help="Check instrument files without loading them.")
        check.add_argument("files", nargs="+", type=Path)
        export = commands.add_parser("export", help="Write an instrument version as canonical YAML.")
        export.add_argument("reference", help="urn:…  or  urn:…@VERSION")
        export.add_argument("-o", "--output", type=Path, help="File to write (default: standard output).")
        commands.add_parser("list", help="List loaded instrument versions.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            for version in InstrumentVersion.objects.select_related("instrument").order_by(
                "instrument__urn", "loaded_at"
            ):
                self.stdout.write(f"{version.reference}\t{version.title}\t{version.content_hash[:12]}")
            return
        if action == "export":
            try:
                text = instrument_export(reference=options["reference"])
            except InstrumentVersion.DoesNotExist:
                raise CommandError(f"No loaded instrument {options['reference']}") from None
            if options["output"]:
                options["output"].write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")
            return
        failed = False
        for path in options["files"]:
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}") from None
            if action == "check":
                checked = instrument_check(raw, filename=str(path))
                for problem in checked.problems:
                    self.stderr.write(str(problem))
                failed |= not checked.ok
                if checked.ok:
                    self.stdout.write(f"{path}: OK")
                continue
            try:
                loaded = instrument_load(raw=raw, filename=str(path))
            except InstrumentInvalid as exc:
                for problem in exc.problems:
                    self.stderr.write(str(problem))
                failed = True
                continue
            state = "loaded" if loaded.created else "already loaded, unchanged"
            self.stdout.write(f"{path}: {loaded.version.reference} {state}")
        if failed:
            raise CommandError("Some files have problems; nothing was loaded from them.")
