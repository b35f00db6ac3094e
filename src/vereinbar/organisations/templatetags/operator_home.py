"""``{% operator_home as organisation %}``: the reader's operator organisation when they belong
to exactly one. Its pages are then their home in the operator area (``/operator/`` redirects
there), so the platform-wide pages its sub-navigation leads to (the cycles) show that
sub-navigation too, with their item marked."""

from __future__ import annotations

from typing import Any

from django import template

from ..models import Organisation, OrganisationType
from ..selectors import organisations_of

register = template.Library()


@register.simple_tag(takes_context=True)
def operator_home(context: dict[str, Any]) -> Organisation | None:
    request = context.get("request")
    if request is None:
        return None
    found = list(organisations_of(user=request.user, type=OrganisationType.OPERATOR)[:2])
    return found[0] if len(found) == 1 else None
