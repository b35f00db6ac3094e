"""Closing a survey leaves nothing of its drafts and invitations in the database files: not in
the SQLite file, not in its write-ahead log (``-wal``), while other connections stay open as a
running server's do."""

from __future__ import annotations

import sqlite3
import subprocess

import pytest

from tests.faults.conftest import World

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

UNFINISHED = "Zebrafinch-unfinished-answer"
SUBMITTED = "Kingfisher-submitted-comment"


def _files(world: World) -> bytes:
    """The bytes of the database file and its log, read by another process: closing a file this
    process opened would drop the reader connection's locks (POSIX), and the next connection to
    close would think itself the last one and checkpoint."""
    path = world.sqlite_path
    wal = path.with_name(path.name + "-wal")
    files = [str(candidate) for candidate in (path, wal) if candidate.exists()]
    return subprocess.run(["cat", *files], capture_output=True, check=True).stdout


@pytest.mark.database("sqlite")
def test_closing_a_survey_and_retention_leave_nothing_deleted_in_the_sqlite_files(world: World):
    from vereinbar.surveys.tokens import draft_key, token_hash

    tokens = world.data["tokens"]
    world.run("drafts", UNFINISHED, *tokens[:4])
    world.run("submit", SUBMITTED, *tokens[4:7])  # fewer than k: sealed drafts waiting for their batch
    keys = [draft_key(token) for token in tokens[:7]]
    invitations = [token_hash(token) for token in tokens]
    emails = [row[0] for row in world.query("SELECT email FROM surveys_surveyinvitation")]

    # A connection stays open, as the server's do (the last one to close would checkpoint).
    reader = sqlite3.connect(world.sqlite_path)
    try:
        reader.execute("SELECT COUNT(*) FROM surveys_survey").fetchall()
        before = _files(world)
        assert UNFINISHED.encode() in before and all(key.encode() in before for key in keys)
        assert all(value.encode() in before for value in invitations + emails)

        world.run("close", str(world.data["survey"]))

        after = _files(world)
        assert reader.execute("SELECT status FROM surveys_survey").fetchall() == [("closed",)]
        assert UNFINISHED.encode() not in after
        for value in keys + invitations + emails:
            assert value.encode() not in after, value  # the hashes are stored as hex text
        wal = world.sqlite_path.with_name(world.sqlite_path.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0
        # The submitted answers stay, as anonymous responses and comments, until their
        # retention period ends; then they are gone from the files too.
        assert SUBMITTED.encode() in after
        assert world.run("retention", str(world.data["survey"])) == {"responses": 0}
        assert SUBMITTED.encode() not in _files(world)
    finally:
        reader.close()


@pytest.mark.database("postgresql")
def test_closing_a_survey_on_postgresql_vacuums_the_drafts_and_invitations(world: World):
    import time

    tokens = world.data["tokens"]
    world.run("drafts", UNFINISHED, *tokens[:3])
    tables = ("surveys_responsedraft", "surveys_surveyinvitation")
    listed = ", ".join(f"'{table}'" for table in tables)
    query = f"SELECT relname, last_vacuum FROM pg_stat_user_tables WHERE relname IN ({listed})"  # noqa: S608
    assert all(vacuumed is None for _table, vacuumed in world.query(query))
    world.run("close", str(world.data["survey"]))
    deadline = time.monotonic() + 15  # the statistics reach pg_stat_user_tables with a delay
    while not all(vacuumed is not None for _table, vacuumed in world.query(query)):
        assert time.monotonic() < deadline, world.query(query)
        time.sleep(0.5)
    assert world.scalar("SELECT COUNT(*) FROM surveys_responsedraft") == 0
