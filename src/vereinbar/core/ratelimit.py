"""Limits on guessing and on mail others can trigger (API tokens, survey codes, password-reset
mail): counts in the database (``LimitCount``, one atomic ``UPDATE`` per event), which every
server process and machine sees, so a limit holds however many processes answer. With a
``ratelimit`` cache configured (Redis, ``VEREINBAR_RATELIMIT_CACHE``) the counts are kept there
instead, with Redis' atomic ``INCR``.

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
import itertools
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import LimitCount

CACHE_ALIAS = "ratelimit"
# Every this many new windows a process removes the rows whose window has ended.
PURGE_EVERY = 200
_new_windows = itertools.count(1)

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


def _cache() -> BaseCache | None:
    """The ``ratelimit`` cache when one is configured (Redis); None: the database's table."""
    return caches[CACHE_ALIAS] if CACHE_ALIAS in settings.CACHES else None


def _table_record(key: str, window: int) -> int:
    """Count one event in the table; the count with it. Exact under concurrency: the increment
    is one ``UPDATE … SET count = count + 1`` and the count is read in the same transaction,
    while PostgreSQL holds the row's lock (SQLite the database's write lock, transactions being
    ``IMMEDIATE``); a window is started by an insert that the primary key lets only one process
    make, the others counting in the window it made (see docs/architecture.md, "Limits")."""
    while True:
        now = timezone.now()
        expires = now + timedelta(seconds=window)
        with transaction.atomic():
            running = LimitCount.objects.filter(key=key, expires__gt=now)
            if running.update(count=F("count") + 1):
                return running.values_list("count", flat=True).get()
            # The window has ended (the row is started again) or never began (a new row).
            if not LimitCount.objects.filter(key=key, expires__lte=now).update(count=1, expires=expires):
                try:
                    with transaction.atomic():
                        LimitCount.objects.create(key=key, count=1, expires=expires)
                except IntegrityError:
                    continue  # another process began the window a moment ago: count in it
        if next(_new_windows) % PURGE_EVERY == 0:
            purge_ended()
        return 1


def purge_ended() -> int:
    """Remove the counts whose window has ended; how many. ``record`` does it now and then."""
    deleted, _ = LimitCount.objects.filter(expires__lte=timezone.now()).delete()
    return deleted


def forget_all() -> None:
    """Forget every count of every limit (tests between probes; an operator after an incident)."""
    cache = _cache()
    if cache is not None:
        cache.clear()
    else:
        LimitCount.objects.all().delete()


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
        key, cache = self._key(subject), _cache()
        if cache is not None:
            return int(cache.get(key, 0))
        count = LimitCount.objects.filter(key=key, expires__gt=timezone.now()).values_list("count", flat=True).first()
        return count or 0

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
            count = _table_record(key, self.window) if cache is None else _cache_record(cache, key, self.window)
            over = over or count > self.limit
        return over

    def clear(self, subject: str) -> None:
        key, cache = self._key(subject), _cache()
        if cache is not None:
            cache.delete(key)
        else:
            LimitCount.objects.filter(key=key).delete()


def _cache_record(cache: BaseCache, key: str, window: int) -> int:
    """Count one event in the cache (Redis: ``add`` and ``incr`` are atomic there)."""
    if cache.add(key, 1, window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between the two calls
        cache.add(key, 1, window)
        return 1
