"""``{{ cycle.version|text }}``: a programme text as ``programmes/_text.html`` shows it (the
fallback language marked with ``lang``), as a filter: the desk's lists show four such texts per
row, and a filter costs a fraction of an include."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from vereinbar.programmes.templatetags.programme_texts import text_of

register = template.Library()


@register.filter
def text(obj: Any, field: str = "title") -> str | SafeString:
    found = text_of(obj, field)
    if found is None:
        return ""
    if found.is_fallback:
        return format_html('<span lang="{}">{}</span>', found.lang, found.text)
    return found.text
