"""The SQLite cache behind the directory's shared pages: what one process writes another reads,
entries expire, and the cache stays bounded."""

from __future__ import annotations

import multiprocessing
import sqlite3

import time_machine

from vereinbar.core.cache import SQLiteCache


def _cache(path, **options) -> SQLiteCache:
    return SQLiteCache(str(path), {"OPTIONS": options, "KEY_PREFIX": "t"})


def _write_in_another_process(path: str) -> None:
    _cache(path).set("from-there", {"html": "<p>kept</p>"}, 60)


def test_it_stores_reads_and_forgets(tmp_path):
    cache = _cache(tmp_path / "c.sqlite3")
    assert cache.get("page") is None
    cache.set("page", "<p>kept</p>", 60)
    assert cache.get("page") == "<p>kept</p>"
    assert cache.has_key("page") and not cache.add("page", "other")
    assert cache.add("new", "value") and cache.get("new") == "value"
    assert cache.delete("page") and cache.get("page", "gone") == "gone"
    cache.clear()
    assert cache.get("new") is None


def test_another_process_reads_what_one_wrote(tmp_path):
    path = str(tmp_path / "c.sqlite3")
    cache = _cache(path)
    cache.set("here", "x", 60)
    process = multiprocessing.get_context("fork").Process(target=_write_in_another_process, args=(path,))
    process.start()
    process.join(30)
    assert process.exitcode == 0
    assert cache.get("from-there") == {"html": "<p>kept</p>"}


def _open_at_the_signal(path: str, barrier, results) -> None:
    import os

    barrier.wait()
    try:
        results.put(_cache(path).add(f"first-{os.getpid()}", 1, 60))
    except sqlite3.Error as error:  # the failure is the finding: report it, do not die silently
        results.put(repr(error))


def test_processes_starting_together_all_open_a_new_file(tmp_path):
    """Server workers start at once and all open the cache file that does not exist yet;
    switching a new file to WAL takes it whole, and SQLite does not wait for that."""
    context = multiprocessing.get_context("fork")
    for round_ in range(20):
        path = str(tmp_path / f"c{round_}.sqlite3")
        barrier, results = context.Barrier(8), context.Queue()
        processes = [context.Process(target=_open_at_the_signal, args=(path, barrier, results)) for _ in range(8)]
        for process in processes:
            process.start()
        outcomes = [results.get(timeout=60) for _ in processes]
        for process in processes:
            process.join(30)
        assert outcomes == [True] * 8
        assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_entries_expire(tmp_path):
    cache = _cache(tmp_path / "c.sqlite3")
    with time_machine.travel(0, tick=False) as traveller:
        cache.set("short", "x", 10)
        cache.set("forever", "y", None)
        traveller.shift(11)
        assert cache.get("short") is None
        assert cache.add("short", "again", 10) and cache.get("short") == "again"  # an expired key is free
        assert cache.get("forever") == "y"
        assert cache.touch("forever", 5)
        traveller.shift(6)
        assert cache.get("forever") is None


def test_it_stays_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(SQLiteCache, "CULL_EVERY", 10)
    path = tmp_path / "c.sqlite3"
    cache = _cache(path, MAX_ENTRIES=20, CULL_FREQUENCY=4)
    for number in range(300):
        cache.set(f"key-{number}", "x" * 50, 3600 + number)  # later ones live longer
        count = sqlite3.connect(path).execute("SELECT COUNT(*) FROM entry").fetchone()[0]
        assert count <= 20 + 10  # at most CULL_EVERY writes beyond the limit
    assert cache.get("key-299") == "x" * 50  # those closest to expiring went first
    assert cache.get("key-0") is None
