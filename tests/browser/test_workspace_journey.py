"""Issue #2 acceptance: a coordinator logs in, switches language and sees their workspace;
an outsider is turned away from another organisation's workspace page and API resource."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/de/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_a_coordinator_logs_in_switches_language_and_sees_the_workspace(
    page: Page, live_server, coordinator, axe_check
):
    log_in(page, live_server.url, coordinator.email)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Arbeitsbereich").click()
    expect(page).to_have_url(re.compile(r"/de/workspace/kreis-musterstadt/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kreis Musterstadt")
    axe_check(page)

    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="Nederlands").click()
    expect(page).to_have_url(re.compile(r"/nl/workspace/kreis-musterstadt/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", name="Leden", exact=True)).to_be_visible()

    page.get_by_role("navigation", name="Taal").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/workspace/kreis-musterstadt/$"))
    expect(page.get_by_role("heading", name="Members", exact=True)).to_be_visible()


def test_the_workspace_is_usable_by_keyboard(page: Page, live_server, coordinator):
    log_in(page, live_server.url, coordinator.email)
    page.goto(f"{live_server.url}/de/workspace/kreis-musterstadt/")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("href", "#main")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_an_outsider_is_turned_away_from_another_workspace(page: Page, live_server, coordinator, outsider):
    log_in(page, live_server.url, outsider.email)
    response = page.goto(f"{live_server.url}/de/workspace/kreis-musterstadt/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Seite nicht gefunden")
    api = page.request.get(f"{live_server.url}/api/v1/organisations/kreis-musterstadt")
    assert api.status == 404
    assert api.json()["code"] == "not_found"
    own = page.request.get(f"{live_server.url}/api/v1/organisations/gemeente-anderdorp")
    assert own.status == 200
