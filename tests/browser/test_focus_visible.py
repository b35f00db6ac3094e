"""A keyboard user sees where the focus is on a table's scrolling region: the region is a tab stop
of its own (so a wide table can be scrolled by keyboard), and KERN's reset of [tabindex] elements
had taken its outline away, so the focus seemed lost between the filters and the rows."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.cycles.conftest import PROGRAMMES, programme_from_file
from tests.cycles.test_operator_desk import applied

from .test_operator_desk import logged_in

# The browser's side of pages: SQLite pass only (their views' own tests run on both databases).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.database("sqlite")]

FOCUSED = "() => document.activeElement.classList.contains('table-scroll')"
RING = "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }"


def test_a_tables_scrolling_region_shows_the_keyboard_focus(
    browser: Browser, live_server, operator_org, operator_admin
):
    applied(
        programme_from_file(PROGRAMMES / "charter.yaml", operator_org), "Kreis Borken", region="Nordrhein-Westfalen"
    )
    page = logged_in(browser, live_server.url, operator_admin.email)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/de/operator/cycles/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED):
            break
    assert page.evaluate(FOCUSED), "the table's region is never reached by Tab"
    style, width = page.evaluate(RING)
    assert style == "solid" and width == "4px", (style, width)
