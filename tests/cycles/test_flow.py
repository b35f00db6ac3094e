"""A cycle runs through its phases as the programme's data says, up to the award."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail

from vereinbar.certificates.models import AwardStatus
from vereinbar.cycles.models import CycleStatus, PhaseStatus

from .helpers import drive

pytestmark = pytest.mark.django_db(transaction=True)


@time_machine.travel(date(2025, 1, 15), tick=False)
def test_an_audit_runs_from_application_to_award_and_annual_reports(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    assert cycle.status == CycleStatus.OPEN
    runs = {run.phase.key: run for run in cycle.phase_runs.select_related("phase")}
    assert runs["self_assessment"].status == PhaseStatus.OPEN
    assert runs["self_assessment"].due_on == date(2025, 4, 15)
    assert runs["workshop"].status == PhaseStatus.LOCKED

    done = drive(cycle, parties)

    assert done[:6] == ["self_assessment", "self_assessment", "workshop", "workshop", "agreement", "agreement"]
    assert "decision" in done
    assert cycle.status == CycleStatus.COMPLETED
    award = cycle.award
    assert award.status == AwardStatus.VALID
    assert award.issued_on == date(2025, 1, 15)
    assert award.valid_until == date(2028, 1, 15)
    annual = cycle.phase_runs.filter(phase__key="annual").order_by("occurrence")
    assert [(r.occurrence, r.due_on) for r in annual] == [(1, date(2026, 1, 15)), (2, date(2027, 1, 15))]
    assert all(r.status == PhaseStatus.ACCEPTED for r in annual)
    assert mail.outbox, "people are told about each step"
