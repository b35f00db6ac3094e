"""Dutch texts name things as the glossary (docs/glossary.md) does: an award is an "erkenning",
its code a "verificatiecode" (as on the verification page), in the interface and in the legal
pages shipped as defaults alike."""

from __future__ import annotations

from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from django.conf import settings

from vereinbar.pages.selectors import DEFAULTS

# words that name the same thing as a glossary term, and so read as a different thing
OTHER_WORDS = ("onderscheiding", "controlecode")


def _dutch_texts() -> list[tuple[str, str]]:
    po = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    texts = [(entry.msgid, entry.msgstr) for entry in polib.pofile(str(po)) if not entry.obsolete]
    texts += [(path.name, path.read_text(encoding="utf-8")) for path in sorted(DEFAULTS.glob("*.nl.md"))]
    return texts


@pytest.mark.parametrize("word", OTHER_WORDS)
def test_dutch_texts_use_the_glossary_terms_for_awards(word: str) -> None:
    found = [source for source, text in _dutch_texts() if word in text.lower()]
    assert not found, f"{word!r} in: {found}"
