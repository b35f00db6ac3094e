"""``{% operator_logo %}`` and ``{% operator_colour %}``: the page operator's logo and colour in
the page frame (see ``organisations.theme``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from ..brand import stored_colour
from ..models import Organisation
from ..theme import operator_logo_url, operator_theme_url, page_operator

register = template.Library()

_OPERATOR = "organisations.page_operator"


def _page_operator(context: template.Context) -> Organisation | None:
    """The page's operator, looked up once per rendering (both tags sit in core/base.html)."""
    cache = context.render_context
    if _OPERATOR not in cache:
        cache[_OPERATOR] = page_operator(context)
    return cache[_OPERATOR]


@register.inclusion_tag("organisations/_operator_logo.html", takes_context=True)
def operator_logo(context: template.Context) -> dict[str, Any]:
    """The logo of the operator the page belongs to, or nothing when it has none."""
    operator = _page_operator(context)
    if operator is None or not operator.logo:
        return {"operator": None}
    return {"operator": operator, "src": operator_logo_url(operator)}


@register.simple_tag(takes_context=True)
def operator_colour(context: template.Context) -> str:
    """A stylesheet link with the colour of the operator the page belongs to, after main.css;
    nothing when it has none (KERN's colour from main.css stays). A stylesheet from our own
    address, because the Content-Security-Policy allows no inline style."""
    operator = _page_operator(context)
    if operator is None or not (colour := stored_colour(operator)):
        return ""
    return format_html('<link rel="stylesheet" href="{}">', operator_theme_url(operator, colour))
