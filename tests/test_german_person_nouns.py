"""German names people as a county administration does, one way throughout the UI, mails and
PDFs: a neutral word where German has one (Beschäftigte, Teilnehmende, Koordination,
Ansprechperson, prüfende Person), otherwise the pair form ("Auditorin/Auditor", in the plural
"Auditorinnen und Auditoren"); never a gender star, colon or mid-dot ("Auditor·in"), and not the
masculine alone, which the labels and one history sentence had mixed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

GERMAN = Path(__file__).resolve().parent.parent / "src" / "vereinbar" / "locale" / "de" / "LC_MESSAGES" / "django.po"


def _pairs(po: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) of every entry, each plural form as its own pair, continuation lines joined."""
    pairs: list[tuple[str, str]] = []
    msgid, current, field = "", [], ""
    for line in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith(('msgid "', "msgid_plural", "msgstr")):
            if field.startswith("msgstr"):
                pairs.append((msgid, "".join(current)))
            elif field == "msgid":
                msgid = "".join(current)
            field, current = line.split(" ", 1)[0], [ast.literal_eval(line.split(" ", 1)[1])]
        elif line.startswith('"'):
            current.append(ast.literal_eval(line))
        else:
            if field.startswith("msgstr"):
                pairs.append((msgid, "".join(current)))
            elif field == "msgid":
                msgid = "".join(current)
            field, current = "", []
    return pairs


def test_no_german_text_genders_with_a_star_colon_or_mid_dot():
    marked = [s for _, s in _pairs(GERMAN) if re.search(r"\w[·*:_]in(nen)?\b", s)]
    assert marked == []


def test_every_german_text_naming_the_auditor_names_her_and_him():
    texts = [(m, s) for m, s in _pairs(GERMAN) if re.search(r"\bauditor", m, re.I) and s]
    assert len(texts) > 10
    masculine_only = [s for _, s in texts if "Auditor" in s and "Auditorin" not in s]
    assert masculine_only == []


# Person nouns that have a feminine form: where one stands, its feminine form stands beside it
# ("Besucherinnen und Besucher", "-Administratorinnen und -Administratoren"), or the sentence
# names no person ("Eine Empfängeradresse", "Um die Charta wieder zu unterzeichnen").
MASCULINE = re.compile(
    r"\b(Unterzeichner|Besucher|Administrator(en)?|Empfängers?|Teilnehmer|Nutzer|Benutzer|Auditor"
    r"|Mitarbeitern?|Koordinator(en)?|Ansprechpartnern?|Gutachtern?|Prüfern?|Kollegen?|Lesern?"
    r"|Antragstellern?|Bearbeitern?|Vertretern?|Absenders?|Verfassers?)\b"
)


def test_no_german_text_names_people_in_the_masculine_alone():
    masculine_only = [
        s for _, s in _pairs(GERMAN) for m in MASCULINE.finditer(s) if f"{m.group(1).rstrip('ens')}in" not in s
    ]
    assert masculine_only == []


def test_the_german_legal_pages_name_the_auditor_in_the_pair_form():
    defaults = GERMAN.parents[3] / "pages" / "defaults"
    texts = {path.name: path.read_text(encoding="utf-8") for path in defaults.glob("*.de.md")}
    assert texts
    assert [name for name, text in texts.items() if re.search(r"\bAuditor\b", text) and "Auditorin" not in text] == []
