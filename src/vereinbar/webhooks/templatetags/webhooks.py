"""``user|can_manage_webhooks:organisation`` for the organisation's navigation."""

from __future__ import annotations

from typing import Any

from django import template

from vereinbar.organisations.permissions import Action, has_permission

register = template.Library()


@register.filter
def can_manage_webhooks(user: Any, organisation: Any) -> bool:
    return has_permission(user, organisation, Action.MANAGE_WEBHOOKS)
