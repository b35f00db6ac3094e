"""The survey report PDF as a reader holds it: every text line readable, none drawn over
another, nothing running off the page (issue #12: certificates and reports nobody looked at)."""

from __future__ import annotations

import io
import itertools

import numpy as np
import pdfplumber
import pytest

from vereinbar.surveys.models import Survey, SurveyStatus
from vereinbar.surveys.report import report_build
from vereinbar.surveys.report.pdf import report_pdf
from vereinbar.surveys.services.surveys import survey_close
from vereinbar.surveys.synthetic import responses_create


@pytest.fixture
def realistic_survey(make_survey, coordinator):
    """Two waves with units, two breakdowns, comments and whole-organisation questions."""
    for title, n, seed in (("Befragung 2024", 150, 3), ("Befragung 2026", 180, 4)):
        survey = make_survey(SurveyStatus.OPEN, title=title)
        Survey.objects.filter(pk=survey.pk).update(report_breakdowns=["age_band", "cares_for_relative"])
        responses_create(survey, n, seed=seed, comments=40)
        survey_close(actor=coordinator, survey=survey)
    survey.refresh_from_db()
    return survey


def _upright(obj: dict) -> bool:
    """Chart labels set at an angle (the heat map's columns) have boxes that overlap by nature."""
    return obj.get("object_type") != "char" or (abs(obj["matrix"][1]) < 1e-3 and abs(obj["matrix"][2]) < 1e-3)


def _overlapping_chars(chars: list[dict]) -> list[str]:
    """Letters drawn over other letters (text over text on one baseline merges into one "line",
    so lines alone would not show it): boxes sharing more than a quarter of the smaller one."""
    glyphs = [c for c in chars if c["text"].strip()]
    if len(glyphs) < 2:
        return []
    box = np.array([[c["x0"], c["x1"], c["top"], c["bottom"]] for c in glyphs])
    area = (box[:, 1] - box[:, 0]) * (box[:, 3] - box[:, 2])
    width = np.minimum(box[:, None, 1], box[None, :, 1]) - np.maximum(box[:, None, 0], box[None, :, 0])
    height = np.minimum(box[:, None, 3], box[None, :, 3]) - np.maximum(box[:, None, 2], box[None, :, 2])
    shared = np.clip(width, 0, None) * np.clip(height, 0, None)
    # Neighbours in the text (k=2 leaves them out) may touch: kerning pairs such as "Te" or "r,".
    clash = np.triu(shared > 0.25 * np.minimum(area[:, None], area[None, :]), k=2)
    return [f"{glyphs[i]['text']!r} drawn over {glyphs[j]['text']!r}" for i, j in zip(*np.nonzero(clash), strict=True)][
        :5
    ]


def text_problems(pdf_bytes: bytes) -> list[str]:
    """Pairs of text lines whose boxes overlap, and text outside the page."""
    problems = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            page = page.filter(_upright)
            for char in page.chars:
                if char["x0"] < -0.5 or char["x1"] > page.width + 0.5 or char["bottom"] > page.height + 0.5:
                    problems.append(f"page {number}: {char['text']!r} outside the page")
                    break
            problems += [f"page {number}: {problem}" for problem in _overlapping_chars(page.chars)]
            lines = page.extract_text_lines(return_chars=False, strip=True)
            for a, b in itertools.combinations(lines, 2):
                width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
                if width > 1 and height > 1:
                    problems.append(f"page {number}: {a['text'][:30]!r} overlaps {b['text'][:30]!r}")
    return problems


# Layout only: the same rows make the same PDF on PostgreSQL (about 40 s of that pass in CI15).
@pytest.mark.database("sqlite")
@pytest.mark.parametrize("language", ["de", "nl", "en"])
def test_the_report_pdf_has_no_overlapping_lines_and_nothing_off_the_page(realistic_survey, language):
    report = report_build(survey=realistic_survey, language=language)
    assert report.units and len(report.breakdowns) == 2 and report.comments and report.trend
    pdf = report_pdf(report)
    assert text_problems(pdf) == []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    assert realistic_survey.title in text and report.units[0].label in text


def test_the_check_finds_overlapping_and_cut_off_text():
    from weasyprint import HTML

    html = """<html><body>
      <p style="position:absolute; top:20mm; left:20mm">Gleitzeit eingeführt</p>
      <p style="position:absolute; top:21mm; left:22mm">Gültig bis 2027</p>
      <p style="position:absolute; top:60mm; left:180mm; white-space:nowrap">eine Zeile, die über den Rand läuft</p>
    </body></html>"""
    problems = text_problems(HTML(string=html).write_pdf())
    assert any("overlaps" in problem or "drawn over" in problem for problem in problems)
    assert any("outside the page" in problem for problem in problems)
