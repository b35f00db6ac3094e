"""The API documentation in a real browser: Swagger UI renders the API, and axe finds nothing
but what lies in Swagger UI's own markup."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

# The browser's side of pages: SQLite pass only (their views' own tests run on both databases).
pytestmark = pytest.mark.database("sqlite")

# Violations inside Swagger UI's own markup, which no Swagger UI option and no stylesheet fixes:
SWAGGERS_OWN = {
    # Swagger UI titles the page with <h1> and each tag group with <h3>, with no <h2> between.
    "heading-order",
    # Its "copy to clipboard" buttons (beside curl and response bodies) and the authorisation
    # dialog's close button are icons without a text alternative.
    "button-name",
}
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")


def _without_swaggers_own() -> dict:
    return {"rules": {rule: {"enabled": False} for rule in SWAGGERS_OWN}, "resultTypes": ["violations"]}


def test_the_api_docs_render_and_pass_axe_but_for_swaggers_own_markup(live_server, page: Page, axe_check) -> None:
    page.set_extra_http_headers({"Accept-Language": "de"})
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    health = page.locator("#operations-meta-vereinbar_site_api_api_health")
    expect(health).to_be_visible()
    axe_check(page, options=_without_swaggers_own(), impacts=ALL_IMPACTS)

    # Tried out: the operation opens, answers, and the page still passes.
    health.locator(".opblock-summary-control").click()
    health.locator(".try-out__btn").click()
    health.locator(".btn.execute").click()
    expect(health.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    page.locator(".btn.authorize").first.click()
    expect(page.locator(".modal-ux")).to_be_visible()
    # Only what the clicks opened: the rest of the page was checked above (and axe on the whole
    # of Swagger UI's page is slow).
    opened = {"include": [["#operations-meta-vereinbar_site_api_api_health"], [".dialog-ux"]]}
    axe_check(page, context=opened, options=_without_swaggers_own(), impacts=ALL_IMPACTS)
