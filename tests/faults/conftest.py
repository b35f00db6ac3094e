"""The fault tests run real processes (gunicorn, the background worker, services in a
subprocess) against a database of their own, copied from the migrated test database:
on SQLite a file in a temporary directory (SQLite's backup API, instant), on PostgreSQL
a new database on the same server (``CREATE DATABASE … TEMPLATE``). One world per module,
set up once by ``scenario.py setup``; the tests kill processes with SIGKILL and look at
the database directly (plain SQL) afterwards."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = Path(__file__).with_name("scenario.py")


@dataclass
class World:
    """A database, a data directory, and the processes started against them."""

    directory: Path
    database_url: str | None  # None: SQLite in directory
    env: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)
    processes: list[subprocess.Popen] = field(default_factory=list)
    scenario: Path = SCENARIO  # the script ``run`` and ``start_scenario`` call

    @property
    def sqlite_path(self) -> Path:
        return self.directory / "vereinbar.sqlite3"

    # --- plain SQL on the world's database -------------------------------------------
    def query(self, sql: str) -> list[tuple]:
        if self.database_url is None:
            with sqlite3.connect(self.sqlite_path, timeout=20) as connection:
                return connection.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as connection:
            return connection.execute(sql).fetchall()

    def scalar(self, sql: str) -> Any:
        return self.query(sql)[0][0]

    # --- processes ---------------------------------------------------------------------
    def run(self, *args: str, timeout: float = 120, **extra: str) -> dict[str, Any]:
        """scenario.py ARGS to its end; its JSON output."""
        done = subprocess.run(
            [sys.executable, str(self.scenario), *args],
            env={**self.env, **extra},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def start(self, args: list[str], log: str, **extra: str) -> subprocess.Popen:
        """A process in its own session (so that SIGKILL reaches all its children)."""
        process = subprocess.Popen(
            args,
            env={**self.env, **extra},
            stdout=open(self.directory / f"{log}.out", "ab"),  # noqa: SIM115 - closed with the process
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=ROOT,
        )
        self.processes.append(process)
        return process

    def start_scenario(self, *args: str, **extra: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, str(self.scenario), *args],
            env={**self.env, **extra},
            stdout=subprocess.PIPE,
            stderr=open(self.directory / "scenario.err", "ab"),  # noqa: SIM115
            text=True,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def serve(self, port: int, workers: int = 2, threads: int = 4, **extra: str) -> subprocess.Popen:
        process = self.start(
            [
                sys.executable, "-m", "gunicorn", "vereinbar.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
                "--graceful-timeout", "2", "--timeout", "60", "--preload",
            ],
            "gunicorn",
            **extra,
        )  # fmt: skip
        self.wait_until_up(port, process, "gunicorn")
        return process

    def wait_until_up(self, port: int, process: subprocess.Popen, log: str, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert process.poll() is None, (self.directory / f"{log}.out").read_text()[-3000:]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        raise AssertionError(f"the server did not start in {seconds:.0f} s")

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL the process and everything it started (its session)."""
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            self.kill(process)
        self.processes.clear()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _copy_test_database(directory: Path) -> str | None:
    """The migrated (empty) test database, copied for the world; its DATABASE_URL or None."""
    from django.db import connection

    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = sqlite3.connect(directory / "vereinbar.sqlite3")
        connection.connection.backup(target)
        target.close()
        return None
    import psycopg

    settings = connection.settings_dict
    template = settings["NAME"]
    name = f"{template}_faults_{uuid.uuid4().hex[:8]}"
    connection.close()  # a database can only be copied while nobody is connected to it
    params = {
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v}) as admin:
        for attempt in range(10):
            try:
                admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                break
            except psycopg.errors.ObjectInUse:
                # Another connection of this test session (e.g. a live server thread) is open
                # on the test database: end it; Django reconnects on its next query. Only our
                # own role's sessions: an autovacuum worker there is the server's (ending it
                # needs a superuser), and CREATE DATABASE stops it by itself.
                if attempt == 9:
                    raise
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid() AND usename = current_user",
                    [template],
                )
                time.sleep(0.2)
    user = settings["USER"] or ""
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    at = "@" if user else ""
    return f"postgres://{user}{password}{at}{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"


def _drop(database_url: str) -> None:
    import psycopg

    base, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def world_make(directory: Path, django_db_blocker: Any) -> World:
    """A world on a copy of the test database in ``directory`` (no processes yet, no data)."""
    (directory / "mail").mkdir()
    with django_db_blocker.unblock():
        database_url = _copy_test_database(directory)
    from django.conf import settings

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "PG", "VEREINBAR_", "DJANGO_", "PYTEST"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="vereinbar.settings",
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        VEREINBAR_DATA_DIR=str(directory),
        VEREINBAR_SECRET_KEY=settings.SECRET_KEY,
        VEREINBAR_TESTING="true",  # static files from the finders: no collectstatic needed
        VEREINBAR_LOG_FORMAT="json",
        VEREINBAR_EMAIL_BACKEND="tests.faults.mailbox.EmailBackend",
        VEREINBAR_FAULTS_MAILDIR=str(directory / "mail"),
        VEREINBAR_TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        VEREINBAR_LOGIN_THROTTLING="false",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return World(directory=directory, database_url=database_url, env=env)


def world_end(world: World) -> None:
    world.stop_all()
    if world.database_url:
        _drop(world.database_url)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    world = world_make(tmp_path_factory.mktemp("faults"), django_db_blocker)
    try:
        world.data = world.run("setup", "24", timeout=180)
        yield world
    finally:
        world_end(world)
