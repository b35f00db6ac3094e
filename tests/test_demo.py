"""Loading the demo at an earlier date: the replay stops at today, so the demo holds the history
up to then (and awards that were valid then are listed then). Each test loads what it needs;
the demo as loaded today is checked in tests/scenarios, which loads it once for all its modules."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.certificates.selectors import awards_listed
from vereinbar.cycles.models import Cycle, CycleStatus
from vereinbar.site.demo import DemoResult, demo_load

pytestmark = pytest.mark.django_db


def replay(*slugs: str) -> DemoResult:
    """Load the demo with only these employers (their histories up to today)."""
    return demo_load(employers=set(slugs))


def test_leiderdorp_loaded_in_2018_has_its_first_recognition_only():
    with time_machine.travel(date(2018, 6, 1), tick=False):
        replay("gemeente-leiderdorp")
        award = Award.objects.get(organisation__slug="gemeente-leiderdorp")
        assert (award.issued_on, award.valid_until, award.status) == (
            date(2017, 2, 20),
            date(2020, 2, 20),
            AwardStatus.VALID,
        )
        assert award in awards_listed()
        assert Cycle.objects.get(organisation__slug="gemeente-leiderdorp").status == CycleStatus.COMPLETED
    with time_machine.travel(date(2020, 2, 21), tick=False):
        assert award not in awards_listed()


def test_offenbach_loaded_during_its_first_audit_waits_for_the_board():
    with time_machine.travel(date(2021, 8, 1), tick=False):
        replay("pro-arbeit-kreis-offenbach")
        cycle = Cycle.objects.get(organisation__slug="pro-arbeit-kreis-offenbach")
        assert cycle.status == CycleStatus.OPEN and not Award.objects.exists()
        open_runs = [run.phase.key for run in cycle.phase_runs.filter(status="open")]
        assert open_runs == ["kuratorium"]
        # Measures in place only from 30 September 2021 are not recorded yet; planned ones are.
        measures = cycle.organisation.measures
        assert not measures.filter(status="in_place").exists()
        assert measures.filter(status="planned").count() == 3
