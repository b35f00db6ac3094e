"""``{% include "programmes/_text.html" with t=entry|citation %}``: a catalogue entry's legal
reference in the reader's language, or marked with the language of its law (``citations``)."""

from __future__ import annotations

from typing import Any

from django import template

from vereinbar.programmes.display import Text

from ..citations import legal_citation

register = template.Library()


@register.filter
def citation(entry: Any) -> Text | None:
    return legal_citation(entry.legal_reference or "", entry.country or "")
