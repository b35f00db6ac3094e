"""The operator's desk lists read cleanly at a desk's width: a select's chosen text stops before
KERN's chevron instead of running under it, and a date or an award number ("20-2-2020",
"2014-00001") stays on one line in a narrow column instead of breaking at its hyphens, and so
does a date on the news page ("27 september 2026")."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser, expect

from tests.cycles.conftest import PROGRAMMES, programme_from_file
from tests.cycles.test_operator_desk import applied, award

from .test_operator_desk import logged_in

# The browser's side of pages: SQLite pass only (their views' own tests run on both databases).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.database("sqlite")]

# Where the chosen text ends and where the wrapper's chevron (KERN: 24px, 16px from the right) begins.
TEXT_AND_CHEVRON = """select => {
  const box = select.getBoundingClientRect(), wrapper = select.parentElement.getBoundingClientRect();
  return [box.right - parseFloat(getComputedStyle(select).paddingRight), wrapper.right - 40];
}"""
# How many lines an element's text takes (the distinct tops of its text's boxes).
LINES = """element => {
  const range = document.createRange();
  range.selectNodeContents(element);
  return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
}"""


def test_a_filters_chosen_text_stops_before_the_chevron(browser: Browser, live_server, operator_admin):
    page = logged_in(browser, live_server.url, operator_admin.email)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/nl/operator/registrations/")
    for name in ("status", "sort", "size"):
        text_end, chevron = page.locator(f"select[name={name}]").evaluate(TEXT_AND_CHEVRON)
        assert text_end <= chevron, name


def test_award_numbers_and_dates_stay_on_one_line(browser: Browser, live_server, operator_org, operator_admin):
    charter = programme_from_file(PROGRAMMES / "charter.yaml", operator_org)
    award(applied(charter, "Kreis Coesfeld", region="Nordrhein-Westfalen"), "B-2018-000028", date(2030, 12, 20))
    page = logged_in(browser, live_server.url, operator_admin.email)
    page.set_viewport_size({"width": 700, "height": 900})  # a narrow window, still with the table's columns
    page.goto(f"{live_server.url}/nl/operator/cycles/awards/?status=")
    row = page.locator(".desk-table tbody tr").first
    expect(row).to_contain_text("B-2018-000028")
    assert row.locator(".award-number").evaluate(LINES) == 1
    for time in row.locator("time").all():
        assert time.evaluate(LINES) == 1


def test_the_news_pages_award_dates_stay_on_one_line(browser: Browser, live_server, operator_org, operator_admin):
    charter = programme_from_file(PROGRAMMES / "charter.yaml", operator_org)
    cycle = applied(charter, "Stichting Zorgzame Werkgevers in Noordrijn-Westfalen", region="Nordrhein-Westfalen")
    award(cycle, "E-1", date(2030, 9, 27))  # issued 1 January 2024
    page = logged_in(browser, live_server.url, operator_admin.email)
    page.set_viewport_size({"width": 700, "height": 900})
    page.goto(f"{live_server.url}/nl/operator/news/")
    issued = page.locator("table time").first
    expect(issued).to_have_text("1 januari 2024")
    assert issued.evaluate(LINES) == 1


def test_the_bulk_change_box_stands_apart_from_the_download_links_above(
    browser: Browser, live_server, operator_org, operator_admin
):
    charter = programme_from_file(PROGRAMMES / "charter.yaml", operator_org)
    applied(charter, "Gemeente Leiderdorp", region="Zuid-Holland")
    page = logged_in(browser, live_server.url, operator_admin.email)
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(f"{live_server.url}/nl/operator/cycles/")
    links = page.locator(".desk-export").bounding_box()
    legend = page.locator("#desk-bulk-heading").bounding_box()
    assert links and legend
    assert legend["y"] - (links["y"] + links["height"]) >= 16  # a gap one sees, not the lines touching
