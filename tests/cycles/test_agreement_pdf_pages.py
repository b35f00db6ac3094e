"""The target agreement PDF of a long agreement, page by page: a table of measures keeps its
caption. Rendered from the template with a made-up agreement (no database), so that the page
breaks fall where this test expects them."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from tests.pdf_checks import layout, pages
from vereinbar.core.pdf_fonts import font_faces_css
from vereinbar.cycles.agreement_pdf import FieldGoals, _fetcher, css_string, page_label
from vereinbar.programmes.display import Text


def _goal(number: int) -> SimpleNamespace:
    """Goals of one or two lines with none to three measures, so that the page breaks fall in
    every place of a goal."""
    measures = [
        SimpleNamespace(
            code=f"3.{number}.{measure}",
            title=f"Maßnahme {measure} zu Ziel {number}: Dienstvereinbarung überarbeiten",
            owner="Personalamt",
            due_on=None,
        )
        for measure in range(1, 1 + number % 4)
    ]
    return SimpleNamespace(
        code=f"3.{number}",
        title=f"Ziel {number}: Beschäftigte mit Pflegeaufgaben erhalten auf Wunsch flexible Arbeitszeiten"
        + (" und mobile Arbeit in allen Fachbereichen" if number % 3 == 0 else ""),
        carried_from_id=None,
        success_measure="Anteil erfüllter Arbeitszeitwünsche",
        owner="Personalamt",
        due_on=date(2028, 6, 30),
        measures=SimpleNamespace(all=lambda: measures),
    )


def _long_agreement_pdf() -> bytes:
    from weasyprint import HTML

    with translation.override("de"):
        context = {
            "language": "de",
            "organisation": SimpleNamespace(name="Landkreis Leer"),
            "agreement": SimpleNamespace(
                signer_name="Dr. Erika Head", signer_function="Landrätin", signed_on=date(2026, 3, 2), accepted_on=None
            ),
            "programme": Text("Qualitätssiegel „Familienfreundlicher Arbeitgeber“", "de", False),
            "stage": Text("Zertifizierung", "de", False),
            "operator": SimpleNamespace(name="Bertelsmann Stiftung"),
            "operator_logo": "",
            "accepted_by": "",
            "fields": [FieldGoals("3", Text("Arbeitsorganisation", "de", False), [_goal(n) for n in range(1, 41)])],
            "page_label": mark_safe(page_label()),
            "running_prefix": mark_safe(css_string("Zielvereinbarung – ")),
            "font_faces": mark_safe(font_faces_css()),
        }
        html = render_to_string("cycles/pdf/agreement.html", context)
    return bytes(HTML(string=html, url_fetcher=_fetcher()).write_pdf(pdf_tags=True))


def test_no_page_of_a_long_agreement_ends_with_the_caption_of_a_measures_table():
    """Left behind, the caption "Maßnahmen" ended three of the ten pages on its own."""
    pdf = _long_agreement_pdf()
    count = pages(pdf)
    assert count >= 8
    last_lines = []
    for page in range(count):
        lines = [line.text for line in layout(pdf, page=page).lines]
        body = [text for text in lines if not text.startswith(("Zielvereinbarung –", "Seite "))]
        last_lines.append(body[-1])
    assert "Maßnahmen" not in last_lines, last_lines
    assert last_lines[-1] == "Unterzeichnet am 2. März 2026"
