"""The demo's cycles are in states the services produce: every phase in progress waits for
someone who exists (the assigned auditor, the operator's admins or board, the employer), and
no phase is handed in that nobody can accept, nor a decision "submitted" or "returned"."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from vereinbar.accounts.models import Membership, User
from vereinbar.accounts.roles import Role
from vereinbar.cycles.models import CycleStatus, PhaseRun, PhaseStatus
from vereinbar.cycles.selectors import waiting_for_operator

pytestmark = pytest.mark.django_db

IN_PROGRESS = (PhaseStatus.OPEN, PhaseStatus.SUBMITTED, PhaseStatus.RETURNED)
OPERATOR_ROLES = {"operator": Role.OPERATOR_ADMIN, "board": Role.BOARD_MEMBER, "auditor": Role.AUDITOR}


def _runs_in_progress() -> list[PhaseRun]:
    return list(
        PhaseRun.objects.filter(status__in=IN_PROGRESS, cycle__status__in=[CycleStatus.OPEN, CycleStatus.AWARDED])
        .select_related("phase", "cycle", "cycle__programme", "cycle__stage")
        .order_by("pk")
    )


def _turn_exists(run: PhaseRun, party: str) -> bool:
    """Whether someone holds ``party`` (an ActorRole) for the run's cycle."""
    cycle = run.cycle
    if not party:  # handed in with nobody named to accept it
        return False
    if party == "auditor":
        return cycle.auditor_id is not None
    if party in OPERATOR_ROLES:
        return Membership.objects.filter(
            organisation_id=cycle.programme.operator_id, role=OPERATOR_ROLES[party]
        ).exists()
    # The employer's phase: on the employer's own list, and on the desk of its programme's operator.
    return cycle.organisation.status == "approved"


def test_no_phase_is_handed_in_that_nobody_accepts():
    wrong = [
        (run.cycle.organisation.name, run.phase.key, run.status)
        for run in _runs_in_progress()
        if run.status in (PhaseStatus.SUBMITTED, PhaseStatus.RETURNED)
        and (not run.phase.accepted_by or run.phase.deliverable == "decision")
    ]
    assert wrong == []


def test_every_phase_in_progress_waits_for_someone_who_exists():
    runs = _runs_in_progress()
    assert len(runs) > 300  # the made-up cycles as well as the real ones
    stuck = []
    for run in runs:
        party = run.phase.accepted_by if run.status == PhaseStatus.SUBMITTED else run.phase.actor
        if not _turn_exists(run, party):
            stuck.append((run.cycle.organisation.name, run.phase.key, run.status, party))
    assert stuck == []
    statuses = {(run.phase.deliverable == "decision", run.status) for run in runs}
    assert {(False, PhaseStatus.SUBMITTED), (False, PhaseStatus.RETURNED), (True, PhaseStatus.OPEN)} <= statuses


def test_no_cycle_in_progress_has_its_award_decided():
    """An award stage's decision accepted awards the cycle: a cycle still "in progress" has none."""
    decided = PhaseRun.objects.filter(
        cycle__status=CycleStatus.OPEN,
        cycle__stage__gives_award=True,
        phase__deliverable="decision",
        status=PhaseStatus.ACCEPTED,
    )
    assert list(decided.values_list("cycle__organisation__name", "phase__key")) == []


def test_no_phase_counted_from_the_award_runs_before_it():
    before = PhaseRun.objects.filter(
        cycle__status=CycleStatus.OPEN, cycle__stage__gives_award=True, phase__due_anchor="award"
    ).exclude(status=PhaseStatus.LOCKED)  # made locked with the others (``runs_create``), it opens with the award
    assert list(before.values_list("cycle__organisation__name", "phase__key")) == []


@pytest.mark.parametrize("email", ["operator@berufundfamilie.example", "auditor@berufundfamilie.example"])
def test_the_count_on_the_home_is_the_length_of_the_list_behind_it(email):
    user = User.objects.get(email=email)
    shown = waiting_for_operator(user=user, limit=20)
    full = waiting_for_operator(user=user)
    assert shown.total == len(full) > 0
    # Every phase on the list is one the reader can move: a submitted one they accept, or their own.
    for item in full:
        if item.run is not None and item.run.status == PhaseStatus.SUBMITTED:
            assert item.run.phase.accepted_by, item.run


def _number(text: str) -> int:
    found = re.search(r"\d[\d,]*", text)
    assert found, text
    return int(found.group().replace(",", ""))


def test_each_count_on_the_operators_home_is_the_number_of_cycles_its_list_finds(client):
    client.force_login(User.objects.get(email="operator@berufundfamilie.example"))
    with translation.override("en"):
        home = client.get(reverse("operator:index")).content.decode()
    desk = home[home.index('class="desk-counts"') :]
    links = re.findall(r'<a(?: class="overdue")? href="([^"]*/cycles/[^"]*\?[^"]*)">([^<]*\d[^<]*)</a>', desk)
    assert len(links) > 10
    for href, text in links:
        listed = client.get(html.unescape(href)).content.decode()
        heading = re.search(r'id="desk-results-heading"[^>]*>([^<]*)<', listed)
        assert heading, href
        assert _number(heading.group(1)) == _number(text.split(":")[-1]), (href, text, heading.group(1))
