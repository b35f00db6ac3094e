"""Reading history: only what the asking user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from vereinbar.core.types import Visitor
from vereinbar.organisations.models import Organisation
from vereinbar.organisations.permissions import Action, has_permission

from .models import Entry


def entries_for_organisation(*, user: Visitor, organisation: Organisation) -> QuerySet[Entry]:
    """The organisation's history, or nothing if the user may not see it."""
    if not has_permission(user, organisation, Action.VIEW_HISTORY):
        return Entry.objects.none()
    return Entry.objects.filter(organisation=organisation).select_related("actor")


def entries_for_user(*, user: Visitor) -> QuerySet[Entry]:
    """What the user did themselves (their own account's history)."""
    if not user.is_authenticated:
        return Entry.objects.none()
    return Entry.objects.filter(actor=user)
