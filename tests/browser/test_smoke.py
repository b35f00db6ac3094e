"""Smoke test in a real browser: the public home page in each language, and axe on it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

# The browser's side of pages: SQLite pass only (their views' own tests run on both databases).
pytestmark = pytest.mark.database("sqlite")


@pytest.mark.parametrize("language", ["de", "nl", "en"])
def test_home_page_in_each_language(live_server, page: Page, language: str) -> None:
    response = page.goto(f"{live_server.url}/{language}/")
    assert response is not None
    assert response.status == 200, f"/{language}/ answered {response.status}"
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert "vereinbar" in page.title()


def test_home_page_has_no_serious_accessibility_violations(live_server, page: Page, axe_check) -> None:
    page.goto(f"{live_server.url}/de/")
    axe_check(page)
