"""Writing history entries. Every service that changes state calls ``entry_record``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .models import Entry

# When set, the time every entry written in this context is dated with (replaying a real
# history through the services); otherwise entries are dated now.
_history_time: ContextVar[datetime | None] = ContextVar("history_time", default=None)


@contextmanager
def recorded_at(when: datetime) -> Iterator[None]:
    """Date every history entry written inside the block ``when`` (e.g. replaying an
    organisation's real history as demo data). Naive datetimes are taken as local time."""
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    token = _history_time.set(when)
    try:
        yield
    finally:
        _history_time.reset(token)


def entry_record(
    *,
    actor: Any,
    verb: str,
    target: models.Model | None = None,
    organisation: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    comment: str = "",
    at: datetime | None = None,
) -> Entry:
    """Append one history entry; call it inside the transaction of the change it records.

    ``at`` dates the entry explicitly; without it the entry is dated by the enclosing
    ``recorded_at`` block, or now."""
    when = at or _history_time.get() or timezone.now()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    entry = Entry(
        actor=actor if is_user else None,
        actor_label=(str(actor.email) if is_user else str(actor or "system"))[:200],
        verb=verb,
        organisation=organisation,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        before=before,
        after=after,
        comment=comment,
        created_at=when,
    )
    entry.save(force_insert=True)
    return entry
