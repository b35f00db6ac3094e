"""The limits' counts in the database (vereinbar.core.ratelimit, core.LimitCount): exact however
many processes and threads count at once, forgotten when their window ends."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.processes import shared_database_env
from vereinbar.core import ratelimit
from vereinbar.core.models import LimitCount
from vereinbar.core.ratelimit import Limit

pytestmark = pytest.mark.django_db

_COUNTER = textwrap.dedent(
    """
    import sys, threading, time
    from pathlib import Path
    import django
    django.setup()
    from django.db import connection
    from vereinbar.core.ratelimit import Limit, _table_record

    go, threads, events = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    key = Limit("concurrency", limit=1, window=600)._key("address:203.0.113.9")
    counts = []

    def count():
        try:
            while not go.exists():  # every thread of every process starts at the same moment
                time.sleep(0.01)
            for _ in range(events):
                counts.append(_table_record(key, 600))
        finally:
            connection.close()

    workers = [threading.Thread(target=count) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print(" ".join(map(str, counts)))
    """
)


@pytest.mark.django_db(transaction=True)
def test_processes_and_threads_counting_at_once_lose_and_repeat_no_count(tmp_path):
    """Two processes of three threads each count 20 events of one subject at the same moment:
    every count from 1 to 120 is handed out exactly once (a lost update would repeat one)."""
    env = shared_database_env(tmp_path)
    go = tmp_path / "go"
    processes, threads, events = 2, 3, 20
    running = [
        subprocess.Popen(
            [sys.executable, "-c", _COUNTER, str(go), str(threads), str(events)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    go.touch()
    outputs = [process.communicate(timeout=180)[0] for process in running]
    assert all(process.returncode == 0 for process in running)
    counts = sorted(int(count) for output in outputs for count in output.split())
    assert counts == list(range(1, processes * threads * events + 1))


LIMIT = Limit("test-limit", limit=3, window=60)


def test_events_are_counted_per_subject_and_the_one_past_the_limit_is_refused():
    assert [LIMIT.record("address:192.0.2.1") for _ in range(4)] == [False, False, False, True]
    assert LIMIT.count("address:192.0.2.1") == 4
    assert LIMIT.reached("address:192.0.2.1")
    assert LIMIT.count("address:192.0.2.2") == 0
    assert not LIMIT.reached("address:192.0.2.2")
    assert LIMIT.reached("address:192.0.2.2", "address:192.0.2.1")  # any of them


def test_a_count_is_forgotten_when_its_window_ends_and_starts_again():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(3):
            LIMIT.record("account:7")
        assert LIMIT.reached("account:7")
        traveller.shift(timedelta(seconds=59))
        assert LIMIT.count("account:7") == 3  # counted from the first event, not the last
        traveller.shift(timedelta(seconds=1))
        assert LIMIT.count("account:7") == 0
        assert not LIMIT.reached("account:7")
        assert LIMIT.record("account:7") is False
        assert LIMIT.count("account:7") == 1
        traveller.shift(timedelta(seconds=59))
        assert LIMIT.count("account:7") == 1  # the new window runs from the new first event


def test_ended_windows_are_removed_now_and_then():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        LIMIT.record("account:1")
        Limit("longer", limit=3, window=3600).record("account:1")
        traveller.shift(timedelta(seconds=61))
        assert ratelimit.purge_ended() == 1
        assert LimitCount.objects.count() == 1  # the longer window still runs


def test_record_removes_ended_windows_every_so_many_new_windows(monkeypatch):
    monkeypatch.setattr(ratelimit, "PURGE_EVERY", 2)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        LIMIT.record("account:1")
        traveller.shift(timedelta(seconds=61))
        LIMIT.record("account:2")  # one of two new windows in a row is an even one
        LIMIT.record("account:3")
        assert LimitCount.objects.filter(expires__lte=timezone.now()).count() == 0


def test_clear_forgets_the_subject_only():
    for _ in range(3):
        LIMIT.record("account:1")
        LIMIT.record("account:2")
    LIMIT.clear("account:1")
    assert LIMIT.count("account:1") == 0
    assert LIMIT.count("account:2") == 3
    ratelimit.forget_all()
    assert LIMIT.count("account:2") == 0


def test_the_subject_is_stored_only_as_a_keyed_hash():
    LIMIT.record("address:198.51.100.23")
    (key,) = LimitCount.objects.values_list("key", flat=True)
    assert key.startswith("test-limit:")
    assert "198.51.100.23" not in key


def test_migrate_makes_the_default_cache_table_and_leaves_it_when_it_exists(settings):
    """The installation's default cache is a DatabaseCache: ``migrate`` (a new installation, an
    upgrade, the database a backup is restored into) makes its table, and again makes nothing."""
    from django.core.management import call_command
    from django.db import connection

    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "vereinbar_cache_check"},
    }
    assert "vereinbar_cache_check" not in connection.introspection.table_names()
    for _ in range(2):
        call_command("migrate", verbosity=0)
        assert "vereinbar_cache_check" in connection.introspection.table_names()
