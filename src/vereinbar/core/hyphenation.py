"""Soft hyphens in long words, for headings that a phone cannot fit on one line ("Verwerkings-
verantwoordelijke", "Toegankelijkheids-verklaring"). main.css asks the browser to hyphenate
(``hyphens: auto``), but a browser without the language's dictionary (Debian's Chromium) would
then break such a word at the last letter that fits; with soft hyphens every browser breaks it
at a syllable, and shows no hyphen where the word fits. Pyphen comes with WeasyPrint. Words the
dictionaries break wrongly (names such as a lower-case brand) break where the library's
``hyphenation.txt`` says, in every language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import get_language

SOFT_HYPHEN = "\u00ad"


@dataclass(frozen=True)
class _Patterns:
    """A language's hyphenation patterns. A dictionary in two levels (LibreOffice's German one:
    the words and their compound boundaries, then ``NEXTLEVEL`` and the syllable patterns) is
    read as libhyphen reads it: the first level splits a word into its parts, the second
    hyphenates each part. Pyphen reads both levels as one and so breaks "Überstunde-n-aus-
    gleich" or "Landrat-s-amt" (Kozea/Pyphen#24)."""

    syllables: Any
    compounds: Any | None = None


NEXT_LEVEL = "NEXTLEVEL"
# The shortest part a compound boundary may leave: a prefix such as "Ge", "be" or "ein" that the
# first level marks stays with the part it belongs to ("Gesundheits-gerechte").
SHORTEST_PART = 4


@lru_cache(maxsize=8)
def _dictionary(language: str) -> _Patterns:
    import tempfile

    import pyphen

    path = Path(pyphen.LANGUAGES[pyphen.language_fallback(language) or "en"])
    raw = path.read_bytes()
    header = raw.split(b"\n", 1)[0].decode("ascii").strip()
    encoding = "cp1251" if header.lower() == "microsoft-cp1251" else header
    lines = raw.decode(encoding).split("\n")
    if NEXT_LEVEL not in (line.strip() for line in lines):
        return _Patterns(pyphen.Pyphen(filename=path, left=3, right=3))
    split = [line.strip() for line in lines].index(NEXT_LEVEL)
    levels = []
    with tempfile.TemporaryDirectory() as folder:
        for number, patterns in enumerate((lines[1:split], lines[split + 1 :])):
            level = Path(folder) / f"level{number}.dic"
            level.write_bytes("\n".join([header, *patterns]).encode(encoding))
            levels.append(pyphen.Pyphen(filename=level, left=2, right=2))
    return _Patterns(syllables=levels[1], compounds=levels[0])


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
    """The break points without one-letter pieces, which some syllable patterns give
    ("Über-a-r-bei-tung"). Of breaks one letter apart only the outer two stay, if they are
    two letters apart or more ("Über-ar-bei-tung"); else neither."""
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


def _compound_breaks(word: str, patterns: _Patterns) -> list[int]:
    """Where ``word`` joins its parts, without a part shorter than ``SHORTEST_PART`` (it goes
    with the part after it; the last with the one before)."""
    if patterns.compounds is None:
        return []
    breaks = list(patterns.compounds.positions(word))
    while True:
        edges = [0, *breaks, len(word)]
        short = next(
            (index for index in range(len(edges) - 1) if edges[index + 1] - edges[index] < SHORTEST_PART), None
        )
        if short is None or not breaks:
            return breaks
        del breaks[min(short, len(breaks) - 1)]


def _breaks(word: str, language: str, shortest: int, compounds_first: bool) -> list[int]:
    """The positions of the soft hyphens in ``word``: its compound boundaries and the syllables
    of its parts (of each part of ``shortest`` letters or more, with ``compounds_first``)."""
    patterns = _dictionary(language)
    joins = _compound_breaks(word, patterns)
    breaks = set(joins)
    start = 0
    for end in [*joins, len(word)]:
        part = word[start:end]
        if not compounds_first or len(part) >= shortest:
            breaks.update(start + position for position in patterns.syllables.positions(part))
        start = end
    # Three letters at least before the first break and after the last, as in one level; in a
    # narrow column four, as a compound's parts have: "Privat-leben", not "Privatle-ben".
    edge = SHORTEST_PART if compounds_first else 3
    return sorted(position for position in breaks if edge <= position <= len(word) - edge)


@lru_cache(maxsize=8192)
def _hyphenated(word: str, language: str, shortest: int, compounds_first: bool) -> str:
    """One word with its soft hyphens, worked out once per word and language: a page repeats
    its programme's and phases' names in every heading and history line."""
    breaks = _exceptions().get(word.lower())
    if breaks is None:
        breaks = _sensible(_breaks(word, language, shortest, compounds_first))
    pieces, start = [], 0
    for position in breaks:
        pieces.append(word[start:position])
        start = position
    pieces.append(word[start:])
    return SOFT_HYPHEN.join(pieces)


def soft_hyphens(text: str, language: str | None = None, *, shortest: int = 12, compounds_first: bool = False) -> str:
    """``text`` with soft hyphens at the syllables of its words of ``shortest`` letters or more,
    in the given or active language. With ``compounds_first`` (a narrow column, where a line of
    about ``shortest`` letters fills up before it breaks) a compound breaks at its parts
    ("Arbeits-anforderungen", not "Arbeitsanforde-rungen") and only a part of ``shortest``
    letters or more also at its syllables: a word or a part that fits a line whole is not split."""
    language = language or get_language() or "en"
    return _long_word(shortest).sub(lambda word: _hyphenated(word.group(), language, shortest, compounds_first), text)
