"""Sending webhook messages: signed (Standard Webhooks), through the worker, retried with
back-off, in order per subject, to public addresses only.

Per delivery, as the mail outbox does (``notifications/outbox.py``):

1. *claim*: one conditional UPDATE moves a due row (waiting, retrying, or claimed by a worker
   silent for ``LEASE``) to "being sent" and counts the attempt, so two workers never send it
   both. A row waits while an earlier row of the same endpoint and subject is still pending:
   events about one object arrive in the order they happened.
2. *send*: POST the stored body with the headers ``webhook-id`` (the row's fixed message id),
   ``webhook-timestamp`` and ``webhook-signature`` (``standardwebhooks``: v1, HMAC-SHA256 of
   ``id.timestamp.body`` with the endpoint's secret).
3. *mark*: a 2xx answer marks it delivered and makes the endpoint's other waiting rows due at
   once (the receiver is back); anything else is retried ``backoff(attempts)`` later, and
   given up ("failed") after ``MAX_ATTEMPTS``.

A receiver may see a message twice (an answer lost on the way back, a worker killed between
the answer and the mark, "send again"), always with the same ``webhook-id``: receivers that
skip ids they have processed see every event exactly once.
"""

from __future__ import annotations

import http.client
import ipaddress
import logging
import socket
import ssl
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from standardwebhooks.webhooks import Webhook

from vereinbar.notifications.outbox import backoff

from .models import PENDING, Delivery, DeliveryStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 30  # with the back-off of the outbox (1, 2, 4 … 60 minutes): about a day
LEASE = timedelta(minutes=10)  # a claim older than this belongs to a worker that died
TIMEOUT = 10  # seconds to connect, and to wait for the answer
KEEP_DELIVERED = timedelta(days=30)
USER_AGENT = "vereinbar-webhooks/1"


class UnsafeAddress(Exception):
    """The URL leads to an address webhooks may not reach (loopback, private networks …)."""


def private_addresses_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False))


def _address_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def url_problem(url: str) -> str | None:
    """Why this URL cannot be an endpoint (a sentence), or None. Names are checked again, after
    resolving them, at every delivery."""
    parts = urlsplit(url)
    schemes = {"https", "http"} if private_addresses_allowed() else {"https"}
    if parts.scheme not in schemes or not parts.hostname:
        return _("Enter an address starting with https://.")
    if parts.username or parts.password:
        return _("The address may not contain a user name or password.")
    if private_addresses_allowed():
        return None
    host = parts.hostname.rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return _("Webhooks can only be sent to public addresses on the internet.")
    try:
        if not _address_allowed(host):
            return _("Webhooks can only be sent to public addresses on the internet.")
    except ValueError:
        pass  # a host name: resolved and checked when sending
    return None


