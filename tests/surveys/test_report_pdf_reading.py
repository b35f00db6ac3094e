"""The survey report PDF read as its reader reads it: the charts name every scale whole and keep
their legend off the bars, the tables stay inside the margins, and the page numbers are set in the
report's typeface (found by looking at the demo's reports in German and Dutch)."""

from __future__ import annotations

import base64
import io
import re
from html import unescape
from pathlib import Path

import pdfplumber
import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.pdf_checks import MM, foreign_fonts
from vereinbar.surveys.models import Survey, SurveyStatus
from vereinbar.surveys.report import report_build
from vereinbar.surveys.report.charts import heatmap, profile, profile_figure, trend
from vereinbar.surveys.report.pdf import report_pdf
from vereinbar.surveys.services.surveys import survey_close
from vereinbar.surveys.synthetic import responses_create

# The previous survey's title as the demo names it: it heads the profile table's last column.
PREVIOUS = "Beschäftigtenbefragung 2024 (Beispieldaten)"
# A unit whose name is longer than the units column is wide.
UNITS = "Verwaltung\nAbfallwirtschaftsbetrieb\nJugendamt"


@pytest.fixture
def two_waves(make_survey, coordinator):
    """Two waves with units, so that the report has a previous survey and a table of units."""
    for title, n, seed in ((PREVIOUS, 60, 3), ("Beschäftigtenbefragung 2026 (Beispieldaten)", 60, 4)):
        survey = make_survey(SurveyStatus.OPEN, title=title, units=UNITS)
        responses_create(survey, n, seed=seed, comments=0)
        survey_close(actor=coordinator, survey=survey)
    survey.refresh_from_db()
    return survey


def _svg_text(svg: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", svg).split())


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_charts_name_every_scale_whole(two_waves: Survey, language: str):
    report = report_build(survey=two_waves, language=language)
    assert any(len(scale.title) > 24 for scale in report.scales)  # long enough to have been cut short
    assert report.trend
    for chart in (profile(report), heatmap(report), trend(report)):
        text = _svg_text(chart)
        assert "…" not in text
        for scale in report.scales:
            for word in re.findall(r"\w+", scale.title):
                assert word in text, f"{word!r} of {scale.title!r} is missing from the chart"
    assert "2024" in _svg_text(trend(report)), "the trend chart names the surveys it compares"


def test_the_profile_legend_stands_above_the_bars_not_among_them(two_waves: Survey):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    report = report_build(survey=two_waves, language="de")
    figure = profile_figure(report)
    renderer = FigureCanvasAgg(figure).get_renderer()
    axes = figure.axes[0]
    legend = axes.get_legend()
    assert legend is not None
    assert legend.get_window_extent(renderer).y0 >= axes.get_window_extent(renderer).y1


@pytest.fixture
def dutch_pdf(two_waves: Survey) -> bytes:
    report = report_build(survey=two_waves, language="nl")
    assert report.previous_title == PREVIOUS
    return report_pdf(report)


def test_the_report_pdf_keeps_its_tables_inside_the_margins(dutch_pdf: bytes):
    with pdfplumber.open(io.BytesIO(dutch_pdf)) as document:
        for number, page in enumerate(document.pages, 1):
            right = float(page.width) - 15 * MM + 1  # report_pdf.css: 15 mm margins left and right
            past = [c["text"] for c in page.chars if c["x1"] > right and c["text"].strip()]
            assert past == [], f"page {number}: {''.join(past)!r} runs into the right margin"


def test_the_report_pdf_numbers_its_pages_in_its_own_typeface(dutch_pdf: bytes):
    assert foreign_fonts(dutch_pdf) == []  # embedded, the same on every server


def test_the_report_pdf_keeps_names_inside_their_shaded_cells(dutch_pdf: bytes):
    """Header cells are shaded: a word that starts in one ends in it ("Abfallwirtschaftsbetrieb"
    in the units column ran over the next column's figures)."""
    with pdfplumber.open(io.BytesIO(dutch_pdf)) as document:
        for number, page in enumerate(document.pages, 1):
            shaded = [r for r in page.rects if r.get("non_stroking_color") not in (None, (1.0, 1.0, 1.0), (1, 1, 1))]
            assert shaded or number > 1
            for word in page.extract_words():
                middle = (word["top"] + word["bottom"]) / 2
                for cell in shaded:
                    if cell["x0"] <= word["x0"] < cell["x1"] and cell["top"] <= middle <= cell["bottom"]:
                        assert word["x1"] <= cell["x1"] + 0.5, f"page {number}: {word['text']!r} runs out of its cell"


def test_a_chart_keeps_its_caption_on_its_page():
    """A chart near the foot of a page took the page's last room and left its caption to the
    next page (the heat map's "Hatched cells are not shown …" in the demo's German report)."""
    from pathlib import Path

    from PIL import Image
    from weasyprint import CSS, HTML

    import vereinbar.surveys

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buffer, format="PNG")
    chart = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    # A4 less 18 + 20 mm margins leaves 259 mm: the chart fits after the spacer, its caption not.
    html = (
        '<html lang="de"><body><div style="height: 200mm"></div>'
        f'<figure><img src="{chart}" style="width: 100mm; height: 50mm">'
        f"<figcaption>{'Schraffierte Zellen werden zum Schutz kleiner Gruppen nicht angezeigt. ' * 6}</figcaption>"
        "</figure></body></html>"
    )
    stylesheet = Path(vereinbar.surveys.__file__).parent / "static" / "surveys" / "report_pdf.css"
    pdf = HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(stylesheet))])
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        image_pages = [n for n, page in enumerate(document.pages) if page.images]
        caption_pages = [n for n, page in enumerate(document.pages) if "Schraffierte" in (page.extract_text() or "")]
    assert image_pages == caption_pages


