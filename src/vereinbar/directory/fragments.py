"""Rendered parts of directory pages, kept per process (least recently used first out): the
results-and-filters fragment of each query, also in the shared ``directory`` cache
(settings.CACHES) so that what one server process rendered serves the others, and the page
around it.

Every key starts with the index's fingerprint (change counter and date) and holds the language,
the address and the query, so a kept page is what rendering it again would give; shared keys
also hold the installed templates' and translations' stamp, so an upgrade starts afresh. What is kept
holds nothing of the visitor: fragments are rendered without the request, and the page around
them only for visitors without a session, with placeholders for what is theirs."""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_KEPT = 512
CACHE_ALIAS = "directory"
# Stand in, in the kept page around the results, for what differs per visitor or address: the
# visitor's CSRF token (``{% csrf_token %}`` of the language switcher), the request's script
# nonce, the address the language switcher returns to, the query's JSON link, and the results;
# replaced when the page is served.
NONCE_PLACEHOLDER = "nonce0placeholder0e3a9c71d5f2"
CSRF_PLACEHOLDER = "csrf0placeholder0b5f0c4e9a7d41c8a2e6f3d9b1c7e5a0"
NEXT_PLACEHOLDER = "/next-placeholder-7c2d9e41b0a3/"
JSON_URL_PLACEHOLDER = "/json-placeholder-5e8a1f6c3b27/"
RESULTS_PLACEHOLDER = "<!--results-placeholder-91d4c7a2e0b6-->"

# What the page around the results is rendered with when it is kept (template context values).
SHELL_PLACEHOLDERS = {
    "csp_nonce": NONCE_PLACEHOLDER,
    "csrf_token": CSRF_PLACEHOLDER,
    "next_path": NEXT_PLACEHOLDER,
    "json_url": JSON_URL_PLACEHOLDER,
    "directory_html": mark_safe(RESULTS_PLACEHOLDER),  # a constant
}

_lock = threading.Lock()
_kept: OrderedDict[tuple[Any, ...], str] = OrderedDict()
_mark: Any = None
stats = {"hits": 0, "misses": 0, "shared_hits": 0}


def _shared() -> BaseCache | None:
    return caches[CACHE_ALIAS] if CACHE_ALIAS in settings.CACHES else None


@functools.cache
def code_stamp() -> str:
    """What the rendered HTML depends on besides the data: the templates, the compiled
    translations and the row renderer, as installed. Part of every shared key, so that what a
    server kept before an upgrade (new templates or texts) is not served after it."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    paths = [
        *sorted(root.glob("*/templates/**/*.html")),
        *sorted(root.glob("templates/**/*.html")),
        *sorted(root.glob("locale/*/LC_MESSAGES/*.mo")),
        Path(__file__).with_name("entries.py"),
    ]
    for path in paths:
        stat = path.stat()
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def _shared_key(key: tuple[Any, ...]) -> str:
    return hashlib.sha256(repr((code_stamp(), key)).encode()).hexdigest()


def kept(key: tuple[Any, ...], render: Callable[[], str], *, shared: bool = False) -> str:
    """The HTML for ``key`` (its first element the fingerprint), rendered when not kept. With
    ``shared``, also looked for in and given to the shared cache."""
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
    cache = _shared() if shared else None
    html = cache.get(_shared_key(key)) if cache is not None else None
    if html is not None:
        stats["shared_hits"] += 1
    else:
        stats["misses"] += 1
        html = render()
        if cache is not None:
            cache.set(_shared_key(key), html)
    with _lock:
        if key[0] == _mark:
            _kept[key] = html
            while len(_kept) > MAX_KEPT:
                _kept.popitem(last=False)
    return html


def page_for_visitor(shell: str, request: HttpRequest, *, json_url: str, results: str) -> str:
    """The kept page around the results with the visitor's own things put in: their CSRF token and
    script nonce, their address, the query's JSON link, then the results (last, so that nothing in
    them is ever taken for a placeholder)."""
    nonce = get_nonce(request)  # (a LazyNonce is false until used: no ``or``)
    return (
        shell.replace(NONCE_PLACEHOLDER, "" if nonce is None else str(nonce))
        .replace(CSRF_PLACEHOLDER, get_token(request))
        .replace(NEXT_PLACEHOLDER, escape(request.get_full_path()))
        .replace(JSON_URL_PLACEHOLDER, escape(json_url))
        .replace(RESULTS_PLACEHOLDER, results)
    )


def forget() -> None:
    """Drop every kept page and fragment: this process's and the shared cache's (called by the
    process that changed the data; the others' keys hold the old fingerprint)."""
    with _lock:
        _kept.clear()
    cache = _shared()
    if cache is not None:
        cache.clear()
