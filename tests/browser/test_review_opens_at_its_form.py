"""An auditor who returns a long self-assessment without saying what to change lands at the
review form with its error in view, not at the top of the page far above it; a review that goes
through lands at the top, where the confirmation stands."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.cycles.conftest import PROGRAMMES, programme_from_file
from tests.cycles.helpers import fill
from vereinbar.cycles import services

from .test_operator_desk import logged_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def submitted(operator_org, employer_org, coordinator, operator_admin, auditor):
    programme = programme_from_file(PROGRAMMES / "audit.yaml", operator_org)
    cycle = services.cycle_apply(actor=coordinator, organisation=employer_org, programme=programme)
    cycle = services.cycle_accept(actor=operator_admin, cycle=cycle, auditor=auditor)
    run = cycle.phase_runs.select_related("phase", "cycle").get(phase__key="self_assessment")
    fill(run, editor=coordinator, signer=coordinator)
    services.phase_submit(actor=coordinator, run=run)
    return run


def test_a_return_without_a_comment_shows_its_error_in_view(browser: Browser, live_server, submitted, auditor):
    page = logged_in(browser, live_server.url, auditor.email)
    page.set_viewport_size({"width": 1280, "height": 700})
    page.goto(f"{live_server.url}/nl/operator/cycles/{submitted.cycle_id}/phases/{submitted.pk}/")
    page.get_by_role("button", name="Terugsturen voor aanpassing").click()
    error = page.get_by_text("Geef aan wat er moet veranderen.")
    expect(error).to_be_visible()
    expect(error).to_be_in_viewport()
    page.locator("#review textarea").first.fill("Voeg een bewijsstuk toe.")
    page.get_by_role("button", name="Terugsturen voor aanpassing").click()
    notice = page.get_by_text("is teruggestuurd voor aanpassing;")
    expect(notice).to_be_in_viewport()
