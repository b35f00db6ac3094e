"""``{{ share|percent }}`` (a share from 0 to 1) and ``{{ value|percent_sign }}`` (a number already
in per cent): "25 %" in German, "25%" in Dutch and English, by the active language
(``core/numbers.py``). An optional argument gives the decimals: ``{{ share|percent:1 }}``."""

from __future__ import annotations

from decimal import Decimal

from django import template

from vereinbar.core.numbers import fraction_percent_text, percent_text

register = template.Library()


@register.filter
def percent(share: float | Decimal | int | None, digits: int | str = 0) -> str:
    return "" if share is None or share == "" else fraction_percent_text(share, int(digits))


@register.filter
def percent_sign(value: float | Decimal | int | None, digits: int | str = 0) -> str:
    return "" if value is None or value == "" else percent_text(value, int(digits))
