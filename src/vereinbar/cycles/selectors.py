"""Reads about cycles. Those for the asking user are scoped by ``cycles_visible_to``; the reads
about one cycle, phase or survey (gates, criteria in scope, survey links) are called after the
permission check on it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum, StrEnum
from typing import TYPE_CHECKING, Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy

from vereinbar.accounts.models import User
from vereinbar.activity.models import Entry
from vereinbar.organisations.models import Organisation
from vereinbar.programmes.levels import Answer, LevelOutcome, level_evaluate
from vereinbar.programmes.models import (
    ActionField,
    ActorRole,
    AssessmentKind,
    Criterion,
    DeliverableKind,
    Phase,
    ProgrammeRole,
    RoleAssignment,
    Stage,
)

from . import award_hooks
from .models import (
    RUNNING_STATUSES,
    AssessmentAnswer,
    Cycle,
    CycleStatus,
    Decision,
    DecisionOutcome,
    Goal,
    GoalStatus,
    PhaseRun,
    PhaseStatus,
    TargetAgreement,
)
from .permissions import (
    OPERATOR_PARTIES,
    can_accept_phase,
    can_edit_phase,
    can_submit_phase,
    cycles_visible_to,
    parties_of,
)
from .workflow import Party

if TYPE_CHECKING:
    from django.db.models import Model

    from vereinbar.surveys.models import Survey

    from .award_hooks import CycleAward


def cycles_for(*, user: User, organisation: Organisation | None = None) -> QuerySet[Cycle]:
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


def history_of(*, user: User, cycle: Cycle) -> QuerySet[Entry]:
    """History entries about the cycle and its phase runs. Call only after the permission check."""
    cycle_type = ContentType.objects.get_for_model(Cycle)
    run_type = ContentType.objects.get_for_model(PhaseRun)
    run_ids = [str(pk) for pk in cycle.phase_runs.values_list("pk", flat=True)]
    return Entry.objects.filter(
        Q(target_type=cycle_type, target_id=str(cycle.pk)) | Q(target_type=run_type, target_id__in=run_ids)
    ).select_related("actor")


# What became of the cycle's award, recorded on the award (certificates): shown in the cycle's history.
AWARD_VERBS_IN_HISTORY = ("award.revoked", "award.expired")
VERB_AWARD_REVOKED = "award.revoked"


def cycle_history(*, user: User, cycle: Cycle, limit: int = 30) -> list[Entry]:
    """The cycle's history as the reader may read it, newest first: its own and its phases'
    entries, and the revocation or expiry of its award. The revocation is told as the
    programme operator's act (the organisation, not the person who clicked), with its reason:
    the employer's members read it on the award's page too, the public never (the entries
    returned for that are copies, never saved). Call only after the permission check."""
    from copy import copy

    entries = history_of(user=user, cycle=cycle)
    award = award_of(cycle)
    if award is not None:
        award_entries = Entry.objects.filter(
            target_type=ContentType.objects.get_for_model(cast("Model", award)),  # certificates' Award
            target_id=str(award.pk),
            verb__in=AWARD_VERBS_IN_HISTORY,
        ).select_related("actor")
        entries = entries | award_entries
    shown = list(entries.order_by("-created_at", "-pk")[:limit])
    if not any(entry.verb == VERB_AWARD_REVOKED for entry in shown):
        return shown
    operator = cycle.programme.operator
    for index, entry in enumerate(shown):
        if entry.verb != VERB_AWARD_REVOKED:
            continue
        told = copy(entry)
        told.actor = None
        told.actor_label = operator.name if operator is not None else "system"
        shown[index] = told
    return shown


def waiting_for(*, user: User, cycles: QuerySet[Cycle] | None = None) -> list[PhaseRun]:
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


def due_soon(*, user: User, days: int = 60, today: date | None = None) -> list[PhaseRun]:
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


def operator_cycles(*, user: User) -> QuerySet[Cycle]:
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


def participants_by_stage(*, user: User) -> list[dict[str, Any]]:
    """Counts of cycles by programme, stage and status, for the operator's overview: counted in
    the database (one grouped query, whatever the number of cycles), titled from the versions
    and stages involved."""
    from django.db.models import Count

    from vereinbar.programmes.keys import programme_keys
    from vereinbar.programmes.models import ProgrammeVersion, Stage

    from .desk import HEAVY

    HEAVY_VERSION = [field.removeprefix("version__") for field in HEAVY if field.startswith("version__")]

    counted = list(
        operator_cycles(user=user)
        .order_by()
        .values_list("programme__identifier", "stage__order", "stage__key", "version_id", "stage_id", "status")
        .annotate(n=Count("pk"))
        .order_by("programme__identifier", "stage__order", "stage__key")
    )
    versions = {
        version.pk: version.localised("title")
        for version in ProgrammeVersion.objects.filter(pk__in={row[3] for row in counted}).defer(*HEAVY_VERSION)
    }
    stages = Stage.objects.filter(pk__in={row[4] for row in counted}).select_related("version")
    stage_titles = {stage.pk: str(stage) for stage in stages.defer(*(f"version__{field}" for field in HEAVY_VERSION))}
    programme_key = programme_keys()  # the list's links name the programme by its key
    table: dict[tuple[str, str], dict[str, Any]] = {}
    for identifier, _order, key, version_id, stage_id, status, count in counted:
        row = table.setdefault(
            (identifier, key),
            {
                "programme": versions[version_id],
                "stage": stage_titles[stage_id],
                "identifier": identifier,
                "key": programme_key.get(identifier, identifier),
                "stage_key": key,
                "counts": {},
                "total": 0,
            },
        )
        row["counts"][status] = row["counts"].get(status, 0) + count
        row["total"] += count
    return list(table.values())


def awards_expiring(*, user: User, months: int = 6, today: date | None = None) -> QuerySet[Any]:
    """Valid awards on the user's desk that expire within ``months`` (those without a cycle too)."""
    from .dates import add_months

    today = today or timezone.localdate()
    return award_hooks.awards_expiring(user=user, first=today, last=add_months(today, months))


