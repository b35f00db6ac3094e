"""``{% list_url 'operator_cycles:list' %}``: a list's URL with the filters the reader left it
with (``core.list_state``)."""

from __future__ import annotations

from typing import Any

from django import template

from vereinbar.core.list_state import list_state_url

register = template.Library()


@register.simple_tag(takes_context=True)
def list_url(context: Any, name: str) -> str:
    return list_state_url(context.get("request"), name)
