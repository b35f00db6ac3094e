"""Shared pieces of the server benchmarks (directory_search.py, load.py): a throwaway
installation (SQLite in a temporary directory or a fresh PostgreSQL database), the
production-like server (gunicorn with deploy/gunicorn.conf.py, DEBUG off, optionally the
db_worker beside it), keep-alive HTTP clients with cookies and CSRF, a timed run of
concurrent clients with per-class latencies, and the result table.

Only loopback addresses; every run is bounded in time.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load_average() -> str:
    try:
        return " ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "?"


# --- The installation ----------------------------------------------------------------------


@dataclass
class Installation:
    """Environment of a throwaway installation; ``database`` is "SQLite" or "PostgreSQL"."""

    data_dir: Path
    env: dict[str, str]
    database: str
    fresh: bool = True  # False: a kept installation (--reuse) that is already seeded


def _postgres_admin(url: str, statement: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit((parts.scheme, parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute(statement)  # type: ignore[arg-type]


@contextmanager
def installation(database_url: str = "", *, keep: bool = False, reuse: Path | None = None) -> Iterator[Installation]:
    """A data directory in a temporary place and a fresh database: the SQLite file inside it, or
    the PostgreSQL database named in ``database_url`` (dropped and created again; dropped after).

    With ``reuse`` (a directory), the installation is kept there for the next run; a directory
    holding ``facts.json`` from an earlier run is used as it is (not migrated or seeded again)."""
    if reuse is not None:
        reuse.mkdir(parents=True, exist_ok=True)
        keep = True
    data_dir = reuse.resolve() if reuse is not None else Path(tempfile.mkdtemp(prefix="vereinbar-bench-"))
    fresh = reuse is None or not (data_dir / "facts.json").exists()
    env = dict(os.environ)
    for name in ("DATABASE_URL", "PGDATABASE", "VEREINBAR_TESTING", "VEREINBAR_DEBUG"):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "vereinbar.settings",
            "VEREINBAR_DATA_DIR": str(data_dir),
            "VEREINBAR_SECRET_KEY": "bench-secret-key-not-for-production-0123456789abcdef",
            "VEREINBAR_ALLOWED_HOSTS": "127.0.0.1",
            "VEREINBAR_LOG_LEVEL": "WARNING",
            "VEREINBAR_LOGIN_THROTTLING": "false",
            "VEREINBAR_EMAIL_BACKEND": "locmem",
            "PYTHONPATH": str(ROOT / "src"),
        }
    )
    name = ""
    if database_url:
        name = urlsplit(database_url).path.lstrip("/")
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise SystemExit(f"unusable database name in --database-url: {name!r}")
        if fresh:
            _postgres_admin(database_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            _postgres_admin(database_url, f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = database_url
    try:
        yield Installation(data_dir=data_dir, env=env, database="PostgreSQL" if database_url else "SQLite", fresh=fresh)
    finally:
        if not keep:
            if database_url:
                _postgres_admin(database_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            shutil.rmtree(data_dir, ignore_errors=True)
        else:
            print(f"kept: {data_dir} {database_url}")


def django_setup(env: dict[str, str]) -> None:
    """Configure Django in this process for seeding (the server runs in its own processes)."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def migrate_and_collect() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)


def close_connections() -> None:
    from django.db import connections

    connections.close_all()


# --- The server ----------------------------------------------------------------------------