def organisation_card(*, user: User, organisation: Organisation, today: date | None = None) -> dict[str, Any]:
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


# --- Where each cycle stands, and what waits for the operator side -------------------------


class Turn(StrEnum):
    """Whose move it is in a phase (or an application): the reader's, or which party's."""

    YOURS = "yours"
    EMPLOYER = "employer"  # the employer's side, but not this reader (e.g. a viewer)
    AUDITOR = "auditor"
    BOARD = "board"
    OPERATOR = "operator"


_ROLE_TURN: dict[str, Turn] = {
    ActorRole.COORDINATOR: Turn.EMPLOYER,
    ActorRole.CONTRIBUTOR: Turn.EMPLOYER,
    ActorRole.AUDITOR: Turn.AUDITOR,
    ActorRole.BOARD: Turn.BOARD,
    ActorRole.OPERATOR: Turn.OPERATOR,
}
_IN_PROGRESS = (PhaseStatus.OPEN, PhaseStatus.RETURNED, PhaseStatus.SUBMITTED)


@dataclass(frozen=True)
class Step:
    """A phase run in progress and whose turn it is; ``since``: when it reached them."""

    run: PhaseRun
    turn: Turn
    since: date | None
    overdue: bool


@dataclass(frozen=True)
class Standing:
    """Where one cycle stands for the reader: its phases in progress, or its application."""

    cycle: Cycle
    steps: list[Step]
    application_since: date | None  # the cycle still waits for the operator to accept it

    @property
    def next_step(self) -> Step | None:
        """The first phase the reader can act on now."""
        return next((step for step in self.steps if step.turn == Turn.YOURS), None)


def _step(user: User, run: PhaseRun, today: date) -> Step:
    if run.status == PhaseStatus.SUBMITTED:
        yours = can_accept_phase(user, run.cycle, run.phase)
        turn = _ROLE_TURN.get(run.phase.accepted_by, Turn.OPERATOR)
        since = timezone.localdate(run.submitted_at) if run.submitted_at else None
    else:
        yours = can_submit_phase(user, run.cycle, run.phase)
        turn = _ROLE_TURN[run.phase.actor]
        since = run.opened_on
    # A submitted phase is no longer late on the side that submitted it.
    overdue = run.status != PhaseStatus.SUBMITTED and run.is_overdue(today)
    return Step(run=run, turn=Turn.YOURS if yours else turn, since=since, overdue=overdue)


def standings_of(*, user: User, organisation: Organisation, today: date | None = None) -> list[Standing]:
    """For the employer's home: each current cycle (applied, in progress or awarded) with its
    phases in progress and whose turn each is, in the programme's order."""
    today = today or timezone.localdate()
    cycles = list(
        cycles_for(user=user, organisation=organisation)
        .filter(status__in=[CycleStatus.APPLIED, CycleStatus.OPEN, CycleStatus.AWARDED])
        .select_related("award")
    )
    runs = (
        PhaseRun.objects.filter(cycle__in=[cycle.pk for cycle in cycles], status__in=_IN_PROGRESS)
        .select_related("phase")
        .order_by("phase__order", "occurrence")
    )
    by_cycle: dict[int, list[Step]] = {}
    cycle_by_pk = {cycle.pk: cycle for cycle in cycles}
    for run in runs:
        run.cycle = cycle_by_pk[run.cycle_id]
        by_cycle.setdefault(run.cycle_id, []).append(_step(user, run, today))
    return [
        Standing(
            cycle=cycle,
            steps=by_cycle.get(cycle.pk, []),
            application_since=cycle.applied_on if cycle.status == CycleStatus.APPLIED else None,
        )
        for cycle in cycles
    ]


