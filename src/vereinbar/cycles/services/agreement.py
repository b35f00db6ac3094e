"""The target agreement: goals numbered by action field ("3.1"), their measures ("3.1.1"),
sign-off by the organisation's management; carried over into a renewal's cycle.

Goals can be drafted (e.g. from workshop outcomes) as soon as the cycle runs, until the
agreement is signed; after that it is unchangeable, unless the reviewer returns it (which
voids the signature). Goal status keeps moving through annual reports.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinbar.accounts.models import User
from vereinbar.activity.services import entry_record
from vereinbar.measures.models import Measure
from vereinbar.programmes.models import ActionField

from ..models import (
    Cycle,
    CycleStatus,
    Goal,
    GoalMeasure,
    GoalStatus,
    MeasureStatus,
    PhaseRun,
    PhaseStatus,
    TargetAgreement,
    WorkshopOutcome,
)
from ..models.deliverables import signing_day_problem
from ..permissions import can_edit_phase, can_submit_phase, parties_of
from ..selectors import agreement_has_goals, agreement_run
from ..workflow import TransitionRefused
from . import _common as c
from .content import action_field_of


def agreement_of(cycle: Cycle) -> TargetAgreement:
    agreement, _created = TargetAgreement.objects.get_or_create(cycle=cycle)
    return agreement


def agreement_check(actor: User, cycle: Cycle, *, sign: bool = False, extra_editor: PhaseRun | None = None) -> None:
    """Refuse unless the actor may change (or, with ``sign``, sign) the agreement now. Only
    reads: asking (a page deciding whether to show its forms) creates nothing."""
    run = agreement_run(cycle)
    if run is None:
        raise TransitionRefused(_("This stage has no target agreement."))
    if not parties_of(actor, cycle):
        raise PermissionDenied
    if sign:
        allowed = can_submit_phase(actor, cycle, run.phase)
    else:
        allowed = can_edit_phase(actor, cycle, run.phase) or (
            extra_editor is not None and can_edit_phase(actor, cycle, extra_editor.phase)
        )
    if not allowed:
        raise PermissionDenied(_("You do not work on the target agreement."))
    if cycle.status not in (CycleStatus.OPEN, CycleStatus.AWARDED):
        raise TransitionRefused(
            _("The cycle is “%(status)s”; its phases can no longer be changed.")
            % {"status": cycle.get_status_display()}
        )
    if run.status in (PhaseStatus.SUBMITTED, PhaseStatus.ACCEPTED):
        raise TransitionRefused(
            _("The target agreement is “%(status)s”; it can no longer be changed.")
            % {"status": run.get_status_display()}
        )
    if TargetAgreement.objects.filter(cycle=cycle).exclude(signed_on=None).exists():
        raise TransitionRefused(_("The target agreement is signed; it can no longer be changed."))


def agreement_guard(
    actor: User, cycle: Cycle, *, sign: bool = False, extra_editor: PhaseRun | None = None
) -> TargetAgreement:
    """The agreement to change (made on first use), after :func:`agreement_check`."""
    agreement_check(actor, cycle, sign=sign, extra_editor=extra_editor)
    return agreement_of(cycle)


def _record(actor: User, cycle: Cycle, target: Any, after: dict[str, Any], verb: str = c.VERB_CONTENT_CHANGED) -> None:
    entry_record(actor=actor, verb=verb, target=target, organisation=cycle.organisation, after=after)


def _number_goal(goal: Goal, field: ActionField) -> None:
    """The next number in the action field, after those of this agreement and of the one it
    renews: a goal achieved there keeps its number ("1.1") in the history, a new goal does not
    take it again."""
    highest = Goal.objects.filter(agreement=goal.agreement, action_field=field).aggregate(n=Max("number"))["n"] or 0
    previous_id = goal.agreement.cycle.previous_id
    if previous_id is not None:
        before = Goal.objects.filter(agreement__cycle_id=previous_id, action_field__code=field.code)
        highest = max(highest, before.aggregate(n=Max("number"))["n"] or 0)
    goal.action_field, goal.number, goal.code = field, highest + 1, f"{field.code}.{highest + 1}"


def _renumber_measures(goal: Goal) -> None:
    for measure in goal.measures.all():
        measure.code = f"{goal.code}.{measure.number}"
        measure.save(update_fields=["code"])


# How far ahead a due date of a goal or its measure may lie: an agreement runs for a few years,
# so a day decades ahead ("2999", "20260") is a slip of the year, refused beside the field; as is
# a year before 1900 ("0219" for "2019"). A day in the past stays possible (a goal carried over).
DUE_YEARS_AHEAD = 15


def _due_day_guard(due_on: date | None) -> None:
    if due_on is None:
        return
    today = timezone.localdate()
    if due_on.year < 1900 or due_on.year > today.year + DUE_YEARS_AHEAD:
        raise ValidationError(
            {
                "due_on": _("Check the year: a due date lies between 1900 and %(year)s.")
                % {"year": today.year + DUE_YEARS_AHEAD}
            }
        )


def goal_save(
    *,
    actor: User,
    cycle: Cycle,
    action_field_code: str,
    title: str,
    goal: Goal | None = None,
    success_measure: str = "",
    owner: str = "",
    due_on: date | None = None,
    status: str = GoalStatus.OPEN,
    extra_editor: PhaseRun | None = None,
) -> Goal:
    """Add a goal (numbered next in its action field) or change one."""
    if not title.strip():
        raise ValidationError({"title": _("Describe the goal.")})
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses offered.")})
    _due_day_guard(due_on)
    with transaction.atomic():
        c.lock(cycle)
        agreement = agreement_guard(actor, cycle, extra_editor=extra_editor)
        field = action_field_of(cycle, action_field_code)
        if field is None:
            raise ValidationError({"action_field": _("Choose the action field of the goal.")})
        if goal is not None and goal.agreement_id != agreement.pk:
            raise PermissionDenied
        goal = goal or Goal(agreement=agreement)
        moved = goal.pk is None or goal.action_field_id != field.pk
        if moved:
            _number_goal(goal, field)
        goal.title, goal.success_measure, goal.owner = title.strip()[:300], success_measure[:300], owner[:200]
        goal.due_on, goal.status = due_on, status
        goal.save()
        if moved:
            _renumber_measures(goal)
        _record(actor, cycle, goal, {"goal": goal.code})
    return goal


def goal_remove(*, actor: User, goal: Goal) -> None:
    cycle = goal.agreement.cycle
    with transaction.atomic():
        c.lock(cycle)
        agreement_guard(actor, cycle)
        code = goal.code
        WorkshopOutcome.objects.filter(goal=goal).update(goal=None)
        goal.delete()
        _record(actor, cycle, cycle, {"goal_removed": code})


def goal_measure_save(
    *,
    actor: User,
    goal: Goal,
    title: str = "",
    link: GoalMeasure | None = None,
    measure: Measure | None = None,
    owner: str = "",
    due_on: date | None = None,
    status: str = MeasureStatus.PLANNED,
) -> GoalMeasure:
    """Add a measure to a goal (numbered next, "3.1.1") or change one (``link``); ``measure``
    links one of the organisation's measures (its title is the default)."""
    cycle = goal.agreement.cycle
    if measure is not None and measure.organisation_id != cycle.organisation_id:
        raise ValidationError({"measure": _("Choose one of the organisation's measures.")})
    title = title.strip() or (measure.title if measure is not None else "")
    if not title:
        raise ValidationError({"title": _("Describe the measure.")})
    if status not in MeasureStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses offered.")})
    _due_day_guard(due_on)
    with transaction.atomic():
        c.lock(cycle)
        agreement_guard(actor, cycle)
        if link is not None and link.goal_id != goal.pk:
            raise PermissionDenied
        if link is None:
            highest = goal.measures.aggregate(n=Max("number"))["n"] or 0
            link = GoalMeasure(goal=goal, number=highest + 1, code=f"{goal.code}.{highest + 1}")
        link.title, link.owner, link.due_on, link.status = title[:300], owner[:200], due_on, status
        link.measure = measure
        link.save()
        _record(actor, cycle, goal, {"measure": link.code})
    return link


