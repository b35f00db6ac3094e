"""``vereinbar serve``: the whole site on one machine (what ``bin/run`` runs).

It starts gunicorn and the background worker (django-tasks-db's ``db_worker``) and watches
them: a child that dies (a crash, the out-of-memory killer, ``kill -9``) is started again,
after 1 s, then 2, 4 … up to 30 s while it keeps dying, back to 1 s once it had run for a
minute; each time a line says so in the log. It also runs the daily jobs
(``DAILY_JOBS``: reminders, survey retention, survey report PDFs, expired sessions, old task
results) one after another, each as a process of its own: first ``VEREINBAR_SCHEDULER_DELAY``
seconds after the start (60), then every ``VEREINBAR_SCHEDULER_INTERVAL`` seconds (a day); and the mail outbox's
sweep (``FREQUENT_JOBS``) every ``VEREINBAR_OUTBOX_INTERVAL`` seconds (300). Production runs these
as systemd units and timers instead (``deploy/``; docs/deployment.md). SIGTERM or SIGINT
(Ctrl+C) stops everything: gunicorn lets running requests finish, the worker its task.

serve is the "subreaper" of its processes (Linux): the workers a killed gunicorn master leaves
behind are handed to serve, which stops them at once (they would hold the port the new master
needs). All processes stay in serve's process group, so Ctrl+C in a terminal or
``kill -- -PID`` reaches every one. If serve itself is killed, gunicorn and the worker go on
serving, unsupervised, until they are stopped.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

logger = logging.getLogger("vereinbar.serve")

BACKOFF_FIRST = 1.0
BACKOFF_MAX = 30.0
STABLE_AFTER = 60.0  # a child that ran this long starts again after BACKOFF_FIRST
JOB_TIMEOUT = 3600.0
# The daily jobs, in this order (each safe to run more than once a day).
DAILY_JOBS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("reminders", ("reminders",)),
    ("survey_retention", ("survey_retention",)),
    ("survey_report_pdfs", ("survey_report_pdfs",)),
    ("clearsessions", ("clearsessions",)),
    ("prune_db_task_results", ("prune_db_task_results", "--min-age-days", "14")),
)
# Mail the worker could not send (a mail server away, a worker killed while sending) is sent
# again by the outbox's own retries; this sweep catches what no queued task covers any more.
FREQUENT_JOBS: tuple[tuple[str, tuple[str, ...]], ...] = (("outbox", ("outbox",)), ("webhooks", ("webhooks",)))
GUNICORN_LOGGER = "vereinbar.core.gunicorn_logging.AnonymousLogger"


def _prctl(option: int, value: int) -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(option, value)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """A scheduled job gets SIGTERM when serve dies (PR_SET_PDEATHSIG)."""
    _prctl(1, signal.SIGTERM)


def _reap_orphans(known: set[int]) -> None:
    """Stop and collect the processes handed to serve as subreaper: what a dead child left
    behind (gunicorn's workers after their master). ``known``: serve's own children."""
    me = os.getpid()
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit() or int(entry.name) in known:
                continue
            try:
                with open(f"/proc/{entry.name}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) != me:
                continue
            pid = int(entry.name)
            if fields[0] != "Z":
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _exit_text(code: int | None) -> str:
    if code is None:
        return "is running"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"was killed by {signal.Signals(-code).name}"
        return f"was killed by signal {-code}"
    return f"exited with code {code}"


@dataclass
class Child:
    """A process serve keeps running."""

    name: str
    argv: list[str]
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    backoff: float = BACKOFF_FIRST
    start_at: float = 0.0  # when to start it (again)
    restarts: int = 0

    def start(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(self.argv, env=env)  # noqa: S603 - our own interpreter and arguments
        self.started_at = time.monotonic()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class Scheduler:
    """The daily jobs, one at a time, each in a process of its own."""

    delay: float
    interval: float
    jobs: tuple[tuple[str, tuple[str, ...]], ...] = DAILY_JOBS
    next_run: float = 0.0
    queue: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    current: tuple[str, subprocess.Popen, float] | None = None

    def __post_init__(self) -> None:
        self.next_run = time.monotonic() + self.delay

    def tick(self, env: dict[str, str]) -> None:
        now = time.monotonic()
        if self.current is not None:
            name, process, started = self.current
            code = process.poll()
            if code is None and now - started > JOB_TIMEOUT:
                logger.error("serve: scheduled job %s ran longer than %d s; stopped", name, JOB_TIMEOUT)
                process.kill()
                code = process.wait()
            if code is None:
                return
            level = logging.INFO if code == 0 else logging.ERROR
            logger.log(
                level,
                "serve: scheduled job %s %s after %.1f s",
                name,
                "finished" if code == 0 else _exit_text(code),
                now - started,
                extra={"event": "scheduled_job_done", "job": name, "returncode": code},
            )
            self.current = None
        if not self.queue and now >= self.next_run:
            self.queue = list(self.jobs)
            self.next_run = now + self.interval
        if self.current is None and self.queue:
            name, args = self.queue.pop(0)
            logger.info("serve: running scheduled job %s", name, extra={"event": "scheduled_job_start", "job": name})
            process = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "django", *args], env=env, preexec_fn=_die_with_parent
            )
            self.current = (name, process, now)

    def stop(self) -> subprocess.Popen | None:
        self.queue.clear()
        if self.current is not None and self.current[1].poll() is None:
            self.current[1].terminate()
            return self.current[1]
        return None


class Command(BaseCommand):
    help = "Serve vereinbar with gunicorn, run the background worker and the daily jobs beside it, restart what dies."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("VEREINBAR_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("VEREINBAR_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("VEREINBAR_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("VEREINBAR_THREADS", "4")))
        parser.add_argument("--no-worker", action="store_true", help="Do not start the background worker.")
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Do not run the daily jobs (reminders, survey retention, clean-up); run them from cron or systemd.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        env = dict(os.environ, DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "vereinbar.settings"))
        src = str(settings.BASE_DIR.parent)
        env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
        children = [Child("gunicorn", self.gunicorn_argv(options))]
        if not options["no_worker"]:
            children.append(
                Child("background worker", [sys.executable, "-m", "django", "db_worker", "--interval", "2"])
            )
        schedulers: list[Scheduler] = []
        if not options["no_scheduler"]:
            delay = float(os.environ.get("VEREINBAR_SCHEDULER_DELAY", "60"))
            schedulers = [
                Scheduler(delay=delay, interval=float(os.environ.get("VEREINBAR_SCHEDULER_INTERVAL", str(24 * 3600)))),
                Scheduler(
                    delay=delay,
                    interval=float(os.environ.get("VEREINBAR_OUTBOX_INTERVAL", "300")),
                    jobs=FREQUENT_JOBS,
                ),
            ]

        stopping: list[int] = []

        def stop(signum: int, frame: Any) -> None:
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        _prctl(36, 1)  # PR_SET_CHILD_SUBREAPER: orphans of our children become ours
        for child in children:
            child.start(env)
        self.stdout.write(f"Serving on http://{options['host']}:{options['port']}/ (Ctrl+C stops)")
        self.stdout.flush()
        try:
            while not stopping:
                died = [self.supervise(child, env) for child in children]
                if any(died):
                    _reap_orphans(self.known_pids(children, schedulers))
                for scheduler in schedulers:
                    scheduler.tick(env)
                time.sleep(0.2)
        finally:
            self.shutdown(children, schedulers)

    @staticmethod
    def gunicorn_argv(options: dict[str, Any]) -> list[str]:
        return [
            sys.executable, "-m", "gunicorn", "vereinbar.wsgi:application",
            "--bind", f"{options['host']}:{options['port']}",
            "--workers", str(options["workers"]), "--threads", str(options["threads"]),
            # No survey request in the access log (docs/anonymity.md, "Logs").
            "--access-logfile", "-", "--logger-class", GUNICORN_LOGGER,
            "--graceful-timeout", "10",
            # gunicorn's control socket is one path per user: two sites would share it.
            "--no-control-socket",
        ]  # fmt: skip

    @staticmethod
    def known_pids(children: list[Child], schedulers: list[Scheduler]) -> set[int]:
        known = {child.process.pid for child in children if child.process is not None}
        known |= {scheduler.current[1].pid for scheduler in schedulers if scheduler.current is not None}
        return known

    @staticmethod
    def supervise(child: Child, env: dict[str, str]) -> bool:
        """Start the child when it is due; True when it was found dead just now."""
        now = time.monotonic()
        if child.process is None:
            if now >= child.start_at:
                child.start(env)
                logger.warning(
                    "serve: %s started again (pid %d, restart %d)",
                    child.name,
                    child.process.pid if child.process else 0,
                    child.restarts,
                    extra={"event": "child_restarted", "child": child.name, "restarts": child.restarts},
                )
            return False
        code = child.process.poll()
        if code is None:
            return False
        ran = now - child.started_at
        if ran >= STABLE_AFTER:
            child.backoff = BACKOFF_FIRST
        delay = child.backoff
        child.backoff = min(delay * 2, BACKOFF_MAX)
        child.restarts += 1
        child.start_at = now + delay
        logger.error(
            "serve: %s (pid %d) %s after %.0f s; starting it again in %.0f s",
            child.name,
            child.process.pid,
            _exit_text(code),
            ran,
            delay,
            extra={"event": "child_died", "child": child.name, "returncode": code, "backoff": delay},
        )
        child.process = None
        return True

    @staticmethod
    def shutdown(children: list[Child], schedulers: list[Scheduler]) -> None:
        waiting = [child.process for child in children if child.alive()]
        for process in waiting:
            assert process is not None
            process.terminate()
        waiting += [job for scheduler in schedulers if (job := scheduler.stop()) is not None]
        deadline = time.monotonic() + 15
        for process in waiting:
            assert process is not None
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        _reap_orphans(set())