SUBMITTED_TO = {
    Turn.EMPLOYER: gettext_lazy("The phase has been submitted; your coordinator now reviews it."),
    Turn.AUDITOR: gettext_lazy("The phase has been submitted; the auditor now has it for review."),
    Turn.BOARD: gettext_lazy("The phase has been submitted; the board now has it for review."),
    Turn.OPERATOR: gettext_lazy("The phase has been submitted; the programme operator now has it for review."),
}


def submitted_message(*, run: PhaseRun) -> str:
    """What the submitter is told: who has the phase now (or that submitting completed it)."""
    if run.status != PhaseStatus.SUBMITTED:
        return str(gettext_lazy("The phase is complete."))
    return str(SUBMITTED_TO[_ROLE_TURN.get(run.phase.accepted_by, Turn.OPERATOR)])


class WaitingKind(StrEnum):
    APPLICATION = "application"  # a cycle applied for, to accept or decline
    REVIEW = "review"  # a submitted phase to accept or return
    DECISION = "decision"  # a decision phase to decide
    PHASE = "phase"  # another phase the operator side works on
    ASSIGN_AUDITOR = "assign_auditor"  # a phase waits for an auditor and none is assigned
    WITHHELD = "withheld"  # an award the rules withheld, waiting for a way on (``withheld_filter``)


@dataclass(frozen=True)
class Waiting:
    """One thing on the operator side's list: a cycle waiting for the reader's action."""

    kind: WaitingKind
    cycle: Cycle
    run: PhaseRun | None
    since: date | None
    due_on: date | None
    overdue: bool


class WaitingList(list[Waiting]):
    """What waits for the reader, perhaps only the first few; ``total``: how many in all."""

    def __init__(self, items: Iterable[Waiting], total: int, *, user: User, today: date, limit: int | None) -> None:
        super().__init__(items)
        self.total = total
        self._asked = (user, today, limit)

    def of_operator(self, operator_id: int) -> WaitingList:
        """The same list narrowed to the programmes one operator runs (asked again: the first
        few of all are not the first few of one operator's)."""
        user, today, limit = self._asked
        return waiting_for_operator(user=user, today=today, limit=limit, operator_id=operator_id)


_TRUE = Q(pk__isnull=False)


def _operator_side_queries(
    user: User, operator_id: int | None
) -> tuple[QuerySet[Cycle], QuerySet[Cycle], QuerySet[PhaseRun]] | None:
    """The applications, the cycles waiting on an award the rules withheld (both the operator
    admin's: they accept, or refuse and close) and the phase runs in progress that wait for the
    reader as operator, board or auditor, selected in the database by the rules
    ``_waiting_of_run`` applies to one run (``parties_of``, ``can_accept_phase``,
    ``can_submit_phase``); None for a visitor."""
    from vereinbar.accounts.roles import Role

    from .desk import HEAVY, HEAVY_PHASE
    from .permissions import _active, _memberships

    account = _active(user)
    if account is None:
        return None
    memberships = _memberships(account)

    def organisations(*roles: str) -> list[int]:
        return [organisation_id for organisation_id, role in memberships if role in roles]

    def operated_by(*roles: str, prefix: str = "cycle__") -> Q:
        if account.is_superuser:
            return _TRUE
        return Q(**{f"{prefix}programme__operator_id__in": organisations(*roles)})

    operator, board = operated_by(Role.OPERATOR_ADMIN), operated_by(Role.BOARD_MEMBER)
    auditor = Q(cycle__auditor_id=account.pk, cycle__programme__operator_id__in=organisations(Role.AUDITOR))
    deciders = {ActorRole.AUDITOR: auditor, ActorRole.BOARD: board, ActorRole.OPERATOR: operator}
    any_operator_party = operator | board | auditor
    # A phase of a programme role (format 2) is the coordinator's and the role's holders'.
    role_holder = Q(cycle__organisation_id__in=organisations(Role.COORDINATOR)) | (
        Q(cycle__organisation_id__in=organisations(Role.COORDINATOR, Role.CONTRIBUTOR, Role.VIEWER))
        & Exists(
            RoleAssignment.objects.filter(
                user=account, cycle_id=OuterRef("cycle_id"), role__key=OuterRef("phase__role")
            )
        )
    )
    no_auditor_yet = Q(cycle__auditor__isnull=True) & operator
    submitted = Q(status=PhaseStatus.SUBMITTED)
    to_accept = submitted & _any(Q(phase__accepted_by=role) & party for role, party in deciders.items())
    assign_to_accept = submitted & Q(phase__accepted_by=ActorRole.AUDITOR) & no_auditor_yet
    worked_on = Q(status__in=[PhaseStatus.OPEN, PhaseStatus.RETURNED], phase__actor__in=list(deciders))
    yours = (Q(phase__role="") & _any(Q(phase__actor=role) & party for role, party in deciders.items())) | (
        ~Q(phase__role="") & role_holder
    )
    to_work_on = worked_on & yours & any_operator_party
    assign_to_work_on = worked_on & Q(phase__actor=ActorRole.AUDITOR) & ~yours & no_auditor_yet

    # A line names the employer, programme and stage: never the programme's definition (a
    # thousand cycles would decode it once per row).
    cycles = cycles_for(user=account).defer(*HEAVY)
    if operator_id is not None:
        cycles = cycles.filter(programme__operator_id=operator_id)
    applications = cycles.filter(operated_by(Role.OPERATOR_ADMIN, prefix=""), status=CycleStatus.APPLIED)
    # waiting since the rules withheld the award: the date of that (the latest) decision
    withheld = cycles.filter(operated_by(Role.OPERATOR_ADMIN, prefix=""), withheld_filter()).annotate(
        withheld_on=Subquery(Decision.objects.filter(cycle=OuterRef("pk")).order_by("-pk").values("decided_on")[:1])
    )
    runs = (
        PhaseRun.objects.filter(
            cycle__in=cycles.filter(status__in=[CycleStatus.OPEN, CycleStatus.AWARDED]).values("pk")
        )
        .filter(to_accept | assign_to_accept | to_work_on | assign_to_work_on)
        .select_related("phase", "cycle", "cycle__organisation", "cycle__programme", "cycle__version", "cycle__stage")
        .defer(*HEAVY_PHASE, *(f"cycle__{field}" for field in HEAVY))
    )
    return applications, withheld, runs


