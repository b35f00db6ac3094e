"""Dutch texts quote with ‘…’ (as the Dutch .po does throughout), never with the German „…“ or „…”."""

from __future__ import annotations

import ast
from pathlib import Path

DUTCH = Path(__file__).resolve().parent.parent / "src" / "vereinbar" / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def _translations(po: Path) -> list[str]:
    """Every msgstr (and plural form) of a .po file, its continuation lines joined."""
    found: list[str] = []
    current: list[str] | None = None
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgstr"):
            current = [ast.literal_eval(line.split(" ", 1)[1])]
            found.append("")
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
        else:
            current = None
            continue
        found[-1] = "".join(current)
    return found


def test_dutch_translations_never_quote_with_german_low_quotes():
    german = [text for text in _translations(DUTCH) if "„" in text or "“" in text]
    assert german == []
