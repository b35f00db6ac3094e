"""The verbs the cycle services record in the history (``activity``; their labels in
``apps.py``, their sentences in ``activity.sentences``). Public, so that another app that
reads or writes a cycle's history (the demo, which writes what the services would have
recorded) names them as the services do."""

from __future__ import annotations

VERB_APPLIED = "cycle.applied"
VERB_ACCEPTED = "cycle.accepted"
VERB_DECLINED = "cycle.declined"
VERB_WITHDRAWN = "cycle.withdrawn"
VERB_AUDITOR = "cycle.auditor_assigned"
VERB_RENEWED = "cycle.renewed"
VERB_PHASE_CHOSEN = "cycle.phase_chosen"
VERB_COMPLETED = "cycle.completed"
VERB_GRANTED = "cycle.granted"
VERB_DEFERRED = "cycle.deferred"
VERB_REFUSED = "cycle.refused"
VERB_PHASE_OPENED = "phase.opened"
VERB_PHASE_SUBMITTED = "phase.submitted"
VERB_PHASE_ACCEPTED = "phase.accepted"
# A phase nobody accepts (no ``accepted_by``) is completed by its actor: status "accepted" as
# for any phase whose deliverable counts, but no acceptance, so its own verb and webhook event.
VERB_PHASE_COMPLETED = "phase.completed"
VERB_PHASE_RETURNED = "phase.returned"
# An accepted phase done again because the rules withheld the award (``decision.phase_reopen``).
VERB_PHASE_REOPENED = "phase.reopened"
VERB_CONTENT_CHANGED = "phase.content_changed"
VERB_EVIDENCE_ADDED = "evidence.added"
VERB_EVIDENCE_REMOVED = "evidence.removed"
VERB_AGREEMENT_SIGNED = "agreement.signed"
VERB_SIGNATURE = "signature.recorded"
