"""Deleted rows that must not be recoverable from the database files (docs/anonymity.md,
"After closing"): a survey's drafts and invitations when it closes, its raw answers at the
end of the retention period.

- SQLite: every connection deletes with ``PRAGMA secure_delete=ON`` (settings), so deleted
  content is overwritten in the pages; but the write-ahead log (``-wal``) still holds the pages
  as they were before, until a checkpoint copies the new ones into the database file and the
  log is emptied. ``rows_forget`` runs ``PRAGMA wal_checkpoint(TRUNCATE)`` for that.
- PostgreSQL: a deleted row stays in its page as a dead tuple until VACUUM; ``rows_forget``
  runs ``VACUUM`` on the tables (it cannot run inside a transaction, so only when none is
  open). The freed space is reused by later writes but not zeroed at once, and the server's
  WAL segments and archives keep the old rows until they are recycled.

Call it in the transaction that deletes: it runs after the commit (``on_commit``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import DatabaseError, connections, transaction

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger("vereinbar.erasure")


def rows_forget(*, tables: Sequence[str], using: str = "default") -> None:
    """After the current transaction commits: make the rows deleted from ``tables`` unrecoverable
    from the database files (as far as the database allows; see the module docstring)."""
    transaction.on_commit(lambda: database_files_scrub(tables=tables, using=using), using=using)


def database_files_scrub(*, tables: Sequence[str], using: str = "default") -> bool:
    """Checkpoint and empty SQLite's log, or VACUUM the tables on PostgreSQL. True when done."""
    connection = connections[using]
    if connection.in_atomic_block:  # neither runs inside a transaction (tests' on_commit does)
        logger.warning("erasure: skipped inside a transaction", extra={"event": "erasure_skipped"})
        return False
    try:
        if connection.vendor == "sqlite":
            return _sqlite_checkpoint(connection)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in tables:
                    cursor.execute(f"VACUUM {connection.ops.quote_name(table)}")
            return True
    except DatabaseError:
        logger.warning("erasure: the database files could not be cleaned now", exc_info=True)
        return False
    return False


def _sqlite_checkpoint(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        for attempt in range(20):  # about 5 s in all, in the request that closed the survey
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, _log, _done = cursor.fetchone()
            if not busy:
                return True
            time.sleep(min(0.05 * (attempt + 1), 0.3))  # a reader still on an older snapshot
    logger.warning(
        "erasure: the SQLite log could not be emptied (readers kept it busy)",
        extra={"event": "erasure_incomplete"},
    )
    return False
