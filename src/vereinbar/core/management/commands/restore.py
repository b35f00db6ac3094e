from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import translation

from vereinbar.core.backup import BackupError, backup_restore
from vereinbar.core.console import language_from_environment


class Command(BaseCommand):
    help = (
        "Restore a backup written by 'vereinbar backup' into this installation, which must be empty "
        "(a new database after 'vereinbar migrate'). All or nothing. See docs/backup.md."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="The backup archive (.zip).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias to restore into.")

    def handle(self, *args: Any, **options: Any) -> None:
        # An administrator's console: messages in the language of LANG (else English), not the site's.
        with translation.override(language_from_environment()):
            self._restore(options)

    def _restore(self, options: dict[str, Any]) -> None:
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            counts = backup_restore(path, using=options["database"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {sum(counts.values())} rows from {path}."))
