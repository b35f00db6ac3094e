"""Counting failures per client address in the cache, to slow down guessing (API tokens,
codes). The address is kept only as a hash and only for the length of the window.

    limit = FailureLimit("api-token", limit=20, window=15 * 60)
    if limit.blocked(request): ...refuse with 429...
    if not ok: limit.failed(request)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class FailureLimit:
    name: str
    limit: int
    window: int  # seconds

    def _key(self, request: HttpRequest) -> str:
        address = request.META.get("REMOTE_ADDR", "")
        return f"ratelimit:{self.name}:" + hashlib.sha256(address.encode("utf-8")).hexdigest()[:32]

    def blocked(self, request: HttpRequest) -> bool:
        return int(cache.get(self._key(request), 0)) >= self.limit

    def failed(self, request: HttpRequest) -> None:
        key = self._key(request)
        if not cache.add(key, 1, self.window):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, self.window)
