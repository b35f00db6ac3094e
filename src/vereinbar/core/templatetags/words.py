"""``{{ title|hyphenated }}``: a heading's or a table cell's long words with soft hyphens
(core/hyphenation.py), so that a phone breaks "Toegankelijkheidsverklaring" at a syllable in every
browser; ``{{ text|hyphenated:text.lang }}`` for words in another language than the page's (a
``lang`` marked programme title), by that language's dictionary. Plain text in, escaped as usual.

Chromium has no hyphenation dictionaries on Linux (Debian's, the CI's) and Chrome on Android and
desktop fetches them only for some languages, so ``hyphens: auto`` alone left "Gezondheids-
managemen/t" on a phone."""

from __future__ import annotations

from django import template

from vereinbar.core.hyphenation import soft_hyphens

register = template.Library()


@register.filter
def hyphenated(text: object, language: object = "") -> str:
    return soft_hyphens(str(text), str(language or "") or None)


@register.filter
def hyphenated_within(text: object, line: object) -> str:
    """``{{ text|hyphenated_within:14 }}``: soft hyphens for a column of about ``line`` letters, in
    the active language: none in a word that fits a line whole, a compound's parts first
    ("Arbeitszeitkonten-regelung", not "Arbeitszeitkontenrege-lung")."""
    return soft_hyphens(str(text), None, shortest=int(str(line)), compounds_first=True)
