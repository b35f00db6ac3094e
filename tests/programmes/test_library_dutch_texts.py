"""Dutch readers see the library's texts on certificates, target agreements, mail subjects and
pages: they quote the way the Dutch interface does, not with the German „…“, they name the
care guide with the glossary's Dutch word (docs/glossary.md), not with the German "Pflege-Guide",
and the staff survey "medewerkersonderzoek", not "enquête"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.programmes.conftest import ROOT, library_files
from tests.programmes.test_library_glossary import _glossary
from vereinbar.programmes.definition import definition_check

LIBRARY_ROOT = ROOT / "library"
GERMAN_QUOTE = "„"
GERMAN_WORD = "pflege-guide"
# The Dutch interface quotes with ‘…’ (src/vereinbar/locale/nl/LC_MESSAGES/django.po).
OTHER_DUTCH_QUOTES = "„“”‟«»"


def _texts(node: object, language: str, *, inside: bool = False) -> Iterator[str]:
    """Every string under a key `language` (a text, or a list of texts such as synonyms)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, language, inside=inside or key == language)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value, language, inside=inside)
    elif isinstance(node, str) and inside:
        yield node


def _programme(path: Path) -> dict:
    """A programme file as the loader reads it: every text a language mapping, so a plain
    string in a Dutch-default file counts as Dutch too."""
    result = definition_check(path.read_text(encoding="utf-8"), filename=path.name)
    assert result.ok, (path.name, result.problems)
    return result.definition


PROGRAMMES = [(path.name, _programme(path)) for path in library_files()]
SHIPPED = PROGRAMMES + [
    (path.name, yaml.safe_load(path.read_text(encoding="utf-8")))
    for path in sorted(LIBRARY_ROOT.rglob("*.yaml"))
    if path not in library_files()
]


@pytest.mark.parametrize(("name", "data"), SHIPPED, ids=[name for name, _data in SHIPPED])
def test_no_dutch_or_english_text_of_the_library_quotes_the_german_way(name, data):
    for language in ("nl", "en"):
        quoted = [text for text in _texts(data, language) if GERMAN_QUOTE in text]
        assert not quoted, (name, language, quoted)


@pytest.mark.parametrize(("name", "data"), SHIPPED, ids=[name for name, _data in SHIPPED])
def test_no_dutch_text_of_the_library_calls_the_care_guide_pflege_guide(name, data):
    german = [text for text in _texts(data, "nl") if GERMAN_WORD in text.lower()]
    assert not german, (name, german)


def _translated(node: object) -> Iterator[dict]:
    """Every text of a programme given in German, Dutch and English."""
    if isinstance(node, dict):
        if all(isinstance(node.get(language), str) for language in ("de", "nl", "en")):
            yield node
        for value in node.values():
            yield from _translated(value)
    elif isinstance(node, list):
        for value in node:
            yield from _translated(value)


def test_where_a_programme_says_pflege_guide_its_dutch_and_english_say_the_glossarys_words():
    german, dutch = _glossary("care guide")
    assert german.startswith("Pflege-Guide") and dutch == "mantelzorgcontactpersoon"
    stem = dutch.removesuffix("oon")  # mantelzorgcontactpersoon, mantelzorgcontactpersonen
    checked = 0
    for name, data in PROGRAMMES:
        for text in _translated(data):
            if GERMAN_WORD in text["de"].lower():
                checked += 1
                assert stem in text["nl"].lower(), (name, text["nl"])
                assert "care guide" in text["en"].lower() and GERMAN_WORD not in text["en"].lower(), (name, text["en"])
    assert checked >= 5  # the NRW charter's summary, role, criterion, phase and measure


def test_the_programmes_quote_in_dutch_as_the_interface_does():
    for name, data in PROGRAMMES:
        other = [text for text in _texts(data, "nl") if any(mark in text for mark in OTHER_DUTCH_QUOTES)]
        assert not other, (name, other)


def test_the_checks_read_dutch_texts_wherever_the_file_puts_them():
    plain = yaml.safe_load("title: Erkenning „X“\nlevels: [{title: {nl: Pflege-Guide, de: Pflege-Guide}}]")
    assert list(_texts(plain, "nl")) == ["Pflege-Guide"]
    assert list(_texts({"synonyms": {"nl": ["a", "b „c“"]}}, "nl")) == ["a", "b „c“"]


ENQUETE = ("enquête", "enquete")


@pytest.mark.parametrize(("name", "data"), SHIPPED, ids=[name for name, _data in SHIPPED])
def test_no_dutch_text_of_the_library_calls_the_staff_survey_an_enquete(name, data):
    enquete = [text for text in _texts(data, "nl") if any(word in text.lower() for word in ENQUETE)]
    assert not enquete, (name, enquete)


def test_where_a_programme_says_befragung_its_dutch_says_the_glossarys_word():
    german, dutch = _glossary("survey")
    assert (german, dutch) == ("Beschäftigtenbefragung", "medewerkersonderzoek")
    checked = 0
    for name, data in PROGRAMMES:
        for text in _translated(data):
            if "befragung" in text["de"].lower():
                checked += 1
                assert "onderzoek" in text["nl"].lower(), (name, text["nl"])  # "het onderzoek" when said again
                if any(named in text["de"].lower() for named in (german.lower(), "befragung aller")):
                    assert dutch in text["nl"].lower(), (name, text["nl"])
    assert checked >= 8  # the BGM, the Qualitätssiegel and the culture index
