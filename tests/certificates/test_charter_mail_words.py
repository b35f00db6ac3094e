"""The charter's mails (certificates/wording_mails.py) name a signature's number as the signature's,
never right after "Charta"/"handvest", where it read as the charter's own number; and they renew
with the verb of the cycle page's section they point to („Verlängern“, ‘Verlengen’)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from vereinbar.certificates.wording import award_text
from vereinbar.certificates.wording_mails import MAIL_WORDING
from vereinbar.programmes.models import ProgrammeKind

VALUES = {
    "number": "2026-00002",
    "old": "2024-00001",
    "organisation": "Kreis Musterstadt",
    "programme": "Charta Vereinbarkeit Beruf & Pflege",
    "stage": "Unterzeichnung",
    "valid_until": "10. März 2027",
    "date": "10. März 2027",
    "reason": "Auf Wunsch",
    "level": "Basis",
    "phase": "Unterzeichnung",
}
VERB = {"de": ("Verlängern", "erneuer"), "nl": ("Verlengen", "vernieuw")}


@pytest.mark.parametrize("language", ["de", "nl", "en"])
def test_no_charter_mail_puts_a_number_after_the_charters_name(language):
    with translation.override(language):
        texts = [award_text(key, ProgrammeKind.CHARTER, **VALUES) for key in MAIL_WORDING]
    numbered = [t for t in texts if re.search(r"(Charta|handvest|charter signature|signature) \d{4}-", t)]
    assert numbered == []


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_charter_mails_renew_with_the_verb_of_the_button(language):
    button, other = VERB[language]
    with translation.override(language):
        assert translation.gettext("Renew") == button
        texts = [award_text(key, ProgrammeKind.CHARTER, **VALUES) for key in MAIL_WORDING]
    assert [t for t in texts if other in t.lower()] == []
