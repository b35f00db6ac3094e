"""API endpoints for cycles as a whole: list, apply, accept, decline, withdraw, auditor,
renew, the computed level and the decision."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status

from vereinbar.accounts.models import User
from vereinbar.api.errors import ApiError
from vereinbar.api.lists import Choice, PageIn, page_of, paged
from vereinbar.api.permissions import permission
from vereinbar.api.schemas import ErrorOut
from vereinbar.core.types import AuthedRequest
from vereinbar.organisations.permissions import organisation_for_user
from vereinbar.programmes.models import Programme

from .. import selectors, services
from ..award_hooks import award_of
from ..models import Cycle, CycleStatus
from ..permissions import CycleAction
from ..selectors import cycle_withheld, roles_of_cycle
from ..services.decision import outcome_json, withheld_conditions
from ..workflow import Party
from . import router
from .common import (
    cycle_of,
    cycle_out,
    cycles_out,
    may_act_on_cycle,
    may_apply,
    may_choose_optional_phase,
    may_decide,
    may_name_for_roles,
    may_transition_cycle,
    refusals,
    run_summary,
)
from .schemas import (
    AcceptIn,
    ApplyIn,
    AuditorIn,
    CycleDetailOut,
    CycleOut,
    DecisionIn,
    DecisionOut,
    DeclineIn,
    LevelOut,
    OptionalPhaseIn,
    ReasonIn,
    RenewIn,
    RoleIn,
    RoleOut,
)


class CycleFilters(Schema):
    organisation: str | None = Field(
        None, description="An organisation's slug: its cycles only (404 for one the caller does not belong to)."
    )
    status: Choice[CycleStatus] = Field(None, description="Cycles in this status only.")


ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _detail(cycle: Cycle) -> dict[str, Any]:
    runs = cycle.phase_runs.select_related("phase").prefetch_related("phase__requires")
    withheld = cycle_withheld(cycle)
    return {
        **cycle_out(cycle),
        "phases": [run_summary(run) for run in runs.order_by("phase__order", "occurrence")],
        "award_withheld": {
            "decided_on": withheld.decided_on,
            "text": withheld.explanation,
            "levels": withheld_conditions(withheld),
        }
        if withheld is not None
        else None,
    }


@router.get("/", response={200: paged(CycleOut), 404: ErrorOut}, summary="Cycles the caller is a party to")
def cycle_list(request: AuthedRequest, filters: Query[CycleFilters], paging: Query[PageIn]) -> dict[str, Any]:
    """Newest application first, in pages."""
    org = organisation_for_user(request.user, filters.organisation) if filters.organisation else None
    cycles = selectors.cycles_for(user=request.user, organisation=org)
    if filters.status:
        cycles = cycles.filter(status=filters.status)
    return page_of(request, cycles.order_by("-applied_on", "-pk"), paging, cycles_out)


@router.post("/", response={201: CycleDetailOut, **ERRORS}, summary="Apply to a programme")
@permission(may_apply)
@refusals
def cycle_apply(request: AuthedRequest, body: ApplyIn) -> Status[dict[str, Any]]:
    """The coordinator applies for the organisation; the first stage unless ``stage`` names one."""
    organisation = organisation_for_user(request.user, body.organisation)
    programme = Programme.objects.filter(identifier=body.programme).select_related("current_version").first()
    if programme is None or programme.current_version is None:
        raise ValidationError({"programme": _("There is no programme “%(id)s”.") % {"id": body.programme}})
    stage = None
    if body.stage:
        stage = programme.current_version.stages.filter(key=body.stage).first()
        if stage is None:
            raise ValidationError({"stage": _("The programme has no stage “%(key)s”.") % {"key": body.stage}})
    cycle = services.cycle_apply(
        actor=request.user,
        organisation=organisation,
        programme=programme,
        stage=stage,
        message=body.message,
        applied_on=body.applied_on,
        optional_phases=body.optional_phases,
    )
    return Status(201, _detail(cycle))


@router.get("/{cycle_id}", response={200: CycleDetailOut, 404: ErrorOut}, summary="One cycle with its phases")
def cycle_detail(request: AuthedRequest, cycle_id: int) -> dict[str, Any]:
    return _detail(cycle_of(request, cycle_id))


def _auditor(email: str | None) -> User | None:
    if not email:
        return None
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        raise ValidationError({"auditor": _("There is no user with this e-mail address.")})
    return user


@router.post("/{cycle_id}/accept", response={200: CycleDetailOut, **ERRORS}, summary="Accept the application")
@permission(may_transition_cycle(Party.OPERATOR))
@refusals
def cycle_accept(request: AuthedRequest, cycle_id: int, body: AcceptIn) -> dict[str, Any]:
    cycle = cycle_of(request, cycle_id)
    services.cycle_accept(actor=request.user, cycle=cycle, auditor=_auditor(body.auditor), started_on=body.started_on)
    return _detail(cycle)


@router.post("/{cycle_id}/decline", response={200: CycleOut, **ERRORS}, summary="Decline the application")
@permission(may_transition_cycle(Party.OPERATOR))
@refusals
def cycle_decline(request: AuthedRequest, cycle_id: int, body: DeclineIn) -> dict[str, Any]:
    cycle = cycle_of(request, cycle_id)
    return cycle_out(services.cycle_decline(actor=request.user, cycle=cycle, reason=body.reason))


@router.post("/{cycle_id}/withdraw", response={200: CycleOut, **ERRORS}, summary="Withdraw from the cycle")
@permission(may_transition_cycle(Party.COORDINATOR))
@refusals
def cycle_withdraw(request: AuthedRequest, cycle_id: int, body: ReasonIn) -> dict[str, Any]:
    cycle = cycle_of(request, cycle_id)
    return cycle_out(services.cycle_withdraw(actor=request.user, cycle=cycle, reason=body.reason))


@router.post("/{cycle_id}/auditor", response={200: CycleOut, **ERRORS}, summary="Assign the auditor")
@permission(may_act_on_cycle(CycleAction.ASSIGN_AUDITOR))
@refusals
def cycle_auditor(request: AuthedRequest, cycle_id: int, body: AuditorIn) -> dict[str, Any]:
    cycle = cycle_of(request, cycle_id)
    auditor = _auditor(body.auditor)
    return cycle_out(services.cycle_assign_auditor(actor=request.user, cycle=cycle, auditor=auditor))


@router.post(
    "/{cycle_id}/optional-phases/{phase_key}",
    response={200: CycleDetailOut, **ERRORS},
    summary="Take or leave an optional phase",
)
@permission(may_choose_optional_phase)
@refusals
def cycle_optional_phase(
    request: AuthedRequest, cycle_id: int, phase_key: str, body: OptionalPhaseIn
) -> dict[str, Any]:
    """As on the cycle page: the coordinator while the application waits, the auditor or operator
    while it waits or runs, as long as neither the phase nor a phase waiting for it has started."""
    cycle = cycle_of(request, cycle_id)
    services.phase_choose(actor=request.user, cycle=cycle, phase_key=phase_key, taken=body.taken)
    cycle.refresh_from_db()
    return _detail(cycle)


def _roles(cycle: Cycle) -> list[dict[str, Any]]:
    return [
        {"key": role.key, "title": str(role), "people": [named.user.email for named in people]}
        for role, people in roles_of_cycle(cycle)
    ]


@router.get("/{cycle_id}/roles", response={200: list[RoleOut], 404: ErrorOut}, summary="The programme's roles")
def cycle_roles(request: AuthedRequest, cycle_id: int) -> list[dict[str, Any]]:
    """The roles the programme defines (format 2), with the people named for each in this cycle."""
    return _roles(cycle_of(request, cycle_id))


@router.post(
    "/{cycle_id}/roles", response={200: list[RoleOut], **ERRORS}, summary="Name a person for a role, or take them off"
)
@permission(may_name_for_roles)
@refusals
def cycle_role_name(request: AuthedRequest, cycle_id: int, body: RoleIn) -> list[dict[str, Any]]:
    """As on the cycle page: the coordinator names people of the organisation for the programme's
    roles; the phases of a role are then theirs (and the coordinator's)."""
    cycle = cycle_of(request, cycle_id)
    if not cycle.is_working:
        raise ApiError(409, "not_allowed_now", _("The cycle is closed; its roles can no longer change."))
    user = User.objects.filter(email__iexact=body.user).first()
    if user is None:
        raise ValidationError({"user": _("There is no user with this e-mail address.")})
    change = services.role_assign if body.named else services.role_unassign
    change(actor=request.user, cycle=cycle, role_key=body.role, user=user)
    return _roles(cycle)


@router.post("/{cycle_id}/renew", response={201: CycleDetailOut, **ERRORS}, summary="Open the next stage")
@permission(may_act_on_cycle(CycleAction.RENEW))
@refusals
def cycle_renew(request: AuthedRequest, cycle_id: int, body: RenewIn) -> Status[dict[str, Any]]:
    """The goals not yet reached are carried over into the new cycle, with their measures
    (programmes with a target agreement)."""
    cycle = cycle_of(request, cycle_id)
    return Status(201, _detail(services.cycle_renew(actor=request.user, cycle=cycle, started_on=body.started_on)))


@router.get("/{cycle_id}/level", response={200: LevelOut, **ERRORS}, summary="The level the rules give, with reasons")
def cycle_level(request: AuthedRequest, cycle_id: int) -> dict[str, Any]:
    cycle = cycle_of(request, cycle_id, CycleAction.VIEW_LEVEL)
    outcome = selectors.cycle_level(cycle)
    return {
        "level": outcome.level,
        "total_score": outcome.total_score,
        "max_total_score": outcome.max_total_score,
        "checks": outcome_json(outcome),
    }


@router.post("/{cycle_id}/decision", response={201: DecisionOut, **ERRORS}, summary="Grant, defer or refuse")
@permission(may_decide)
@refusals
def cycle_decide(request: AuthedRequest, cycle_id: int, body: DecisionIn) -> Status[dict[str, Any]]:
    """``level`` may name a lower level than the rules give; a level not reached is refused."""
    cycle = cycle_of(request, cycle_id)
    decision = services.cycle_decide(
        actor=request.user,
        cycle=cycle,
        outcome=body.outcome,
        level_key=body.level,
        comment=body.comment,
        board_round=body.board_round,
        decided_on=body.decided_on,
    )
    award = award_of(cycle) if decision.outcome == "grant" else None
    return Status(
        201,
        {
            "outcome": decision.outcome,
            "level": decision.level.key if decision.level else None,
            "computed_level": decision.computed_level or None,
            "reasons": decision.reasons,
            "comment": decision.comment,
            "board_round": decision.board_round,
            "decided_on": decision.decided_on,
            "award": award.number if award else None,
        },
    )