def test_a_question_s_count_is_never_split_across_lines(two_waves: Survey):
    """ "(n = 572)" after a long question broke as "(n" at a line's end and "= 572)" on the next."""
    from django.template.loader import render_to_string

    report = report_build(survey=two_waves, language="nl")
    assert report.choices
    html = render_to_string(
        "surveys/report_pdf.html", {"report": report, "charts": {}, "survey": two_waves, "pdf": True}
    )
    captions = [unescape(c) for c in re.findall(r"<caption[^>]*>(.*?)</caption>", html, flags=re.S)]
    counts = [count for caption in captions for count in re.findall(r"\(n\s*=\s*[\d.,]+\)", caption)]
    assert counts and all(" " not in count for count in counts), counts


def test_made_up_comments_are_in_the_language_the_staff_write_in(make_survey):
    """The demo's German and Dutch reports quoted their staff in English."""
    from vereinbar.surveys.models import ResponseComment
    from vereinbar.surveys.synthetic import COMMENTS

    english = {"More flexible working hours would help.", "Childcare during school holidays."}
    german = make_survey(SurveyStatus.OPEN)
    responses_create(german, 20, seed=1, comments=10)
    texts = set(ResponseComment.objects.filter(survey=german).values_list("text", flat=True))
    assert texts and not texts & english
    assert texts <= set(COMMENTS["de"])


def test_the_field_period_is_one_unbroken_phrase(two_waves: Survey):
    """The header broke the period as "17.10.2026 –" at a line's end and "14.11.2026" below."""
    from datetime import date

    from weasyprint import CSS, HTML

    import vereinbar.surveys

    Survey.objects.filter(pk=two_waves.pk).update(opens_on=date(2026, 10, 17), closes_on=date(2026, 11, 14))
    two_waves.refresh_from_db()
    stylesheet = Path(vereinbar.surveys.__file__).parent / "static" / "surveys" / "report_pdf.css"
    with translation.override("de"):
        header = render_to_string("surveys/report_pdf.html", {"report": None, "survey": two_waves, "pdf": True})
    # However long the names before it, the period moves to the next line whole.
    for width in (64, 84, 108):  # page widths at which the header used to break inside the period
        page = f"@page {{ size: {width}mm 200mm; margin: 5mm }}"
        pdf = HTML(string=header).write_pdf(stylesheets=[CSS(filename=str(stylesheet)), CSS(string=page)])
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            lines = document.pages[0].extract_text().splitlines()
        assert any("17.10.2026 – 14.11.2026" in line for line in lines), (width, lines)
