"""``{% history_lines entries as lines %}``: history entries as sentences in the page's language."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from ..display import Line, lines_for
from ..models import Entry

register = template.Library()


@register.simple_tag
def history_lines(entries: Iterable[Entry] | None) -> list[Line]:
    """The entries as lines. A page about one thing (a cycle) does not repeat that thing under
    each line: the context is dropped when it is the same for every line and names one of the
    entries' own objects."""
    lines = lines_for(entries or [])
    contexts = {line.context.text for line in lines if line.context is not None}
    if len(contexts) == 1:
        (only,) = contexts
        if any(part.is_name and part.text == only for line in lines for part in line.parts):
            for line in lines:
                line.context = None
    return lines
