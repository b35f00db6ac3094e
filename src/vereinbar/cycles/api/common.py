"""Helpers of the cycles API: refusals as 409, cycle lookup, output shapes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation

from vereinbar.api.errors import ApiError
from vereinbar.certificates.models import Award

from ..models import Cycle, Evidence, PhaseRun
from ..permissions import CycleAction, cycle_for_user
from ..services.content import deliverable_problems
from ..services.phases import gate_missing
from ..workflow import TransitionRefused


def refusals(view: Callable[..., Any]) -> Callable[..., Any]:
    """A workflow refusal becomes 409 with its reason (other validation errors stay 422)."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except TransitionRefused as exc:
            raise ApiError(409, "not_allowed_now", " ".join(exc.messages)) from None

    return wrapper


def cycle_of(request: HttpRequest, cycle_id: int, action: CycleAction = CycleAction.VIEW) -> Cycle:
    return cycle_for_user(request.user, cycle_id, action)


def run_of(cycle: Cycle, run_id: int) -> PhaseRun:
    return get_object_or_404(PhaseRun.objects.select_related("phase", "cycle"), pk=run_id, cycle=cycle)


def language() -> str:
    return (translation.get_language() or "de")[:2]


def cycle_out(cycle: Cycle) -> dict[str, Any]:
    award = Award.objects.filter(cycle=cycle).values_list("number", flat=True).first()
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
        "award": award,
    }


def run_summary(run: PhaseRun) -> dict[str, Any]:
    phase = run.phase
    return {
        "id": run.pk,
        "key": phase.key,
        "title": phase.localised("title", language()) or phase.key,
        "deliverable": phase.deliverable,
        "actor": phase.actor,
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
        "url": reverse("api:cycle_evidence", args=[item.cycle_id, item.pk]),
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
