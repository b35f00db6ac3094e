"""One rule orders every "waiting for you" list (``waiting_order``), and ``waiting_for_operator``
follows it twice: in the database, where it picks the first few of what waits, and in Python,
where it sorts what it picked. If the two drifted apart, the home's first twenty would not be the
twenty most urgent. So for every cut, the first items picked by the database are the first items
of the whole list sorted by ``waiting_order``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import OrganisationFactory
from vereinbar.cycles.models import Cycle, CycleStatus, PhaseRun, PhaseStatus
from vereinbar.cycles.selectors import Urgency, Waiting, waiting_for_operator, waiting_order, waiting_urgency

pytestmark = pytest.mark.django_db

# (phase, status, auditor named?, due in days from today, open for days, submitted days ago);
# ties on purpose: the same due date, the same day opened, so that every part of the rule counts.
RUNS = [
    ("report", PhaseStatus.OPEN, True, -3, 10, None),  # the auditor's, overdue
    ("report", PhaseStatus.OPEN, True, -3, 20, None),  # overdue as long, open longer: before it
    ("report", PhaseStatus.RETURNED, True, -1, 2, None),  # overdue, less so
    ("report", PhaseStatus.OPEN, True, 4, 6, None),  # the auditor's own work
    ("report", PhaseStatus.OPEN, True, 4, 9, None),  # due the same day, open longer
    ("report", PhaseStatus.OPEN, True, None, 30, None),  # no due date: after those with one
    ("self_assessment", PhaseStatus.SUBMITTED, True, -20, 40, 3),  # to review: never overdue
    ("self_assessment", PhaseStatus.SUBMITTED, True, None, 40, 8),
    ("self_assessment", PhaseStatus.SUBMITTED, False, None, 40, 5),  # the operator names an auditor
    ("report", PhaseStatus.OPEN, False, -2, 7, None),  # overdue, and no auditor to do it yet
    ("report", PhaseStatus.OPEN, False, 6, 10, None),  # an auditor to name: the due date is not the operator's
    ("self_assessment", PhaseStatus.SUBMITTED, False, None, 40, 12),  # waiting longer: before it
    ("decision", PhaseStatus.OPEN, True, -4, 5, None),  # the board's, overdue
    ("decision", PhaseStatus.OPEN, True, 8, 3, None),
    ("decision", PhaseStatus.OPEN, True, 8, 3, None),  # the same in every way but the cycle
    ("decision", PhaseStatus.OPEN, True, 8, 11, None),
    ("decision", PhaseStatus.OPEN, True, None, 1, None),
]
APPLIED_DAYS_AGO = [15, 25, 25]


@pytest.fixture
def waiting(audit, parties):
    today, now = timezone.localdate(), timezone.now()
    version = audit.current_version
    stage = version.stages.order_by("order").first()
    phases = {phase.key: phase for phase in stage.phases.all()}

    def cycle(**fields) -> Cycle:
        return Cycle.objects.create(
            organisation=OrganisationFactory(), programme=audit, version=version, stage=stage, **fields
        )

    for days in APPLIED_DAYS_AGO:
        cycle(status=CycleStatus.APPLIED, applied_on=today - timedelta(days=days))
    for key, status, named, due, opened, submitted in RUNS:
        run_cycle = cycle(
            status=CycleStatus.OPEN,
            auditor=parties["auditor"] if named else None,
            applied_on=today - timedelta(days=60),
            started_on=today - timedelta(days=50),
        )
        PhaseRun.objects.create(
            cycle=run_cycle,
            phase=phases[key],
            status=status,
            opened_on=today - timedelta(days=opened),
            due_on=None if due is None else today + timedelta(days=due),
            submitted_at=None if submitted is None else now - timedelta(days=submitted),
        )


def _keys(items: list[Waiting]) -> list[tuple[object, ...]]:
    return [(item.kind, item.cycle.pk, item.run.pk if item.run else None) for item in items]


@pytest.mark.parametrize("role", ["operator", "auditor", "board"])
def test_the_database_picks_the_first_items_by_the_rule_of_waiting_order(parties, waiting, role):
    user = parties[role]
    whole = sorted(waiting_for_operator(user=user), key=waiting_order)
    assert len({waiting_urgency(item) for item in whole}) >= 2, "the sample leaves this role one urgency"
    for cut in range(1, len(whole)):
        assert _keys(waiting_for_operator(user=user, limit=cut)) == _keys(whole[:cut]), f"the first {cut}"


def test_overdue_comes_first_and_ties_go_to_the_longest_waiting(parties, waiting):
    order = waiting_for_operator(user=parties["auditor"], limit=3)
    assert [waiting_urgency(item) for item in order] == [Urgency.OVERDUE] * 3
    assert [(item.due_on, item.since) for item in order] == sorted((item.due_on, item.since) for item in order)
    assert order[0].since < order[1].since  # overdue by as much: open longer first
