"""A date inside a sentence of a cycle page ("Signed on 2. März 2026: …", "due 12 april 2026")
is one ``<time>`` (core's ``|long_date``), which main.css keeps on one line, so that a phone never
breaks it after the day. The agreement's PDF keeps the plain date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from vereinbar.cycles.agreement_pdf import agreement_html

from .helpers import drive

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "vereinbar" / "cycles" / "templates" / "cycles"
PAGE_PARTS = [
    "deliverables/_review_beside.html",
    "deliverables/target_agreement.html",
    "_waiting.html",
    "agreement.html",
    "detail.html",
    "_dashboard_card.html",
]


@pytest.mark.parametrize("name", PAGE_PARTS)
def test_page_templates_write_a_date_in_a_sentence_as_one_time_element(name):
    source = (TEMPLATES / name).read_text(encoding="utf-8")
    assert '|date:"DATE_FORMAT" %}' not in source  # a blocktranslate's date goes through |long_date


@pytest.mark.parametrize(("language", "words"), [("de", "Unterzeichnet am"), ("nl", "Ondertekend op")])
def test_the_agreement_page_keeps_the_signing_date_whole(audit, open_cycle, parties, login, language, words):
    cycle = open_cycle(audit)
    drive(cycle, parties, until_award=True)
    agreement = cycle.target_agreement
    type(agreement).objects.filter(pk=agreement.pk).update(signed_on=date(2026, 3, 2))
    with translation.override(language):
        url = reverse("workspace_cycles:agreement", args=[cycle.organisation.slug, cycle.pk])
    page = login(parties["coordinator"]).get(url).content.decode()
    day = {"de": "2. März 2026", "nl": "2 maart 2026"}[language]
    sentence = page.split(words, 1)[1].split("</p>", 1)[0]
    assert f'<time datetime="2026-03-02">{day}</time>' in sentence
    agreement.refresh_from_db()
    assert "<time" not in agreement_html(cycle, agreement, language=language)
