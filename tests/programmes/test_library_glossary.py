"""The library speaks the glossary's Dutch: a programme page shows its phase titles beside the
interface's own words, so "Zielvereinbarung" is "doelenafspraak" in both (docs/glossary.md)."""

from __future__ import annotations

from collections.abc import Iterator

import yaml

from tests.programmes.conftest import ROOT

GLOSSARY = ROOT / "docs" / "glossary.md"
LIBRARY_ROOT = ROOT / "library"
DUTCH_MESSAGES = ROOT / "src" / "vereinbar" / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def _glossary(term: str) -> tuple[str, str]:
    """The German and Dutch of an English glossary term."""
    row = next(line for line in GLOSSARY.read_text(encoding="utf-8").splitlines() if line.startswith(f"| {term} |"))
    cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
    return cells[1], cells[2]


def _texts(node: object) -> Iterator[dict]:
    """Every text of a library file given in German and Dutch."""
    if isinstance(node, dict):
        if isinstance(node.get("de"), str) and isinstance(node.get("nl"), str):
            yield node
        for value in node.values():
            yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


def _library_files() -> list:
    return sorted(path for path in LIBRARY_ROOT.rglob("*.yaml"))


def test_where_the_library_says_zielvereinbarung_its_dutch_says_the_glossarys_word():
    german, dutch = _glossary("target agreement")
    assert (german, dutch) == ("Zielvereinbarung", "doelenafspraak")
    checked = 0
    for path in _library_files():
        for text in _texts(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if german.lower() in text["de"].lower():
                checked += 1
                assert dutch in text["nl"].lower(), (path.name, text["nl"])
    assert checked  # the audit's phases and descriptions name it


def test_no_dutch_text_calls_the_target_agreement_otherwise():
    _german, dutch = _glossary("target agreement")
    other = "doelenovereenkomst"
    for path in [*_library_files(), DUTCH_MESSAGES]:
        assert other not in path.read_text(encoding="utf-8").lower(), f"{path.name} says {other}, not {dutch}"
