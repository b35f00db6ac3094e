"""``vereinbar serve`` as an operator runs it (``bin/run``): real processes, real HTTP.

- Respondents stay out of every log: a survey answered through the server in German and
  Dutch, a wrong token, the code entry page, a link without language and the survey API leave
  no token, no survey path and no address of theirs in anything the processes wrote.
- A dead child is started again: the worker killed with SIGKILL comes back within seconds
  while the site goes on answering; gunicorn's master killed with SIGKILL, the site answers
  again within seconds. SIGTERM stops everything.
- The daily jobs run from serve's own scheduler.
- A database connection that broke (the file replaced under it: "attempt to write a readonly
  database") is closed at its first failure, so the next request succeeds.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults.conftest import World, free_port

from .client import answer, request, status_of

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def _serve(world: World, port: int, *options: str, log: str = "serve", **extra: str) -> subprocess.Popen:
    process = world.start(
        [sys.executable, "manage.py", "serve", "--port", str(port), "--workers", "1", "--threads", "2", *options],
        log,
        **extra,
    )
    world.wait_until_up(port, process, log, seconds=120)
    return process


def _stop(world: World, process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=30)
    finally:
        world.kill(process)


def _children(pid: int) -> dict[int, str]:
    """The processes whose parent is ``pid``: pid → command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found[int(entry.name)] = cmdline
    return found


def _child(pid: int, word: str, other_than: set[int] = frozenset(), seconds: float = 20) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for child, cmdline in _children(pid).items():
            if word in cmdline and child not in other_than and _alive(child):
                return child
        time.sleep(0.1)
    raise AssertionError(f"no {word} process under {pid} within {seconds} s: {_children(pid)}")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_answering_a_survey_through_the_server_leaves_no_respondent_in_any_log(world: World):
    port = free_port()
    tokens = world.data["tokens"]
    # bin/run's defaults: plain log lines, gunicorn's access log on standard output.
    server = _serve(world, port, "--no-worker", "--no-scheduler", VEREINBAR_LOG_FORMAT="plain")
    made = []
    made += answer(port, f"/de/s/{tokens[0]}/", "Antwort eins")
    made += answer(port, f"/nl/s/{tokens[1]}/?page=1", "antwoord twee")
    made += answer(port, f"/en/s/{tokens[2]}/", "not yet", submit=False)  # a draft left open
    wrong = "WRONGTOKEN42XY"
    assert request(port, "GET", f"/en/s/{wrong}/")[0] == 404
    assert request(port, "GET", f"/de/s/{wrong.lower()}/?page=3")[0] == 404
    assert request(port, "GET", f"/s/{tokens[3]}/")[0] == 302  # no language: redirected
    assert request(port, "GET", f"/DE/S/{wrong}/")[0] == 404
    assert request(port, "GET", "/de/s/?code=ABCD-EFGH-JKLM")[0] in (200, 302)
    assert request(port, "GET", "/en/s/thanks/")[0] == 200
    assert (
        request(
            port,
            "GET",
            "/static/surveys/surveys.css",
            headers={"Referer": f"http://127.0.0.1:{port}/de/s/{tokens[0]}/"},
        )[0]
        == 200
    )
    api = f"/api/v1/organisations/{world.data['slug']}/surveys"
    assert request(port, "GET", api, headers={"Accept": "application/json"})[0] in (401, 403)
    # Controls: requests of other pages are logged as before.
    assert request(port, "GET", "/health/")[0] == 200
    assert request(port, "GET", "/en/no-such-page-ops/")[0] == 404
    assert all(status in (200, 302) for _what, status in made), made
    assert _stop(world, server) == 0

    logs = {
        path: path.read_text(errors="replace") for path in world.directory.rglob("*") if path.suffix in (".out", ".log")
    }
    assert logs, "no log output"
    text = "\n".join(logs.values())
    assert '"GET /health/ HTTP/1.1" 200' in text, text[-2000:]  # the access log works
    assert "Not Found: /en/no-such-page-ops/" in text  # and Django's request log
    for secret in [
        *tokens[:4],
        wrong,
        wrong.lower(),
        "WRONGTOKEN",
        "/s/",
        "/S/",
        "surveys.css",
        "/surveys",
        "ABCD-EFGH",
    ]:
        lines = [line for line in text.splitlines() if secret in line]
        assert not lines, f"{secret!r} is in the log: {lines[:5]}"
    # No line with an address is about a survey request; every line with one is about a control.
    for line in text.splitlines():
        if "127.0.0.1" in line and '"' in line:
            assert re.search(r'"(GET|POST) /(health/|en/no-such-page-ops/)', line), line


