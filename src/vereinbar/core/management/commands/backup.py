from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from vereinbar.core.backup import BackupError, backup_write


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
        path = options["path"]
        if path is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = Path(settings.DATA_DIR) / "backups" / f"vereinbar-{stamp}.zip"
            path.parent.mkdir(parents=True, exist_ok=True)
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
            manifest = backup_write(partial, using=options["database"])
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