def goal_measure_remove(*, actor: User, link: GoalMeasure) -> None:
    cycle = link.goal.agreement.cycle
    with transaction.atomic():
        c.lock(cycle)
        agreement_guard(actor, cycle)
        code = link.code
        link.delete()
        _record(actor, cycle, cycle, {"measure_removed": code})


def outcome_to_goal(*, actor: User, outcome: WorkshopOutcome, action_field_code: str | None = None) -> Goal:
    """Turn a workshop outcome into a goal of the target agreement (one click)."""
    if outcome.goal is not None:
        raise TransitionRefused(_("This outcome is already goal %(code)s.") % {"code": outcome.goal.code})
    workshop_run = outcome.workshop.phase_run
    code = action_field_code or (outcome.action_field.code if outcome.action_field else None)
    if not code:
        raise ValidationError({"action_field": _("Choose the action field of the goal.")})
    first_line = outcome.text.strip().splitlines()[0] if outcome.text.strip() else outcome.text
    with transaction.atomic():
        goal = goal_save(
            actor=actor, cycle=workshop_run.cycle, action_field_code=code, title=first_line, extra_editor=workshop_run
        )
        outcome.goal = goal
        outcome.save(update_fields=["goal"])
    return goal


# The code of the refusal to sign an agreement without goals (the API answers with it).
NO_GOALS = "agreement_without_goals"


