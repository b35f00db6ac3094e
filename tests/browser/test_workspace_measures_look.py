"""The workspace's measures page as an HR coordinator sees it. On a desktop (1,280 px) the
category tables line up: Status, Basis, For and Visibility start at the same place in every
category, whatever the titles in it. On a phone (375 px) the organisation's menu is one line that
names the page shown and opens with the keyboard, instead of seven rows of links.

A real browser is the point: column positions and what is on screen are layout, which only a
browser computes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.test_operator_desk import logged_in
from tests.measures.factories import MeasureFactory
from vereinbar.measures.models import MeasureCategory
from vereinbar.measures.services import catalogue_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The left edge of every header cell, per table of the page.
COLUMNS = """() => [...document.querySelectorAll('main table.measures-table')].map(table =>
    [...table.querySelectorAll('thead th')].map(th => Math.round(th.getBoundingClientRect().left)))"""


def test_measure_columns_line_up_and_the_menu_folds_on_a_phone(
    browser: Browser, live_server, employer_org, coordinator
) -> None:
    catalogue_load()
    MeasureFactory(
        organisation=employer_org,
        title_de="Flexible Arbeitszeiten nach individuellen Wünschen mit Gleitzeit ohne Kernzeit",
        in_place=True,
    )
    MeasureFactory(organisation=employer_org, title_de="BGM", category=MeasureCategory.objects.get(key="health"))
    url = f"{live_server.url}/de/workspace/{employer_org.slug}/measures/"
    page = logged_in(browser, live_server.url, coordinator.email)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    columns = page.evaluate(COLUMNS)
    assert len(columns) == 2 and len(columns[0]) == 5
    assert columns[0] == columns[1], "the category tables' columns start at the same places"
    menu = page.get_by_role("navigation", name=employer_org.name)
    expect(menu.get_by_role("link", name="Verlauf")).to_be_visible()  # the row of links, no fold

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(url)
    summary = menu.locator("summary")
    expect(summary).to_have_text("Menü: Maßnahmen")
    assert summary.bounding_box()["height"] < 56, "the menu is one line on a phone"
    assert menu.bounding_box()["height"] < 80  # the row of links took seven lines (about 290 px)
    expect(menu.get_by_role("link", name="Verlauf")).to_be_hidden()
    summary.focus()
    page.keyboard.press("Enter")
    current = menu.get_by_role("link", name="Maßnahmen")
    expect(current).to_be_visible()
    expect(current).to_have_attribute("aria-current", "page")
    expect(menu.get_by_role("link", name="Verlauf")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