class Server:
    """gunicorn with the shipped configuration (deploy/gunicorn.conf.py: gthread workers,
    keep-alive, process recycling), the access log in a file, and optionally the db_worker."""

    def __init__(
        self, installation: Installation, *, workers: int, threads: int, worker: bool = False, port: int = 0
    ) -> None:
        self.installation = installation
        self.port = port or free_port()
        self.workers, self.threads, self.with_worker = workers, threads, worker
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self) -> None:
        env = dict(
            self.installation.env,
            VEREINBAR_BIND=f"127.0.0.1:{self.port}",
            VEREINBAR_WORKERS=str(self.workers),
            VEREINBAR_THREADS=str(self.threads),
        )
        log = self.installation.data_dir / "server.log"
        out = log.open("ab")
        command = [
            PYTHON, "-m", "gunicorn", "vereinbar.wsgi:application",
            "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--access-logfile", str(self.installation.data_dir / "access.log"),
            "--error-logfile", str(log),
        ]  # fmt: skip
        self.processes.append(
            subprocess.Popen(command, env=env, cwd=str(ROOT), stdout=out, stderr=out, start_new_session=True)
        )
        if self.with_worker:
            worker = [PYTHON, "-m", "django", "db_worker", "--interval", "1"]
            self.processes.append(
                subprocess.Popen(worker, env=env, cwd=str(ROOT), stdout=out, stderr=out, start_new_session=True)
            )
        deadline = time.monotonic() + 90
        last = ""
        while time.monotonic() < deadline:
            if self.processes[0].poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {log}:\n{log.read_text()[-2000:]}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/health/")
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    return
                last = f"{response.status}"
            except OSError as exc:
                last = str(exc)
            time.sleep(0.2)
        raise RuntimeError(f"the server did not answer within 90 s: {last}")

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the server's processes (the master, its
        workers and the workers it recycled: one process group), from /proc; per request this is a figure the load of other
        programs on the machine barely changes, unlike latency and throughput."""
        group = self.processes[0].pid
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group:  # pgrp (the fields after the command's closing parenthesis)
                total += int(fields[11]) + int(fields[12])  # utime, stime
                if int(entry) == group:  # the master: also its recycled (exited) workers' CPU
                    total += int(fields[13]) + int(fields[14])  # cutime, cstime
        return total / ticks

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self.processes = []

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- Clients ------------------------------------------------------------------------------

IDLE_SECONDS = 4.0
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class RequestFailed(Exception):
    pass


class Client:
    """One browser: a keep-alive connection, its cookies, the CSRF token of the last form."""

    def __init__(self, port: int, *, language: str = "de") -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.language = language
        self.connection: http.client.HTTPConnection | None = None
        self.used = 0.0

    def _connect(self) -> http.client.HTTPConnection:
        # The server closes idle keep-alive connections after 5 s (deploy/gunicorn.conf.py);
        # a browser opens a new one rather than writing into a closed socket.
        if self.connection is not None and time.monotonic() - self.used > IDLE_SECONDS:
            self.connection.close()
            self.connection = None
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        return self.connection

    def request(
        self, method: str, path: str, form: dict[str, str] | list[tuple[str, str]] | None = None, **headers: str
    ) -> tuple[int, dict[str, str], str]:
        sent = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": self.language, **headers}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Referer"] = f"http://127.0.0.1:{self.port}{path}"
            if "csrftoken" in self.cookies:
                sent["X-CSRFToken"] = self.cookies["csrftoken"]
        for attempt in (1, 2):
            connection = self._connect()
            try:
                connection.request(method, path, body=body, headers=sent)
                response = connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, OSError) as exc:
                connection.close()
                self.connection = None
                # A keep-alive connection the server closed (recycled worker, idle timeout):
                # a browser would reconnect once.
                retriable = http.client.RemoteDisconnected | ConnectionResetError | BrokenPipeError
                if attempt == 2 or not isinstance(exc, retriable):
                    raise RequestFailed(f"{method} {path}: {exc!r}") from exc
        self.used = time.monotonic()
        found: dict[str, str] = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
            found[name.lower()] = value
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            self.connection = None
        return response.status, found, text

    def get(self, path: str, expect: int | tuple[int, ...] = 200, **headers: str) -> str:
        status, _headers, text = self.request("GET", path, **headers)
        if status not in ((expect,) if isinstance(expect, int) else expect):
            raise RequestFailed(f"GET {path}: {status}")
        return text

    def post(self, path: str, form: dict[str, str] | list[tuple[str, str]], page: str) -> tuple[int, str]:
        """Post a form as a browser does: with the CSRF token of the page it came from."""
        match = _CSRF_INPUT.search(page)
        if match is None:
            raise RequestFailed(f"POST {path}: no CSRF token on the form's page")
        fields = list(form.items()) if isinstance(form, dict) else list(form)
        status, headers, _text = self.request("POST", path, [("csrfmiddlewaretoken", match.group(1)), *fields])
        return status, headers.get("location", "")


# --- Timed runs ---------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    examples: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """What a timed run measured, per request class (requests finished within ``seconds``)."""

    seconds: float
    classes: dict[str, Tally]

    def rows(self) -> list[dict[str, object]]:
        out = []
        for name, tally in sorted(self.classes.items()):
            values = sorted(tally.latencies)
            out.append(
                {
                    "class": name,
                    "requests": len(values),
                    "per_second": len(values) / self.seconds,
                    "p50_ms": percentile(values, 0.50),
                    "p95_ms": percentile(values, 0.95),
                    "p99_ms": percentile(values, 0.99),
                    "errors": tally.errors,
                    "example_errors": tally.examples[:3],
                }
            )
        return out

    def total(self) -> dict[str, object]:
        values = sorted(value for tally in self.classes.values() for value in tally.latencies)
        return {
            "class": "all",
            "requests": len(values),
            "per_second": len(values) / self.seconds,
            "p50_ms": percentile(values, 0.50),
            "p95_ms": percentile(values, 0.95),
            "p99_ms": percentile(values, 0.99),
            "errors": sum(tally.errors for tally in self.classes.values()),
        }


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * share))] * 1000


class Recorder:
    """Collects timed requests from many threads: ``with recorder.timed("class"): …``."""

    def __init__(self, deadline: float) -> None:
        self.lock = threading.Lock()
        self.classes: dict[str, Tally] = {}
        self.deadline = deadline  # requests finishing later are not counted

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        except (RequestFailed, OSError, http.client.HTTPException) as exc:
            if time.monotonic() > self.deadline:
                raise
            with self.lock:
                tally = self.classes.setdefault(name, Tally())
                tally.errors += 1
                if len(tally.examples) < 5:
                    tally.examples.append(str(exc)[:200])
            raise
        elapsed = time.perf_counter() - start
        if time.monotonic() <= self.deadline:
            with self.lock:
                self.classes.setdefault(name, Tally()).latencies.append(elapsed)


def run_clients(count: int, seconds: float, behaviour: Callable[[int, Recorder, Callable[[], bool]], None]) -> Outcome:
    """``count`` threads run ``behaviour(index, recorder, running)`` until ``running()`` is false
    (after ``seconds``); a behaviour loops over its requests, timing each through the recorder.
    A failed request is counted and the behaviour is started again (after a short pause)."""
    deadline = time.monotonic() + seconds
    recorder = Recorder(deadline)

    def running() -> bool:
        return time.monotonic() < deadline

    def thread_main(index: int) -> None:
        rng = random.Random(index)
        while running():
            try:
                behaviour(index, recorder, running)
            except (RequestFailed, OSError, http.client.HTTPException):
                time.sleep(0.05 + rng.random() * 0.05)

    threads = [threading.Thread(target=thread_main, args=(index,), daemon=True) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + 120)
    # Throughput over the run's length: requests still running at the end are not counted.
    return Outcome(seconds=seconds, classes=recorder.classes)


def table(rows: list[dict[str, object]]) -> str:
    """Rows as an aligned text table (also valid Markdown)."""
    header = "| what | requests | per second | p50 ms | p95 ms | p99 ms | errors |"
    lines = [header, "|---|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        lines.append(
            f"| {row['class']} | {row['requests']} | {row['per_second']:.1f} | {row['p50_ms']:.1f} |"
            f" {row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {row['errors']} |"
        )
    return "\n".join(lines)
