"""``{{ organisation.country|country_name }}`` (``{% load country_names %}``): a stored ISO code
as the country's name in the page's language ("DE" reads "Deutschland" on a German page)."""

from __future__ import annotations

from django import template

from ..countries import country_name as _country_name

register = template.Library()


@register.filter
def country_name(code: str | None) -> str:
    return _country_name(code) if code else ""
