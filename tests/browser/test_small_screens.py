"""The directory on a phone (375 px): the page is no wider than the window, the results come
before the filters' details (folded), the filters open with one tap and fold again once a filter
is chosen (named above the results, removable with one tap), and the region chart is given as a
readable table. On a desktop every filter is in view without a tap."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.directory.conftest import award_issue, catalogue, leiderdorp, library_programme  # noqa: F401
from tests.factories import OrganisationFactory

# The browser's side of pages: SQLite pass only (their views' own tests run on both databases).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.database("sqlite")]


@pytest.fixture
def listed(leiderdorp, library_programme):  # noqa: F811
    erkenning = library_programme("erkenning-mantelzorgvriendelijk", show=["profile", "award"])
    award_issue(leiderdorp, erkenning, issued_on=date(2017, 2, 20), valid_until=date(2100, 2, 20))
    elsewhere = OrganisationFactory(name="Gemeente Elders", slug="gemeente-elders", country="NL", region="Utrecht")
    award_issue(elsewhere, erkenning, issued_on=date(2020, 1, 1), valid_until=date(2100, 1, 1))


def test_the_directory_fits_a_phone_and_folds_its_filters(page: Page, live_server, listed, axe_check) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/nl/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    expect(page.locator("#directory-region")).to_be_hidden()
    expect(page.locator(".directory-chart table")).to_be_visible()
    expect(page.locator(".directory-chart svg")).to_be_hidden()
    results = page.locator("#results-heading").bounding_box()
    assert results is not None and results["y"] < 1600  # within two screens, not below ten selects
    page.locator(".filter-details > summary").click()
    expect(page.locator("#directory-region")).to_be_visible()
    axe_check(page)
    # A filter chosen, the panel folds again: the results are right under it, not a screen of
    # selects down, and the filter is named there with a link removing it (by keyboard too).
    page.locator("#directory-region").select_option("Utrecht")
    button = page.get_by_role("button", name="Werkgevers tonen")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#results-heading")).to_have_text("1 werkgever gevonden")
    expect(page.locator("#directory-region")).to_be_hidden()
    expect(page.locator(".filter-details > summary")).to_contain_text("1 actief")
    expect(page.locator("#results-heading")).to_be_in_viewport()
    expect(button).to_be_focused()
    page.keyboard.press("Tab")  # the link clearing every filter
    page.keyboard.press("Tab")
    remove = page.get_by_role("link", name="Filter verwijderen Regio: Utrecht")
    expect(remove).to_be_focused()
    page.keyboard.press("Enter")  # a page load, not htmx: it opens at the directory, not at the top
    expect(page).to_have_url(f"{live_server.url}/nl/#directory")
    expect(page.locator("#results-heading")).to_have_text("2 werkgevers gevonden")
    expect(page.locator("#results-heading")).to_be_in_viewport()


def test_the_desktop_shows_every_filter_and_the_chart(page: Page, live_server, listed) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/de/")
    expect(page.locator("#directory-region")).to_be_visible()
    expect(page.locator(".filter-details > summary")).to_be_hidden()
    expect(page.locator(".directory-chart svg")).to_be_visible()
    expect(page.locator(".directory-chart table")).not_to_be_in_viewport()


def test_a_profiles_seal_keeps_its_size_on_a_phone_and_floats_beside_the_text_on_a_desktop(
    page: Page, live_server, listed
) -> None:
    from vereinbar.certificates.seal import SEAL_WIDTH

    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/nl/employers/gemeente-leiderdorp/")
        seal = page.locator("img.award-seal").bounding_box()
        sentence = page.locator(".award-record p").first.bounding_box()
        assert seal is not None and sentence is not None
        assert seal["width"] == SEAL_WIDTH, width  # its writing stays readable
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if width == 375:
            assert sentence["y"] >= seal["y"] + seal["height"]  # under the seal, not squeezed beside it
        else:
            assert seal["x"] > sentence["x"] + sentence["width"] / 2  # on the right, beside the text
            assert abs(seal["y"] - sentence["y"]) < seal["height"]


def test_a_keyboard_user_keeps_the_focus_on_the_button_after_the_results_change(
    page: Page, live_server, listed
) -> None:
    """htmx swaps the directory in place; without the focus kept, the next Tab would start
    behind the results, or at the top of the page."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/en/")
    page.locator("#directory-q").fill("Elders")
    button = page.get_by_role("button", name="Show employers")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#results-heading")).to_have_text("1 employer found")
    expect(button).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Clear the search")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Gemeente Elders")).to_be_focused()
