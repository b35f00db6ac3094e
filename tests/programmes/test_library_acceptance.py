"""Nobody accepts their own work: a phase's `accepted_by` names someone other than who submits it.

docs/programme-format.md gives `gate.accepted_by` as "who accepts the deliverable; omitted:
accepted when submitted", and the cycles app lets the actor's party submit and the acceptor's
party accept (cycles/permissions.py, PHASE_DECIDERS). When both are the same party (the auditor
submits the workshop "for review" and then accepts it), acceptance is a second click by the same
person that checks nothing, so the format gives it no meaning: such a phase leaves `accepted_by`
out and is accepted when it is submitted. A contributor's phase is submitted by the coordinator,
and a programme role's phase by the coordinator too, so neither may be accepted by the coordinator.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.programmes.conftest import library_files
from vereinbar.cycles.permissions import PHASE_DECIDERS
from vereinbar.cycles.workflow import Party
from vereinbar.programmes.definition import definition_check


def _phases(path) -> Iterator[tuple[str, dict]]:
    result = definition_check(path.read_text(encoding="utf-8"), filename=path.name)
    assert result.ok, (path.name, result.problems)
    for stage in result.definition["stages"]:
        for phase in stage["phases"]:
            yield f"{stage['id']}.{phase['id']}", phase


def _submitters(actor: str) -> frozenset[Party]:
    """Who submits a phase of this actor; a programme role's phase also the coordinator."""
    return PHASE_DECIDERS.get(actor, frozenset({Party.COORDINATOR}))


@pytest.mark.parametrize("path", library_files(), ids=lambda path: path.stem)
def test_no_shipped_phase_is_accepted_by_whoever_submits_it(path):
    own = [
        (name, phase["actor"], phase["gate"]["accepted_by"])
        for name, phase in _phases(path)
        if phase.get("gate", {}).get("accepted_by")
        and _submitters(phase["actor"]) & PHASE_DECIDERS[phase["gate"]["accepted_by"]]
    ]
    assert not own, f"{path.name}: leave accepted_by out where the actor would accept their own work: {own}"


def test_the_check_reads_the_gates_of_the_shipped_phases():
    gates = [
        phase["gate"]["accepted_by"]
        for path in library_files()
        for _name, phase in _phases(path)
        if phase.get("gate", {}).get("accepted_by")
    ]
    assert {"auditor", "operator"} <= set(gates)
    assert _submitters("contributor") & PHASE_DECIDERS["coordinator"]
    assert _submitters("pflege_guide") & PHASE_DECIDERS["coordinator"]
    assert not _submitters("auditor") & PHASE_DECIDERS["operator"]


def test_the_auditor_completes_the_audits_workshops_without_accepting_them():
    phases = dict(_phases(next(path for path in library_files() if path.name == "audit-berufundfamilie.yaml")))
    for name in ("auditierung.strategieworkshop", "auditierung.auditierungsworkshop", "dialogverfahren.dialogworkshop"):
        assert phases[name]["actor"] == "auditor"
        assert "accepted_by" not in phases[name].get("gate", {}), name
    assert phases["auditierung.zielvereinbarung"]["gate"]["accepted_by"] == "auditor"  # the employer's work
    assert phases["auditierung.kuratorium"]["actor"] == "board"  # the certificate is the Kuratorium's
