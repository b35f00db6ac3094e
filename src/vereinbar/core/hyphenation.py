"""Soft hyphens in long words, for headings that a phone cannot fit on one line ("Verwerkings-
verantwoordelijke", "Toegankelijkheids-verklaring"). main.css asks the browser to hyphenate
(``hyphens: auto``), but a browser without the language's dictionary (Debian's Chromium) would
then break such a word at the last letter that fits; with soft hyphens every browser breaks it
at a syllable, and shows no hyphen where the word fits. Pyphen comes with WeasyPrint. Words the
dictionaries break wrongly (names such as a lower-case brand) break where the library's
``hyphenation.txt`` says, in every language."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils.translation import get_language

SOFT_HYPHEN = "\u00ad"


@lru_cache(maxsize=8)
def _dictionary(language: str) -> Any:
    import pyphen

    return pyphen.Pyphen(lang=pyphen.language_fallback(language) or "en", left=3, right=3)


@lru_cache(maxsize=4)
def _long_word(shortest: int) -> re.Pattern[str]:
    return re.compile(rf"[^\W\d_]{{{shortest},}}")  # letters only: no numbers, addresses or codes


@lru_cache(maxsize=1)
def _exceptions() -> dict[str, list[int]]:
    """The library's words with their own break points: the lower-case word → the positions
    (letters before each break)."""
    path = settings.VEREINBAR_LIBRARY_DIR / "hyphenation.txt"
    words: dict[str, list[int]] = {}
    if not path.is_file():
        return words
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.lower().split("-")
        breaks = [sum(len(part) for part in parts[: index + 1]) for index in range(len(parts) - 1)]
        words["".join(parts)] = breaks
    return words


def _sensible(breaks: list[int]) -> list[int]:
    """The break points without one-letter pieces. Pyphen reads the German dictionary's
    compound patterns as one level and so splits "Über-a-r-bei-tung" or "Überstun-de-n-aus-
    gleich" (Kozea/Pyphen#24). Of breaks one letter apart only the outer two stay, if they are
    two letters apart or more ("Über-ar-bei-tung"); else neither ("Überstun-denaus-gleich")."""
    kept: list[int] = []
    run: list[int] = []
    for position in [*breaks, -2]:  # -2 ends the last run
        if run and position == run[-1] + 1:
            run.append(position)
            continue
        if len(run) == 1:
            kept.append(run[0])
        elif run and run[-1] - run[0] >= 2:
            kept += [run[0], run[-1]]
        run = [position]
    return kept


@lru_cache(maxsize=8192)
def _hyphenated(word: str, language: str) -> str:
    """One word with its soft hyphens, worked out once per word and language: a page repeats
    its programme's and phases' names in every heading and history line."""
    breaks = _exceptions().get(word.lower())
    if breaks is None:
        breaks = _sensible(list(_dictionary(language).positions(word)))
    pieces, start = [], 0
    for position in breaks:
        pieces.append(word[start:position])
        start = position
    pieces.append(word[start:])
    return SOFT_HYPHEN.join(pieces)


def soft_hyphens(text: str, language: str | None = None, *, shortest: int = 12) -> str:
    """``text`` with soft hyphens at the syllables of its words of ``shortest`` letters or more,
    in the given or active language."""
    language = language or get_language() or "en"
    return _long_word(shortest).sub(lambda word: _hyphenated(word.group(), language), text)
