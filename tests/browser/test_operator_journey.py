"""An operator pages through a filtered list with the keyboard, opens a cycle and comes back to
the list as they left it (filters and page), in Dutch."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.cycles.conftest import PROGRAMMES, programme_from_file
from tests.cycles.test_operator_desk import applied

from .test_operator_desk import logged_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_paging_by_keyboard_keeps_the_focus_and_the_way_back_keeps_the_filters(
    browser: Browser, live_server, operator_org, operator_admin
):
    audit = programme_from_file(PROGRAMMES / "audit.yaml", operator_org)
    for number in range(30):
        applied(audit, f"Gemeente {number:02}", region="Zuid-Holland")
    applied(audit, "Kreis Borken", region="Nordrhein-Westfalen")
    page = logged_in(browser, live_server.url, operator_admin.email)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/nl/operator/cycles/?region=Zuid-Holland&size=25")
    expect(page.get_by_role("status")).to_have_text("30 trajecten gevonden")
    page.get_by_role("link", name="Volgende pagina").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator("#desk-results-heading")).to_be_focused()
    page.locator(".desk-table tbody a").first.click()
    page.get_by_role("link", name="Alle trajecten").click()
    expect(page).to_have_url(re.compile(r"region=Zuid-Holland.*page=2"))
    expect(page.locator(".desk-table tbody tr")).to_have_count(5)