def _any(conditions: Iterable[Q]) -> Q:
    combined = Q(pk__isnull=True)  # false
    for condition in conditions:
        combined |= condition
    return combined


def _waiting_of_run(user: User, run: PhaseRun, today: date) -> Waiting | None:
    """What a phase run in progress is on the reader's list (None: nothing for them)."""
    role = run.phase.accepted_by if run.status == PhaseStatus.SUBMITTED else run.phase.actor
    if _ROLE_TURN.get(role, Turn.OPERATOR) == Turn.EMPLOYER:
        return None  # the employer's move: no need to ask who the reader is to this cycle
    step = _step(user, run, today)
    parties = parties_of(user, run.cycle)
    if step.turn == Turn.AUDITOR and run.cycle.auditor_id is None and Party.OPERATOR in parties:
        kind = WaitingKind.ASSIGN_AUDITOR
    elif step.turn != Turn.YOURS or not parties & OPERATOR_PARTIES:
        return None
    elif run.status == PhaseStatus.SUBMITTED:
        kind = WaitingKind.REVIEW
    elif run.phase.deliverable == DeliverableKind.DECISION:
        kind = WaitingKind.DECISION
    else:
        kind = WaitingKind.PHASE
    # A phase's due date is for whoever works on it: a submitted phase (even one handed in
    # on time before its date passed) is waiting since it was submitted, not overdue.
    due_on = None if run.status == PhaseStatus.SUBMITTED else run.due_on
    return Waiting(kind=kind, cycle=run.cycle, run=run, since=step.since, due_on=due_on, overdue=step.overdue)


class Urgency(IntEnum):
    """How urgent a thing waiting for the reader is, most urgent first: the one rule of every
    "waiting for you" list (the operator area's home, an operator's page, the phase page's next
    item), in Python (``waiting_urgency``) and in the database (``waiting_for_operator``)."""

    OVERDUE = 0  # a phase the reader works on, past its due date: the longest overdue first
    WITHHELD = 1  # an award the rules withheld: the cycle stands still and nobody else can move it
    OTHERS_WAIT = 2  # applications, phases handed in to review, auditors to name: oldest first
    OWN_WORK = 3  # decisions and phases the reader works on: the nearest due date first


_OTHERS_WAIT = {WaitingKind.APPLICATION, WaitingKind.REVIEW, WaitingKind.ASSIGN_AUDITOR}


def waiting_urgency(item: Waiting) -> Urgency:
    """Where ``item`` ranks on the reader's list (``Urgency``)."""
    if item.overdue:
        return Urgency.OVERDUE
    if item.kind == WaitingKind.WITHHELD:
        return Urgency.WITHHELD
    return Urgency.OTHERS_WAIT if item.kind in _OTHERS_WAIT else Urgency.OWN_WORK


