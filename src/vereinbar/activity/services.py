"""Writing history entries. Every service that changes state calls ``entry_record``."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import Entry


def entry_record(
    *,
    actor: Any,
    verb: str,
    target: models.Model | None = None,
    organisation: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    comment: str = "",
) -> Entry:
    """Append one history entry; call it inside the transaction of the change it records."""
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
    )
    entry.save(force_insert=True)
    return entry
