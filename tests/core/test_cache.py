"""The file cache behind the directory's shared pages: Django's file-based cache, looking at its
size only every ``CULL_EVERY``-th write, and still bounded."""

from __future__ import annotations

from pathlib import Path

from vereinbar.core.cache import FileCache


def _files(directory: Path) -> int:
    return len(list(directory.glob("*.djcache")))


def test_it_stores_and_forgets_like_djangos(tmp_path):
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 50}})
    cache.set("page", "<p>kept</p>", 60)
    assert cache.get("page") == "<p>kept</p>"
    assert FileCache(str(tmp_path), {}).get("page") == "<p>kept</p>"  # another process reads it
    cache.clear()
    assert cache.get("page") is None


def test_it_looks_at_its_size_only_every_so_many_writes_and_stays_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(FileCache, "CULL_EVERY", 10)
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 20, "CULL_FREQUENCY": 2}})
    listed = []
    original = FileCache._list_cache_files

    def counting(self):
        listed.append(1)
        return original(self)

    monkeypatch.setattr(FileCache, "_list_cache_files", counting)
    for number in range(200):
        cache.set(f"key-{number}", "x" * 100, 60)
        assert _files(tmp_path) <= 20 + 10  # at most CULL_EVERY writes beyond the limit
    assert len(listed) == 200 // 10  # Django's would list the directory on each of the 200 writes
