"""``{% email_confirmation_pending request.user as pending %}`` for the confirmation notice."""

from __future__ import annotations

from django import template

from vereinbar.core.types import Visitor

from ..selectors import PendingConfirmation, email_confirmation_pending

register = template.Library()


@register.simple_tag(name="email_confirmation_pending")
def pending_for(user: Visitor) -> PendingConfirmation | None:
    if not user.is_authenticated:
        return None
    return email_confirmation_pending(user=user)
