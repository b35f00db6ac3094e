"""``{% cycle_url "phase" run.pk %}``: a cycle page's URL in the area the page is shown in."""

from __future__ import annotations

from typing import Any

from django import template

from ..links import cycle_reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def cycle_url(context: dict[str, Any], name: str, *args: Any) -> str:
    return cycle_reverse(context["area"], context["cycle"], name, *args)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``{{ forms|get_item:code }}``: a value of a mapping by a variable key."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def has_agreement(cycle: Any) -> bool:
    """Whether the cycle's stage has a target agreement phase."""
    from vereinbar.programmes.models import DeliverableKind

    return bool(cycle.stage.phases.filter(deliverable=DeliverableKind.TARGET_AGREEMENT).exists())


@register.inclusion_tag("cycles/_dashboard_card.html", takes_context=True)
def cycles_card(context: dict[str, Any], organisation: Any) -> dict[str, Any]:
    """The employer dashboard's card: current cycles and what is due next.
    Use: ``{% load cycles %}{% cycles_card organisation %}``."""
    from ..selectors import organisation_card

    request = context["request"]
    return {"organisation": organisation, **organisation_card(user=request.user, organisation=organisation)}
