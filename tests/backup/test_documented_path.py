"""docs/backup.md's commands, run as written, in new installations: ``vereinbar migrate``, then
``vereinbar restore FILE``. Each installation is its own data directory (and database), the
commands are the console command in their own processes, as an operator types them."""

from __future__ import annotations

import os
import time
import uuid

import pytest

from .conftest import VEREINBAR, counts, new_installation, vereinbar

# demo_backup (conftest.py): the embedded installation with the demo, backed up with the
# documented command, made once per pass and shared with test_round_trip.py.


def test_assumptions():
    assert VEREINBAR.exists(), "the console command is installed beside the interpreter (bin/run, bin/test)"


@pytest.mark.database("postgresql")  # the PostgreSQL pass: a server is there to make databases on
def test_a_backup_moves_from_sqlite_to_postgresql_and_back(demo_backup, blank_embedded, tmp_path):
    """The embedded demo's backup into PostgreSQL, and PostgreSQL's backup into a new embedded
    installation: each restore's own backup holds every row the demo's did. (The second half is
    also the embedded-to-embedded path; the demo is made once, in this pass.)"""
    import psycopg

    server = os.environ["DATABASE_URL"]
    name = f"restore_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    database_url = server.rsplit("/", 1)[0] + "/" + name
    try:
        production = new_installation(tmp_path, "production", database_url)
        vereinbar("restore", str(demo_backup), data_dir=production, database_url=database_url)
        vereinbar("backup", str(tmp_path / "from-postgresql.zip"), data_dir=production, database_url=database_url)
        assert counts(tmp_path / "from-postgresql.zip") == counts(demo_backup)

        embedded = new_installation(tmp_path, "embedded-again", blank=blank_embedded)
        vereinbar("restore", str(tmp_path / "from-postgresql.zip"), data_dir=embedded)
        vereinbar("backup", str(tmp_path / "back.zip"), data_dir=embedded)
        assert counts(tmp_path / "back.zip") == counts(demo_backup)
    finally:
        _drop(server, name)


def _drop(server: str, name: str) -> None:
    """Drop the database. Without FORCE: that would end an autovacuum worker the restore's rows
    woke only with a superuser's rights (the worker has no role), and the commands' own sessions
    have ended with their processes; the server stops the worker itself and waits a few seconds
    for other sessions (ObjectInUse after that: tried again)."""
    import psycopg

    for attempt in range(10):
        try:
            with psycopg.connect(server, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            return
        except psycopg.errors.ObjectInUse:
            if attempt == 9:
                raise
            time.sleep(1)
