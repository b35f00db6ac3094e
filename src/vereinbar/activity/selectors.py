"""Reading history: only what the asking user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from vereinbar.organisations.permissions import Action, has_permission

from .models import Entry


def entries_for_organisation(*, user: Any, organisation: Any) -> QuerySet[Entry]:
    """The organisation's history, or nothing if the user may not see it."""
    if not has_permission(user, organisation, Action.VIEW_HISTORY):
        return Entry.objects.none()
    return Entry.objects.filter(organisation=organisation).select_related("actor")


def entries_for_user(*, user: Any) -> QuerySet[Entry]:
    """What the user did themselves (their own account's history)."""
    if not getattr(user, "is_authenticated", False):
        return Entry.objects.none()
    return Entry.objects.filter(actor=user)
