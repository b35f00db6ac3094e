"""``user|can_edit_profile:organisation`` for the organisation's navigation."""

from __future__ import annotations

from django import template

from vereinbar.core.types import Visitor

from ..models import Organisation
from ..permissions import Action, has_permission

register = template.Library()


@register.filter
def can_edit_profile(user: Visitor, organisation: Organisation) -> bool:
    return has_permission(user, organisation, Action.EDIT_PROFILE)