def waiting_order(item: Waiting) -> tuple[int, date, date, int]:
    """The sort key of every "waiting for you" list: by ``Urgency``, then by due date (of the
    overdue and of the reader's own work; none last), then the longest waiting first, then by
    cycle. ``waiting_for_operator`` orders in the database by the same rule; a test holds the two
    to each other (tests/cycles/test_waiting_order.py)."""
    urgency = waiting_urgency(item)
    due = item.due_on if urgency in (Urgency.OVERDUE, Urgency.OWN_WORK) else None
    return (urgency, due or date.max, item.since or date.min, item.cycle.pk)


WAITING_SHOWN = 20  # the homes list the first twenty of what waits, and say how many in all


def waiting_for_operator(
    *, user: User, today: date | None = None, limit: int | None = None, operator_id: int | None = None
) -> WaitingList:
    """Cycles whose next move is the reader's as operator, board or auditor: applications to
    accept, awards the rules withheld (a way on to choose), submitted phases to review, decisions
    and other phases to act on. Scoped by
    ``cycles_visible_to`` (an auditor sees only the cycles assigned to them). In the order of
    ``Urgency``: what is overdue, awards withheld, what others wait on, then the reader's own
    work; the home shows only the first twenty, and an overdue phase or a cycle standing still
    must not sink below twenty items that merely wait.
    ``limit``: only the first so many; selected, counted and ordered in the database, so that a
    thousand phases in progress cost no more than two. ``operator_id``: only in the programmes
    this operator runs."""
    today = today or timezone.localdate()
    queries = _operator_side_queries(user, operator_id)
    if queries is None:
        return WaitingList([], 0, user=user, today=today, limit=limit)
    applications, withheld, runs = queries
    applications = applications.order_by(models_nulls_first("applied_on"), "pk")
    withheld = withheld.order_by(models_nulls_first("withheld_on"), "pk")
    # The order of ``waiting_order`` (``Urgency``), in the database: a withheld award is never a
    # run, and the kinds of ``waiting_urgency`` follow from the run (``_waiting_of_run``).
    overdue = ~Q(status=PhaseStatus.SUBMITTED) & Q(due_on__lt=today)
    others_wait = Q(status=PhaseStatus.SUBMITTED) | Q(phase__actor=ActorRole.AUDITOR, cycle__auditor__isnull=True)
    runs = runs.annotate(
        waiting_urgency=Case(
            When(overdue, then=Value(int(Urgency.OVERDUE))),
            When(others_wait, then=Value(int(Urgency.OTHERS_WAIT))),
            default=Value(int(Urgency.OWN_WORK)),
            output_field=IntegerField(),
        ),
        waiting_due=Case(
            When(overdue, then=F("due_on")),
            When(others_wait, then=None),
            default=F("due_on"),
            output_field=DateField(),
        ),
        waiting_since=Case(
            When(status=PhaseStatus.SUBMITTED, then=TruncDate("submitted_at")),
            default=F("opened_on"),
            output_field=DateField(),
        ),
    ).order_by(
        "waiting_urgency",
        F("waiting_due").asc(nulls_last=True),
        models_nulls_first("waiting_since"),
        "cycle_id",
        "pk",
    )
    total = None
    if limit is not None:
        total = applications.count() + withheld.count() + runs.count()
        applications, withheld, runs = applications[:limit], withheld[:limit], runs[:limit]
    items = [
        Waiting(kind=WaitingKind.APPLICATION, cycle=cycle, run=None, since=cycle.applied_on, due_on=None, overdue=False)
        for cycle in applications
    ]
    items += [
        Waiting(
            kind=WaitingKind.WITHHELD,
            cycle=cycle,
            run=None,
            since=cycle.withheld_on,  # type: ignore[attr-defined]  # annotated by _operator_side_queries
            due_on=None,
            overdue=False,
        )
        for cycle in withheld
    ]
    for run in runs:
        item = _waiting_of_run(user, run, today)
        if item is not None:  # never None: the query asks what _waiting_of_run does
            items.append(item)
    items = sorted(items, key=waiting_order)[:limit]
    return WaitingList(items, len(items) if total is None else total, user=user, today=today, limit=limit)


def models_nulls_first(field: str) -> Any:
    return F(field).asc(nulls_first=True)


# --- Phases: what a phase covers and waits for -------------------------------------------


def award_of(cycle: Cycle) -> CycleAward | None:
    """The award the cycle led to, with its level (None: none yet); certificates answers
    (``award_hooks``)."""
    return award_hooks.award_of(cycle)


def not_taken(cycle: Cycle) -> set[int]:
    """Optional phases (format 2) of the cycle's stage that the cycle does not take: nothing waits for them."""
    return {
        phase.pk for phase in cycle.stage.phases.filter(optional=True) if phase.key not in (cycle.optional_phases or [])
    }


