"""Every change to cycles, one function per change (see workflow.py for the transitions).

``notify``, ``users_of`` and ``cycle_path`` are public for the apps that tell a cycle's people
about something (certificates on a revocation, notifications' reminders)."""

from ._common import cycle_path, cycle_sender, notify, users_of
from .agreement import (
    agreement_sign,
    goal_measure_remove,
    goal_measure_save,
    goal_remove,
    goal_save,
    outcome_to_goal,
)
from .content import (
    annual_report_save,
    answers_save,
    evidence_add,
    evidence_read_record,
    evidence_remove,
    outcome_add,
    phase_note_save,
    signature_record,
    workshop_save,
)
from .cycle import (
    cycle_accept,
    cycle_apply,
    cycle_assign_auditor,
    cycle_decline,
    cycle_renew,
    cycle_renewed,
    cycle_withdraw,
    phase_choose,
)
from .decision import cycle_decide, cycle_refuse_withheld, phase_reopen
from .phases import phase_accept, phase_return, phase_submit
from .roles import role_assign, role_unassign

__all__ = [
    "agreement_sign",
    "annual_report_save",
    "answers_save",
    "cycle_accept",
    "cycle_apply",
    "cycle_assign_auditor",
    "cycle_decide",
    "cycle_decline",
    "cycle_path",
    "cycle_refuse_withheld",
    "cycle_renew",
    "cycle_renewed",
    "cycle_sender",
    "cycle_withdraw",
    "evidence_add",
    "evidence_read_record",
    "evidence_remove",
    "goal_measure_remove",
    "goal_measure_save",
    "goal_remove",
    "goal_save",
    "notify",
    "outcome_add",
    "outcome_to_goal",
    "phase_accept",
    "phase_choose",
    "phase_note_save",
    "phase_reopen",
    "phase_return",
    "phase_submit",
    "role_assign",
    "role_unassign",
    "signature_record",
    "users_of",
    "workshop_save",
]
