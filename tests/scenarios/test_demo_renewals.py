"""The demo's renewals are what ``cycle_renew`` makes (issue: some made-up renewals waited as
applications without a start date, or had been declined, which the product never does: it opens
the next stage at once): each started the day it was applied for, with the auditor of the cycle
it renews (where that had one), and one still running is at work on its phases.
(The package's demo: see conftest.py.)"""

from __future__ import annotations

from collections import Counter

import pytest

from vereinbar.cycles.models import Cycle, CycleStatus, PhaseStatus

pytestmark = pytest.mark.django_db


def test_a_made_up_renewal_opened_the_day_it_was_applied_for():
    renewals = list(
        Cycle.objects.filter(organisation__is_example=True, previous__isnull=False)
        .select_related("previous")
        .prefetch_related("phase_runs")
    )
    statuses = Counter(renewal.status for renewal in renewals)
    assert statuses[CycleStatus.OPEN] >= 100 and statuses[CycleStatus.WITHDRAWN] >= 10, statuses
    assert not statuses[CycleStatus.APPLIED] and not statuses[CycleStatus.DECLINED], statuses
    for renewal in renewals:
        assert renewal.started_on == renewal.applied_on, renewal.pk
        if renewal.status == CycleStatus.OPEN:
            runs = list(renewal.phase_runs.all())
            assert any(run.status != PhaseStatus.LOCKED for run in runs), renewal.pk
            assert min(run.opened_on for run in runs if run.opened_on) == renewal.started_on, renewal.pk
            assert renewal.auditor_id == (renewal.previous.auditor_id or renewal.auditor_id), renewal.pk
