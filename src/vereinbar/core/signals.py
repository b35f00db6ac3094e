"""Signals by which a domain app says that something the public directory shows may have changed,
without importing the directory above it (docs/architecture.md, "Layers"). The directory
listens (``directory/apps.py``). Receivers run at once, inside the sender's transaction, so the
read model changes with the data or not at all; an error in one fails the sender as a call would.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

organisations_changed_signal = Signal()  # organisation_ids: list[int] | None (None: every one)
programme_changed_signal = Signal()  # programme_id: int
measure_types_changed_signal = Signal()  # type_ids: list[int] | None (None: every one)


def organisations_changed(*, organisation_ids: Iterable[int] | None = None) -> None:
    """What these organisations (every organisation when None) show in public may have changed."""
    ids = None if organisation_ids is None else list(organisation_ids)
    organisations_changed_signal.send(sender=None, organisation_ids=ids)


def programme_changed(*, programme_id: int) -> None:
    """A programme's texts, items or levels changed (a new version)."""
    programme_changed_signal.send(sender=None, programme_id=programme_id)


def measure_types_changed(*, type_ids: Iterable[int] | None = None) -> None:
    """Catalogue entries (every one when None) changed their names or synonyms."""
    ids = None if type_ids is None else list(type_ids)
    measure_types_changed_signal.send(sender=None, type_ids=ids)
