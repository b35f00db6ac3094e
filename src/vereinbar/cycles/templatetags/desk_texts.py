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


@register.filter
def next_due(cycle: Any) -> Any:
    """The earliest due date of the phases the cycle is working on: the ``next_due`` the list
    annotated (when it sorts by it), else read from the prefetched ``current_runs``."""
    if hasattr(cycle, "next_due"):
        return cycle.next_due
    from vereinbar.cycles.desk import WORKING

    dates = [run.due_on for run in getattr(cycle, "current_runs", []) if run.status in WORKING and run.due_on]
    return min(dates) if dates else None
