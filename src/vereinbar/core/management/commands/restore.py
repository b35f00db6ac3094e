from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from vereinbar.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by 'vereinbar backup' into this installation, which must be empty "
        "(a new database after 'vereinbar migrate'). All or nothing. See docs/backup.md."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="The backup archive (.zip).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias to restore into.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            counts = backup_restore(path, using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {sum(counts.values())} rows from {path}."))
