"""Cache backends of our own."""

from __future__ import annotations

import itertools
import threading

from django.core.cache.backends.filebased import FileBasedCache


class FileCache(FileBasedCache):
    """Django's file-based cache (shared by every process on the machine), but looking at its
    size every ``CULL_EVERY``-th write of a process rather than on every write: Django's lists
    the whole cache directory on each ``set``, which with thousands of kept pages cost more than
    rendering one. The cache may so outgrow ``MAX_ENTRIES`` by ``CULL_EVERY`` entries per process
    between looks."""

    CULL_EVERY = 200

    def __init__(self, dir: str, params: dict[str, object]) -> None:
        super().__init__(dir, params)
        self._writes = itertools.count(1)
        self._writes_lock = threading.Lock()

    def _cull(self) -> None:
        with self._writes_lock:
            write = next(self._writes)
        if write % self.CULL_EVERY == 0:
            super()._cull()  # type: ignore[misc]  # (not in the type stubs)
