"""Cache backends of our own."""

from __future__ import annotations

import itertools
import os
import pickle
import sqlite3
import threading
import time
import zlib
from pathlib import Path
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache


class SQLiteCache(BaseCache):
    """A cache in one SQLite file, shared by every process on the machine (the web server's
    workers). Reading is one primary-key ``SELECT``, writing one ``INSERT OR REPLACE``, in WAL
    mode without waiting for the disk: cheaper than Django's file-based cache, which creates a
    file per entry and lists its directory on every write. What is cached can be lost (a crash
    may drop the last writes), never the database's data.

    Every ``CULL_EVERY``-th write of a process removes expired entries and, beyond
    ``MAX_ENTRIES``, those closest to expiring (a fraction ``1/CULL_FREQUENCY`` of them)."""

    CULL_EVERY = 100
    BUSY_TIMEOUT_MS = 5000

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self._path = Path(location)
        self._local = threading.local()
        self._writes = itertools.count(1)

    # --- connection per thread and process ----------------------------------------------

    def _db(self) -> sqlite3.Connection:
        local = self._local
        if getattr(local, "pid", None) != os.getpid():  # new thread, or a forked process
            self._path.parent.mkdir(parents=True, exist_ok=True)
            local.db, local.pid = self._open(), os.getpid()
        return local.db  # type: ignore[no-any-return]

    def _open(self) -> sqlite3.Connection:
        """Open the file, the first process to come creating it. Switching to WAL takes the file
        for itself and SQLite does not wait for that switch the way it waits for a busy write:
        two processes starting at once would see ``database is locked``. So the mode is only
        set when it is not WAL yet, and the set-up is retried until the busy timeout."""
        db = sqlite3.connect(self._path, timeout=self.BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        deadline = time.monotonic() + self.BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=OFF")
                # The expiry before the value, and indexed: culling reads it without the values' pages.
                db.execute("CREATE TABLE IF NOT EXISTS entry (key TEXT PRIMARY KEY, expires REAL, value BLOB NOT NULL)")
                db.execute("CREATE INDEX IF NOT EXISTS entry_expires ON entry (expires)")
                return db
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    db.close()
                    raise
                time.sleep(0.02)

    def _expiry(self, timeout: float | object | None) -> float | None:
        """The moment an entry expires (Django's ``get_backend_timeout`` gives it for this backend
        kind), None for never."""
        return self.get_backend_timeout(timeout)  # type: ignore[arg-type]  # DEFAULT_TIMEOUT is an object

    # --- the cache API ----------------------------------------------------------------------

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        row = self._db().execute("SELECT value, expires FROM entry WHERE key = ?", (key,)).fetchone()
        if row is None or (row[1] is not None and row[1] < time.time()):
            return default
        return pickle.loads(zlib.decompress(row[0]))  # noqa: S301 - written by this installation only

    def set(
        self, key: str, value: Any, timeout: float | object | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        key = self.make_and_validate_key(key, version=version)
        data = zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)  # pages: a fifth of their size
        db = self._db()
        db.execute(
            "INSERT OR REPLACE INTO entry (key, expires, value) VALUES (?, ?, ?)", (key, self._expiry(timeout), data)
        )
        if next(self._writes) % self.CULL_EVERY == 0:
            self._cull(db)

    def add(
        self, key: str, value: Any, timeout: float | object | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        """Store only if no live entry has the key: one insert that yields to an existing row, so
        two processes adding at once cannot both succeed."""
        key = self.make_and_validate_key(key, version=version)
        data = zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)
        db = self._db()
        db.execute("DELETE FROM entry WHERE key = ? AND expires IS NOT NULL AND expires < ?", (key, time.time()))
        inserted = db.execute(
            "INSERT OR IGNORE INTO entry (key, expires, value) VALUES (?, ?, ?)", (key, self._expiry(timeout), data)
        )
        return inserted.rowcount == 1

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> Any:
        """Add ``delta`` to a live entry in one write transaction, so that counts from several
        processes add up (the base class reads, then writes: two processes could both read 3
        and both write 4)."""
        key = self.make_and_validate_key(key, version=version)
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute("SELECT value, expires FROM entry WHERE key = ?", (key,)).fetchone()
            if row is None or (row[1] is not None and row[1] < time.time()):
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(zlib.decompress(row[0])) + delta  # noqa: S301 - written by this installation only
            data = zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)
            db.execute("UPDATE entry SET value = ? WHERE key = ?", (data, key))
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        return value

    def touch(self, key: str, timeout: float | object | None = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        cursor = self._db().execute("UPDATE entry SET expires = ? WHERE key = ?", (self._expiry(timeout), key))
        return cursor.rowcount > 0

    def delete(self, key: str, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return self._db().execute("DELETE FROM entry WHERE key = ?", (key,)).rowcount > 0

    def has_key(self, key: str, version: int | None = None) -> bool:
        return self.get(key, _MISSING, version=version) is not _MISSING

    def clear(self) -> None:
        self._db().execute("DELETE FROM entry")

    def _cull(self, db: sqlite3.Connection) -> None:
        db.execute("DELETE FROM entry WHERE expires IS NOT NULL AND expires < ?", (time.time(),))
        count = db.execute("SELECT COUNT(*) FROM entry").fetchone()[0]
        if count > self._max_entries:
            surplus = count - self._max_entries + (count // self._cull_frequency if self._cull_frequency else count)
            db.execute(
                "DELETE FROM entry WHERE key IN (SELECT key FROM entry ORDER BY expires IS NULL, expires LIMIT ?)",
                (surplus,),
            )


_MISSING = object()
