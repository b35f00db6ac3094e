"""Backups of a whole installation: one ZIP archive with the database content and the uploaded
files, restorable into an empty installation on SQLite or PostgreSQL (see docs/backup.md)."""

from .archive import FORMAT_VERSION, BackupError
from .dump import backup_write
from .restore import backup_restore

__all__ = ["FORMAT_VERSION", "BackupError", "backup_restore", "backup_write"]