def gate_missing(run: PhaseRun) -> list[str]:
    """Titles of the phases this run still waits for (its gate)."""
    accepted = set(
        run.cycle.phase_runs.filter(status=PhaseStatus.ACCEPTED).values_list("phase_id", flat=True).distinct()
    ) | not_taken(run.cycle)
    return [str(phase) for phase in run.phase.requires.all() if phase.pk not in accepted]


def runs_built_on(run: PhaseRun) -> list[PhaseRun]:
    """The runs of the phases this run builds on (its gate), the latest of each: a review of
    evidence links to the self-assessment it reviews."""
    latest: dict[int, PhaseRun] = {}
    required = run.cycle.phase_runs.filter(phase__in=run.phase.requires.all()).select_related("phase")
    for earlier in required.order_by("phase__order", "occurrence"):
        latest[earlier.phase_id] = earlier
    return list(latest.values())


def criteria_in_scope(phase: Phase) -> list[Criterion]:
    """The criteria a phase covers, depth first: its ``scope`` codes (action fields, criteria and
    everything below them), or every criterion of the version when the scope is empty."""
    criteria = list(
        Criterion.objects.filter(version_id=phase.version_id)
        .select_related("action_field", "scale")
        .prefetch_related("scale__options")
        .order_by("order")
    )
    scope = set(phase.scope or [])
    if not scope:
        return criteria
    by_id = {criterion.pk: criterion for criterion in criteria}

    def inside(criterion: Criterion) -> bool:
        if criterion.code in scope or criterion.action_field.code in scope:
            return True
        parent_id = criterion.parent_id
        while parent_id:
            parent = by_id[parent_id]
            if parent.code in scope:
                return True
            parent_id = parent.parent_id
        return False

    return [criterion for criterion in criteria if inside(criterion)]


def assessable(criteria: Iterable[Criterion]) -> list[Criterion]:
    return [criterion for criterion in criteria if criterion.assessment_kind != AssessmentKind.NONE]


# --- One cycle: its agreement, roles, renewal and decision --------------------------------


def agreement_run(cycle: Cycle) -> PhaseRun | None:
    """The run of the stage's target agreement phase (None: this stage has none)."""
    return (
        cycle.phase_runs.filter(phase__deliverable=DeliverableKind.TARGET_AGREEMENT)
        .select_related("phase")
        .order_by("-occurrence")
        .first()
    )


def agreement_has_goals(agreement: TargetAgreement | None) -> bool:
    """Whether the agreement has a goal to sign for (dropped ones do not count)."""
    return agreement is not None and agreement.goals.exclude(status=GoalStatus.DROPPED).exists()


def achieved_before(cycle: Cycle) -> list[Goal]:
    """The goals achieved under the agreement of the cycle this one renewed (not carried over)."""
    if cycle.previous_id is None:
        return []
    return list(
        Goal.objects.filter(agreement__cycle_id=cycle.previous_id, status=GoalStatus.ACHIEVED).select_related(
            "action_field"
        )
    )


def goals_carried_into(cycle: Cycle) -> int:
    """How many goals a renewal took over from the cycle it renewed (with their measures)."""
    return Goal.objects.filter(agreement__cycle=cycle, carried_from__isnull=False).count()


def next_stage(cycle: Cycle) -> Stage | None:
    """The stage a renewal opens: the stage's ``next``, or the same stage when it starts over."""
    stage = cycle.stage
    if stage.next_id:
        return stage.next
    return stage if stage.repeating else None


def renewal_open(cycle: Cycle, *, on: date | None = None) -> bool:
    """Whether the cycle can be renewed into its next stage (what ``cycle_renew`` asks of the
    cycle): awarded or completed, not renewed yet, and a next stage that still takes
    applications. Whether the reader may start it: ``CycleAction.RENEW``."""
    from vereinbar.programmes.models import closed_since

    from .services import cycle_renewed

    stage = next_stage(cycle)
    if cycle.status not in (CycleStatus.AWARDED, CycleStatus.COMPLETED) or stage is None or cycle_renewed(cycle):
        return False
    current = cycle.programme.current_version
    rows = [current, cycle.version, stage] if current is not None else [cycle.version, stage]
    return closed_since(*rows, on=on or timezone.localdate()) is None


def roles_of_cycle(cycle: Cycle) -> list[tuple[ProgrammeRole, list[RoleAssignment]]]:
    """The programme's roles with the people named for them in this cycle (for pages)."""
    roles = list(ProgrammeRole.objects.filter(version_id=cycle.version_id).order_by("order"))
    named: dict[int, list[RoleAssignment]] = {role.pk: [] for role in roles}
    for assignment in RoleAssignment.objects.filter(cycle=cycle).select_related("user"):
        named.setdefault(assignment.role_id, []).append(assignment)
    return [(role, named[role.pk]) for role in roles]


