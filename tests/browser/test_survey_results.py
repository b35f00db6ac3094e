"""The survey results page as a coordinator sees it, at 1,280 and 375 px in German and Dutch:
no sideways scrolling (the page and every table fit), the downloads in one row, and no
serious axe findings (issue #12: the page was 2,756 px wide at 1,280 and 2,692 px at 375)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.surveys.conftest import instrument_version, make_survey  # noqa: F401
from vereinbar.surveys.models import Survey, SurveyStatus
from vereinbar.surveys.services.surveys import survey_close
from vereinbar.surveys.synthetic import responses_create

# The browser's side of pages: SQLite pass only (their views' own tests run on both databases).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.database("sqlite")]


@pytest.fixture
def results_url(make_survey, coordinator):  # noqa: F811
    for title, n, seed in (("Befragung 2024", 150, 5), ("Befragung 2026", 170, 6)):
        survey = make_survey(SurveyStatus.OPEN, title=title)
        Survey.objects.filter(pk=survey.pk).update(report_breakdowns=["age_band", "cares_for_relative"])
        responses_create(survey, n, seed=seed, comments=30)
        survey_close(actor=coordinator, survey=survey)
    return f"/workspace/{survey.organisation.slug}/surveys/{survey.pk}/results/"


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_results_page_fits_the_window(page: Page, live_server, results_url, coordinator, axe_check, width):
    page.set_viewport_size({"width": width, "height": 900})
    _log_in(page, live_server.url, coordinator.email)
    for language in ("de", "nl"):
        page.goto(f"{live_server.url}/{language}{results_url}")
        expect(page.locator("h1")).to_contain_text("Befragung 2026")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        too_wide = page.evaluate(
            """() => [...document.querySelectorAll('main table')]
                 .filter(t => t.getBoundingClientRect().right > window.innerWidth + 1)
                 .map(t => (t.querySelector('caption') || t).textContent.trim().slice(0, 60))"""
        )
        assert too_wide == []
        # The downloads sit in one row at their full height (they wrap only on a phone).
        tops = page.evaluate(
            "() => [...document.querySelectorAll('.report-tools')[0].querySelectorAll('.kern-btn')]"
            ".map(b => Math.round(b.getBoundingClientRect().top))"
        )
        assert len(tops) >= 3 and (width < 600 or len(set(tops)) == 1)
        # The scale profile keeps a readable size on a phone (shrunk to 343 px its labels were
        # 5 px high): it scrolls sideways inside its frame, the page itself does not.
        chart = page.locator("#profile-heading ~ figure img")
        box = chart.bounding_box()
        assert box is not None and box["width"] >= 640
        axe_check(page)
