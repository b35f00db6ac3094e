"""A backup restored into an empty installation reproduces every row, every file and the API's
answers (every GET operation, for every object but those of the made-up directory
organisations, of which a fixed sample: see api_urls): on SQLite in the SQLite pass of
bin/test, SQLite ↔ PostgreSQL in the PostgreSQL pass (where both are available)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from django.db.utils import load_backend

from vereinbar.core.backup import backup_restore, backup_write
from vereinbar.cycles.models import Evidence
from vereinbar.organisations.models import Organisation
from vereinbar.surveys.models import Response

from .conftest import RESPONSES, api_snapshot, api_urls, files_removed, rows_snapshot

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _empty(using: str = "default") -> None:
    """Make the database an empty installation again: tables emptied, migrations' own rows back."""
    call_command("flush", interactive=False, database=using, verbosity=0)


def _assert_same(before: dict, after: dict, *, restores: int = 1) -> None:
    assert before.keys() == after.keys()
    for key in before:
        assert before[key] == after[key], key


# Both directions take about as long as the demo itself; the PostgreSQL pass runs the
# cross-database test (which restores into PostgreSQL), the SQLite pass this one, and both
# passes the small same-database round trip in test_refusals.py.
@pytest.mark.database("sqlite")  # the PostgreSQL pass runs the cross-database test instead
def test_a_restore_into_an_empty_database_reproduces_every_row_file_and_api_answer(installation, tmp_path, settings):
    urls = api_urls()
    assert len(urls) > 50
    answers = api_snapshot(urls)
    rows = rows_snapshot()  # after logging in for the API (it sets last_login)
    responses = len(rows["surveys.response"])  # the survey's 5,000 and the demo's own surveys'
    assert responses >= RESPONSES
    logo = Organisation.objects.exclude(logo="").get()
    logo_bytes = logo.logo.read()
    evidence = Evidence.objects.exclude(file="").order_by("pk").first()  # a private file
    assert evidence is not None
    evidence_bytes = evidence.file.read()

    manifest = backup_write(tmp_path / "backup.zip")
    assert manifest["counts"]["surveys.response"] == responses

    _empty()
    files_removed()
    assert not Response.objects.exists()

    counts = backup_restore(tmp_path / "backup.zip")
    assert counts == manifest["counts"]
    _assert_same(rows, rows_snapshot())
    _assert_same(answers, api_snapshot(urls))
    assert Organisation.objects.exclude(logo="").get().logo.read() == logo_bytes
    assert Evidence.objects.get(pk=evidence.pk).file.read() == evidence_bytes


# The installation's demo is restored from the embedded demo's backup that
# test_documented_path.py restores too (demo_backup): one demo load in this pass instead of two.
@pytest.mark.database("postgresql")  # runs in bin/test's PostgreSQL pass
def test_a_backup_taken_on_sqlite_restored_into_postgresql_answers_the_api_identically(
    installation_from_demo_backup, blank_embedded, tmp_path, settings
):
    urls = api_urls()
    answers = api_snapshot(urls)
    rows = rows_snapshot()

    # PostgreSQL → SQLite: a fresh embedded database, migrated like a new installation (a copy of
    # the one ``vereinbar migrate`` made for this pass: blank_embedded).
    sqlite_file = Path(tempfile.mkdtemp(dir=tmp_path)) / "embedded.sqlite3"
    shutil.copyfile(blank_embedded, sqlite_file)
    # A connection made here rather than in settings.DATABASES (which the test framework
    # would guard): the embedded installation's database beside the PostgreSQL one.
    blank = {"HOST": "", "PORT": "", "USER": "", "PASSWORD": "", "OPTIONS": {}}
    embedded = (
        connections.settings["default"] | blank | {"ENGINE": "django.db.backends.sqlite3", "NAME": str(sqlite_file)}
    )
    connections._connections.embedded = load_backend(embedded["ENGINE"]).DatabaseWrapper(embedded, "embedded")
    media = settings.MEDIA_ROOT
    try:
        backup_write(tmp_path / "from-postgresql.zip")
        files_removed()  # the private files stay where they are: the other installation's now
        settings.MEDIA_ROOT = tmp_path / "embedded" / "media"  # the other installation's files
        backup_restore(tmp_path / "from-postgresql.zip", using="embedded")
        _assert_same(rows, rows_snapshot("embedded"))

        # SQLite → PostgreSQL: the backup taken on SQLite, restored into an empty PostgreSQL.
        manifest = backup_write(tmp_path / "from-sqlite.zip", using="embedded")
        assert manifest["database_vendor"] == "sqlite"
    finally:
        connections["embedded"].close()
        del connections._connections.embedded
        settings.MEDIA_ROOT = media
    _empty()
    files_removed()
    backup_restore(tmp_path / "from-sqlite.zip")
    # The planner knows the restored rows at once, not after autovacuum's next round.
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Response._meta.db_table])
        assert cursor.fetchone()[0] == Response.objects.count() > 0
    _assert_same(rows, rows_snapshot(), restores=2)  # PostgreSQL → SQLite → PostgreSQL
    _assert_same(answers, api_snapshot(urls))
