"""Issue #6 acceptance: the public searches the directory in Dutch for a measure, filters by
region and programme, opens Gemeente Leiderdorp's profile, reads since when it is recognised
and follows the verification link. axe finds nothing serious on the three pages; a screen
reader hears how many employers a search found."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.directory.conftest import award_issue, catalogue, leiderdorp, library_programme  # noqa: F401
from tests.factories import OrganisationFactory
from tests.measures.factories import MeasureFactory
from vereinbar.directory.display import since_sentence
from vereinbar.measures.models import MeasureType

# The focused element's outline, as drawn: a date field's parts have the focus inside the field.
RING = """() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }"""

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def directory_data(leiderdorp, library_programme):  # noqa: F811
    """Leiderdorp recognised since 20 February 2017 (still valid), a recognised employer in
    another region and a certified one in the same region, both with a childcare measure."""
    erkenning = library_programme(
        "erkenning-mantelzorgvriendelijk", show=["profile", "award", "first_awarded_on", "measures"]
    )
    siegel = library_programme("qualitaetssiegel-familienfreundlicher-arbeitgeber")
    award = award_issue(leiderdorp, erkenning, issued_on=date(2017, 2, 20), valid_until=date(2100, 2, 20))
    childcare = MeasureType.objects.get(key="childcare_subsidy")
    elsewhere = OrganisationFactory(name="Gemeente Elders", slug="gemeente-elders", country="NL", region="Utrecht")
    certified = OrganisationFactory(
        name="Zorggroep Zuid", slug="zorggroep-zuid", country="NL", region="Zuid-Holland", kind="hospital"
    )
    for organisation in (elsewhere, certified):
        MeasureFactory(organisation=organisation, type=childcare, title_nl="Kinderopvang", in_place=True, public=True)
    award_issue(elsewhere, erkenning, issued_on=date(2020, 1, 1), valid_until=date(2100, 1, 1))
    award_issue(certified, siegel, issued_on=date(2024, 1, 1), valid_until=date(2100, 1, 1))
    return {"award": award, "erkenning": erkenning}


def test_the_public_finds_leiderdorp_and_verifies_its_recognition(
    page: Page, live_server, directory_data, axe_check
) -> None:
    page.goto(f"{live_server.url}/nl/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    axe_check(page)

    page.locator("#directory-q").fill("kinderopvang")
    page.locator("form.directory-filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/nl/\?q=kinderopvang$"))
    expect(page.locator(".directory-entry")).to_have_count(3)
    # The swap is said in one sentence through the page's live region (the new status heading
    # enters the page with its text, which few screen readers read), and the focus stays put.
    expect(page.locator("#announcer")).to_have_text("3 werkgevers gevonden")
    expect(page.locator("#directory-submit")).to_be_focused()
    # Every Tab stop of the date field (day, month, year, then its calendar button) shows the ring.
    page.locator("#directory-since").focus()
    rings = []
    for _ in range(4):
        rings.append(page.evaluate(RING))
        page.keyboard.press("Tab")
    assert rings == [["solid", "4px"]] * 4, rings

    page.locator("#directory-region").select_option("Zuid-Holland")
    page.locator("#directory-programme").select_option("erkenning-mantelzorgvriendelijk")
    page.locator("form.directory-filters button[type=submit]").click()
    expect(page.locator(".directory-entry")).to_have_count(1)
    expect(page).to_have_url(
        re.compile(r"/nl/\?q=kinderopvang&programme=erkenning-mantelzorgvriendelijk&region=Zuid-Holland$")
    )
    axe_check(page)

    page.get_by_role("link", name="Gemeente Leiderdorp").click()
    expect(page).to_have_url(re.compile(r"/nl/employers/gemeente-leiderdorp/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeente Leiderdorp")
    with translation.override("nl"):
        sentence = since_sentence("recognition", date(2017, 2, 20))
    assert "20 februari 2017" in sentence
    expect(page.get_by_text(sentence)).to_be_visible()
    expect(page.get_by_text("Geheime interne regeling")).to_have_count(0)
    axe_check(page)

    code = directory_data["award"].verification_code
    page.locator(f'a[href="/nl/verify/{code}/"]').click()
    expect(page).to_have_url(re.compile(rf"/nl/verify/{code}/$"))
    expect(page.locator("dl.facts")).to_contain_text("Gemeente Leiderdorp")
    expect(page.locator(".kern-badge")).to_have_attribute("data-status", "valid")
    axe_check(page)


def test_the_directory_works_without_javascript(browser, live_server, directory_data) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/nl/?q=kinderopvang")
    expect(page.locator(".directory-entry")).to_have_count(3)
    page.locator("#directory-region").select_option("Utrecht")
    page.locator("form.directory-filters button[type=submit]").click()
    expect(page.locator(".directory-entry")).to_have_count(1)
    expect(page.get_by_role("link", name="Gemeente Elders")).to_be_visible()
    context.close()


def test_the_results_heading_stays_a_heading_and_a_swap_says_what_was_found(
    page: Page, live_server, directory_data
) -> None:
    page.goto(f"{live_server.url}/de/")
    page.locator("#directory-q").fill("kinderopvnag")
    page.locator("#directory-q").press("Enter")
    expect(page.locator("#announcer")).to_have_text("0 Arbeitgeber gefunden Meinten Sie: kinderopvang?")
    # In the accessibility tree the count is a heading of level 2 (a role="status" on it would
    # make it a status, out of the list of headings), the Dutch word is marked Dutch.
    tree = page.locator("#directory .directory-results").aria_snapshot()
    assert '- heading "0 Arbeitgeber gefunden" [level=2]' in tree, tree
    assert "status" not in tree, tree
    expect(page.locator(".search-suggestion a")).to_have_attribute("lang", "nl")
    # By keyboard: the suggestion is the next Tab stop after the form's links; following it swaps
    # the list, and the focus, its link gone, lands on the heading with the new count.
    page.locator("#directory-submit").focus()
    page.keyboard.press("Tab")  # "Clear the search"
    page.keyboard.press("Tab")
    expect(page.locator(".search-suggestion a")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".directory-entry")).to_have_count(3)
    expect(page.locator("#results-heading")).to_be_focused()
    expect(page.locator("#results-heading")).to_have_text("3 Arbeitgeber gefunden")
