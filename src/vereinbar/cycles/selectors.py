"""Reads about cycles for the asking user; every query is scoped by ``cycles_visible_to``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from vereinbar.activity.models import Entry
from vereinbar.organisations.models import Organisation

from .models import Cycle, CycleStatus, PhaseRun, PhaseStatus
from .permissions import can_accept_phase, can_submit_phase, cycles_visible_to


def cycles_for(*, user: Any, organisation: Organisation | None = None) -> QuerySet[Cycle]:
    """The cycles the user is a party to (of one organisation, if given)."""
    cycles = cycles_visible_to(user).select_related("organisation", "programme", "version", "stage", "auditor")
    if organisation is not None:
        cycles = cycles.filter(organisation=organisation)
    return cycles.order_by("-applied_on", "-pk")


def runs_of(*, cycle: Cycle) -> list[PhaseRun]:
    """Call only after the permission check on the cycle."""
    return list(
        cycle.phase_runs.select_related("phase")
        .prefetch_related("phase__requires")
        .order_by("phase__order", "occurrence")
    )


def history_of(*, user: Any, cycle: Cycle) -> QuerySet[Entry]:
    """History entries about the cycle and its phase runs. Call only after the permission check."""
    cycle_type = ContentType.objects.get_for_model(Cycle)
    run_type = ContentType.objects.get_for_model(PhaseRun)
    run_ids = [str(pk) for pk in cycle.phase_runs.values_list("pk", flat=True)]
    return Entry.objects.filter(
        Q(target_type=cycle_type, target_id=str(cycle.pk)) | Q(target_type=run_type, target_id__in=run_ids)
    ).select_related("actor")


def waiting_for(*, user: Any, cycles: QuerySet[Cycle] | None = None) -> list[PhaseRun]:
    """Phase runs that wait for this user: to work on and submit, or to review."""
    cycles = cycles if cycles is not None else cycles_for(user=user)
    runs = PhaseRun.objects.filter(
        cycle__in=cycles.filter(status__in=[CycleStatus.OPEN, CycleStatus.AWARDED]),
        status__in=[PhaseStatus.OPEN, PhaseStatus.RETURNED, PhaseStatus.SUBMITTED],
    ).select_related("phase", "cycle", "cycle__organisation", "cycle__programme", "cycle__version")
    waiting = []
    for run in runs:
        if run.status == PhaseStatus.SUBMITTED:
            if can_accept_phase(user, run.cycle, run.phase):
                waiting.append(run)
        elif can_submit_phase(user, run.cycle, run.phase):
            waiting.append(run)
    return sorted(waiting, key=lambda run: (run.due_on or date.max, run.pk))


def due_soon(*, user: Any, days: int = 60, today: date | None = None) -> list[PhaseRun]:
    """Open phase runs of the user's cycles due within ``days`` (or overdue)."""
    today = today or timezone.localdate()
    return list(
        PhaseRun.objects.filter(
            cycle__in=cycles_for(user=user).filter(status__in=[CycleStatus.OPEN, CycleStatus.AWARDED]),
            status__in=[PhaseStatus.OPEN, PhaseStatus.RETURNED],
            due_on__lte=today + timedelta(days=days),
        )
        .select_related("phase", "cycle", "cycle__organisation")
        .order_by("due_on")
    )


def operator_cycles(*, user: Any) -> QuerySet[Cycle]:
    """Cycles of the programmes the user runs as operator admin or board member (not as auditor)."""
    from vereinbar.accounts.models import Membership
    from vereinbar.accounts.roles import Role

    if not getattr(user, "is_authenticated", False):
        return Cycle.objects.none()
    cycles = Cycle.objects.all()
    if not user.is_superuser:
        operators = Membership.objects.filter(user=user, role__in=[Role.OPERATOR_ADMIN, Role.BOARD_MEMBER]).values(
            "organisation_id"
        )
        cycles = cycles.filter(programme__operator_id__in=operators)
    return cycles.select_related("organisation", "programme", "version", "stage", "auditor")


def participants_by_stage(*, user: Any) -> list[dict[str, Any]]:
    """Counts of cycles by programme, stage and status, for the operator's overview."""
    table: dict[tuple[str, str], dict[str, Any]] = {}
    for cycle in operator_cycles(user=user).order_by("programme__identifier", "stage__order"):
        key = (cycle.programme.identifier, cycle.stage.key)
        row = table.setdefault(
            key,
            {"programme": cycle.version.localised("title"), "stage": str(cycle.stage), "counts": {}, "total": 0},
        )
        row["counts"][cycle.status] = row["counts"].get(cycle.status, 0) + 1
        row["total"] += 1
    return list(table.values())


def awards_expiring(*, user: Any, months: int = 6, today: date | None = None) -> QuerySet[Any]:
    """Valid awards of the user's cycles (as operator or board) that expire within ``months``."""
    from vereinbar.certificates.models import Award, AwardStatus

    from .dates import add_months

    today = today or timezone.localdate()
    return (
        Award.objects.filter(
            cycle__in=operator_cycles(user=user),
            status=AwardStatus.VALID,
            valid_until__gte=today,
            valid_until__lte=add_months(today, months),
        )
        .select_related("organisation", "version", "stage", "level", "cycle")
        .order_by("valid_until")
    )


def organisation_card(*, user: Any, organisation: Organisation, today: date | None = None) -> dict[str, Any]:
    """For the employer dashboard: the organisation's current cycles and what is due next."""
    today = today or timezone.localdate()
    cycles = cycles_for(user=user, organisation=organisation).exclude(
        status__in=[CycleStatus.DECLINED, CycleStatus.WITHDRAWN, CycleStatus.REFUSED]
    )
    current = [
        cycle for cycle in cycles if cycle.status in (CycleStatus.APPLIED, CycleStatus.OPEN, CycleStatus.AWARDED)
    ]
    next_due = (
        PhaseRun.objects.filter(
            cycle__in=[cycle.pk for cycle in current],
            status__in=[PhaseStatus.OPEN, PhaseStatus.RETURNED],
        )
        .select_related("phase", "cycle")
        .order_by(models_nulls_last("due_on"), "pk")[:5]
    )
    return {"cycles": current, "next_due": list(next_due), "today": today}


def models_nulls_last(field: str) -> Any:
    from django.db.models import F

    return F(field).asc(nulls_last=True)
