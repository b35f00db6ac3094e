from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone, translation

from vereinbar.core.backup import BackupError, backup_write
from vereinbar.core.console import language_from_environment


class Command(BaseCommand):
    help = (
        "Write a complete backup (database content and uploaded files) to one ZIP archive; "
        "restore it with 'vereinbar restore'. See docs/backup.md."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            help="Archive to write (default: DATA_DIR/backups/vereinbar-<date and time>.zip). '-' writes to stdout.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias to back up.")

    def handle(self, *args: Any, **options: Any) -> None:
        # An administrator's console: messages in the language of LANG (else English), not the site's.
        with translation.override(language_from_environment()):
            self._backup(options)

    def _backup(self, options: dict[str, Any]) -> None:
        path = options["path"]
        if path is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = Path(settings.DATA_DIR) / "backups" / f"vereinbar-{stamp}.zip"
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        elif path != "-":
            path = Path(path)
            if path.exists():
                raise CommandError(f"{path} exists already; choose another name.")
        partial = Path(f"{path}.partial") if path != "-" else None
        try:
            if partial is None:
                import io
                import sys

                buffer = io.BytesIO()
                manifest = backup_write(buffer, using=options["database"])
                sys.stdout.buffer.write(buffer.getvalue())
                return
            # A backup holds password hashes and every survey answer: readable by its owner only.
            partial.unlink(missing_ok=True)  # left by a run that was killed
            with open(partial, "xb", opener=lambda name, flags: os.open(name, flags, 0o600)) as stream:
                manifest = backup_write(stream, using=options["database"])
            partial.rename(path)
        except BackupError as error:
            if partial is not None:
                partial.unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        except BaseException:
            if partial is not None:
                partial.unlink(missing_ok=True)
            raise
        rows = sum(manifest["counts"].values())
        files = sum(1 for item in manifest["files"] if not item.get("missing"))
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}: {rows} rows, {files} files."))
        for item in manifest["files"]:
            if item.get("missing"):
                self.stderr.write(f"  missing in storage {item['storage']}: {item['name']}")
