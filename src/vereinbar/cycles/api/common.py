"""Helpers of the cycles API: refusals as 409, cycle lookup, output shapes."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation

from vereinbar.api.errors import ApiError
from vereinbar.api.lists import absolute
from vereinbar.api.permissions import path_int
from vereinbar.core.types import AuthedRequest
from vereinbar.programmes.models import ActorRole

from ..award_hooks import CycleAward, award_of, awards_of_cycles
from ..models import Cycle, Evidence, Goal, PhaseRun, Workshop, WorkshopOutcome
from ..permissions import (
    PHASE_EDITORS,
    CycleAction,
    can_accept_phase,
    can_edit_phase,
    can_submit_phase,
    cycle_for_user,
    parties_of,
)
from ..selectors import agreement_run, decision_run, gate_missing
from ..services.content import deliverable_problems
from ..workflow import Party, TransitionRefused


def refusals(view: Callable[..., Any]) -> Callable[..., Any]:
    """A workflow refusal becomes 409 with its reason (other validation errors stay 422), coded
    ``not_allowed_now`` unless the refusal names its own code (e.g. ``agreement_without_goals``)."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except TransitionRefused as exc:
            code = getattr(exc, "code", None) or "not_allowed_now"
            raise ApiError(409, code, " ".join(exc.messages)) from None

    return wrapper


def cycle_of(request: AuthedRequest, cycle_id: int, action: CycleAction = CycleAction.VIEW) -> Cycle:
    return cycle_for_user(request.user, cycle_id, action)


def run_of(cycle: Cycle, run_id: int) -> PhaseRun:
    return get_object_or_404(PhaseRun.objects.select_related("phase", "cycle"), pk=run_id, cycle=cycle)


def language() -> str:
    return (translation.get_language() or "de")[:2]


def cycle_out(cycle: Cycle, awards: Mapping[int, CycleAward] | None = None) -> dict[str, Any]:
    """``awards``: the awards of a list of cycles read at once (``awards_of_cycles``)."""
    award = awards.get(cycle.pk) if awards is not None else award_of(cycle)
    return {
        "id": cycle.pk,
        "organisation": cycle.organisation.slug,
        "programme": cycle.programme.identifier,
        "version": cycle.version.version,
        "programme_title": cycle.version.localised("title", language()),
        "stage": cycle.stage.key,
        "stage_title": cycle.stage.localised("title", language()) or cycle.stage.key,
        "status": cycle.status,
        "auditor": cycle.auditor.email if cycle.auditor else None,
        "applied_on": cycle.applied_on,
        "started_on": cycle.started_on,
        "closed_on": cycle.closed_on,
        "previous": cycle.previous_id,
        "award": award.number if award else None,
        "optional_phases": list(cycle.optional_phases or []),
    }


def cycles_out(cycles: list[Cycle]) -> list[dict[str, Any]]:
    """``cycle_out`` of each cycle, with their awards read in one query."""
    awards = awards_of_cycles([cycle.pk for cycle in cycles])
    return [cycle_out(cycle, awards) for cycle in cycles]


def run_summary(run: PhaseRun) -> dict[str, Any]:
    phase = run.phase
    return {
        "id": run.pk,
        "key": phase.key,
        "title": phase.localised("title", language()) or phase.key,
        "deliverable": phase.deliverable,
        "actor": phase.actor,
        "role": getattr(phase, "role", "") or None,
        "accepted_by": phase.accepted_by,
        "occurrence": run.occurrence,
        "status": run.status,
        "requires": [required.key for required in phase.requires.all()],
        "opened_on": run.opened_on,
        "due_on": run.due_on,
        "submitted_at": run.submitted_at,
        "accepted_at": run.accepted_at,
    }


def evidence_out(item: Evidence) -> dict[str, Any]:
    return {
        "id": item.pk,
        "name": item.original_name,
        "content_type": item.content_type,
        "size": item.size,
        "criterion": item.criterion.code if item.criterion else None,
        "description": item.description,
        "uploaded_at": item.uploaded_at,
        "url": absolute(reverse("api:cycle_evidence", args=[item.cycle_id, item.pk])),
    }


def run_out(run: PhaseRun) -> dict[str, Any]:
    from .phases import deliverable_out

    return {
        **run_summary(run),
        "description": run.phase.localised("description", language()),
        "note": run.note,
        "gate_missing": gate_missing(run) if run.status == "locked" else [],
        "problems": deliverable_problems(run) if run.is_editable else [],
        "evidence": [evidence_out(item) for item in run.evidence.select_related("criterion")],
        "reviews": [
            {
                "outcome": review.outcome,
                "comment": review.comment,
                "comments": [{"item": c.item, "text": c.text} for c in review.comments.all()],
                "reviewer": review.reviewer.email if review.reviewer else None,
                "created_at": review.created_at,
            }
            for review in run.reviews.prefetch_related("comments").select_related("reviewer")
        ],
        **deliverable_out(run),
    }


# --- Permission first (see vereinbar.api.permissions) ------------------------------------
# Each check answers "may this caller ever do this here?" from their parties to the cycle
# and the programme's data, never from the cycle's or the phase's state: 404 for a cycle (or
# a run, evidence, workshop…) they do not see, 403 for what their parties may not do. The
# services check again, with the state, when the body has been read.


