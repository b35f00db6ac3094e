"""Writing history entries. Every service that changes state calls ``entry_record``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone

from vereinbar.core.types import Actor

from .models import Entry

if TYPE_CHECKING:
    from vereinbar.accounts.models import User
    from vereinbar.organisations.models import Organisation

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
    actor: Actor,
    verb: str,
    target: models.Model | None = None,
    organisation: Organisation | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    comment: str = "",
    at: datetime | None = None,
) -> Entry:
    """Append one history entry; call it inside the transaction of the change it records.

    ``at`` dates the entry explicitly; without it the entry is dated by the enclosing
    ``recorded_at`` block, or now."""
    when = at or _history_time.get() or timezone.now()
    user = actor if isinstance(actor, get_user_model()) else None
    entry = Entry(
        actor=user,
        actor_label=(str(user.email) if user is not None else str(actor or "system"))[:200],
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


def entries_pseudonymise(*, user: User, label: str) -> int:
    """Replace a person in the history by ``label`` before their account is deleted.

    The one sanctioned change of history entries (the log is otherwise append-only): in every
    entry the person acted in or is named in, the actor link is dropped and their e-mail
    address and name are replaced by the label wherever the entry shows them (actor, object,
    before/after, comment). What was done, when and to what stays. Returns the number of
    entries changed. Call inside the transaction that deletes the account."""
    names = [name for name in {str(user.email), str(getattr(user, "full_name", "") or "")} if len(name) >= 3]
    user_type = ContentType.objects.get_for_model(user)
    mentions = models.Q(actor=user) | models.Q(target_type=user_type, target_id=str(user.pk))
    for name in names:
        mentions |= (
            models.Q(actor_label__icontains=name)
            | models.Q(target_label__icontains=name)
            | models.Q(comment__icontains=name)
            | models.Q(before_text__icontains=name)
            | models.Q(after_text__icontains=name)
        )
    entries = Entry.objects.annotate(
        before_text=Cast("before", models.TextField()), after_text=Cast("after", models.TextField())
    ).filter(mentions)
    changed = 0
    for entry in entries.iterator():
        fields = {
            "actor": None if entry.actor_id == user.pk else entry.actor,
            "actor_label": _replace(entry.actor_label, names, label) if entry.actor_id != user.pk else label,
            "target_label": label
            if entry.target_type_id == user_type.pk and entry.target_id == str(user.pk)
            else _replace(entry.target_label, names, label),
            "before": _replace_json(entry.before, names, label),
            "after": _replace_json(entry.after, names, label),
            "comment": _replace(entry.comment, names, label),
        }
        # Bypasses EntryQuerySet.update on purpose, for this one row and these columns only.
        changed += models.QuerySet.update(Entry.objects.filter(pk=entry.pk), **fields)
    return changed


def _replace(text: str, names: list[str], label: str) -> str:
    import re

    for name in sorted(names, key=len, reverse=True):
        text = re.sub(re.escape(name), label, text, flags=re.IGNORECASE)
    return text


def _replace_json(value: Any, names: list[str], label: str) -> Any:
    if isinstance(value, str):
        return _replace(value, names, label)
    if isinstance(value, list):
        return [_replace_json(item, names, label) for item in value]
    if isinstance(value, dict):
        return {key: _replace_json(item, names, label) for key, item in value.items()}
    return value