def decision_run(cycle: Cycle) -> PhaseRun | None:
    """The stage's decision phase run still to be decided (else the last one)."""
    runs = cycle.phase_runs.filter(phase__deliverable=DeliverableKind.DECISION).select_related("phase")
    return runs.exclude(status=PhaseStatus.ACCEPTED).order_by("phase__order").first() or runs.last()


def cycle_withheld(cycle: Cycle) -> Decision | None:
    """The automatic deferral the cycle in progress waits on (its latest decision), else None."""
    if cycle.status != CycleStatus.OPEN:
        return None
    last = cycle.decisions.order_by("-pk").first()
    return last if last is not None and last.automatic and last.outcome == DecisionOutcome.DEFER else None


def withheld_filter() -> Q:
    """Cycles in progress whose award the rules withheld (their latest decision is an automatic
    deferral: a stage without decision phase that reaches none of its levels) and where nothing
    is being done about it (no phase in progress): they wait for a way on (docs/workflow.md, "An award the rules withheld").
    A filter for lists of cycles (the desk), the same rule as ``cycle_withheld`` +
    ``withheld_waits`` for one cycle."""
    later = Decision.objects.filter(cycle=OuterRef(OuterRef("pk")), pk__gt=OuterRef("pk"))
    deferred = Decision.objects.filter(cycle=OuterRef("pk"), automatic=True, outcome=DecisionOutcome.DEFER)
    busy = PhaseRun.objects.filter(
        cycle=OuterRef("pk"), status__in=[PhaseStatus.OPEN, PhaseStatus.RETURNED, PhaseStatus.SUBMITTED]
    )
    return Q(Exists(deferred.filter(~Exists(later))), ~Exists(busy), status=CycleStatus.OPEN)


def withheld_waits(cycle: Cycle) -> Decision | None:
    """The automatic deferral the cycle is stuck on: withheld (``cycle_withheld``) and no phase in
    progress, so only a way on moves it (a phase done again, a refusal, a withdrawal)."""
    withheld = cycle_withheld(cycle)
    if withheld is None:
        return None
    busy = cycle.phase_runs.filter(status__in=[PhaseStatus.OPEN, PhaseStatus.RETURNED, PhaseStatus.SUBMITTED])
    return None if busy.exists() else withheld


def repeatable_runs(cycle: Cycle) -> list[PhaseRun]:
    """The accepted phases a cycle whose award was withheld may do again (``phase_reopen``): those
    whose result a level rule reads (a staff survey, criteria answers), in their latest occurrence,
    and only while no phase that needs them has started since (that one would stand on the old
    result). Empty unless the cycle waits on a withheld award (``withheld_waits``)."""
    if withheld_waits(cycle) is None:
        return []
    runs = list(cycle.phase_runs.select_related("phase").prefetch_related("phase__requires").order_by("phase__order"))
    latest: dict[int, int] = {}
    for run in runs:
        latest[run.phase_id] = max(latest.get(run.phase_id, 0), run.occurrence)
    needed = {
        phase.pk
        for run in runs
        if run.status != PhaseStatus.LOCKED
        for phase in run.phase.requires.all()
        if phase.pk != run.phase_id
    }
    return [
        run
        for run in runs
        if run.status == PhaseStatus.ACCEPTED
        and run.occurrence == latest[run.phase_id]
        and run.phase_id not in needed
        and (run.phase.deliverable == DeliverableKind.SURVEY or run.phase.records_answers)
    ]


def cycle_answers(cycle: Cycle) -> dict[str, Answer]:
    """The cycle's answers by criterion code (the latest run's answer where a criterion was asked twice)."""
    answers: dict[str, Answer] = {}
    for answer in (
        AssessmentAnswer.objects.filter(cycle=cycle).select_related("criterion").order_by("phase_run__occurrence", "pk")
    ):
        answers[answer.criterion.code] = Answer(
            status=answer.status or None, score=answer.score, text=answer.text, accepted=answer.accepted
        )
    return answers


def held_levels(cycle: Cycle) -> set[str]:
    """Levels the organisation held before in this programme (awards of earlier cycles, not
    revoked); certificates answers (``award_hooks``)."""
    return award_hooks.levels_held(cycle)


