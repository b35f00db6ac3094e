"""Issue #5 acceptance: a coordinator creates a survey, uploads a staff list, invitations go
out by mail; staff answer in German, Dutch and English (one without JavaScript); a used link
is refused; after closing, the results show charts and suppressed cells, and the PDF downloads."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.conftest import PASSWORD
from tests.surveys.conftest import ALL_SCALES, SHIPPED
from vereinbar.surveys.models import Survey
from vereinbar.surveys.services.instruments import instrument_load


def _fetch_one_at_a_time(route: Route) -> None:
    """Answer the browser's request with a blocking fetch of our own (same cookies), so that no
    two chart requests reach the test server at the same time."""
    headers = {k: v for k, v in route.request.all_headers().items() if k.lower() in ("cookie", "accept-language")}
    request = urllib.request.Request(route.request.url, headers=headers)  # noqa: S310 - the live test server
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        route.fulfill(status=response.status, content_type=response.headers["Content-Type"], body=response.read())


# In the SQLite pass only: what the journey writes is covered on PostgreSQL by the workflow's
# own tests, and the PostgreSQL pass is CI's longer one (docs/development.md).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.database("sqlite")]

STAFF_CSV = (
    "E-Mail;Einheit;Sprache\n"
    "anna@example.org;Bauamt;de\n"
    "jan@example.nl;Bauamt;nl\n"
    "sam@example.com;Bauamt;en\n"
    "lea@example.org;Personal;de\n"
).encode("utf-8-sig")
LINK = re.compile(r"(http://\S+/(de|nl|en)/s/[0-9a-f]{40}/)")


@pytest.fixture
def mailbox(settings, tmp_path) -> Path:
    folder = tmp_path / "mail"
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(folder)},
        }
    }
    return folder


def _links(mailbox: Path, base: str) -> dict[str, str]:
    """The survey link of each recipient, pointed at the test server."""
    links = {}
    for path in mailbox.glob("*.log"):
        for message in path.read_text(encoding="utf-8").split("-" * 79):
            recipient = re.search(r"^To: (\S+)$", message, flags=re.MULTILINE)
            link = LINK.search(message)
            if recipient and link:
                links[recipient.group(1)] = re.sub(r"^http://[^/]+", base, link.group(1))
    return links


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/de/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def _answer(page: Page, link: str, heading: str, age: str) -> None:
    """Answer in the language of the link; buttons are found by what they do, not their text."""
    forward = page.locator('button[name="go"][value="next"]')
    page.goto(link)
    expect(page.locator("progress")).to_have_count(0)  # the consent page comes first
    forward.click()
    expect(page.get_by_role("heading", level=2)).to_have_text(heading)
    expect(page.locator("progress")).to_be_visible()
    page.locator('input[name="q-offers_known"][value="1"]').check()
    page.locator('input[name="q-info_where"][value="4"]').check()
    while page.locator('input[name="q-age_band"]').count() == 0:
        forward.click()
    page.locator(f'input[name="q-age_band"][value="{age}"]').check()
    forward.click()
    forward.click()
    page.locator('button[name="go"][value="submit"]').click()
    expect(page).to_have_url(re.compile(r"/s/thanks/$"))


def test_a_survey_from_staff_list_to_pdf(page: Page, browser: Browser, live_server, coordinator, mailbox, axe_check):
    instrument_load(raw=SHIPPED.read_bytes(), filename=SHIPPED.name)
    base = live_server.url
    _log_in(page, base, coordinator.email)

    # Create and open the survey.
    page.goto(f"{base}/en/workspace/kreis-musterstadt/surveys/new/")
    for code in ("de", "nl", "en"):
        page.locator(f'input[name="languages"][value="{code}"]').check()
    # A title field for each chosen language; the first (German) is needed, the English one
    # may stay empty (its readers see the German title).
    page.get_by_label("Title (German)").fill("Mitarbeitendenbefragung 2026")
    page.get_by_label("Title (Dutch)").fill("Medewerkersonderzoek 2026")
    page.get_by_label("Units").fill("Personal\nJugendamt\nBauamt\nKämmerei")
    page.get_by_role("button", name="Create survey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitarbeitendenbefragung 2026")
    page.get_by_role("button", name="Open the survey").click()
    axe_check(page)

    # Upload the staff list: one mail per person, each in their language.
    page.set_input_files(
        'input[name="file"]', files=[{"name": "staff.csv", "mimeType": "text/csv", "buffer": STAFF_CSV}]
    )
    page.get_by_role("button", name="Send invitations").click()
    expect(page.locator(".kern-alert--success")).to_contain_text("4")
    links = _links(mailbox, base)
    assert set(links) == {"anna@example.org", "jan@example.nl", "sam@example.com", "lea@example.org"}
    assert "/nl/s/" in links["jan@example.nl"] and "/en/s/" in links["sam@example.com"]

    # Staff answer in German and Dutch with the browser, in English without JavaScript.
    respondent = browser.new_page()
    _answer(respondent, links["anna@example.org"], "Angebote Ihres Arbeitgebers", "2")
    axe_check(respondent)
    _answer(respondent, links["jan@example.nl"], "Voorzieningen van uw werkgever", "3")
    no_script = browser.new_context(java_script_enabled=False).new_page()
    _answer(no_script, links["sam@example.com"], "Your employer's offers", "1")

    # A used link is refused.
    refused = respondent.goto(links["anna@example.org"])
    assert refused is not None and refused.status == 410
    expect(respondent.get_by_role("heading", level=1)).not_to_have_text("Thank you!")
    respondent.goto(links["lea@example.org"])
    axe_check(respondent)

    # More answers for two other units, then close.
    from tests.surveys.conftest import respond_rows

    survey = Survey.objects.get()
    respond_rows(survey, "Personal", 15, ALL_SCALES)
    respond_rows(survey, "Jugendamt", 12, ALL_SCALES | {"lead_open": 2})
    respond_rows(survey, "Bauamt", 6, ALL_SCALES | {"lead_open": 5})
    respond_rows(survey, "Kämmerei", 2, ALL_SCALES)
    page.reload()
    page.get_by_label("I understand: nobody can answer afterwards").check()
    page.get_by_role("button", name="Close the survey").click()
    # The test server shares one in-memory SQLite connection between its threads: fetch the
    # four charts one after another instead of at once. route.fetch() lets the next handler
    # start while one waits, so each chart is fetched with a blocking call instead.
    page.route(re.compile(r"/chart/\w+\.svg"), _fetch_one_at_a_time)
    page.get_by_role("link", name="See the results").click()

    # The results: charts that load, and the small unit shown as suppressed.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Results")
    charts = page.locator("figure img")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 3
    page.wait_for_function(
        "() => [...document.querySelectorAll('figure img')].every(img => img.complete && img.naturalWidth > 0)",
        timeout=60_000,
    )
    # The Kämmerei (2 answers) is below k; one more unit is hidden, or total − the others would reveal it.
    # Each unit's table is a closed section: the coordinator opens the Kämmerei's.
    small = page.locator("tr", has=page.locator("th", has_text="Kämmerei")).first
    expect(small.locator("td.suppressed").first).to_be_hidden()
    sections = small.locator("xpath=ancestor::details")  # outermost first
    for index in range(sections.count()):
        sections.nth(index).locator(":scope > summary").click()
    expect(small.locator("td.suppressed").first).to_be_visible()
    page.get_by_text("Scale scores as a table").click()
    profile = page.locator("table", has=page.get_by_text("Scale scores of the whole organisation"))
    expect(profile).to_be_visible()
    expect(profile.locator("td.kern-table__cell--numeric").first).to_have_text(re.compile(r"^\d+$"))
    expect(profile.locator("td.suppressed")).to_have_count(0)
    axe_check(page)

    # The PDF report is made (in the background; at once with the tests' task backend) and
    # downloads, in Dutch.
    page.get_by_label("Language of the PDF").select_option("nl")
    page.get_by_role("button", name="Create PDF").click()
    ready = page.locator("#report-pdf").get_by_role("link", name="Download the PDF")
    expect(ready).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        ready.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
