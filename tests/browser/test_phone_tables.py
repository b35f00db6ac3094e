"""Lists on a phone (375 px): the operator desk's cycles and awards and a workspace's
cycles show each row as a card of "label: value" lines, so an HR coordinator sees the status
without swiping sideways; on a desktop (1,280 px) they stay ordinary tables with a header row.
A screen reader hears each list's region named by the list (its heading), not as scrolling."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_operator_desk import logged_in
from tests.cycles.conftest import PROGRAMMES, programme_from_file
from tests.cycles.test_operator_desk import applied, award
from tests.factories import MembershipFactory, UserFactory

# The browser's side of pages: SQLite pass only (their views' own tests run on both databases).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.database("sqlite")]

# The widest table scroll region's overflow (content width minus visible width) on the page.
OVERFLOW = """() => Math.max(0, ...[...document.querySelectorAll('main .table-scroll')]
    .map(region => region.scrollWidth - region.clientWidth))"""
# What a row's cell of the given column shows before its value: the column's name.
LABEL = """label => getComputedStyle(
    document.querySelector(`main tbody td[data-label="${label}"]`), '::before').content"""
HEADER_HEIGHT = "() => document.querySelector('main thead').getBoundingClientRect().height"


def fits_a_phone(page: Page, url: str, region: str) -> None:
    page.goto(url)
    expect(page.locator("main tbody tr").first).to_be_visible()
    # What a screen reader announces for the list's region (the accessibility tree's name).
    expect(page.locator("main").get_by_role("region", name=region, exact=True)).to_have_count(1)
    assert page.evaluate(OVERFLOW) == 0, f"{url}: a table scrolls sideways at 375 px"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.evaluate(LABEL, "Status") == '"Status: "'  # the status is named in its card
    assert page.evaluate(HEADER_HEIGHT) <= 1  # the header row is left to screen readers


def test_lists_show_rows_as_cards_on_a_phone_and_as_tables_on_a_desktop(
    browser: Browser, live_server, operator_org, operator_admin
) -> None:
    charter = programme_from_file(PROGRAMMES / "charter.yaml", operator_org)
    borken = applied(charter, "Kreis Borken", region="Nordrhein-Westfalen", city="Borken")
    award(applied(charter, "Gemeente Leiden", region="Zuid-Holland"), "E-1", date.today() + timedelta(days=400))
    coordinator = UserFactory(email="personal@borken.example", preferred_language="de")
    MembershipFactory(user=coordinator, organisation=borken.organisation, role="coordinator")

    desk = logged_in(browser, live_server.url, operator_admin.email)
    desk.set_viewport_size({"width": 375, "height": 800})
    fits_a_phone(desk, f"{live_server.url}/de/operator/cycles/", "Durchläufe")
    fits_a_phone(desk, f"{live_server.url}/de/operator/cycles/awards/", "Auszeichnungen")
    workspace = logged_in(browser, live_server.url, coordinator.email)
    workspace.set_viewport_size({"width": 375, "height": 800})
    fits_a_phone(workspace, f"{live_server.url}/de/workspace/{borken.organisation.slug}/cycles/", "Alle Durchläufe")

    desk.set_viewport_size({"width": 1280, "height": 900})
    desk.goto(f"{live_server.url}/de/operator/cycles/")
    expect(desk.locator("main thead th").filter(has_text="Status")).to_be_visible()
    assert desk.evaluate("getComputedStyle(document.querySelector('main tbody tr')).display") == "table-row"