def agreement_sign(
    *, actor: User, cycle: Cycle, signer_name: str, signed_on: date, signer_function: str = ""
) -> TargetAgreement:
    """Record the sign-off by the organisation's management; the agreement is then unchangeable.
    Refused (``NO_GOALS``, nothing changed) while the agreement has no goal that is not dropped."""
    if not signer_name.strip():
        raise ValidationError({"signer_name": _("Name who signed.")})
    if day_problem := signing_day_problem(cycle, signed_on):
        raise ValidationError({"signed_on": day_problem})
    with transaction.atomic():
        c.lock(cycle)
        agreement = agreement_guard(actor, cycle, sign=True)
        if not agreement_has_goals(agreement):
            raise TransitionRefused(
                _("Add at least one goal first: a target agreement without goals cannot be signed."),
                code=NO_GOALS,
            )
        agreement.signer_name, agreement.signer_function = signer_name.strip(), signer_function.strip()
        agreement.signed_on, agreement.signed_by = signed_on, actor
        agreement.save()
        _record(
            actor,
            cycle,
            agreement,
            {"signer": agreement.signer_name, "signed_on": signed_on.isoformat()},
            verb=c.VERB_AGREEMENT_SIGNED,
        )
    return agreement


# Goals in these states end with their agreement: a renewal does not carry them over; they stay
# as the history of the agreement they were reached (or given up) in.
NOT_CARRIED = (GoalStatus.ACHIEVED, GoalStatus.DROPPED)


def goals_carry_over(*, source: Cycle, target: Cycle) -> int | None:
    """Copy the goals still to be reached (neither achieved nor dropped) and their measures of
    one cycle into another's agreement; achieved and dropped goals stay with the old one. None
    when the source has no target agreement (a programme without goals): nothing to count."""
    old = TargetAgreement.objects.filter(cycle=source).first()
    if old is None:
        return None
    new = agreement_of(target)
    fields = {field.code: field for field in ActionField.objects.filter(version_id=target.version_id)}
    count = 0
    for goal in old.goals.exclude(status__in=NOT_CARRIED).select_related("action_field").prefetch_related("measures"):
        field = fields.get(goal.action_field.code)
        if field is None:
            continue  # the action field does not exist in the target's version
        copy = Goal.objects.create(
            agreement=new,
            action_field=field,
            number=goal.number,
            code=goal.code,
            title=goal.title,
            success_measure=goal.success_measure,
            owner=goal.owner,
            due_on=goal.due_on,
            status=goal.status,
            carried_from=goal,
        )
        GoalMeasure.objects.bulk_create(
            GoalMeasure(
                goal=copy,
                number=measure.number,
                code=measure.code,
                title=measure.title,
                owner=measure.owner,
                due_on=measure.due_on,
                status=measure.status,
                measure=measure.measure,
                carried_from=measure,
            )
            for measure in goal.measures.all()
        )
        count += 1
    return count
