"""Certification by the staff survey alone (the library's work–care culture index): the level
follows from the survey and the award follows the level without a manual step; a cycle that
takes the optional review waits for the operator; a cycle whose survey reaches no level gets no
award (an automatic deferral that says why), never an award without a level."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.utils import translation

from tests.cycles.test_survey_conditions import staff, surveyed
from vereinbar.activity.models import Entry
from vereinbar.certificates.models import Award
from vereinbar.cycles import services
from vereinbar.cycles.models import CycleStatus, DecisionOutcome, PhaseStatus
from vereinbar.cycles.services.phases import cycle_progress
from vereinbar.programmes.services import programme_load

pytestmark = pytest.mark.django_db

INDEX = Path(__file__).resolve().parents[2] / "library" / "programmes" / "work-care-culture-index.yaml"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def programme(operator_org, instrument_version):
    data = yaml.safe_load(INDEX.read_text(encoding="utf-8")) | {"operator": operator_org.slug}
    outcome = programme_load(actor=None, raw=yaml.safe_dump(data), filename=INDEX.name, trusted=True)
    assert outcome.version is not None, outcome
    return outcome.version.programme


def started(programme, employer_org, coordinator, operator_admin, auditor, *, review: bool):
    cycle = services.cycle_apply(
        actor=coordinator,
        organisation=employer_org,
        programme=programme,
        optional_phases=["review"] if review else [],
    )
    cycle = services.cycle_accept(actor=operator_admin, cycle=cycle, auditor=auditor)
    staff(cycle, 30)
    return cycle


def test_without_review_the_award_follows_the_survey_s_level_at_once(
    programme, employer_org, coordinator, operator_admin, auditor, instrument_version
):
    cycle = started(programme, employer_org, coordinator, operator_admin, auditor, review=False)
    surveyed(cycle, coordinator, instrument_version, admin=(20, 8), youth=(0, 0))  # 71.4 %, ±4.1 at 90 %
    cycle.refresh_from_db()
    assert cycle.status in (CycleStatus.AWARDED, CycleStatus.COMPLETED)
    award = Award.objects.get(cycle=cycle)
    assert award.level is not None and award.level.key == "certified"
    decision = cycle.decisions.get()
    assert decision.automatic and decision.outcome == DecisionOutcome.GRANT and decision.computed_level == "certified"


def test_the_optional_review_holds_the_award_until_the_operator_has_reviewed(
    programme, employer_org, coordinator, operator_admin, auditor, instrument_version
):
    cycle = started(programme, employer_org, coordinator, operator_admin, auditor, review=True)
    surveyed(cycle, coordinator, instrument_version, admin=(20, 8), youth=(0, 0))
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.OPEN and not Award.objects.filter(cycle=cycle).exists()
    review = cycle.phase_runs.get(phase__key="review")
    assert review.status == PhaseStatus.OPEN
    services.phase_submit(actor=operator_admin, run=review, note="Invitations and reminders checked.")
    cycle.refresh_from_db()
    assert Award.objects.get(cycle=cycle).level.key == "certified"


def test_a_survey_that_reaches_no_level_gives_no_award_and_says_why(
    programme, employer_org, coordinator, operator_admin, auditor, instrument_version
):
    cycle = started(programme, employer_org, coordinator, operator_admin, auditor, review=False)
    surveyed(cycle, coordinator, instrument_version, admin=(13, 5), youth=(0, 0))  # 18 of 30: ±12.5
    cycle.refresh_from_db()
    assert not Award.objects.filter(cycle=cycle).exists()
    assert cycle.status == CycleStatus.OPEN
    decision = cycle.decisions.get()
    assert decision.automatic and decision.outcome == DecisionOutcome.DEFER and decision.level is None
    assert decision.explanation.startswith("No award: no level of this stage is reached.")
    assert "Margin of error 12.5 % > 5 % at 90 % confidence." in decision.explanation
    entry = Entry.objects.filter(target_id=str(cycle.pk), verb="cycle.deferred").get()
    assert entry.after["award"] is None and entry.after["status_reason"]["en"] == decision.explanation


def test_a_review_that_ends_without_a_level_reached_gives_no_award_either(
    programme, employer_org, coordinator, operator_admin, auditor, instrument_version
):
    cycle = started(programme, employer_org, coordinator, operator_admin, auditor, review=True)
    surveyed(cycle, coordinator, instrument_version, admin=(12, 8), youth=(0, 0))  # 60 % favourable
    review = cycle.phase_runs.get(phase__key="review")
    services.phase_submit(actor=operator_admin, run=review, note="Checked.")
    cycle.refresh_from_db()
    assert not Award.objects.filter(cycle=cycle).exists()
    assert "Favourable answers 60.0 % < 65 %." in cycle.decisions.get().explanation
    # Progress that changes nothing (an optional phase left again, say) does not say it twice.
    cycle_progress(cycle=cycle, actor=operator_admin, on=cycle.decisions.get().decided_on)
    assert cycle.decisions.count() == 1
