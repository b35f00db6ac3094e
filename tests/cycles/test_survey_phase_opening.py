"""A survey phase that is still locked when its survey closes with results is completed when it
opens, as it would have been on closing: the two orders end the same."""

from __future__ import annotations

import pytest
import yaml
from django.utils import translation

from tests.factories import MembershipFactory, UserFactory
from vereinbar.activity.models import Entry
from vereinbar.cycles import services
from vereinbar.cycles.models import PhaseStatus
from vereinbar.notifications.models import Notification
from vereinbar.programmes.services import programme_load

from .survey_helpers import PROGRAMME, closed_with, cycle_survey, load_instrument, open_cycle, survey_run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _gated_programme(operator_org, acceptor: str | None):
    """The survey programme with a kick-off report the staff survey phase waits for, and a
    reflection on the results that waits for the survey phase."""
    data = yaml.safe_load(PROGRAMME)
    data["operator"] = operator_org.slug
    data["id"] = f"urn:vereinbar:programme:test-gated-survey-{acceptor or 'none'}"
    phases = data["stages"][0]["phases"]
    phases.insert(
        0, {"id": "kickoff", "title": "Kick-off", "deliverable": "report", "actor": "coordinator", "gate": {}}
    )
    phases.insert(
        2,
        {
            "id": "reflection",
            "title": "Reflection on the results",
            "deliverable": "report",
            "actor": "coordinator",
            "gate": {"requires": ["staff_survey"]},
        },
    )
    survey_gate = phases[1]["gate"]
    survey_gate["requires"] = ["kickoff"]
    if acceptor:
        survey_gate["accepted_by"] = acceptor
    else:
        del survey_gate["accepted_by"]
    outcome = programme_load(actor=None, raw=yaml.safe_dump(data), filename="gated.yaml", trusted=True)
    assert outcome.version is not None, outcome
    return outcome.version.programme


def _kickoff_done(cycle, coordinator):
    kickoff = cycle.phase_runs.select_related("phase", "cycle").get(phase__key="kickoff")
    services.phase_submit(actor=coordinator, run=kickoff, note="We met and planned the survey.")


def _outcome(cycle, survey):
    """What the survey phase ended as, and what the history says about how."""
    run = survey_run(cycle)
    entries = Entry.objects.filter(target_id=str(run.pk), verb__in=["phase.submitted", "phase.completed"])
    (entry,) = entries
    after = dict(entry.after)
    on_opening = after.pop("on_opening", False)
    assert after["survey"] == survey.pk
    after["survey"] = "the survey"
    state = (
        run.status,
        run.submitted_by_id,
        run.accepted_by_id,
        run.submitted_at is not None,
        (run.accepted_at is not None) == (run.status == PhaseStatus.ACCEPTED),
        entry.verb,
        entry.actor_label,
        entry.before,
        after,
    )
    return state, on_opening


@pytest.fixture
def second_coordinator(other_employer_org):
    user = UserFactory(email="second-coordinator@test.example", preferred_language="en")
    MembershipFactory(user=user, organisation=other_employer_org, role="coordinator")
    return user


@pytest.mark.parametrize(("acceptor", "expected"), [(None, PhaseStatus.ACCEPTED), ("auditor", PhaseStatus.SUBMITTED)])
def test_both_orders_end_the_same(
    operator_org,
    employer_org,
    other_employer_org,
    coordinator,
    second_coordinator,
    operator_admin,
    auditor,
    acceptor,
    expected,
):
    programme = _gated_programme(operator_org, acceptor)
    version = load_instrument()

    # The survey closes before its phase opens.
    early = open_cycle(programme, employer_org, coordinator, operator_admin, auditor)
    assert survey_run(early).status == PhaseStatus.LOCKED
    early_survey = cycle_survey(early, coordinator, version)
    assert early_survey.phase_run == survey_run(early)
    closed_with(early_survey, coordinator, 12)
    assert survey_run(early).status == PhaseStatus.LOCKED  # nothing to complete yet
    _kickoff_done(early, coordinator)

    # The phase opens before the survey closes.
    late = open_cycle(programme, other_employer_org, second_coordinator, operator_admin, auditor)
    _kickoff_done(late, second_coordinator)
    assert survey_run(late).status == PhaseStatus.OPEN
    late_survey = cycle_survey(late, second_coordinator, version)
    closed_with(late_survey, second_coordinator, 12)

    early_state, early_on_opening = _outcome(early, early_survey)
    late_state, late_on_opening = _outcome(late, late_survey)
    assert early_state == late_state and early_state[0] == expected
    reflection = {cycle.phase_runs.get(phase__key="reflection").status for cycle in (early, late)}
    assert reflection == {PhaseStatus.OPEN if expected == PhaseStatus.ACCEPTED else PhaseStatus.LOCKED}
    assert early_on_opening is True and late_on_opening is False
    # Opened, then completed at once: the history shows both, in that order.
    verbs = list(
        Entry.objects.filter(target_id=str(survey_run(early).pk), verb__startswith="phase.")
        .order_by("created_at", "pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["phase.opened", "phase.completed" if expected == PhaseStatus.ACCEPTED else "phase.submitted"]


def test_a_phase_completed_on_opening_gates_the_next_ones_and_tells_what_happened(
    operator_org, employer_org, coordinator, operator_admin, auditor, django_capture_on_commit_callbacks
):
    programme = _gated_programme(operator_org, None)
    cycle = open_cycle(programme, employer_org, coordinator, operator_admin, auditor)
    closed_with(cycle_survey(cycle, coordinator, load_instrument()), coordinator, 12)
    with django_capture_on_commit_callbacks(execute=True):
        _kickoff_done(cycle, coordinator)
    assert survey_run(cycle).status == PhaseStatus.ACCEPTED
    # Nothing is left to do in it: its people hear it was accepted, not that it opened.
    events = set(Notification.objects.filter(user=coordinator).values_list("event", flat=True))
    assert "phase_accepted" in events and "phase_opened" not in events
    # What waits for the survey phase opens in the same step.
    assert cycle.phase_runs.get(phase__key="reflection").status == PhaseStatus.OPEN


def test_a_survey_without_results_leaves_the_opened_phase_to_its_actor(
    operator_org, employer_org, coordinator, operator_admin, auditor
):
    programme = _gated_programme(operator_org, None)
    cycle = open_cycle(programme, employer_org, coordinator, operator_admin, auditor)
    closed_with(cycle_survey(cycle, coordinator, load_instrument()), coordinator, 3)  # fewer than 5
    _kickoff_done(cycle, coordinator)
    run = survey_run(cycle)
    assert run.status == PhaseStatus.OPEN
    assert not Entry.objects.filter(target_id=str(run.pk), verb__in=["phase.submitted", "phase.completed"]).exists()