def _may(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _cycle(request: AuthedRequest, cycle_id: Any, action: CycleAction = CycleAction.VIEW) -> Cycle:
    return cycle_of(request, path_int(cycle_id), action)


def _run(request: AuthedRequest, cycle_id: Any, run_id: Any) -> PhaseRun:
    return run_of(_cycle(request, cycle_id), path_int(run_id))


def may_act_on_cycle(action: CycleAction) -> Callable[..., None]:
    """A rule of CYCLE_RULES (assign the auditor, renew, view the level…)."""

    def check(request: AuthedRequest, cycle_id: Any, **_: Any) -> None:
        _cycle(request, cycle_id, action)

    return check


def may_transition_cycle(*parties: Party) -> Callable[..., None]:
    """A change of the cycle's status that CYCLE_TRANSITIONS gives to these parties."""

    def check(request: AuthedRequest, cycle_id: Any, **_: Any) -> None:
        cycle = _cycle(request, cycle_id)
        _may(bool(parties_of(request.user, cycle) & set(parties)))

    return check


def may_decide(request: AuthedRequest, cycle_id: Any, **_: Any) -> None:
    """The actor of the stage's decision phase (the operator or the board, as the programme says)."""
    cycle = _cycle(request, cycle_id)
    run = decision_run(cycle)
    if run is None:
        _may(bool(parties_of(request.user, cycle) & {Party.OPERATOR, Party.BOARD}))
    else:
        _may(can_submit_phase(request.user, cycle, run.phase))


def may_edit_run(request: AuthedRequest, cycle_id: Any, run_id: Any, **_: Any) -> None:
    run = _run(request, cycle_id, run_id)
    _may(can_edit_phase(request.user, run.cycle, run.phase))


def may_sign_run(request: AuthedRequest, cycle_id: Any, run_id: Any, **_: Any) -> None:
    """Submit the phase, or sign its deliverable: the phase's actor."""
    run = _run(request, cycle_id, run_id)
    _may(can_submit_phase(request.user, run.cycle, run.phase))


def may_review_run(request: AuthedRequest, cycle_id: Any, run_id: Any, **_: Any) -> None:
    run = _run(request, cycle_id, run_id)
    _may(can_accept_phase(request.user, run.cycle, run.phase))


def may_edit_evidence(request: AuthedRequest, cycle_id: Any, evidence_id: Any, **_: Any) -> None:
    cycle = _cycle(request, cycle_id)
    item = get_object_or_404(Evidence.objects.select_related("phase_run__phase"), pk=path_int(evidence_id), cycle=cycle)
    _may(can_edit_phase(request.user, cycle, item.phase_run.phase))


def may_edit_workshop(request: AuthedRequest, cycle_id: Any, workshop_id: Any, **_: Any) -> None:
    cycle = _cycle(request, cycle_id)
    workshop = get_object_or_404(
        Workshop.objects.select_related("phase_run__phase"), pk=path_int(workshop_id), cycle=cycle
    )
    _may(can_edit_phase(request.user, cycle, workshop.phase_run.phase))


def _agreement_phase_check(request: AuthedRequest, cycle: Cycle, *, sign: bool = False, extra: Any = None) -> None:
    run = agreement_run(cycle)
    if run is None:  # the stage has no agreement: the service says so (409) to the employer's editors
        _may(bool(parties_of(request.user, cycle) & PHASE_EDITORS[ActorRole.COORDINATOR]))
        return
    if sign:
        _may(can_submit_phase(request.user, cycle, run.phase))
    else:
        allowed = can_edit_phase(request.user, cycle, run.phase)
        _may(allowed or (extra is not None and can_edit_phase(request.user, cycle, extra)))


def may_edit_agreement(request: AuthedRequest, cycle_id: Any, code: Any = None, **_: Any) -> None:
    cycle = _cycle(request, cycle_id)
    if code is not None:
        get_object_or_404(Goal, agreement__cycle=cycle, code=code)
    _agreement_phase_check(request, cycle)


def may_sign_agreement(request: AuthedRequest, cycle_id: Any, **_: Any) -> None:
    _agreement_phase_check(request, _cycle(request, cycle_id), sign=True)


def may_turn_outcome_into_goal(request: AuthedRequest, cycle_id: Any, outcome_id: Any, **_: Any) -> None:
    cycle = _cycle(request, cycle_id)
    outcome = get_object_or_404(
        WorkshopOutcome.objects.select_related("workshop__phase_run__phase"),
        pk=path_int(outcome_id),
        workshop__cycle=cycle,
    )
    _agreement_phase_check(request, cycle, extra=outcome.workshop.phase_run.phase)


def may_name_for_roles(request: AuthedRequest, cycle_id: Any, **_: Any) -> None:
    """Naming people for the programme's roles is the employer's coordinator's."""
    _may(Party.COORDINATOR in parties_of(request.user, _cycle(request, cycle_id)))


def may_choose_optional_phase(request: AuthedRequest, cycle_id: Any, phase_key: Any, **_: Any) -> None:
    """Taking or leaving an optional phase: the auditor or operator, or the coordinator (who may
    only while the application waits: the service says so with the state)."""
    cycle = _cycle(request, cycle_id)
    if not cycle.stage.phases.filter(optional=True, key=str(phase_key)).exists():
        raise Http404  # the stage has no such optional phase
    _may(bool(parties_of(request.user, cycle) & {Party.AUDITOR, Party.OPERATOR, Party.COORDINATOR}))


def may_apply(request: AuthedRequest, **_: Any) -> None:
    """Applying is the coordinator's (the body names for which of their organisations)."""
    from vereinbar.accounts.models import Membership
    from vereinbar.accounts.roles import Role

    _may(Membership.objects.filter(user_id=request.user.pk or 0, role=Role.COORDINATOR).exists())
