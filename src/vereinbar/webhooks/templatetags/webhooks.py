"""``user|can_manage_webhooks:organisation`` for the organisation's navigation."""

from __future__ import annotations

from django import template

from vereinbar.core.types import Visitor
from vereinbar.organisations.models import Organisation
from vereinbar.organisations.permissions import Action, has_permission

register = template.Library()


@register.filter
def can_manage_webhooks(user: Visitor, organisation: Organisation) -> bool:
    return has_permission(user, organisation, Action.MANAGE_WEBHOOKS)
