"""Issue #20 acceptance: an operator finds, without knowing names, every application waiting
for a decision in one programme and every award expiring next quarter in one region, and exports
both — in German and Dutch, with htmx and without JavaScript."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import one_pass_each
from tests.conftest import PASSWORD
from tests.cycles.conftest import PROGRAMMES, programme_from_file
from tests.cycles.test_operator_desk import applied, award

pytestmark = pytest.mark.django_db(transaction=True)

FOUND = {"de": "{} Durchläufe gefunden", "nl": "{} trajecten gevonden"}
AWARDS_FOUND = {"de": "{} Auszeichnung gefunden", "nl": "{} erkenning gevonden"}
PANEL = {"de": "Filter (2): Programm: ", "nl": "Filters (2): Programma: "}  # the closed line names the filters set


def logged_in(browser: Browser, base: str, email: str, *, javascript: bool = True) -> Page:
    page = browser.new_context(accept_downloads=True, java_script_enabled=javascript).new_page()
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    return page


@pytest.mark.parametrize("language", one_pass_each("de", "nl"))
def test_an_operator_finds_and_exports_waiting_applications_and_expiring_awards(
    browser: Browser, live_server, operator_org, operator_admin, language, axe_check
):
    audit = programme_from_file(PROGRAMMES / "audit.yaml", operator_org)
    charter = programme_from_file(PROGRAMMES / "charter.yaml", operator_org)
    applied(audit, "Kreis Borken", region="Nordrhein-Westfalen")
    applied(audit, "Gemeente Delft", region="Zuid-Holland")
    applied(charter, "Stadt Aachen", region="Nordrhein-Westfalen")
    today = date.today()
    award(applied(charter, "Kreis Coesfeld", region="Nordrhein-Westfalen"), "E-1", today + timedelta(days=45))
    award(applied(charter, "Kreis Soest", region="Nordrhein-Westfalen"), "E-2", today + timedelta(days=400))
    award(applied(charter, "Gemeente Leiden", region="Zuid-Holland"), "E-3", today + timedelta(days=30))

    page = logged_in(browser, live_server.url, operator_admin.email)
    page.goto(f"{live_server.url}/{language}/operator/cycles/")
    expect(page.get_by_role("status")).to_have_text(FOUND[language].format(6))
    # The filters are one closed line above the results; the keyboard opens it.
    expect(page.locator("select[name=programme]")).to_be_hidden()
    page.locator(".desk-panel > summary").focus()
    page.keyboard.press("Enter")
    # With htmx each choice narrows the list in place (the panel stays open while the reader
    # chooses) and the URL keeps the filters.
    page.locator("select[name=programme]").select_option(audit.identifier.rsplit(":", 1)[-1])  # its key in addresses
    expect(page.get_by_role("status")).to_have_text(FOUND[language].format(2))
    # The next choice only once the list is swapped and settled: a select replaced by the swap
    # while it is being chosen loses its change event (seen on a busy CI machine).
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
    page.locator("select[name=waiting]").select_option("operator")
    # only the filters set: no empty ones, no default sort or page size
    expect(page).to_have_url(re.compile(r"/operator/cycles/\?programme=[^&]+&waiting=operator$"))
    expect(page.locator(".desk-table tbody tr")).to_have_count(2)
    expect(page.locator(".desk-panel > summary")).to_contain_text(PANEL[language])
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert sorted(row[0] for row in rows[1:]) == ["Gemeente Delft", "Kreis Borken"]
    axe_check(page)

    # Awards expiring next quarter in one region.
    page.goto(f"{live_server.url}/{language}/operator/cycles/awards/")
    page.locator(".desk-panel > summary").click()
    page.locator("select[name=region]").select_option("Nordrhein-Westfalen")
    expect(page).to_have_url(re.compile(r"region=Nordrhein-Westfalen"))
    page.locator("input[name=expires_to]").fill((today + timedelta(days=91)).isoformat())
    page.locator("input[name=expires_to]").dispatch_event("change")
    expect(page.get_by_role("status")).to_have_text(AWARDS_FOUND[language].format(1))
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["E-1"]


def test_without_javascript_the_filter_form_is_a_plain_get(browser: Browser, live_server, operator_org, operator_admin):
    audit = programme_from_file(PROGRAMMES / "audit.yaml", operator_org)
    applied(audit, "Kreis Borken", region="Nordrhein-Westfalen")
    applied(audit, "Gemeente Delft", region="Zuid-Holland")
    page = logged_in(browser, live_server.url, operator_admin.email, javascript=False)
    page.goto(f"{live_server.url}/nl/operator/cycles/")
    page.locator(".desk-panel > summary").click()  # a details element: no script needed
    page.locator("select[name=region]").select_option("Zuid-Holland")
    page.get_by_role("button", name="Trajecten tonen").click()
    expect(page).to_have_url(re.compile(r"/operator/cycles/\?region=Zuid-Holland$"))
    expect(page.get_by_role("status")).to_have_text("1 traject gevonden")
    expect(page.locator(".desk-panel")).not_to_have_attribute("open", "")
    expect(page.locator(".desk-panel > summary")).to_have_text("Filter (1): Regio: Zuid-Holland")
    expect(page.get_by_role("link", name="Alle filters wissen")).to_be_visible()
