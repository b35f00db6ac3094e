"""The survey report PDF as a document: tagged for screen readers in the report's language with
its title (the certificate and the agreement were; the report was not), and no table whose last
row stands alone under the repeated header on the next page (the whole organisation's response
rate, left by itself at the top of page 4 of the demo's Dutch report); the heat map's figures
printed at 7 pt or more."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest

import vereinbar.surveys
from vereinbar.surveys.models import Survey, SurveyStatus
from vereinbar.surveys.report import report_build
from vereinbar.surveys.report.pdf import report_pdf
from vereinbar.surveys.services.surveys import survey_close
from vereinbar.surveys.synthetic import responses_create

STYLESHEET = Path(vereinbar.surveys.__file__).parent / "static" / "surveys" / "report_pdf.css"


@pytest.fixture
def dutch_pdf_with_units(make_survey, coordinator) -> tuple[Survey, bytes]:
    survey = make_survey(SurveyStatus.OPEN)  # with units: the heat map has a row for each
    responses_create(survey, 40, seed=2, comments=0)
    survey = survey_close(actor=coordinator, survey=survey)
    report = report_build(survey=survey, language="nl")
    assert report.units, "no units: no heat map"
    return survey, report_pdf(report)


@pytest.mark.django_db
def test_the_report_pdf_is_tagged_in_its_language_titled_and_its_heat_map_readable(dutch_pdf_with_units):
    """One PDF for both (a report takes seconds to make): the document as a screen reader gets
    it, and the heat map's figures, drawn wide and shrunk to the page, which came out at 5.7 pt,
    below any other text of the report (the tables' smallest is 6.8 pt)."""
    survey, pdf = dutch_pdf_with_units
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        catalog = document.doc.catalog
        title = document.metadata.get("Title", "")
        assert catalog.get("Lang") == b"nl"
        assert "StructTreeRoot" in catalog, "not tagged: a screen reader has no headings or tables to go by"
        assert document.pages[0].extract_text().startswith(survey.title_in("nl"))
        figures = [
            word
            for page in document.pages
            for word in page.extract_words(extra_attrs=["size", "upright"])
            if word["upright"] and word["text"].isdigit()
        ]
    assert title == f"{survey.title_in('nl')} – {survey.organisation.name}"
    assert figures
    assert min(word["size"] for word in figures) >= 7, sorted({round(word["size"], 1) for word in figures})


def test_a_table_s_last_row_never_stands_alone_on_the_next_page():
    from weasyprint import CSS, HTML

    rows = "".join(f"<tr><th>Unit {number}</th><td>{number}</td></tr>" for number in range(1, 7))
    # A4 less 18 + 20 mm margins leaves 259 mm: after the spacer, the header and five rows fit.
    html = (
        '<html lang="nl"><body><div style="height: 202mm"></div>'
        f"<table><caption>Respons per afdeling</caption><thead><tr><th>Afdeling</th><th>n</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></body></html>"
    )
    pdf = HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        rows_per_page = [sum(1 for word in page.extract_words() if word["text"] == "Unit") for page in document.pages]
    assert len(rows_per_page) == 2 and sum(rows_per_page) == 6  # the table does break: the check is real
    assert min(rows_per_page) >= 2, rows_per_page
