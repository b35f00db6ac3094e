"""A programme's page on a phone and a desktop: each phase of a stage stands apart from the
next, also when it has no description under its facts (then its list of facts ran straight
into the next phase's title)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.test_workspace_journey import log_in
from tests.programmes.conftest import docs_example, load

# The browser's side of pages: SQLite pass only (the page's own tests run on both databases).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.database("sqlite")]


def test_phases_without_a_description_stand_apart(page: Page, live_server, operator_org, operator_admin) -> None:
    load(docs_example(), filename="example.yaml")  # none of its phases has a description
    log_in(page, live_server.url, operator_admin.email)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/de/operator/programmes/example-audit/")
        phases = page.locator("#stages-heading ~ ol > li")
        assert phases.count() >= 2
        first, second = phases.nth(0).bounding_box(), phases.nth(1).bounding_box()
        assert first is not None and second is not None
        assert second["y"] - (first["y"] + first["height"]) >= 12, width
