"""A declined application's page says it was declined, when and why, and what the employer can
do now; it does not promise phases that will never start (nor does a withdrawn application's)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from vereinbar.cycles import services
from vereinbar.cycles.links import cycle_reverse

pytestmark = pytest.mark.django_db

PROMISE = "The phases start when the programme operator accepts the application."


def _text(page: str) -> str:
    """The page's main content as read: blocks apart, inline tags dropped, white space folded."""
    main = page[page.index("<main") : page.index("</main>")]
    main = re.sub(r"</?(?:dt|dd|p|li|h\d|div|section)\b[^>]*>", " ", main)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", main))


@pytest.fixture
def declined(audit, parties, employer_org):
    cycle = services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=audit)
    return services.cycle_decline(actor=parties["operator"], cycle=cycle, reason="Not an employer in our region.")


def _day() -> str:
    return f"{timezone.localdate():%-d %B %Y}"  # the English long date, "4 March 2026"


def test_the_coordinator_reads_that_it_was_declined_why_and_how_to_apply_again(declined, parties, login):
    page = login(parties["coordinator"]).get(cycle_reverse("workspace", declined, "detail")).content.decode()
    text = _text(page)
    assert PROMISE not in text
    assert f"Declined on {_day()}" in text and "Reason Not an employer in our region." in text
    assert f"The programme operator declined this application on {_day()}, so no phases were started." in text
    assert "You can apply to the programme again under Programmes." in text
    assert f'href="/en/workspace/{declined.organisation.slug}/cycles/#apply">Programmes</a>' in page
    assert "not assigned yet" not in text  # no auditor is coming either


def test_the_operator_reads_it_too_with_what_the_employer_can_do(declined, parties, login):
    text = _text(login(parties["operator"]).get(cycle_reverse("operator", declined, "detail")).content.decode())
    assert PROMISE not in text and f"declined this application on {_day()}" in text
    assert "The employer can apply to the programme again in its workspace." in text


def test_a_waiting_application_still_says_when_its_phases_start(audit, parties, employer_org, login):
    cycle = services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=audit)
    text = _text(login(parties["coordinator"]).get(cycle_reverse("workspace", cycle, "detail")).content.decode())
    assert PROMISE in text and "declined" not in text


def test_an_application_withdrawn_before_it_was_accepted_says_so(audit, parties, employer_org, login):
    cycle = services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=audit)
    services.cycle_withdraw(actor=parties["coordinator"], cycle=cycle)
    text = _text(login(parties["coordinator"]).get(cycle_reverse("workspace", cycle, "detail")).content.decode())
    assert PROMISE not in text
    assert "The application was withdrawn before it was accepted, so no phases were started." in text


def _tabs(page: str) -> str:
    tabs = page[page.index('class="subnav cycle-tabs"') :]
    return tabs[: tabs.index("</nav>")]


def test_a_declined_application_has_no_decision_tab_to_a_page_with_nothing_to_say(scored, parties, employer_org, login):
    cycle = services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=scored)
    cycle = services.cycle_decline(actor=parties["operator"], cycle=cycle, reason="Not in our region.")
    assert cycle.stage.awardable_levels.exists()  # the programme has levels: the tab would lead to them
    for area, who in (("workspace", "coordinator"), ("operator", "operator")):
        tabs = _tabs(login(parties[who]).get(cycle_reverse(area, cycle, "detail")).content.decode())
        assert ">Phases</a>" in tabs
        assert ">Decision</a>" not in tabs, area
