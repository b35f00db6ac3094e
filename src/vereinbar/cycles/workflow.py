"""The workflow of cycles and phase runs as two tables: state → allowed next states → who.

Who is a *party* to the cycle (see ``permissions.parties_of``): the employer's coordinator,
contributor or viewer, the assigned auditor, the operator (operator admins of the
programme's operator), its board, or the system (a consequence of another change). Two
entries are resolved from the programme's data, never from code: ``ACTOR`` is the phase's
``actor`` and ``ACCEPTOR`` its ``accepted_by`` (for the cycle's decision: the actor of the
stage's decision phase). docs/workflow.md explains the tables; every service in
``services/`` checks its transition with ``transition_check`` before changing anything, and
tests/cycles/test_workflow.py walks every allowed and forbidden transition.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import CycleStatus, PhaseStatus


class Party(StrEnum):
    COORDINATOR = "coordinator"
    CONTRIBUTOR = "contributor"
    VIEWER = "viewer"
    AUDITOR = "auditor"
    OPERATOR = "operator"
    BOARD = "board"
    SYSTEM = "system"
    # Resolved per phase from the programme version's data:
    ACTOR = "actor"
    ACCEPTOR = "acceptor"


PARTY_LABELS = {
    Party.COORDINATOR: gettext_lazy("the employer's coordinator"),
    Party.CONTRIBUTOR: gettext_lazy("the employer's contributors"),
    Party.VIEWER: gettext_lazy("the employer's readers"),
    Party.AUDITOR: gettext_lazy("the assigned auditor"),
    Party.OPERATOR: gettext_lazy("the programme operator"),
    Party.BOARD: gettext_lazy("the board"),
    Party.SYSTEM: gettext_lazy("the platform"),
    Party.ACTOR: gettext_lazy("whoever the programme names for this phase"),
    Party.ACCEPTOR: gettext_lazy("whoever the programme names to accept this phase"),
}

S = CycleStatus
P = PhaseStatus

# Cycle: ``None`` is "no cycle yet" (applying, or renewing from a finished cycle).
CYCLE_TRANSITIONS: dict[CycleStatus | None, dict[CycleStatus, frozenset[Party]]] = {
    None: {
        S.APPLIED: frozenset({Party.COORDINATOR}),  # cycle_apply
        S.OPEN: frozenset({Party.COORDINATOR, Party.OPERATOR}),  # cycle_renew: the next stage opens at once
    },
    S.APPLIED: {
        S.OPEN: frozenset({Party.OPERATOR}),  # cycle_accept
        S.DECLINED: frozenset({Party.OPERATOR}),  # cycle_decline
        S.WITHDRAWN: frozenset({Party.COORDINATOR}),  # cycle_withdraw
    },
    S.OPEN: {
        S.OPEN: frozenset({Party.ACTOR}),  # cycle_decide(defer) by the decision phase's actor
        S.AWARDED: frozenset({Party.ACTOR, Party.SYSTEM}),  # cycle_decide(grant); or automatic without a decision phase
        # cycle_decide(refuse); cycle_refuse_withheld: an award the rules withheld in a stage without
        # decision phase, where ACTOR is the operator (``decision.WITHHELD_DECIDERS``)
        S.REFUSED: frozenset({Party.ACTOR}),
        S.COMPLETED: frozenset({Party.SYSTEM}),  # every phase accepted, the stage gives no award
        S.WITHDRAWN: frozenset({Party.COORDINATOR}),  # cycle_withdraw
    },
    S.AWARDED: {
        S.COMPLETED: frozenset({Party.SYSTEM, Party.COORDINATOR, Party.OPERATOR}),  # follow-up phases done; cycle_renew
    },
    S.DECLINED: {},
    S.REFUSED: {},
    S.COMPLETED: {},
    S.WITHDRAWN: {},
}

PHASE_TRANSITIONS: dict[PhaseStatus, dict[PhaseStatus, frozenset[Party]]] = {
    P.LOCKED: {
        P.OPEN: frozenset({Party.SYSTEM}),  # its gate is met (every phase it requires is accepted)
    },
    P.OPEN: {
        # phase_submit, phase with an acceptor; the platform for a deliverable completed elsewhere
        P.SUBMITTED: frozenset({Party.ACTOR, Party.SYSTEM}),
        # phase_submit without an acceptor; cycle_decide on a decision phase; the platform (as above)
        P.ACCEPTED: frozenset({Party.ACTOR, Party.SYSTEM}),
    },
    P.SUBMITTED: {
        P.ACCEPTED: frozenset({Party.ACCEPTOR}),  # phase_accept
        P.RETURNED: frozenset({Party.ACCEPTOR}),  # phase_return
    },
    P.RETURNED: {
        P.SUBMITTED: frozenset({Party.ACTOR, Party.SYSTEM}),  # phase_submit again; the platform (as above)
    },
    P.ACCEPTED: {
        # phase_reopen: only while the cycle's award is withheld by the rules (no decision phase),
        # a phase whose result the rules read is done again, by its actor or returned by the operator
        P.OPEN: frozenset({Party.ACTOR, Party.OPERATOR}),
    },
}

# Deliverables completed outside the cycle's pages. When what they link to is done, the platform
# (Party.SYSTEM) moves the phase on: OPEN/RETURNED → SUBMITTED when the phase has an acceptor,
# else OPEN → ACCEPTED. Kind → the event that completes it (see cycles/services/elsewhere.py).
COMPLETED_ELSEWHERE: dict[str, str] = {
    "survey": "survey_closed_with_results",  # a survey linked to the run closed with enough answers
}


class TransitionRefused(ValidationError):
    """The object is not in a state that allows this change (a clear message, nothing changed)."""


def _labels(parties: Iterable[Party]) -> str:
    return ", ".join(str(PARTY_LABELS[p]) for p in parties if p in PARTY_LABELS)


def resolve(allowed: frozenset[Party], placeholders: Mapping[Party, frozenset[Party]]) -> frozenset[Party]:
    """Replace ACTOR/ACCEPTOR by the parties the phase's data names."""
    resolved: set[Party] = set()
    for party in allowed:
        resolved |= placeholders.get(party, frozenset({party}))
    return frozenset(resolved)


def transition_check(
    table: Mapping[Any, Mapping[Any, frozenset[Party]]],
    source: object,
    target: object,
    *,
    parties: frozenset[Party],
    placeholders: Mapping[Party, frozenset[Party]] | None = None,
    label: object = "",
) -> None:
    """Raise TransitionRefused if the table has no such transition, PermissionDenied if the
    parties acting may not make it; return quietly when it is allowed."""
    allowed_targets = table.get(source, {})
    if target not in allowed_targets:
        raise TransitionRefused(
            _("This is not possible while %(object)s is “%(source)s” (it cannot become “%(target)s”).")
            % {
                "object": label or _("it"),
                "source": getattr(source, "label", source) if source is not None else _("new"),
                "target": getattr(target, "label", target),
            }
        )
    allowed = resolve(allowed_targets[target], placeholders or {})
    if not parties & allowed:
        raise PermissionDenied(_("Only %(parties)s may do this.") % {"parties": _labels(allowed)})
