"""The target agreement printed from the browser (the page made for printing): no action field's
heading stands alone at the foot of a page while its first goal starts the next one (pages 1 and
2 of the demo's agreement of Pro Arbeit), and the text keeps off the paper's edges. A real browser
is the point: the page is laid out for paper by the browser's own print engine."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from playwright.sync_api import Browser

from tests.cycles.conftest import PROGRAMMES, programme_from_file
from tests.cycles.helpers import drive
from tests.pdf_checks import MM
from vereinbar.cycles import services

from .test_operator_desk import logged_in

# Layout: the same rows print the same pages on PostgreSQL (as tests/browser/test_look.py).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.database("sqlite")]

GOAL = "Beschäftigten mit Pflegeaufgaben in allen Ämtern flexible Arbeitszeiten und Arbeitsorte ermöglichen"
# An action field's heading ("3 Arbeitsort"), not a goal's ("3.1 …").
FIELD = re.compile(r"^\d+ \S")


def _lines(sheet) -> list[tuple[int, float, str, float]]:
    """The page's lines of text, top to bottom: (top, font size, text, left edge)."""
    rows: dict[int, list[dict]] = {}
    for word in sheet.extract_words(extra_attrs=["size"]):
        rows.setdefault(round(word["top"]), []).append(word)
    return [
        (top, round(max(w["size"] for w in words), 1), " ".join(w["text"] for w in words), min(w["x0"] for w in words))
        for top, words in sorted(rows.items())
    ]


def test_an_action_field_s_heading_is_printed_on_the_page_of_its_first_goal(
    browser: Browser, live_server, operator_org, employer_org, parties
):
    programme = programme_from_file(PROGRAMMES / "audit.yaml", operator_org)
    cycle = services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=programme)
    cycle = services.cycle_accept(actor=parties["operator"], cycle=cycle, auditor=parties["auditor"])
    drive(cycle, parties, stop_before="agreement")

    def goal(field: str, number: int) -> None:
        saved = services.goal_save(
            actor=parties["contributor"],
            cycle=cycle,
            action_field_code=field,
            title=f"{GOAL} ({number})",
            success_measure="Anteil der Anträge",
            owner="IT",
        )
        services.goal_measure_save(actor=parties["contributor"], goal=saved, title=f"Maßnahme {number}")

    goal("3", 0)
    page = logged_in(browser, live_server.url, parties["viewer"].email)
    page.emulate_media(media="print")
    url = f"{live_server.url}/de/workspace/{employer_org.slug}/cycles/{cycle.pk}/agreement/print/"
    # One more goal in field 1 each time moves field 3's heading down the page by a goal's height:
    # one of them brings it to the foot of a page.
    ended_with = []
    for number in range(1, 6):
        goal("1", number)
        page.goto(url)
        with pdfplumber.open(io.BytesIO(page.pdf(prefer_css_page_size=True))) as document:
            pages = [_lines(sheet) for sheet in document.pages]
        field_size = max(size for lines in pages for _top, size, text, _left in lines if FIELD.match(text))
        for lines in pages:
            assert min(left for *_rest, left in lines) >= 10 * MM, "text at the paper's edge"
            _top, size, text, _left = lines[-1]
            if FIELD.match(text) and size == field_size:
                ended_with.append((number, text))
    assert len(pages) >= 2  # long enough to break across pages: the check is real
    assert ended_with == [], "a page ends with an action field's heading"
