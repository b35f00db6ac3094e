"""``{{ organisation.country|country_name }}`` (``{% load country_names %}``): a stored ISO code
as the country's name in the page's language ("DE" reads "Deutschland" on a German page);
``{{ code|language_name_or_code }}`` likewise for a language ("nl" reads "Niederländisch"), the code
itself when Django does not know it."""

from __future__ import annotations

from django import template

from ..countries import country_name as _country_name
from ..countries import language_name

register = template.Library()


@register.filter
def country_name(code: str | None) -> str:
    return _country_name(code) if code else ""


@register.filter
def language_name_or_code(code: str | None) -> str:
    return language_name(code) if code else ""
