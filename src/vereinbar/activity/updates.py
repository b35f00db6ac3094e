"""Changing a model's fields and recording the change: the one way services write it."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING

from django.db import models

from .services import entry_record

if TYPE_CHECKING:
    from vereinbar.core.types import Actor
    from vereinbar.organisations.models import Organisation


def model_update(
    instance: models.Model,
    data: Mapping[str, object],
    *,
    actor: Actor,
    verb: str,
    organisation: Organisation | None,
    recorded: Collection[str] | None = None,
    after_extra: Mapping[str, object] | None = None,
    comment: str = "",
) -> dict[str, object]:
    """Set the fields in ``data`` on ``instance``, save those that changed and record one history
    entry; returns the changed fields with their values before. Call inside the transaction.

    Only the changed fields are saved (``update_fields``), with the model's ``auto_now`` fields
    (e.g. ``updated_at``). The entry's ``before``/``after`` show the changed fields named in
    ``recorded`` (default: all of ``data``), as JSON (a date as ISO text, a row as its key, a
    choice as its value); ``after_extra`` adds facts to ``after``. When nothing changed, nothing
    is saved or recorded and the result is empty."""
    changed: dict[str, object] = {}
    for name, value in data.items():
        current = getattr(instance, name)
        if current != value:
            changed[name] = current
            setattr(instance, name, value)
    if not changed:
        return changed
    auto_now = [
        field.name
        for field in instance._meta.concrete_fields
        if getattr(field, "auto_now", False) and field.name not in changed
    ]
    instance.save(update_fields=[*changed, *auto_now])
    shown = [name for name in changed if recorded is None or name in recorded]
    entry_record(
        actor=actor,
        verb=verb,
        target=instance,
        organisation=organisation,
        before={name: _json(changed[name]) for name in shown},
        after={name: _json(getattr(instance, name)) for name in shown} | dict(after_extra or {}),
        comment=comment,
    )
    return changed


def _json(value: object) -> object:
    """A field's value as the history stores it."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):  # and datetime
        return value.isoformat()
    return value
