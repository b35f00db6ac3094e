"""``vereinbar programme load|validate|export|list``: programme definitions on the command line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vereinbar.core.console import language_from_environment
from vereinbar.programmes.definition import Problem, ProgrammeInvalid
from vereinbar.programmes.exporter import version_export
from vereinbar.programmes.models import Programme, ProgrammeVersion
from vereinbar.programmes.selectors import reference_split, versions_sorted
from vereinbar.programmes.services import LoadStatus, programme_check, programme_load


class Command(BaseCommand):
    help = "Load, check, export and list programme definitions (see docs/programme-format.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--language",
            default=None,
            help="Language of the messages (de, nl, en); default from LANG, else English.",
        )
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load programme files; each is stored completely or not at all.")
        load.add_argument("files", nargs="+", help="YAML or JSON files in the programme format")
        load.add_argument("--operator", default=None, help="Short name of the operator, if the file names none")
        validate = sub.add_parser("validate", help="Check programme files without storing anything.")
        validate.add_argument("files", nargs="+")
        validate.add_argument("--operator", default=None)
        export = sub.add_parser("export", help="Write a loaded version in canonical form.")
        export.add_argument("reference", help="ID or ID@VERSION (without version: the current version)")
        export.add_argument("-o", "--output", default=None, help="File to write (default: standard output)")
        export.add_argument("--format", choices=["yaml", "json"], default=None, help="Default: from -o, else yaml")
        listing = sub.add_parser("list", help="List loaded programmes and their versions.")
        # `programme validate --language de FILE` as well as `programme --language de validate FILE`;
        # SUPPRESS keeps the value given before the action when none is given after it
        for action in (load, validate, export, listing):
            action.add_argument("--language", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"] or language_from_environment())
        action = options["action"]
        if action == "load":
            self.load(options["files"], options["operator"], dry_run=False)
        elif action == "validate":
            self.load(options["files"], options["operator"], dry_run=True)
        elif action == "export":
            self.export(options["reference"], options["output"], options["format"])
        else:
            self.list()

    def _problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.stderr.write(str(problem))

    def _warnings(self, warnings: list[Problem]) -> None:
        for warning in warnings:
            self.stderr.write(_("warning: %(warning)s") % {"warning": warning})

    def load(self, files: list[str], operator: str | None, *, dry_run: bool) -> None:
        failed = 0
        for name in files:
            path = Path(name)
            try:
                raw = path.read_bytes()
            except OSError as exc:
                self.stderr.write(_("%(file)s: cannot be read (%(error)s)") % {"file": name, "error": exc.strerror})
                failed += 1
                continue
            try:
                if dry_run:
                    problems, warnings = programme_check(raw=raw, filename=name, operator_slug=operator)
                    if problems:
                        raise ProgrammeInvalid(problems, warnings)
                    self._warnings(warnings)
                    self.stdout.write(_("%(file)s: valid") % {"file": name})
                    continue
                outcome = programme_load(actor=None, raw=raw, filename=name, operator_slug=operator, trusted=True)
            except ProgrammeInvalid as exc:
                self._problems(exc.problems)
                self._warnings(exc.warnings)
                count = len(exc.problems)
                summary = (
                    ngettext("%(file)s: %(count)s problem.", "%(file)s: %(count)s problems.", count)
                    if dry_run
                    else ngettext(
                        "%(file)s: %(count)s problem; nothing was loaded.",
                        "%(file)s: %(count)s problems; nothing was loaded.",
                        count,
                    )
                )
                self.stderr.write(summary % {"file": name, "count": count})
                failed += 1
                continue
            texts = {
                LoadStatus.CREATED: _("%(file)s: loaded %(label)s"),
                LoadStatus.UNCHANGED: _("%(file)s: %(label)s already loaded with the same content; nothing changed"),
            }
            self._warnings(outcome.warnings)
            self.stdout.write(texts[outcome.status] % {"file": name, "label": outcome.version_label})
        if failed:
            raise CommandError(
                ngettext("%(count)s of %(total)s file failed.", "%(count)s of %(total)s files failed.", len(files))
                % {"count": failed, "total": len(files)}
            )

    def export(self, reference: str, output: str | None, fmt: str | None) -> None:
        identifier, version_name = reference_split(reference)
        programme = Programme.objects.filter(identifier=identifier).first()
        if programme is None:
            raise CommandError(_("There is no programme “%(id)s”.") % {"id": identifier})
        if version_name is None:
            version = programme.current_version
        else:
            version = ProgrammeVersion.objects.filter(programme=programme, version=version_name).first()
        if version is None:
            raise CommandError(_("There is no version “%(ref)s”.") % {"ref": reference})
        fmt = fmt or ("json" if output and output.endswith(".json") else "yaml")
        exported = version_export(version, fmt)
        if output:
            Path(output).write_text(exported.body, encoding="utf-8")
            self.stderr.write(_("Wrote %(file)s") % {"file": output})
        else:
            self.stdout.write(exported.body, ending="")

    def list(self) -> None:
        for programme in Programme.objects.select_related("operator", "current_version"):
            current = programme.current_version
            title = current.localised("title") if current else ""
            versions = ", ".join(v.version for v in versions_sorted(programme=programme))
            operator = programme.operator.slug if programme.operator else "–"
            self.stdout.write(f"{programme.identifier}\t{title}\t{operator}\t{versions}")
