"""Landratsamt Saale-Orla-Kreis: workplace health management since 2010, with AOK PLUS since
November 2017: getting started (steering group), the first yearly cycle with the first
systematic staff survey, and (not in the source) the yearly cycle of 2026 in progress."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tests.scenarios.conftest import entries, noon
from vereinbar.certificates.models import Award
from vereinbar.cycles.models import Cycle, CycleStatus, Goal, PhaseStatus
from vereinbar.organisations.models import Organisation

SLUG = "saale-orla-kreis"
pytestmark = pytest.mark.django_db


def _cycles():
    return list(Cycle.objects.filter(organisation__slug=SLUG).order_by("applied_on"))


def test_a_cycle_programme_without_awards():
    assert [(c.stage.key, c.status) for c in _cycles()] == [
        ("einstieg", CycleStatus.COMPLETED),
        ("jahreszyklus", CycleStatus.COMPLETED),
        ("jahreszyklus", CycleStatus.OPEN),
    ]
    assert not Award.objects.filter(organisation__slug=SLUG).exists()
    start = _cycles()[0]
    assert start.started_on == date(2017, 11, 1) and start.auditor.email == "gesundheit@aok-plus.example"
    assert start.phase_runs.get(phase__key="steuerungskreis").workshops.get().held_on == date(2017, 12, 6)


def test_the_first_yearly_cycle_had_the_survey_and_the_goals_carry_into_2026():
    _start, first, current = _cycles()
    analysis = first.phase_runs.get(phase__key="analyse")
    assert "Instituts für Gesundheit und Management aus Leipzig" in analysis.note
    assert analysis.due_on == date(2018, 4, 8)  # three months after the cycle started
    codes = set(Goal.objects.filter(agreement__cycle=current).values_list("code", flat=True))
    assert codes == {"2.1", "3.1"}
    leadership = Goal.objects.get(agreement__cycle=first, code="3.1").measures.get()
    assert leadership.measure.title_de == "Gesundheitsförderung als Führungsaufgabe verankern"


def test_the_evaluation_of_2026_is_open_and_becomes_overdue():
    current = _cycles()[-1]
    evaluation = current.phase_runs.get(phase__key="evaluation")
    assert evaluation.status == PhaseStatus.OPEN and evaluation.due_on == date(2027, 1, 12)
    assert not evaluation.is_overdue()
    with time_machine.travel(date(2027, 1, 13), tick=False):
        assert evaluation.is_overdue()


def test_bgm_since_2010_and_the_history_dated_from_november_2017():
    organisation = Organisation.objects.get(slug=SLUG)
    assert organisation.measures.get(type__key="health_management").since == date(2010, 1, 1)
    assert entries(SLUG, "cycle.accepted")[0].created_at == noon(date(2017, 11, 1))
    assert entries(SLUG, "cycle.completed")[0].created_at == noon(date(2017, 12, 12))
