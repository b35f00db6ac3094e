"""``{% operator_logo %}``: the page operator's logo in the page frame (see ``organisations.theme``)."""

from __future__ import annotations

from typing import Any

from django import template

from ..theme import operator_logo_url, page_operator

register = template.Library()


@register.inclusion_tag("organisations/_operator_logo.html", takes_context=True)
def operator_logo(context: template.Context) -> dict[str, Any]:
    """The logo of the operator the page belongs to, or nothing when it has none."""
    operator = page_operator(context)
    if operator is None or not operator.logo:
        return {"operator": None}
    return {"operator": operator, "src": operator_logo_url(operator)}
