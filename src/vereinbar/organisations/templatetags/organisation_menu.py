"""``{% organisation_menu organisation area current as menu %}``: the organisation's menu
(organisations/menu.py) for the reader of the page."""

from __future__ import annotations

from typing import Any

from django import template

from .. import menu
from ..models import Organisation

register = template.Library()


@register.simple_tag(takes_context=True)
def organisation_menu(context: Any, organisation: Organisation, area: str, current: str | None) -> menu.Menu:
    return menu.organisation_menu(
        request=context["request"], organisation=organisation, area=area, current=current or ""
    )
