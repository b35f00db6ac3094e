"""``{{ stage|nested_quotes }}``: a name set inside the quotation marks of the current language
(a mail's “{{ stage }}”), with its own quotation marks turned into the inner pair:
„Re-Auditierung ‚Optimierung‘“, not „Re-Auditierung „Optimierung““."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils import translation

register = template.Library()

# language: (the outer pair as a pattern, the inner pair)
_PAIRS = {
    "de": (re.compile("„([^„“]*)“"), ("‚", "‘")),
    "nl": (re.compile("‘([^‘’]*)’"), ("“", "”")),
    "en": (re.compile("“([^“”]*)”"), ("‘", "’")),
}


@register.filter
def nested_quotes(value: Any) -> str:
    text = str(value)
    pair = _PAIRS.get((translation.get_language() or "").split("-")[0])
    if pair is None:
        return text
    pattern, (opening, closing) = pair
    return pattern.sub(lambda found: f"{opening}{found.group(1)}{closing}", text)
