"""German abbreviations of two parts ("z. B.", "d. h.", "u. a.") are written with a no-break
space in the interface's texts, so that a narrow screen never leaves "z." at a line's end and
"B." at the next one's start."""

from __future__ import annotations

import re
from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[1] / "src/vereinbar/locale/de/LC_MESSAGES/django.po"
BROKEN = re.compile(r"\b(z|d|u|o|v|i|s)\. (B|h|a|Ä|ä|g|d|U)\.")


def test_no_german_text_can_break_an_abbreviation():
    broken = []
    for entry in polib.pofile(str(PO)):
        texts = [entry.msgstr, *entry.msgstr_plural.values()]
        broken += [(entry.msgid, text) for text in texts if BROKEN.search(text)]
    assert not broken, broken
