"""docs/backup.md's commands, run as written, in new installations: ``vereinbar migrate``, then
``vereinbar restore FILE``. Each installation is its own data directory (and database), the
commands are the console command in their own processes, as an operator types them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest

VEREINBAR = Path(sys.executable).with_name("vereinbar")


def vereinbar(*args: str, data_dir: Path, database_url: str = "") -> str:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_URL", "PG"))}
    env |= {"DJANGO_SETTINGS_MODULE": "vereinbar.settings", "VEREINBAR_DATA_DIR": str(data_dir)}
    if database_url:
        env["DATABASE_URL"] = database_url
    done = subprocess.run([str(VEREINBAR), *args], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"vereinbar {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def new_installation(tmp_path: Path, name: str, database_url: str = "") -> Path:
    data_dir = tmp_path / name
    data_dir.mkdir()
    vereinbar("migrate", data_dir=data_dir, database_url=database_url)
    return data_dir


def counts(archive: Path) -> dict[str, int]:
    with zipfile.ZipFile(archive) as opened:
        return json.loads(opened.read("manifest.json"))["counts"]


@pytest.fixture(scope="module")
def demo_backup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded installation with the demo, backed up with the documented command."""
    tmp_path = tmp_path_factory.mktemp("source")
    data_dir = new_installation(tmp_path, "embedded")
    vereinbar("demo", data_dir=data_dir)
    archive = tmp_path / "site.zip"
    vereinbar("backup", str(archive), data_dir=data_dir)
    assert counts(archive)["organisations.organisation"] > 0
    return archive


def test_assumptions():
    assert VEREINBAR.exists(), "the console command is installed beside the interpreter (bin/run, bin/test)"


@pytest.mark.database("postgresql")  # the PostgreSQL pass: a server is there to make databases on
def test_a_backup_moves_from_sqlite_to_postgresql_and_back(demo_backup, tmp_path):
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

        embedded = new_installation(tmp_path, "embedded-again")
        vereinbar("restore", str(tmp_path / "from-postgresql.zip"), data_dir=embedded)
        vereinbar("backup", str(tmp_path / "back.zip"), data_dir=embedded)
        assert counts(tmp_path / "back.zip") == counts(demo_backup)
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
