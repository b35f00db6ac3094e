"""Dutch texts name things as the glossary (docs/glossary.md) does: an award is an "erkenning",
its code a "verificatiecode" (as on the verification page), the staff survey a
"medewerkersonderzoek" (het), a cycle a "traject", a phase a "stap" ("fase" is the stage), in the
interface and in the legal pages shipped as defaults alike."""

from __future__ import annotations

import re
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
from django.conf import settings

from vereinbar.pages.selectors import DEFAULTS

# words that name the same thing as a glossary term, and so read as a different thing
OTHER_WORDS = ("onderscheiding", "controlecode")


def _dutch_entries() -> list[polib.POEntry]:
    po = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    return [entry for entry in polib.pofile(str(po)) if not entry.obsolete]


def _msgstrs(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr, *entry.msgstr_plural.values()]


def _dutch_texts() -> list[tuple[str, str]]:
    texts = [(entry.msgid, text) for entry in _dutch_entries() for text in _msgstrs(entry)]
    texts += [(path.name, path.read_text(encoding="utf-8")) for path in sorted(DEFAULTS.glob("*.nl.md"))]
    return texts


@pytest.mark.parametrize("word", OTHER_WORDS)
def test_dutch_texts_use_the_glossary_terms_for_awards(word: str) -> None:
    found = [source for source, text in _dutch_texts() if word in text.lower()]
    assert not found, f"{word!r} in: {found}"


# spellings that stray from the glossary's "doelenafspraak" and "afdeling"
STRAY_SPELLINGS = ("doelafspra", "organisatieonderde")


@pytest.mark.parametrize("word", STRAY_SPELLINGS)
def test_dutch_texts_spell_the_glossary_terms_as_the_glossary_does(word: str) -> None:
    found = [source for source, text in _dutch_texts() if word in text.lower()]
    assert not found, f"{word!r} in: {found}"


# The one text that must say "enquête": the words that, at the start of a survey title someone
# typed ("Medewerkersenquête 2027"), already say it is a staff survey, so that the invitation's
# subject does not say it twice. It matches people's titles and is never shown.
# words recognised in a survey's title (not said to anyone): "enquête" must be among them
ENQUETE_ALLOWED = {"Staff survey|Employee survey", "survey|questionnaire"}


def test_dutch_texts_call_the_staff_survey_a_medewerkersonderzoek_not_an_enquete() -> None:
    found = [
        source
        for source, text in _dutch_texts()
        if re.search("enqu[eê]te", text, re.IGNORECASE) and source not in ENQUETE_ALLOWED
    ]
    assert not found, found


def test_dutch_texts_give_medewerkersonderzoek_its_article_het() -> None:
    found = [
        text for _, text in _dutch_texts() if re.search(r"\b(de|deze|die) medewerkersonderzoek\b", text, re.IGNORECASE)
    ]
    assert not found, found


def test_dutch_texts_call_a_cycle_a_traject() -> None:
    # "Managementcyclus" is a kind of programme, and a loop in the stages a "kringloop"
    found = [text for _, text in _dutch_texts() if re.search(r"\b(cyclus|cycli)\b", text, re.IGNORECASE)]
    assert not found, found


def test_dutch_texts_call_a_phase_a_stap_as_fase_is_the_stage() -> None:
    found = [
        text
        for entry in _dutch_entries()
        if re.search(r"\bphases?\b", entry.msgid, re.IGNORECASE)
        and not re.search(r"\bstages?\b", entry.msgid, re.IGNORECASE)
        for text in _msgstrs(entry)
        if re.search(r"\bfasen?\b", text, re.IGNORECASE)
    ]
    assert not found, found