def _resolve(host: str, port: int) -> str:
    """The address to connect to; every address the name has must be allowed (SSRF guard)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise UnsafeAddress(f"{host} has no address")
    if not private_addresses_allowed():
        refused = [address for address in addresses if not _address_allowed(address)]
        if refused:
            raise UnsafeAddress(f"{host} resolves to a non-public address")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address checked beforehand, not to whatever the name resolves to next."""

    def __init__(self, host: str, port: int, *, address: str) -> None:
        super().__init__(host, port, timeout=TIMEOUT)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), TIMEOUT)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: str) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=TIMEOUT, context=self.tls)
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), TIMEOUT)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def signed_headers(*, secret: str, message_id: str, body: bytes, at: datetime) -> dict[str, str]:
    """The Standard Webhooks headers of one message."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, at, body),
    }


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST ``body`` to ``url`` (no redirects followed); returns the status code."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise UnsafeAddress("not an http(s) URL")
    if parts.scheme == "http" and not private_addresses_allowed():
        raise UnsafeAddress("plain http is not allowed")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _resolve(parts.hostname, port)
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(parts.hostname, port, address=address)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
        )
        response = connection.getresponse()
        response.read(65536)  # a receiver's answer is not kept; read a little so it can finish
        return int(response.status)
    finally:
        connection.close()


def _due(now: datetime) -> Q:
    return Q(endpoint__is_active=True) & (
        Q(status__in=[DeliveryStatus.QUEUED, DeliveryStatus.RETRYING], next_attempt_at__lte=now)
        | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - LEASE)
    )


def _waits_for_earlier(row: Mapping[str, Any]) -> bool:
    return Delivery.objects.filter(
        endpoint_id=row["endpoint_id"], subject=row["subject"], status__in=PENDING, pk__lt=row["pk"]
    ).exists()


def _claim(pk: int, now: datetime) -> Delivery | None:
    claimed = Delivery.objects.filter(_due(now), pk=pk).update(
        status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    return Delivery.objects.select_related("endpoint").filter(pk=pk).first()


def _mark_delivered(delivery: Delivery, code: int) -> None:
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.DELIVERED, delivered_at=now, response_code=code, last_error=""
    )
    # The receiver answers again: what waits for it need not wait out its back-off.
    Delivery.objects.filter(
        endpoint_id=delivery.endpoint_id, status=DeliveryStatus.RETRYING, next_attempt_at__gt=now
    ).update(next_attempt_at=now)


def _mark_failed(delivery: Delivery, *, code: int | None, error: str) -> None:
    if delivery.attempts >= MAX_ATTEMPTS:
        changes: dict[str, Any] = {"status": DeliveryStatus.FAILED}
    else:
        changes = {"status": DeliveryStatus.RETRYING, "next_attempt_at": timezone.now() + backoff(delivery.attempts)}
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        response_code=code, last_error=error[:300], **changes
    )


def _send(delivery: Delivery) -> bool:
    body = delivery.body.encode("utf-8")
    try:
        headers = signed_headers(
            secret=delivery.endpoint.secret, message_id=delivery.message_id, body=body, at=timezone.now()
        )
        code = post(delivery.endpoint.url, body, headers)
    except Exception as error:  # noqa: BLE001 - one receiver's failure must not stop the others
        logger.warning("webhook %s, attempt %s, failed: %s", delivery.pk, delivery.attempts, type(error).__name__)
        _mark_failed(delivery, code=None, error=f"{type(error).__name__}: {error}")
        return False
    if 200 <= code < 300:
        _mark_delivered(delivery, code)
        return True
    _mark_failed(delivery, code=code, error=f"HTTP {code}")
    return False


def webhooks_deliver() -> int:
    """Send every message due (see the module's description); returns how many were delivered."""
    Delivery.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lt=timezone.now() - LEASE, attempts__gte=MAX_ATTEMPTS
    ).update(status=DeliveryStatus.FAILED, last_error="The worker stopped during the last attempt.")
    delivered = 0
    while True:  # again after a delivery: rows that waited for it, or for its receiver, are due now
        now = timezone.now()
        rows = Delivery.objects.filter(_due(now)).order_by("pk").values("pk", "endpoint_id", "subject")
        progress = False
        for row in rows:
            if _waits_for_earlier(row):
                continue
            delivery = _claim(row["pk"], now)
            if delivery is None:
                continue
            if _send(delivery):
                delivered += 1
                progress = True
        if not progress:
            return delivered


def webhooks_next_attempt() -> datetime | None:
    """When a message is next due (None: nothing waiting)."""
    pending = Delivery.objects.filter(status__in=PENDING, endpoint__is_active=True).aggregate(
        due=Min("next_attempt_at", filter=~Q(status=DeliveryStatus.SENDING)),
        claimed=Min("claimed_at", filter=Q(status=DeliveryStatus.SENDING)),
    )
    moments = [pending["due"], pending["claimed"] + LEASE if pending["claimed"] else None]
    return min((moment for moment in moments if moment is not None), default=None)


def webhooks_prune(*, now: datetime | None = None) -> int:
    """Delete delivered messages older than ``KEEP_DELIVERED``; returns how many."""
    cutoff = (now or timezone.now()) - KEEP_DELIVERED
    deleted, _counts = Delivery.objects.filter(status=DeliveryStatus.DELIVERED, delivered_at__lt=cutoff).delete()
    return deleted
