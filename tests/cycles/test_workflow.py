"""Walks every allowed and every forbidden transition of both workflow tables through the
services: an allowed party succeeds, everyone else is refused and nothing changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from vereinbar.activity.models import Entry
from vereinbar.certificates.models import Award
from vereinbar.cycles import services
from vereinbar.cycles.models import Cycle, CycleStatus, Decision, PhaseRun, PhaseStatus, Review
from vereinbar.cycles.workflow import (
    CYCLE_TRANSITIONS,
    PHASE_TRANSITIONS,
    Party,
    TransitionRefused,
    resolve,
    transition_check,
)

from .helpers import drive, fill

pytestmark = pytest.mark.django_db

PERSONAS = ["coordinator", "contributor", "viewer", "auditor", "operator", "board", "outsider", "admin"]


@pytest.fixture
def people(parties, platform_admin):
    return {**parties, "admin": platform_admin}


def snapshot(cycle: Cycle | None) -> tuple[Any, ...]:
    if cycle is None:
        return (Cycle.objects.count(), Entry.objects.count())
    cycle = Cycle.objects.get(pk=cycle.pk)
    runs = tuple(cycle.phase_runs.order_by("pk").values_list("status", flat=True))
    counts = (Entry.objects.count(), Decision.objects.count(), Award.objects.count(), Review.objects.count())
    return (cycle.status, runs, *counts)


def attempt(call: Callable[[], Any]) -> bool:
    """True when the service did it, False when it refused (permission or state)."""
    try:
        call()
    except (PermissionDenied, TransitionRefused):
        return False
    return True


def run_of(cycle: Cycle, key: str) -> PhaseRun:
    return cycle.phase_runs.select_related("phase", "cycle").get(phase__key=key, occurrence=1)


# --- the tables themselves ------------------------------------------------------------


def test_the_check_allows_exactly_what_the_tables_say():
    placeholders = {Party.ACTOR: frozenset({Party.BOARD}), Party.ACCEPTOR: frozenset({Party.AUDITOR})}
    for table, states in ((CYCLE_TRANSITIONS, [None, *CycleStatus]), (PHASE_TRANSITIONS, list(PhaseStatus))):
        targets = CycleStatus if table is CYCLE_TRANSITIONS else PhaseStatus
        for source in states:
            for target in targets:
                for party in Party:
                    allowed = target in table[source] and party in resolve(table[source][target], placeholders)
                    try:
                        transition_check(table, source, target, parties=frozenset({party}), placeholders=placeholders)
                    except (TransitionRefused, PermissionDenied) as exc:
                        assert not allowed, (source, target, party)
                        assert str(exc) or isinstance(exc, PermissionDenied)
                    else:
                        assert allowed, (source, target, party)


def test_every_state_has_a_row():
    assert set(CYCLE_TRANSITIONS) == {None, *CycleStatus}
    assert set(PHASE_TRANSITIONS) == set(PhaseStatus)


# --- the cycle table, through the services ------------------------------------------


def _applied(people, employer_org, programme):
    return services.cycle_apply(actor=people["coordinator"], organisation=employer_org, programme=programme)


def _open(people, employer_org, programme):
    return services.cycle_accept(
        actor=people["operator"], cycle=_applied(people, employer_org, programme), auditor=people["auditor"]
    )


def _ready_for_decision(people, employer_org, programme):
    cycle = _open(people, employer_org, programme)
    run = run_of(cycle, "self_assessment")
    fill(run, editor=people["coordinator"], signer=people["coordinator"])
    services.phase_submit(actor=people["coordinator"], run=run)
    services.phase_accept(actor=people["auditor"], run=run)
    return cycle


def _awarded(people, employer_org, audit):
    """An audit granted by its board, with its annual reports still to come."""
    cycle = _open(people, employer_org, audit)
    drive(cycle, people, until_award=True)
    assert cycle.status == CycleStatus.AWARDED
    return cycle


def _fresh(employer_org):
    # Each try needs its own cycle: close whatever runs so that a new application is possible.
    Cycle.objects.filter(organisation=employer_org, status__in=["applied", "open"]).update(status="withdrawn")


# source, target → (make a cycle in the source state, do it as someone, expected parties)
def cycle_cases(scored, audit, employer_org):
    return {
        (None, CycleStatus.APPLIED): (
            lambda p: None,
            lambda p, who, c: services.cycle_apply(actor=p[who], organisation=employer_org, programme=scored),
            {"coordinator"},
        ),
        (None, CycleStatus.OPEN): (
            lambda p: _awarded(p, employer_org, audit),
            lambda p, who, c: services.cycle_renew(actor=p[who], cycle=c),
            {"coordinator", "operator", "admin"},
        ),
        (CycleStatus.APPLIED, CycleStatus.OPEN): (
            lambda p: _applied(p, employer_org, scored),
            lambda p, who, c: services.cycle_accept(actor=p[who], cycle=c),
            {"operator", "admin"},
        ),
        (CycleStatus.APPLIED, CycleStatus.DECLINED): (
            lambda p: _applied(p, employer_org, scored),
            lambda p, who, c: services.cycle_decline(actor=p[who], cycle=c, reason="Not eligible"),
            {"operator", "admin"},
        ),
        (CycleStatus.APPLIED, CycleStatus.WITHDRAWN): (
            lambda p: _applied(p, employer_org, scored),
            lambda p, who, c: services.cycle_withdraw(actor=p[who], cycle=c),
            {"coordinator"},
        ),
        (CycleStatus.OPEN, CycleStatus.OPEN): (
            lambda p: _ready_for_decision(p, employer_org, scored),
            lambda p, who, c: services.cycle_decide(actor=p[who], cycle=c, outcome="defer"),
            {"operator", "admin"},  # the scored programme's decision phase: actor operator
        ),
        (CycleStatus.OPEN, CycleStatus.AWARDED): (
            lambda p: _ready_for_decision(p, employer_org, scored),
            lambda p, who, c: services.cycle_decide(actor=p[who], cycle=c, outcome="grant"),
            {"operator", "admin"},
        ),
        (CycleStatus.OPEN, CycleStatus.REFUSED): (
            lambda p: _ready_for_decision(p, employer_org, scored),
            lambda p, who, c: services.cycle_decide(actor=p[who], cycle=c, outcome="refuse", comment="No"),
            {"operator", "admin"},
        ),
        (CycleStatus.OPEN, CycleStatus.WITHDRAWN): (
            lambda p: _open(p, employer_org, scored),
            lambda p, who, c: services.cycle_withdraw(actor=p[who], cycle=c),
            {"coordinator"},
        ),
        (CycleStatus.AWARDED, CycleStatus.COMPLETED): (
            lambda p: _awarded(p, employer_org, audit),
            lambda p, who, c: services.cycle_renew(actor=p[who], cycle=c),
            {"coordinator", "operator", "admin"},
        ),
    }


def test_every_allowed_cycle_transition_is_walked(scored, audit, employer_org):
    walked = set(cycle_cases(scored, audit, employer_org))
    system_only = {(CycleStatus.OPEN, CycleStatus.COMPLETED)}  # walked in test_the_platform_…
    table = {(source, target) for source, row in CYCLE_TRANSITIONS.items() for target in row}
    assert walked | system_only == table


@pytest.mark.parametrize(
    "source,target",
    [
        (s, t)
        for s, row in CYCLE_TRANSITIONS.items()
        for t in row
        if (s, t) != (CycleStatus.OPEN, CycleStatus.COMPLETED)
    ],
    ids=lambda v: str(v),
)
def test_each_cycle_transition_is_done_by_its_parties_only(source, target, scored, audit, employer_org, people):
    make, do, allowed = cycle_cases(scored, audit, employer_org)[(source, target)]
    for who in PERSONAS:
        _fresh(employer_org)
        cycle = make(people)
        if cycle is not None:
            assert cycle.status == (source or cycle.status)
        before = snapshot(cycle)
        done = attempt(lambda: do(people, who, cycle))  # noqa: B023
        if who in allowed:
            assert done, f"{who} should be able to go {source} → {target}"
            changed = Cycle.objects.latest("pk") if source is None else Cycle.objects.get(pk=cycle.pk)
            if target == CycleStatus.AWARDED:
                # Nothing follows the award in this programme: awarded, then completed at once.
                assert changed.status in (CycleStatus.AWARDED, CycleStatus.COMPLETED)
                assert Award.objects.filter(cycle=changed).exists()
            else:
                assert changed.status == target
        else:
            assert not done, f"{who} must not go {source} → {target}"
            assert snapshot(cycle) == before


SERVICES: dict[str, Callable[..., Any]] = {
    "accept": lambda p, c: services.cycle_accept(actor=p["operator"], cycle=c),
    "decline": lambda p, c: services.cycle_decline(actor=p["operator"], cycle=c, reason="No"),
    "withdraw": lambda p, c: services.cycle_withdraw(actor=p["coordinator"], cycle=c),
    "grant": lambda p, c: services.cycle_decide(actor=p["operator"], cycle=c, outcome="grant"),
    "defer": lambda p, c: services.cycle_decide(actor=p["operator"], cycle=c, outcome="defer"),
    "refuse": lambda p, c: services.cycle_decide(actor=p["operator"], cycle=c, outcome="refuse", comment="No"),
    "renew": lambda p, c: services.cycle_renew(actor=p["operator"], cycle=c),
}
# What each service may start from (the table, read per service).
STARTS = {
    "accept": {CycleStatus.APPLIED},
    "decline": {CycleStatus.APPLIED},
    "withdraw": {CycleStatus.APPLIED, CycleStatus.OPEN},
    "grant": {CycleStatus.OPEN},
    "defer": {CycleStatus.OPEN},
    "refuse": {CycleStatus.OPEN},
    "renew": {CycleStatus.AWARDED, CycleStatus.COMPLETED},
}


def _in_state(state, people, employer_org, scored, audit):
    if state == CycleStatus.APPLIED:
        return _applied(people, employer_org, scored)
    if state == CycleStatus.OPEN:
        return _ready_for_decision(people, employer_org, scored)
    if state == CycleStatus.AWARDED:
        return _awarded(people, employer_org, audit)
    cycle = (
        _awarded(people, employer_org, audit)
        if state == CycleStatus.COMPLETED
        else _applied(people, employer_org, scored)
    )
    if state == CycleStatus.COMPLETED:
        services.cycle_renew(actor=people["coordinator"], cycle=cycle)
        Cycle.objects.filter(previous=cycle).update(status="withdrawn")
    elif state == CycleStatus.DECLINED:
        services.cycle_decline(actor=people["operator"], cycle=cycle, reason="No")
    elif state == CycleStatus.WITHDRAWN:
        services.cycle_withdraw(actor=people["coordinator"], cycle=cycle)
    elif state == CycleStatus.REFUSED:
        services.cycle_accept(actor=people["operator"], cycle=cycle, auditor=people["auditor"])
        cycle = Cycle.objects.get(pk=cycle.pk)
        run = run_of(cycle, "self_assessment")
        fill(run, editor=people["coordinator"], signer=people["coordinator"])
        services.phase_submit(actor=people["coordinator"], run=run)
        services.phase_accept(actor=people["auditor"], run=run)
        services.cycle_decide(actor=people["operator"], cycle=cycle, outcome="refuse", comment="No")
    cycle.refresh_from_db()
    return cycle


@pytest.mark.parametrize("state", list(CycleStatus))
def test_services_refuse_to_start_from_the_wrong_state_and_change_nothing(state, people, employer_org, scored, audit):
    cycle = _in_state(state, people, employer_org, scored, audit)
    assert cycle.status == state
    for name, call in SERVICES.items():
        if state in STARTS[name]:
            continue
        before = snapshot(cycle)
        with pytest.raises(ValidationError) as refused:
            call(people, cycle)
        assert refused.value.messages and all(refused.value.messages), name
        assert snapshot(cycle) == before, name


def test_the_platform_completes_a_cycle_without_award_and_grants_one_without_decision_phase(
    people, employer_org, management_cycle, charter
):
    cycle = _open(people, employer_org, management_cycle)
    drive(cycle, people)
    assert cycle.status == CycleStatus.COMPLETED  # OPEN → COMPLETED by the platform

    charter_cycle = _open(people, employer_org, charter)
    run = run_of(charter_cycle, "signature")
    fill(run, editor=people["coordinator"], signer=people["coordinator"])
    services.phase_submit(actor=people["coordinator"], run=run)
    services.phase_accept(actor=people["operator"], run=run)
    charter_cycle.refresh_from_db()
    assert charter_cycle.status == CycleStatus.AWARDED  # OPEN → AWARDED by the platform
    assert charter_cycle.decisions.get().automatic


# --- the phase table, through the services ------------------------------------------


def _filled(people, cycle):
    fill(run_of(cycle, "self_assessment"), editor=people["contributor"], signer=people["coordinator"])
    return run_of(cycle, "self_assessment")


def _submitted(people, cycle):
    run = run_of(cycle, "self_assessment")
    fill(run, editor=people["coordinator"], signer=people["coordinator"])
    services.phase_submit(actor=people["coordinator"], run=run)
    return run_of(cycle, "self_assessment")


def _returned(people, cycle):
    run = _submitted(people, cycle)
    services.phase_return(actor=people["auditor"], run=run, comment="More detail, please.")
    return run_of(cycle, "self_assessment")


PHASE_CASES = {
    (PhaseStatus.OPEN, PhaseStatus.SUBMITTED): (
        _filled,
        lambda p, who, r: services.phase_submit(actor=p[who], run=r),
        {"coordinator"},
    ),
    (PhaseStatus.SUBMITTED, PhaseStatus.ACCEPTED): (
        _submitted,
        lambda p, who, r: services.phase_accept(actor=p[who], run=r),
        {"auditor"},
    ),
    (PhaseStatus.SUBMITTED, PhaseStatus.RETURNED): (
        _submitted,
        lambda p, who, r: services.phase_return(actor=p[who], run=r, comment="Change 1.1"),
        {"auditor"},
    ),
    (PhaseStatus.RETURNED, PhaseStatus.SUBMITTED): (
        _returned,
        lambda p, who, r: services.phase_submit(actor=p[who], run=r),
        {"coordinator"},
    ),
}


@pytest.mark.parametrize("source,target", list(PHASE_CASES), ids=lambda v: str(v))
def test_each_phase_transition_is_done_by_its_parties_only(source, target, people, employer_org, scored):
    make, do, allowed = PHASE_CASES[(source, target)]
    for who in PERSONAS:
        _fresh(employer_org)
        cycle = _open(people, employer_org, scored)
        run = make(people, cycle)
        assert run.status == source
        before = snapshot(cycle)
        done = attempt(lambda: do(people, who, run))  # noqa: B023
        run.refresh_from_db()
        if who in allowed:
            assert done and run.status == target, who
        else:
            assert not done, who
            assert snapshot(cycle) == before


def test_the_remaining_phase_transitions_are_walked(people, employer_org, charter, scored):
    # LOCKED → OPEN only by the platform, when the gate is met.
    cycle = _open(people, employer_org, charter)
    guides = run_of(cycle, "guides")
    assert guides.status == PhaseStatus.LOCKED
    for who in PERSONAS:
        assert not attempt(lambda: services.phase_submit(actor=people[who], run=guides))  # noqa: B023
    signature = run_of(cycle, "signature")
    fill(signature, editor=people["coordinator"], signer=people["coordinator"])
    services.phase_submit(actor=people["coordinator"], run=signature)
    services.phase_accept(actor=people["operator"], run=signature)
    guides.refresh_from_db()
    assert guides.status == PhaseStatus.OPEN
    # OPEN → ACCEPTED: a phase without an acceptor is complete when submitted (contributors
    # edit, only the coordinator submits).
    fill(guides, editor=people["contributor"], signer=people["coordinator"])
    assert not attempt(lambda: services.phase_submit(actor=people["contributor"], run=guides))
    services.phase_submit(actor=people["coordinator"], run=guides)
    guides.refresh_from_db()
    assert guides.status == PhaseStatus.ACCEPTED
    # ACCEPTED is final: nothing leaves it.
    for call in (
        lambda: services.phase_submit(actor=people["coordinator"], run=guides),
        lambda: services.phase_accept(actor=people["operator"], run=guides),
        lambda: services.phase_return(actor=people["operator"], run=guides, comment="x"),
    ):
        with pytest.raises(ValidationError):
            call()


@pytest.mark.parametrize("state", [PhaseStatus.OPEN, PhaseStatus.RETURNED])
def test_accept_and_return_need_a_submitted_phase(state, people, employer_org, scored):
    cycle = _open(people, employer_org, scored)
    run = run_of(cycle, "self_assessment") if state == PhaseStatus.OPEN else _returned(people, cycle)
    before = snapshot(cycle)
    with pytest.raises(TransitionRefused):
        services.phase_accept(actor=people["auditor"], run=run)
    with pytest.raises(TransitionRefused):
        services.phase_return(actor=people["auditor"], run=run, comment="x")
    assert snapshot(cycle) == before


def test_a_submitted_phase_cannot_be_submitted_again_nor_a_locked_one_at_all(people, employer_org, audit):
    cycle = _open(people, employer_org, audit)
    run = _submitted(people, cycle)
    before = snapshot(cycle)
    with pytest.raises(TransitionRefused):
        services.phase_submit(actor=people["coordinator"], run=run)
    locked = run_of(cycle, "agreement")
    with pytest.raises(TransitionRefused) as refused:
        services.phase_submit(actor=people["coordinator"], run=locked)
    assert "Auditing workshop" in refused.value.messages[0]
    assert snapshot(cycle) == before
