"""``<a href="{{ contact.phone|tel_href }}">``: a telephone number as people write it, as a link
that phones dial at a tap (RFC 3966)."""

from __future__ import annotations

import re

from django import template

register = template.Library()


@register.filter
def tel_href(phone: str) -> str:
    """ "071 545 85 00" -> "tel:0715458500", "+49 (0)2921 30-3200" -> "tel:+492921303200";
    "" when there are too few digits to dial."""
    text = re.sub(r"\(0\)", "", phone or "") if (phone or "").lstrip().startswith("+") else phone or ""
    digits = re.sub(r"\D", "", text)
    if len(digits) < 3:
        return ""
    return "tel:" + ("+" if text.lstrip().startswith("+") else "") + digits