def test_the_deploy_configuration_uses_the_anonymous_access_log():
    import runpy

    from gunicorn.config import Config

    values = runpy.run_path(str(Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"))
    config = Config()
    for key in ("logger_class", "access_log_format", "accesslog"):
        config.set(key, values[key])
    from vereinbar.core.gunicorn_logging import AnonymousLogger

    assert config.logger_class is AnonymousLogger


# Process supervision and the scheduler are the same on either database: SQLite pass only
# (the PostgreSQL pass serves a survey through gunicorn above).
@pytest.mark.database("sqlite")
def test_a_killed_worker_or_gunicorn_master_is_started_again_and_the_site_keeps_answering(world: World):
    port = free_port()
    server = _serve(world, port, "--no-scheduler")
    worker = _child(server.pid, "db_worker")
    master = _child(server.pid, "gunicorn")

    os.kill(worker, signal.SIGKILL)
    statuses = []
    deadline = time.monotonic() + 10
    new_worker = None
    while new_worker is None:
        statuses.append(status_of(port, "/health/"))
        assert time.monotonic() < deadline, f"no new worker within 10 s: {_children(server.pid)}"
        new_worker = next(
            (pid for pid, line in _children(server.pid).items() if "db_worker" in line and pid != worker), None
        )
        time.sleep(0.1)
    assert set(statuses) == {200}, statuses  # the site never stopped
    assert _alive(master)

    old_gunicorn = {master, *_children(master)}
    os.kill(master, signal.SIGKILL)
    killed = time.monotonic()
    new_master = _child(server.pid, "gunicorn", other_than=old_gunicorn, seconds=10)
    while status_of(port, "/health/", timeout=2) != 200 or not _children(new_master):
        assert time.monotonic() < killed + 20, (world.directory / "serve.out").read_text()[-3000:]
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in old_gunicorn)  # its workers were stopped, not left behind
    assert status_of(port, "/health/ready/") == 200
    assert time.monotonic() - killed < 20

    log = (world.directory / "serve.out").read_text()
    assert re.search(rf"background worker \(pid {worker}\) was killed by SIGKILL .*starting it again in 1 s", log), log[
        -3000:
    ]
    assert re.search(rf"gunicorn \(pid {master}\) was killed by SIGKILL", log), log[-3000:]
    assert "background worker started again" in log and "gunicorn started again" in log

    # serve itself killed: the site goes on answering (unsupervised) until it is stopped.
    os.kill(server.pid, signal.SIGKILL)
    server.wait(timeout=10)
    for _ in range(10):
        assert status_of(port, "/health/") == 200
        time.sleep(0.2)
    assert _alive(new_worker) and _alive(new_master)
    os.killpg(server.pid, signal.SIGKILL)  # they are in serve's process group
    deadline = time.monotonic() + 10
    while _alive(new_worker) or _alive(new_master):
        assert time.monotonic() < deadline
        time.sleep(0.1)


# Process supervision and the scheduler are the same on either database: SQLite pass only
# (the PostgreSQL pass serves a survey through gunicorn above).
@pytest.mark.database("sqlite")
def test_serve_runs_the_daily_jobs_on_its_schedule(world: World):
    # An expired session: clearsessions, one of the daily jobs, removes it.
    world.query(
        "INSERT INTO django_session (session_key, session_data, expire_date)"
        " VALUES ('opsexpiredsession0000000000000000', 'x', '2000-01-01 00:00:00') RETURNING session_key"
    )
    port = free_port()
    server = _serve(
        world,
        port,
        "--no-worker",
        log="scheduled",
        VEREINBAR_SCHEDULER_DELAY="0.5",
        VEREINBAR_SCHEDULER_INTERVAL="4",
    )
    master = _child(server.pid, "gunicorn")
    log_path = world.directory / "scheduled.out"
    deadline = time.monotonic() + 120
    while log_path.read_text().count("scheduled job prune_db_task_results finished") < 2:
        assert time.monotonic() < deadline, log_path.read_text()[-3000:]
        assert server.poll() is None, log_path.read_text()[-3000:]
        time.sleep(0.5)
    assert _stop(world, server) == 0  # SIGTERM stops serve and everything it started
    assert not _alive(master) and not _children(server.pid)
    log = log_path.read_text()
    for job in ("reminders", "survey_retention", "clearsessions", "prune_db_task_results"):
        assert log.count(f"running scheduled job {job}") >= 2, log[-3000:]
        assert log.count(f"scheduled job {job} finished") >= 2, log[-3000:]
    assert "reminder(s)" in log  # the reminders command's own report
    assert (
        world.scalar("SELECT COUNT(*) FROM django_session WHERE session_key = 'opsexpiredsession0000000000000000'") == 0
    )


# Process supervision and the scheduler are the same on either database: SQLite pass only
# (the PostgreSQL pass serves a survey through gunicorn above).
@pytest.mark.database("sqlite")
def test_without_the_scheduler_no_job_runs(world: World):
    port = free_port()
    server = _serve(world, port, "--no-worker", "--no-scheduler", log="unscheduled", VEREINBAR_SCHEDULER_DELAY="0")
    time.sleep(2)
    assert _stop(world, server) == 0
    assert "scheduled job" not in (world.directory / "unscheduled.out").read_text()


def _chattr(flag: str, path: Path) -> bool:
    done = subprocess.run(["chattr", flag, str(path)], capture_output=True, check=False)
    return done.returncode == 0


@pytest.mark.database("sqlite")
def test_writes_succeed_at_the_first_request_after_a_read_only_database_is_writable_again(world: World):
    """A connection opened while the database file could not be written is a read-only one, and
    stays so: it still answers the health check's SELECT 1, so it used to be kept (and every
    write refused with 503) until CONN_MAX_AGE ran out. It is closed at its first failure now."""
    path = world.sqlite_path
    # Read-only for everyone, root included: the immutable attribute (chmod does not stop root).
    if not _chattr("+i", path):
        pytest.skip("chattr +i is not possible here")
    try:
        port = free_port()
        server = world.serve(port, workers=1, threads=1)  # one connection, kept (CONN_MAX_AGE 60)
        fresh = iter(world.data["tokens"][6:])
        # Opening a link writes its draft: refused while the file is read-only.
        assert [request(port, "GET", f"/en/s/{next(fresh)}/")[0] for _ in range(2)] == [503, 503]
        assert status_of(port, "/health/") == 200  # reading works
    finally:
        assert _chattr("-i", path)
    statuses = [request(port, "GET", f"/en/s/{next(fresh)}/")[0] for _ in range(3)]
    assert statuses == [200, 200, 200], statuses
    world.kill(server)
