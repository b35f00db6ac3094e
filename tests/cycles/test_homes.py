"""The homes say where things stand: the employer's home shows each programme's phases in
progress and whose turn each is; the operator area's home lists what waits for the reader."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from vereinbar.cycles import services
from vereinbar.cycles.selectors import Turn, WaitingKind, standings_of, waiting_for_operator

from .helpers import fill

pytestmark = pytest.mark.django_db


def _self_assessment(cycle):
    return cycle.phase_runs.select_related("phase", "cycle").get(phase__key="self_assessment")


def test_the_coordinator_home_says_it_is_their_turn_and_links_to_the_phase(
    audit, open_cycle, parties, employer_org, login
):
    cycle = open_cycle(audit)
    run = _self_assessment(cycle)
    [standing] = standings_of(user=parties["coordinator"], organisation=employer_org)
    assert standing.next_step is not None and standing.next_step.run == run
    page = login(parties["coordinator"]).get(f"/en/workspace/{employer_org.slug}/")
    html = page.content.decode()
    assert "Your turn" in html
    assert reverse("workspace_cycles:phase", args=[employer_org.slug, cycle.pk, run.pk]) in html
    assert "Continue: Self-assessment" in html


def test_a_viewer_is_told_whose_turn_it_is_without_a_button(audit, open_cycle, parties, employer_org):
    open_cycle(audit)
    [standing] = standings_of(user=parties["viewer"], organisation=employer_org)
    assert standing.next_step is None
    assert {step.turn for step in standing.steps} == {Turn.EMPLOYER}


def test_after_submitting_the_coordinator_is_told_the_auditor_has_it(audit, open_cycle, parties, employer_org, login):
    with time_machine.travel(date(2026, 3, 2), tick=False):
        cycle = open_cycle(audit)
        run = _self_assessment(cycle)
        fill(run, editor=parties["coordinator"], signer=parties["coordinator"])
        client = login(parties["coordinator"])
        response = client.post(
            reverse("workspace_cycles:phase_act", args=[employer_org.slug, cycle.pk, run.pk, "submit"]),
            HTTP_ACCEPT_LANGUAGE="en",
            follow=True,
        )
        assert "the auditor now has it for review" in response.content.decode()
        home = client.get(f"/en/workspace/{employer_org.slug}/").content.decode()
    assert 'With the auditor since <time datetime="2026-03-02">2 March 2026</time>' in home
    [standing] = standings_of(user=parties["coordinator"], organisation=employer_org)
    assert [step.turn for step in standing.steps if step.run == run] == [Turn.AUDITOR]


def test_an_overdue_phase_is_marked_on_the_home(audit, open_cycle, parties, employer_org, login):
    with time_machine.travel(date(2025, 1, 15), tick=False):
        open_cycle(audit)
    with time_machine.travel(date(2026, 1, 15), tick=False):
        html = login(parties["coordinator"]).get(f"/en/workspace/{employer_org.slug}/").content.decode()
    assert 'class="due overdue"' in html and "overdue since" in html


def test_a_new_application_waits_for_the_operator_on_their_home(audit, parties, employer_org, login, client):
    applied = login(parties["coordinator"]).post(
        reverse("workspace_cycles:list", args=[employer_org.slug]), {"programme": audit.pk, "message": "Hello"}
    )
    assert applied.status_code == 302
    cycle = employer_org.cycles.get()
    client.logout()
    [item] = waiting_for_operator(user=parties["operator"])
    assert item.kind == WaitingKind.APPLICATION and item.cycle == cycle
    html = login(parties["operator"]).get("/en/operator/", follow=True).content.decode()
    assert "Waiting for you" in html and "Application to accept or decline" in html
    assert reverse("operator_cycles:detail", args=[cycle.pk]) in html
    # The auditor decides no applications, the employer sees no operator list.
    assert waiting_for_operator(user=parties["auditor"]) == []
    assert waiting_for_operator(user=parties["coordinator"]) == []


def test_a_submitted_phase_waits_for_the_assigned_auditor_only(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    run = _self_assessment(cycle)
    fill(run, editor=parties["coordinator"], signer=parties["coordinator"])
    services.phase_submit(actor=parties["coordinator"], run=run)
    [item] = waiting_for_operator(user=parties["auditor"])
    assert item.kind == WaitingKind.REVIEW and item.run == run
    assert [i.run for i in waiting_for_operator(user=parties["operator"])] == []
    cycle.auditor = None
    cycle.save(update_fields=["auditor"])
    [item] = waiting_for_operator(user=parties["operator"])
    assert item.kind == WaitingKind.ASSIGN_AUDITOR
    assert waiting_for_operator(user=parties["auditor"]) == []


def test_the_waiting_list_is_oldest_first(audit, parties, employer_org, other_employer_org):
    with time_machine.travel(date(2026, 2, 1), tick=False):
        newer = services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=audit)
    with time_machine.travel(date(2026, 1, 1), tick=False):
        older = services.cycle_apply(actor=parties["outsider"], organisation=other_employer_org, programme=audit)
    assert [item.cycle for item in waiting_for_operator(user=parties["operator"])] == [older, newer]


def test_a_new_application_is_listed_under_waiting_for_you_on_the_operator_home(audit, parties, employer_org, login):
    cycle = services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=audit)
    page = login(parties["operator"]).get(reverse("operator:index"), follow=True)
    assert [item.cycle for item in page.context["waiting"]] == [cycle]
    assert "Application to accept or decline" in page.content.decode()


def test_an_award_of_a_finished_cycle_shows_with_its_validity(scored, open_cycle, parties, employer_org, login):
    from .helpers import drive

    with time_machine.travel(date(2025, 1, 10), tick=False):
        cycle = open_cycle(scored)
        drive(cycle, parties)
    cycle.refresh_from_db()
    with time_machine.travel(date(2026, 8, 1), tick=False):
        html = login(parties["coordinator"]).get(f"/en/workspace/{employer_org.slug}/").content.decode()
    assert "Awards in force" in html and "takes part in no programme" not in html
    with translation.override("en"):
        day = date_format(cycle.award.valid_until, "DATE_FORMAT")
    assert f'valid until <time datetime="{cycle.award.valid_until.isoformat()}">{day}</time>' in html


def test_the_board_finds_its_decision_waiting_and_a_review_is_never_overdue(audit, open_cycle, parties):
    from .helpers import drive

    with time_machine.travel(date(2025, 1, 15), tick=False):
        cycle = open_cycle(audit)
        run = _self_assessment(cycle)
        fill(run, editor=parties["coordinator"], signer=parties["coordinator"])
        services.phase_submit(actor=parties["coordinator"], run=run)
    with time_machine.travel(date(2025, 9, 1), tick=False):  # past the self-assessment's due date
        [review] = waiting_for_operator(user=parties["auditor"])
        assert review.kind == WaitingKind.REVIEW and review.due_on is None and not review.overdue
        drive(cycle, parties, stop_before="decision")
        [decision] = waiting_for_operator(user=parties["board"])
    assert decision.kind == WaitingKind.DECISION and decision.cycle == cycle
    assert waiting_for_operator(user=parties["auditor"]) == []


def test_a_long_waiting_list_shows_the_twenty_oldest_and_leads_to_the_desk(audit, parties, employer_org, login):
    """An operator with a thousand employers gets a home page, not a list of a thousand lines."""
    from django.template.loader import render_to_string

    login(parties["coordinator"]).post(
        reverse("workspace_cycles:list", args=[employer_org.slug]), {"programme": audit.pk, "message": "Hello"}
    )
    [item] = waiting_for_operator(user=parties["operator"])
    with translation.override("en"):
        html = render_to_string(
            "organisations/_operator_waiting.html", {"waiting": [item] * 25, "waiting_registrations": []}
        )
    assert html.count('data-kind="application"') == 20
    assert "These are the first 20 of 25, the most urgent first: what is overdue," in html
    assert reverse("operator_cycles:list") in html
    with translation.override("en"):
        short = render_to_string("organisations/_operator_waiting.html", {"waiting": [item] * 20})
    assert short.count('data-kind="application"') == 20 and "most urgent first" not in short
