"""Reading history: only what the asking user may see.

An organisation's history is read under the organisation's permissions:
``organisations.selectors.entries_for_organisation``."""

from __future__ import annotations

from django.db.models import QuerySet

from vereinbar.core.types import Visitor

from .models import Entry


def entries_for_user(*, user: Visitor) -> QuerySet[Entry]:
    """What the user did themselves (their own account's history)."""
    if not user.is_authenticated:
        return Entry.objects.none()
    return Entry.objects.filter(actor=user)
