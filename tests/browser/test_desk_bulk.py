"""Issue #20 acceptance: an operator narrows the cycles list, ticks cycles with the keyboard,
confirms on a second page and the auditor is assigned to exactly those (one history entry
each) — in German with htmx and in Dutch without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import one_pass_each
from tests.browser.test_operator_desk import logged_in
from tests.cycles.conftest import PROGRAMMES, programme_from_file
from tests.cycles.test_operator_desk import applied
from tests.factories import MembershipFactory, UserFactory
from vereinbar.activity.models import Entry

pytestmark = pytest.mark.django_db(transaction=True)

TEXTS = {
    "de": {
        "choose": "{} auswählen",
        "continue": "Weiter",
        "confirm": "Für 2 Durchläufe bestätigen",
        "done": "Die Auditorin/Der Auditor wurde 2 Durchläufen zugewiesen.",
    },
    "nl": {
        "choose": "{} kiezen",
        "continue": "Verder",
        "confirm": "Bevestigen voor 2 trajecten",
        "done": "De auditor is aan 2 trajecten toegewezen.",
    },
}


@pytest.mark.parametrize("language", one_pass_each("de", "nl"))
def test_an_operator_assigns_an_auditor_to_chosen_cycles_after_confirming(
    browser: Browser, live_server, operator_org, operator_admin, language, axe_check
):
    audit = programme_from_file(PROGRAMMES / "audit.yaml", operator_org)
    auditor = UserFactory(email="pruefer@test.example", full_name="Petra Prüfer")
    MembershipFactory(user=auditor, organisation=operator_org, role="auditor")
    borken = applied(audit, "Kreis Borken", region="Nordrhein-Westfalen")
    soest = applied(audit, "Kreis Soest", region="Nordrhein-Westfalen")
    delft = applied(audit, "Gemeente Delft", region="Zuid-Holland")
    text = TEXTS[language]
    javascript = language == "de"  # German through htmx, Dutch as a plain form

    page = logged_in(browser, live_server.url, operator_admin.email, javascript=javascript)
    page.goto(f"{live_server.url}/{language}/operator/cycles/?region=Nordrhein-Westfalen")
    expect(page.locator(".desk-table tbody tr")).to_have_count(2)
    for name in ("Kreis Borken", "Kreis Soest"):  # ticked with the keyboard, found by their labels
        box = page.get_by_role("checkbox", name=text["choose"].format(name))
        box.focus()
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    page.get_by_role("button", name=text["continue"]).click()

    expect(page.get_by_role("button", name=text["confirm"])).to_be_visible()
    assert not Entry.objects.filter(verb="cycle.auditor_assigned").exists()  # nothing before confirming
    if javascript:
        axe_check(page)
    page.get_by_label("Auditor").select_option(label=str(auditor))
    page.get_by_role("button", name=text["confirm"]).click()

    expect(page).to_have_url(re.compile(r"/operator/cycles/\?region=Nordrhein-Westfalen"))
    expect(page.locator(".messages")).to_contain_text(text["done"])
    for cycle in (borken, soest, delft):
        cycle.refresh_from_db()
    assert borken.auditor == auditor and soest.auditor == auditor and delft.auditor is None
    assert Entry.objects.filter(verb="cycle.auditor_assigned").count() == 2