def cycle_level(cycle: Cycle, *, done: Iterable[str] = ()) -> LevelOutcome:
    """The level the cycle reaches under the definition's rules, with the check of every level
    (survey conditions read the published figures of the cycle's survey, ``survey_hooks.cycle_survey_figures``).
    ``done``: keys of phases to count as accepted too (what the result would be once they are)."""
    from .survey_hooks import cycle_survey_figures

    accepted = cycle.phase_runs.filter(status=PhaseStatus.ACCEPTED).values_list("phase__key", flat=True)
    return level_evaluate(
        cycle.version.definition,
        cycle_answers(cycle),
        held_levels=held_levels(cycle),
        stage=cycle.stage.key,
        accepted_phases=set(accepted) | set(done),
        surveys=cycle_survey_figures(cycle),
    )


# --- Staff surveys of a cycle (the changes: surveys/services/cycle_phase.py) -------------

# Cycles a survey can still be created for (applied: prepared before the cycle starts).
LINKABLE_STATUSES = (CycleStatus.APPLIED, CycleStatus.OPEN, CycleStatus.AWARDED)
# Phase runs a new survey can be linked to (a submitted or accepted phase is done).
LINKABLE_RUN_STATUSES = (PhaseStatus.LOCKED, PhaseStatus.OPEN, PhaseStatus.RETURNED)


def cycles_for_surveys(organisation: Organisation) -> list[Cycle]:
    """The organisation's cycles a survey can be created for."""
    return list(
        Cycle.objects.filter(organisation=organisation, status__in=LINKABLE_STATUSES).select_related(
            "version", "stage", "programme"
        )
    )


def survey_run_of(cycle: Cycle) -> PhaseRun | None:
    """The survey phase run a new survey of this cycle belongs to (the latest one not yet done)."""
    return (
        cycle.phase_runs.filter(phase__deliverable=DeliverableKind.SURVEY, status__in=LINKABLE_RUN_STATUSES)
        .select_related("phase")
        .order_by("-occurrence", "phase__order")
        .first()
    )


def survey_problems(run: PhaseRun) -> list[str]:
    """What keeps a survey phase from being complete (empty: nothing), as surveys, which makes
    the survey, says (``survey_hooks``). Used by ``services.content.deliverable_problems``."""
    from .survey_hooks import deliverable_of

    return deliverable_of(DeliverableKind.SURVEY).problems(run)


@dataclass(frozen=True)
class GoalTarget:
    """A cycle whose target agreement can take a goal made from a survey hotspot."""

    cycle: Cycle
    action_fields: list[tuple[str, str]]  # code, label
    refused: str  # why goals cannot be added now (empty: they can)


def goal_targets(user: User, survey: Survey) -> list[GoalTarget]:
    """Cycles whose target agreement the user works on, for goals from this survey's hotspots:
    the survey's own cycle, or for a standalone survey the organisation's running cycles."""
    from .services.agreement import agreement_check

    if survey.cycle_id and survey.cycle:
        cycles = [survey.cycle]
    else:
        cycles = [cycle for cycle in cycles_for_surveys(survey.organisation) if cycle.is_working]
    targets = []
    for cycle in cycles:
        run = agreement_run(cycle)
        if run is None or not can_edit_phase(user, cycle, run.phase):
            continue
        refused = ""
        try:
            agreement_check(user, cycle)
        except PermissionDenied:
            continue
        except ValidationError as exc:
            refused = " ".join(exc.messages)
        fields = [
            (field.code, str(field))
            for field in ActionField.objects.filter(version_id=cycle.version_id).order_by("order")
        ]
        targets.append(GoalTarget(cycle, fields, refused))
    return targets


def hotspot_action_field(survey: Survey, scale_key: str, cycle: Cycle) -> str:
    """The action field the instrument names for this scale in the cycle's programme (or "")."""
    scale = next((s for s in survey.instrument_version.spec.scales if s.key == scale_key), None)
    if scale is None:
        return ""
    known = set(ActionField.objects.filter(version_id=cycle.version_id).values_list("code", flat=True))
    codes = scale.programme_action_fields.get(cycle.programme.identifier, ())
    return next((code for code in codes if code in known), "")


def running_cycles_per_version(programme_id: int | None) -> dict[int, int]:
    """How many cycles still run (applied or in progress) on each programme version (version id
    → count), of one programme or of all: the programmes pages ask it through their hook."""
    cycles = Cycle.objects.filter(status__in=RUNNING_STATUSES)
    if programme_id is not None:
        cycles = cycles.filter(programme_id=programme_id)
    return dict(cycles.values_list("version_id").annotate(count=Count("id")).order_by())


def auditor_takes_part(cycle: Cycle) -> bool:
    """Whether an auditor does or reviews any phase of the cycle's programme version: a
    recognition without an audit has no auditor to assign."""
    return (
        Phase.objects.filter(version_id=cycle.version_id)
        .filter(Q(actor=ActorRole.AUDITOR) | Q(accepted_by=ActorRole.AUDITOR))
        .exists()
    )
