"""The coordinator sees the whole secret link of the staff offers page, on a phone too: the
field wraps it instead of cutting it off, so that it can be checked before it is shared."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.test_workspace_journey import log_in
from vereinbar.organisations.services import organisation_offers_link_rotate

# The browser's side of pages: SQLite pass only (their views' own tests run on both databases).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.database("sqlite")]


def test_the_whole_offers_link_is_in_view_on_a_phone_and_a_desktop(page: Page, live_server, coordinator, employer_org):
    organisation_offers_link_rotate(actor=coordinator, organisation=employer_org)
    employer_org.refresh_from_db()
    log_in(page, live_server.url, coordinator.email)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/de/workspace/{employer_org.slug}/offers/")
        field = page.get_by_label("Aktueller Link")
        assert field.input_value().endswith(f"/de/offers/{employer_org.offers_token}/")
        hidden = field.evaluate("f => [f.scrollWidth - f.clientWidth, f.scrollHeight - f.clientHeight]")
        assert hidden == [0, 0], (width, hidden)
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_forms_on_the_offers_page_are_not_refused_as_forged(page: Page, live_server, coordinator, employer_org):
    """The page keeps its secret link out of the Referer header of links leaving the site,
    but its own form (making the first link) must still pass the origin check, which refuses
    a request whose origin the browser hid as "null"; its language links keep the secret page."""
    log_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/de/workspace/{employer_org.slug}/offers/")
    page.get_by_role("button", name="Link erzeugen").click()
    field = page.get_by_label("Aktueller Link")
    employer_org.refresh_from_db()
    assert field.input_value().endswith(f"/de/offers/{employer_org.offers_token}/")
    page.context.clear_cookies()  # a member of staff without an account, by the link
    page.goto(field.input_value())
    page.locator(".language-switcher a", has_text="Nederlands").click()
    page.wait_for_url(f"**/nl/offers/{employer_org.offers_token}/")
    assert page.locator("h1").inner_text().startswith("Aanbod voor medewerkers")
