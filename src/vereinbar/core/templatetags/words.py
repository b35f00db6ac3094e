"""``{{ title|hyphenated }}``: a heading's long words with soft hyphens (core/hyphenation.py), so
that a phone breaks "Toegankelijkheidsverklaring" at a syllable in every browser. Plain text in,
escaped as usual."""

from __future__ import annotations

from django import template

from vereinbar.core.hyphenation import soft_hyphens

register = template.Library()


@register.filter
def hyphenated(text: object) -> str:
    return soft_hyphens(str(text))
