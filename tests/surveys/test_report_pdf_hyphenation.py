"""The report PDF's narrow columns (units, scales) fill a line before they break: a word that fits
a line whole moves to the next one instead of being hyphenated ("Ordnung und Sicher-heit",
"Soziale Unterstüt-zung" in the demo's German report), and a compound longer than a line breaks
between its parts ("Arbeits-anforderungen", not "Arbeitsanforde-rungen")."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest

from vereinbar.surveys.models import SurveyStatus
from vereinbar.surveys.report import report_build
from vereinbar.surveys.report.pdf import report_pdf
from vereinbar.surveys.services.surveys import survey_close
from vereinbar.surveys.synthetic import responses_create
from vereinbar.surveys.templatetags.survey_report import header_line

UNITS = "Ordnung und Sicherheit\nJugend und Gesundheit\nAbfallwirtschaftsbetrieb"


def _broken_words(pdf: bytes) -> list[str]:
    """The words a line ends with a hyphen in, joined with the start of the line below it in the
    same column (the nearest word below that it overlaps across)."""
    broken = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            words = page.extract_words()
            for word in words:
                if not re.search(r"\w-$", word["text"]):
                    continue
                below = [
                    other
                    for other in words
                    if word["bottom"] < other["bottom"] <= word["bottom"] + 2 * (word["bottom"] - word["top"])
                    and min(word["x1"], other["x1"]) > max(word["x0"], other["x0"])
                ]
                if below:
                    following = min(below, key=lambda other: other["top"])
                    broken.append(f"{word['text']}|{following['text']}")
    return broken


@pytest.mark.django_db
def test_a_word_that_fits_its_column_is_not_hyphenated_and_a_compound_breaks_between_its_parts(
    make_survey, coordinator
):
    survey = make_survey(SurveyStatus.OPEN, title="Beschäftigtenbefragung 2026", units=UNITS)
    responses_create(survey, 60, seed=4, comments=0)
    survey_close(actor=coordinator, survey=survey)
    report = report_build(survey=survey, language="de")
    pdf = report_pdf(report)

    broken = _broken_words(pdf)
    assert not {"Privatle-|ben", "Kraftquel-|len"} & set(broken), broken
    assert "Abfallwirtschafts-|betrieb" in broken or "Abfall-|wirtschaftsbetrieb" in broken, broken
    assert not {"Sicher-|heit", "Gesund-|heit"} & set(broken), broken
    for word in broken:  # a scale's header, the narrowest column, holds fewer letters than a unit's name
        whole = word.replace("-|", "")
        assert len(whole) >= header_line(report.scales), f"{word}: {whole} fits a line of its column whole"
