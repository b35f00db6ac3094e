"""The report PDF made in the background, in the browser: "Create PDF" shows "Preparing…",
the box polls until the worker has made it, then offers the download (issue #13)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import one_pass_each
from tests.conftest import PASSWORD
from tests.surveys.conftest import instrument_version, make_survey  # noqa: F401
from vereinbar.surveys.models import ReportPdf, SurveyStatus
from vereinbar.surveys.report import pdf as pdf_module
from vereinbar.surveys.services.surveys import survey_close
from vereinbar.surveys.synthetic import responses_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def results_url(make_survey, coordinator):  # noqa: F811
    survey = make_survey(SurveyStatus.OPEN, title="Befragung 2026")
    responses_create(survey, 40, seed=7, comments=10)
    survey_close(actor=coordinator, survey=survey)
    return f"/workspace/{survey.organisation.slug}/surveys/{survey.pk}/results/"


@pytest.mark.parametrize(("language", "width"), one_pass_each(("de", 1280), ("nl", 375)))
def test_the_page_polls_until_the_pdf_is_ready_and_then_offers_it(
    page: Page, live_server, results_url, coordinator, axe_check, monkeypatch, language, width
):
    monkeypatch.setattr(pdf_module, "_enqueue", lambda pdf_id: None)  # the worker comes later
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("E-mail address").fill(coordinator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/{language}{results_url}")
    # The charts load first: on SQLite the live server's threads share one connection, and a
    # request overlapping the chart requests can find it busy (a test set-up matter). Charts
    # below the fold load when scrolled to (loading="lazy"): loaded now, before the clicks.
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => { img.loading = 'eager'; })")
    page.wait_for_function(
        "() => [...document.querySelectorAll('figure img')].every(img => img.complete)", timeout=60_000
    )
    page.locator("#pdf-lang").select_option(language)
    page.get_by_role("button", name={"de": "PDF erstellen", "nl": "Pdf maken"}[language]).click()
    box = page.locator("#report-pdf")
    expect(box).to_contain_text({"de": "wird erstellt", "nl": "wordt gemaakt"}[language], timeout=15_000)
    expect(box).to_have_attribute("hx-trigger", "every 2s")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe_check(page)
    pdf_module.pdf_make(ReportPdf.objects.get().pk)  # the worker
    expect(box).to_contain_text({"de": "ist fertig", "nl": "is klaar"}[language], timeout=10_000)
    with page.expect_download() as download:
        box.get_by_role("link").click()
    assert download.value.suggested_filename.endswith("befragung-2026.pdf")
    axe_check(page)
