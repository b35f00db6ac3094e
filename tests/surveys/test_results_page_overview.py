"""The results page on a phone: a contents list first, each table closed in a section whose
summary names the table and its size, each unit closed with its answers and its least favourable
score, so that a coordinator reaches any part without scrolling through every unit's card. The
PDF of the same results shows everything open."""

from __future__ import annotations

import html
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from vereinbar.surveys.models import SurveyStatus
from vereinbar.surveys.services.surveys import survey_close

from .conftest import ALL_SCALES

pytestmark = pytest.mark.django_db

SCALES = 9  # of the shipped questionnaire
DETAILS = re.compile(r'<details class="([^"]*)"( open)?>\s*<summary>(.*?)</summary>', re.S)


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


@pytest.fixture
def closed(make_survey, respond, coordinator):
    """Jugendamt answered high on every item (a high strain is unfavourable), Verwaltung low,
    Verwaltung / Finanzen by only 2 people (k = 5)."""
    survey = make_survey(SurveyStatus.OPEN)
    high = dict.fromkeys(ALL_SCALES, 5) | {"age_band": 2, "cares_for_relative": 1}
    low = dict.fromkeys(ALL_SCALES, 1) | {"age_band": 2, "cares_for_relative": 1}
    respond(survey, "Jugendamt", count=8, **high)
    respond(survey, "Bauamt", count=8, **low)
    respond(survey, "Personal", count=8, **low)
    respond(survey, "Finanzen", count=2, **low)
    return survey_close(actor=coordinator, survey=survey)


@pytest.fixture
def results(closed, coordinator, login):
    client = login(coordinator)
    return client.get(reverse("surveys:report", args=[closed.organisation.slug, closed.pk])).content.decode()


def test_the_page_starts_with_contents_leading_to_every_section(results):
    contents = results[
        results.index('id="report-contents"') : results.index("</nav>", results.index('id="report-contents"'))
    ]
    links = {target: _text(label) for target, label in re.findall(r'<a href="#([^"]+)">(.*?)</a>', contents)}
    assert links["profile-heading"] == "Scale profile"
    assert links["units-heading"] == "Results by unit"
    assert links["rates-heading"] == "Response rate"
    assert links["comments-heading"] == "Comments"
    for target in links:
        assert f'id="{target}"' in results, target
    # The contents come before the first section, and every opened table leads back to them.
    assert results.index('id="report-contents"') < results.index('id="profile-heading"')
    assert results.count('<a href="#report-contents">Back to the contents</a>') >= 4


def test_tables_are_closed_sections_whose_summary_names_the_table_and_its_size(results):
    summaries = [_text(summary) for classes, is_open, summary in DETAILS.findall(results) if "report-part" in classes]
    assert f"Scale scores as a table {SCALES} scales" in summaries
    assert f"Shares of answers per score point as a table {SCALES} scales" in summaries
    assert "Response rate by unit 5 units" in summaries
    assert not any(is_open for _classes, is_open, _summary in DETAILS.findall(results))
    # The charts stay in view: they are the overview.
    profile = results[
        results.index('id="profile-heading"') : results.index("<details", results.index('id="profile-heading"'))
    ]
    assert "people answered" in profile


def test_each_unit_is_a_closed_section_with_its_answers_and_least_favourable_score(results):
    units = {
        _text(summary).split(" ", 1)[0]: _text(summary)
        for classes, _open, summary in DETAILS.findall(results)
        if classes == "unit-section"
    }
    # Jugendamt answered 5 everywhere: its strain scales are at 100, the least favourable.
    assert re.fullmatch(r"Jugendamt 8 answers · least favourable: .+ \(100\)", units["Jugendamt"])
    worst = re.search(r"least favourable: (.+) \(100\)", units["Jugendamt"]).group(1)
    assert f'{worst} <span class="group-table__strain">(higher = more strain)' in html.unescape(results).replace(
        "\u00ad", ""
    )
    # Bauamt answered 1 everywhere: a resource scale at 0 is its least favourable.
    assert re.fullmatch(r"Bauamt 8 answers · least favourable: .+ \(0\)", units["Bauamt"])
    assert units["Verwaltung"].startswith("Verwaltung with 2 units")


def test_a_unit_below_the_minimum_shows_no_figure_in_its_summary(make_survey, respond, coordinator, login):
    survey = make_survey(SurveyStatus.OPEN, units="Jugendamt\nBauamt\nSchulamt")
    answers = dict.fromkeys(ALL_SCALES, 3)
    respond(survey, "Jugendamt", count=8, **answers)
    respond(survey, "Bauamt", count=8, **answers)
    respond(survey, "Schulamt", count=2, **answers)
    survey_close(actor=coordinator, survey=survey)
    page = login(coordinator).get(reverse("surveys:report", args=[survey.organisation.slug, survey.pk]))
    units = [_text(s) for c, _o, s in DETAILS.findall(page.content.decode()) if c == "unit-section"]
    schulamt = next(summary for summary in units if summary.startswith("Schulamt"))
    assert schulamt == "Schulamt not shown"


def test_the_pdf_shows_every_table_open(closed):
    from vereinbar.surveys.report.cache import report_cached

    report = report_cached(closed, "en", "all")
    pdf = render_to_string("surveys/report_pdf.html", {"report": report, "charts": {}, "survey": closed, "pdf": True})
    assert "<details" not in pdf
    assert "Back to the contents" not in pdf and "On this page" not in pdf
    for caption in ("Scale scores of the whole organisation", "Mean scores by unit", "Response rate by unit"):
        assert caption in pdf
    assert "Jugendamt" in pdf and "Bauamt" in pdf
