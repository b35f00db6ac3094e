"""Issue #4 acceptance: a complete audit-style cycle in a real browser with four personas —
the coordinator applies, a contributor fills in the self-assessment with evidence, the
workshop's outcome becomes a goal, the target agreement is signed and accepted by the
auditor, the board decides, the certificate PDF is downloaded and its verification page
says "Valid"; after the validity (time-machine) it says "Expired" and the employer has left the public directory."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
import yaml
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.conftest import PASSWORD
from tests.cycles.conftest import PROGRAMMES, programme_from_file
from tests.cycles.helpers import PDF
from vereinbar.cycles.models import Cycle

# In the SQLite pass only: what the journey writes is covered on PostgreSQL by the workflow's
# own tests, and the PostgreSQL pass is CI's longer one (docs/development.md).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.database("sqlite")]


class People:
    """One browser context per persona, logged in once."""

    def __init__(self, browser: Browser, base: str, users: dict) -> None:
        self.browser, self.base, self.users, self.pages = browser, base, users, {}

    def __call__(self, who: str) -> Page:
        if who not in self.pages:
            page = self.browser.new_context(accept_downloads=True).new_page()
            page.goto(f"{self.base}/en/accounts/login/")
            page.get_by_label("E-mail address").fill(self.users[who].email)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Log in").click()
            expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
            self.pages[who] = page
        return self.pages[who]


def phase_link(page: Page, title: str) -> None:
    page.locator(".phase-list").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_an_audit_cycle_from_application_to_certificate_and_expiry(
    browser: Browser,
    live_server,
    operator_org,
    employer_org,
    coordinator,
    contributor,
    auditor,
    operator_admin,
    board_member,
    axe_check,
    tmp_path: Path,
):
    # The test programme, publishing its certified employers in the directory.
    definition = yaml.safe_load((PROGRAMMES / "audit.yaml").read_text(encoding="utf-8"))
    definition["publication"] = {"directory": True, "show": ["profile", "award", "level", "valid_until"]}
    published = tmp_path / "audit.yaml"
    published.write_text(yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8")
    programme_from_file(published, operator_org)
    base = live_server.url
    people = People(
        browser,
        base,
        {
            "coordinator": coordinator,
            "contributor": contributor,
            "auditor": auditor,
            "operator": operator_admin,
            "board": board_member,
        },
    )
    workspace = f"{base}/en/workspace/{employer_org.slug}/cycles/"

    # The coordinator applies.
    page = people("coordinator")
    page.goto(workspace)
    page.get_by_label("Programme").select_option(label="Test audit")
    page.get_by_label("Message to the operator").fill("We would like to be audited.")
    page.get_by_role("button", name="Send the application").click()
    expect(page.locator(".lead")).to_contain_text("Applied")
    cycle = Cycle.objects.get()
    cycle_url = page.url

    # The operator accepts and assigns the auditor.
    page = people("operator")
    page.goto(f"{base}/en/operator/cycles/")
    page.get_by_role("link", name="Test audit").click()
    page.get_by_label("Auditor").select_option(label=str(auditor))
    page.get_by_role("button", name="Accept and start the cycle").click()
    expect(page.locator(".lead")).to_contain_text("In progress")

    # A contributor answers the self-assessment and uploads evidence.
    page = people("contributor")
    page.goto(cycle_url)
    phase_link(page, "Self-assessment")
    expect(page.get_by_text("0 of 4 criteria answered")).to_be_visible()
    page.locator('fieldset[id="criterion-1.1"]').get_by_label("Status").select_option("full")
    page.locator('fieldset[id="criterion-1.2"]').get_by_label("Status").select_option("full")
    page.locator('fieldset[id="criterion-3.1"]').get_by_label("Answer").fill(
        "Everyone may work from home two days a week."
    )
    page.get_by_role("button", name="Save the answers").click()
    expect(page.get_by_text("3 of 4 criteria answered")).to_be_visible()
    evidence = tmp_path / "flexitime-agreement.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Criterion", exact=True).select_option("1.1")
    page.locator("#id_evidence_file").set_input_files(str(evidence))
    page.get_by_role("button", name="Upload the evidence").click()
    expect(
        page.locator('fieldset[id="criterion-1.1"]').get_by_role("link", name="flexitime-agreement.pdf")
    ).to_be_visible()
    axe_check(page)
    expect(page.get_by_role("button", name="Submit", exact=True)).to_have_count(0)  # contributors do not submit

    # The coordinator submits; the auditor accepts.
    def submit(title: str) -> None:
        page = people("coordinator")
        page.goto(cycle_url)
        phase_link(page, title)
        page.get_by_role("button", name="Submit", exact=True).click()
        expect(page.locator(".messages")).to_contain_text("the auditor now has it for review")

    def accept(title: str) -> None:
        page = people("auditor")
        page.goto(f"{base}/en/operator/cycles/{cycle.pk}/")
        phase_link(page, title)
        page.get_by_role("button", name="Accept", exact=True).click()
        expect(page.locator(".messages")).to_contain_text("has been accepted")

    submit("Self-assessment")
    accept("Self-assessment")

    # The workshop: recorded by a contributor, its outcome becomes goal 3.1 in one click.
    page = people("contributor")
    page.goto(cycle_url)
    phase_link(page, "Auditing workshop")
    page.get_by_label("Date").fill(timezone.localdate().isoformat())
    page.get_by_label("Moderator").fill("A. Auditor")
    page.get_by_label("Number of participants").fill("12")
    page.get_by_label("Minutes").fill("We went through all action fields.")
    page.get_by_role("button", name="Record", exact=True).click()
    page.get_by_text("Add an outcome").click()
    page.get_by_label("Outcome", exact=True).fill("Telework days for carers")
    page.locator("[id^=outcome-af-]").select_option("3")
    page.get_by_role("button", name="Add the outcome").click()
    page.get_by_role("button", name="Make it a goal").click()
    expect(page.locator(".messages")).to_contain_text("Goal 3.1 has been added")
    submit("Auditing workshop")
    accept("Auditing workshop")

    # The target agreement: a measure for the goal, signed by management, accepted by the auditor.
    page = people("contributor")
    page.goto(cycle_url)
    page.get_by_role("link", name="Target agreement", exact=True).first.click()
    page.get_by_text("Add a measure to 3.1").click()
    page.get_by_label("Measure", exact=True).fill("Two telework days a week for carers")
    page.get_by_role("button", name="Add the measure").click()
    expect(page.get_by_text("3.1.1", exact=True)).to_be_visible()
    page = people("coordinator")
    page.goto(cycle_url)
    page.get_by_role("link", name="Target agreement", exact=True).first.click()
    page.get_by_label("Signed by").fill("Dr. Anna Landrat")
    page.get_by_label("Function").fill("District administrator")
    page.get_by_role("button", name="Record the signing").click()
    expect(page.get_by_text("Dr. Anna Landrat, District administrator")).to_be_visible()
    axe_check(page)
    submit("Target agreement")
    accept("Target agreement")

    # The auditor's report (no acceptor: completing it is enough), then the board decides.
    page = people("auditor")
    page.goto(f"{base}/en/operator/cycles/{cycle.pk}/")
    phase_link(page, "Auditor's report")
    page.get_by_label("Notes on this phase").fill("Recommend granting the certificate.")
    page.get_by_role("button", name="Save the text").click()
    page.get_by_role("button", name="Mark as complete").click()
    page = people("board")
    page.goto(f"{base}/en/operator/cycles/{cycle.pk}/decision/")
    axe_check(page)
    page.get_by_label("Grant").check()
    page.get_by_label("Board meeting").fill("Board round 3/2025")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".lead")).to_contain_text("Awarded")

    # The coordinator downloads the certificate and checks its verification page.
    page = people("coordinator")
    page.goto(cycle_url)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    page.locator("dd a[href*='/verify/']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify a certificate")
    expect(page.locator(".award-status")).to_contain_text("Valid")
    axe_check(page)
    verify_url = page.url
    assert re.search(r"/en/verify/[A-Z2-7]{16}/$", verify_url)
    # The public directory lists the employer while the award is valid.
    directory = browser.new_context().new_page()  # an anonymous visitor
    directory.goto(f"{base}/en/?q={employer_org.name}")
    expect(directory.locator(".directory-entry h3")).to_have_text([employer_org.name])
    open_data = directory.request.get(f"{base}/en/directory.json").json()
    assert employer_org.slug in {row["slug"] for row in open_data["organisations"]}

    # Time moves past the validity: the award shows as expired.
    award = Cycle.objects.get(pk=cycle.pk).award
    with time_machine.travel(award.valid_until + timedelta(days=1), tick=True):
        page.goto(verify_url)
        expect(page.locator(".award-status")).to_contain_text("Expired")
        # ... and the employer has left the directory, its open data included.
        directory.goto(f"{base}/en/?q={employer_org.name}")
        expect(directory.locator(".directory-entry")).to_have_count(0)
        open_data = directory.request.get(f"{base}/en/directory.json").json()
        assert employer_org.slug not in {row["slug"] for row in open_data["organisations"]}
