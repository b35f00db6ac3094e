"""Rendered results-and-filters fragments of the directory, kept per process (least recently used
first out). The key holds the index's fingerprint (change counter and date), the language, the
address, the programme scope and the normalised query, so a kept fragment is what rendering it
again would give; the fragment is rendered without the request (nothing of the visitor in it)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

MAX_KEPT = 512

_lock = threading.Lock()
_kept: OrderedDict[tuple[Any, ...], str] = OrderedDict()
_mark: Any = None
stats = {"hits": 0, "misses": 0}


def kept(key: tuple[Any, ...], render: Callable[[], str]) -> str:
    """The fragment for ``key`` (its first element the fingerprint), rendered when not kept."""
    global _mark
    with _lock:
        if key[0] != _mark:  # the data changed: nothing kept is current any more
            _kept.clear()
            _mark = key[0]
        html = _kept.get(key)
        if html is not None:
            _kept.move_to_end(key)
            stats["hits"] += 1
            return html
        stats["misses"] += 1
    html = render()
    with _lock:
        if key[0] == _mark:
            _kept[key] = html
            while len(_kept) > MAX_KEPT:
                _kept.popitem(last=False)
    return html


def forget() -> None:
    """Drop every kept fragment (tests)."""
    with _lock:
        _kept.clear()
