"""Limits on guessing and on mail others can trigger (API tokens, survey codes, password-reset
mail): counts in the ``ratelimit`` cache, which every server process sees (a SQLite file on
one machine, Redis for several; see ``CACHES`` in settings), so a limit holds however many
processes answer.

A count is kept per *subject*: what is attacked (a token's prefix, an account) and who
attacks (the client's address, see ``client_address``). Subjects are stored only as keyed
hashes (HMAC under the secret key), and only for the length of the window.

    TOKEN_FAILURES = Limit("api-token", limit=20, window=15 * 60)
    user = check(token)                        # a valid credential is checked first and succeeds
    if user is None:
        if TOKEN_FAILURES.record(address_subject(request), "prefix:" + prefix):
            ...answer 429 (one failure too many)...
        ...answer 401...

Why our own code and not django-ratelimit: see docs/architecture.md ("Limits").
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

CACHE_ALIAS = "ratelimit"

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=4)
def _networks(proxies: tuple[str, ...]) -> tuple[_Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def _trusted(address: str) -> bool:
    networks = _networks(tuple(getattr(settings, "VEREINBAR_TRUSTED_PROXIES", ())))
    if not networks:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent the request.

    ``REMOTE_ADDR`` unless it is one of the trusted proxies (``VEREINBAR_TRUSTED_PROXIES``);
    then ``X-Forwarded-For`` is read from the right, each trusted proxy's entry skipped, and
    the first address no trusted proxy added is the client. Entries further left were written
    by the client and are never believed. Also django-axes' ``AXES_CLIENT_IP_CALLABLE``."""
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    if not _trusted(remote):
        return remote
    hops = [hop.strip() for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",") if hop.strip()]
    client = remote
    for hop in reversed(hops):
        try:
            hop = str(ipaddress.ip_address(hop))
        except ValueError:
            break  # not written by a proxy of ours: stop at the last address we can trust
        client = hop
        if not _trusted(hop):
            break
    return client


def address_subject(request: HttpRequest) -> str:
    """The subject for counting per client: its address; for IPv6 its /64 network, which one
    client usually holds whole."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return f"address:{address}"
    if ip.version == 6:
        return f"address:{ipaddress.ip_network(f'{ip}/64', strict=False)}"
    return f"address:{ip}"


def _cache() -> BaseCache:
    return caches[CACHE_ALIAS] if CACHE_ALIAS in settings.CACHES else caches["default"]


@dataclass(frozen=True)
class Limit:
    """At most ``limit`` events per subject in a window of ``window`` seconds, counted from
    the subject's first event."""

    name: str
    limit: int
    window: int  # seconds

    def _key(self, subject: str) -> str:
        digest = salted_hmac("vereinbar.ratelimit", f"{self.name}\n{subject}", algorithm="sha256").hexdigest()
        return f"{self.name}:{digest[:32]}"

    def count(self, subject: str) -> int:
        return int(_cache().get(self._key(subject), 0))

    def reached(self, *subjects: str) -> bool:
        """Whether any of the subjects has used up its events."""
        return any(self.count(subject) >= self.limit for subject in subjects)

    def record(self, *subjects: str) -> bool:
        """Count one event for each subject; whether any of them is now past the limit (this
        event was one too many)."""
        cache = _cache()
        over = False
        for subject in subjects:
            key = self._key(subject)
            if cache.add(key, 1, self.window):
                count = 1
            else:
                try:
                    count = int(cache.incr(key))
                except ValueError:  # expired between the two calls
                    cache.add(key, 1, self.window)
                    count = 1
            over = over or count > self.limit
        return over

    def clear(self, subject: str) -> None:
        _cache().delete(self._key(subject))
