"""Soft hyphens in long words, for headings that a phone cannot fit on one line ("Verwerkings-
verantwoordelijke", "Toegankelijkheids-verklaring"). main.css asks the browser to hyphenate
(``hyphens: auto``), but a browser without the language's dictionary (Debian's Chromium) would
then break such a word at the last letter that fits; with soft hyphens every browser breaks it
at a syllable, and shows no hyphen where the word fits. Pyphen comes with WeasyPrint."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from django.utils.translation import get_language

SOFT_HYPHEN = "\u00ad"


@lru_cache(maxsize=8)
def _dictionary(language: str) -> Any:
    import pyphen

    return pyphen.Pyphen(lang=pyphen.language_fallback(language) or "en", left=3, right=3)


@lru_cache(maxsize=4)
def _long_word(shortest: int) -> re.Pattern[str]:
    return re.compile(rf"[^\W\d_]{{{shortest},}}")  # letters only: no numbers, addresses or codes


def soft_hyphens(text: str, language: str | None = None, *, shortest: int = 12) -> str:
    """``text`` with soft hyphens at the syllables of its words of ``shortest`` letters or more,
    in the given or active language."""
    dictionary = _dictionary(language or get_language() or "en")
    return _long_word(shortest).sub(lambda word: dictionary.inserted(word.group(), hyphen=SOFT_HYPHEN), text)
