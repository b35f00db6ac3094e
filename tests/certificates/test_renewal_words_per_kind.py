"""A renewal is called one thing per language for every kind of award, as on the cycle page's
section „Verlängern“/‘Verlengen’ that the pages, history and mails send people to: German
„Verlängerung“ (the audit's re-audit and the seal's re-certification are the programmes' stage
names, which their files bring), Dutch "verlenging" (verlenging van de erkenning), never
„Erneuerung“/"vernieuwing". And no charter sentence puts a signature's number right after the
charter's name, where it read as the charter's own number: it is recorded "under the number …",
as in the mails."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from tests.test_german_person_nouns import _pairs
from vereinbar.certificates.wording import WORDING, award_text
from vereinbar.programmes.models import ProgrammeKind

LOCALE = Path(__file__).resolve().parents[2] / "src" / "vereinbar" / "locale"
OTHER_WORD = {"de": "erneuer", "nl": "vernieuw"}
VALUES = {
    "number": "2026-00002",
    "old": "2024-00001",
    "object": "2024-00001",
    "by": "2026-00002",
    "actor": "Land NRW",
    "organisation": "Kreis Musterstadt",
    "programme": "Charta Vereinbarkeit Beruf & Pflege",
    "stage": "Unterzeichnung",
    "valid_until": "10. März 2027",
    "date": "10. März 2027",
    "days": 3,
    "reason": "Auf Wunsch",
    "level": "Basis",
    "phase": "Unterzeichnung",
}
AFTER_THE_CHARTER = re.compile(r"(Charta|handvest|charter)( [Nn]r\.| no\.)?:? \d{4}-")


@pytest.mark.parametrize("language", ["de", "nl"])
def test_every_renewal_is_called_with_the_word_of_the_renew_section(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    renewals = [(msgid, text) for msgid, text in _pairs(po) if re.search(r"renew", msgid, re.I) and text]
    assert len(renewals) > 40
    assert [text for _, text in renewals if OTHER_WORD[language] in text.lower()] == []


@pytest.mark.parametrize("language", ["de", "nl", "en"])
def test_no_charter_sentence_puts_the_signatures_number_after_the_charters_name(language):
    with translation.override(language):
        texts = [award_text(key, ProgrammeKind.CHARTER, **VALUES) for key in WORDING]
        # a history entry's label, which its value follows ("Certificate no.: 2026-00001")
        label = award_text("history_label_number", ProgrammeKind.CHARTER)
    assert [text for text in texts if AFTER_THE_CHARTER.search(text)] == []
    assert not re.search(r"(Charta|handvest) [Nn]r\.$", label)
