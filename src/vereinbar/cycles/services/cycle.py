"""Cycle transitions: apply, accept, decline, withdraw, renew; and assigning the auditor.

Each is guard (role + state, from ``workflow.CYCLE_TRANSITIONS``) → one transaction with
the cycle locked → change → history entry → notification after commit. Dates can be
given explicitly so that demo data can replay real histories.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vereinbar.accounts.models import Membership, User
from vereinbar.accounts.roles import Role
from vereinbar.activity.services import entry_record
from vereinbar.activity.updates import model_update
from vereinbar.core.quotes import nested_quotes
from vereinbar.core.signals import organisations_changed
from vereinbar.organisations.models import Organisation, OrganisationType
from vereinbar.organisations.permissions import role_of
from vereinbar.programmes.models import Programme, Stage, closed_since

from ..award_mails import renewal_mail_context
from ..models import RUNNING_STATUSES, Cycle, CycleStatus, PhaseRun, PhaseStatus
from ..permissions import CYCLE_RULES, CycleAction
from ..selectors import next_stage
from ..workflow import CYCLE_TRANSITIONS, Party, TransitionRefused, transition_check
from . import _common as c
from .agreement import goals_carry_over
from .answers_carry import AnswersCarried, answers_carry_over
from .phases import cycle_progress, runs_create
from .roles import roles_carry_over

CYCLE = gettext_lazy("the cycle")


def _employer_parties(actor: User, organisation: Organisation) -> frozenset[Party]:
    """Parties for a cycle that does not exist yet: the actor's role in the applying organisation."""
    role = role_of(actor, organisation)
    return frozenset({Party.COORDINATOR}) if role == Role.COORDINATOR else frozenset()


def _running(organisation: Organisation, programme: Programme) -> bool:
    return Cycle.objects.filter(organisation=organisation, programme=programme, status__in=RUNNING_STATUSES).exists()


def _refuse_running(organisation: Organisation, programme: Programme) -> None:
    if _running(organisation, programme):
        raise TransitionRefused(
            _("%(organisation)s already has a running cycle in this programme.") % {"organisation": organisation}
        )


def cycle_apply(
    *,
    actor: User,
    organisation: Organisation,
    programme: Programme,
    stage: Stage | None = None,
    message: str = "",
    applied_on: date | None = None,
    optional_phases: Sequence[str] = (),
) -> Cycle:
    """An employer applies to a programme (its current version), for its first stage unless one is named.

    ``optional_phases``: keys of the stage's optional phases (format 2) the cycle is to take."""
    if organisation.type != OrganisationType.EMPLOYER or not getattr(organisation, "is_approved", True):
        raise TransitionRefused(_("Only approved employers can apply to a programme."))
    version = programme.current_version
    if version is None:
        raise TransitionRefused(_("This programme has no version to apply to."))
    if programme.operator_id is None:
        # docs/programme-format.md "Operator": nobody could accept the cycle, assign an auditor or decide.
        raise TransitionRefused(_("This programme has no operator yet, so it takes no applications."))
    if stage is None:
        stage = version.stages.order_by("order").first()
    if stage is None or stage.version_id != version.pk:
        raise ValidationError({"stage": _("Choose a stage of the programme's current version.")})
    _refuse_closed(version, stage, on=applied_on or c.today())
    with transaction.atomic():
        Organisation.objects.select_for_update().only("pk").get(pk=organisation.pk)
        transition_check(
            CYCLE_TRANSITIONS, None, CycleStatus.APPLIED, parties=_employer_parties(actor, organisation), label=CYCLE
        )
        _refuse_running(organisation, programme)
        chosen = _optional_keys(stage, optional_phases)
        cycle = Cycle.objects.create(
            optional_phases=chosen,
            organisation=organisation,
            programme=programme,
            version=version,
            stage=stage,
            status=CycleStatus.APPLIED,
            message=message,
            applied_on=applied_on or c.today(),
            applied_by=actor,
        )
        entry_record(
            actor=actor,
            verb=c.VERB_APPLIED,
            target=cycle,
            organisation=organisation,
            after={"status": cycle.status, "programme": programme.identifier, "stage": stage.key}
            | ({"optional_phases": chosen} if chosen else {}),
        )
        c.notify(cycle, {Party.OPERATOR}, "cycle_applied")
    return cycle


def _change(
    cycle: Cycle,
    actor: User,
    target: CycleStatus,
    verb: str,
    *,
    sources: tuple[CycleStatus, ...],
    reason: str = "",
    on: date | None = None,
    after_extra: Mapping[str, object] | None = None,
) -> CycleStatus:
    """Check and apply a status change of a locked cycle, with its history entry. ``sources``:
    the states this service starts from (a target can be reached from several rows);
    ``after_extra``: facts the entry records with the change (the auditor assigned with it)."""
    if cycle.status not in sources:
        raise TransitionRefused(
            _("This is not possible while the cycle is “%(status)s”.") % {"status": cycle.get_status_display()}
        )
    transition_check(CYCLE_TRANSITIONS, cycle.status, target, parties=c.party_set(actor, cycle), label=CYCLE)
    before = CycleStatus(cycle.status)
    data: dict[str, object] = {"status": target, "status_reason": reason}
    if target in (CycleStatus.DECLINED, CycleStatus.WITHDRAWN, CycleStatus.COMPLETED):
        data["closed_on"] = on or c.today()
    model_update(
        cycle,
        data,
        actor=actor,
        verb=verb,
        organisation=cycle.organisation,
        recorded=("status",),
        after_extra=after_extra,
        comment=reason,
    )
    organisations_changed(organisation_ids=[cycle.organisation_id])  # a running cycle can list
    return before


def _refuse_closed(version: Any, stage: Stage, *, on: date) -> None:
    """No new cycle in a programme or stage that closed to applications (format 2); running ones finish.
    The programme's current version says whether the programme still takes applications."""
    current = version.programme.current_version
    until = closed_since(*([current] if current is not None else []), version, stage, on=on)
    if until is not None:
        raise TransitionRefused(
            _("“%(programme)s” takes no new applications: the last day was %(date)s.")
            # the title's own quotation marks become the inner pair: „Siegel ‚Familie‘“, not „Siegel „Familie““
            % {"programme": nested_quotes(version.localised("title")), "date": date_format(until, "DATE_FORMAT")}
        )


def _optional_keys(stage: Stage, keys: Sequence[str]) -> list[str]:
    """The keys, checked against the stage's optional phases, in the stage's order."""
    optional = list(stage.phases.filter(optional=True).order_by("order").values_list("key", flat=True))
    unknown = [key for key in keys if key not in optional]
    if unknown:
        raise ValidationError(
            {
                "optional_phases": _("Not an optional phase of this stage: %(keys)s. Optional phases: %(optional)s.")
                % {"keys": ", ".join(unknown), "optional": ", ".join(optional) or "–"}
            }
        )
    return [key for key in optional if key in keys]


def _untouched(run: PhaseRun) -> bool:
    """Nothing was done in the run yet (so leaving the phase loses nothing)."""
    if run.status == PhaseStatus.LOCKED:
        return True
    return (
        run.status == PhaseStatus.OPEN
        and not run.note.strip()
        and not run.answers.exists()
        and not run.evidence.exists()
        and not run.workshops.exists()
    )


def phase_choose(*, actor: User, cycle: Cycle, phase_key: str, taken: bool, on: date | None = None) -> Cycle:
    """Take or leave an optional phase (format 2): the coordinator while the application waits, the
    auditor or operator while it waits or runs. A phase already started, or one that a phase which
    has already opened waits for, cannot change any more."""
    with transaction.atomic():
        c.lock(cycle)
        parties = c.party_set(actor, cycle)
        allowed = {Party.AUDITOR, Party.OPERATOR} | (
            {Party.COORDINATOR} if cycle.status == CycleStatus.APPLIED else set()
        )
        if not parties & allowed:
            raise PermissionDenied(_("You may not choose the optional phases of this cycle."))
        if cycle.status not in (CycleStatus.APPLIED, CycleStatus.OPEN):
            raise TransitionRefused(
                _("This is not possible while the cycle is “%(status)s”.") % {"status": cycle.get_status_display()}
            )
        (key,) = _optional_keys(cycle.stage, [phase_key]) or [phase_key]
        phase = cycle.stage.phases.get(key=key)
        chosen = list(cycle.optional_phases or [])
        if (key in chosen) == taken:
            return cycle
        runs = cycle.phase_runs.select_related("phase")
        waiting = [run for run in runs if phase in run.phase.requires.all() and run.status != PhaseStatus.LOCKED]
        own = [run for run in runs if run.phase_id == phase.pk]
        if waiting or not all(_untouched(run) for run in own):
            raise TransitionRefused(
                _("“%(phase)s” can no longer be taken or left: it or a phase after it has already started.")
                % {"phase": nested_quotes(phase)}
            )
        chosen = [k for k in _optional_keys(cycle.stage, [*chosen, key]) if taken or k != key]
        model_update(
            cycle,
            {"optional_phases": chosen},
            actor=actor,
            verb=c.VERB_PHASE_CHOSEN,
            organisation=cycle.organisation,
        )
        if cycle.status == CycleStatus.OPEN:
            if taken:
                PhaseRun.objects.create(cycle=cycle, phase=phase, occurrence=1, status=PhaseStatus.LOCKED)
            else:
                for run in own:
                    run.delete()
        if cycle.status == CycleStatus.OPEN:
            cycle_progress(cycle=cycle, actor=actor, on=on or c.today())
    return cycle


def _auditor_check(cycle: Cycle, auditor: User | None) -> User:
    """The auditor, if one of the programme's operator (else a validation error)."""
    operator_id = cycle.programme.operator_id
    if (
        auditor is None
        or operator_id is None
        or not Membership.objects.filter(user=auditor, organisation_id=operator_id, role=Role.AUDITOR).exists()
    ):
        raise ValidationError({"auditor": _("Choose an auditor of the programme's operator.")})
    return auditor


def cycle_accept(*, actor: User, cycle: Cycle, auditor: User | None = None, started_on: date | None = None) -> Cycle:
    """The operator accepts the application: the phases of the stage are created, those without a gate open."""
    on = started_on or c.today()
    with transaction.atomic():
        c.lock(cycle)
        if auditor is not None:
            _auditor_check(cycle, auditor)
        # the auditor as ``cycle_assign_auditor`` records one: the history names who was assigned
        assigned = {"auditor": auditor.email} if auditor is not None else None
        _change(
            cycle, actor, CycleStatus.OPEN, c.VERB_ACCEPTED, sources=(CycleStatus.APPLIED,), on=on, after_extra=assigned
        )
        cycle.started_on = on
        fields = ["started_on"]
        if auditor is not None:
            cycle.auditor = auditor
            fields.append("auditor")
        cycle.save(update_fields=fields)
        runs_create(cycle=cycle)
        cycle_progress(cycle=cycle, actor=actor, on=on, quiet=True)
        c.notify(cycle, {Party.COORDINATOR}, "cycle_accepted")
        if auditor is not None:
            c.notify(cycle, {Party.AUDITOR}, "auditor_assigned")
    return cycle


def cycle_decline(*, actor: User, cycle: Cycle, reason: str, declined_on: date | None = None) -> Cycle:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    with transaction.atomic():
        c.lock(cycle)
        _change(
            cycle,
            actor,
            CycleStatus.DECLINED,
            c.VERB_DECLINED,
            sources=(CycleStatus.APPLIED,),
            reason=reason.strip(),
            on=declined_on,
        )
        c.notify(cycle, {Party.COORDINATOR}, "cycle_declined")
    return cycle


def cycle_withdraw(*, actor: User, cycle: Cycle, reason: str = "", withdrawn_on: date | None = None) -> Cycle:
    """The employer withdraws its application or its running cycle."""
    with transaction.atomic():
        c.lock(cycle)
        _change(
            cycle,
            actor,
            CycleStatus.WITHDRAWN,
            c.VERB_WITHDRAWN,
            sources=(CycleStatus.APPLIED, CycleStatus.OPEN),
            reason=reason.strip(),
            on=withdrawn_on,
        )
        c.notify(cycle, {Party.OPERATOR, Party.AUDITOR}, "cycle_withdrawn")
    return cycle


def cycle_assign_auditor(*, actor: User, cycle: Cycle, auditor: User | None) -> Cycle:
    """The operator assigns (or replaces) the auditor of a running cycle (None: refused, none chosen)."""
    with transaction.atomic():
        c.lock(cycle)
        if not c.party_set(actor, cycle) & CYCLE_RULES[CycleAction.ASSIGN_AUDITOR]:
            raise PermissionDenied(_("Only the programme operator may assign the auditor."))
        if cycle.status not in (CycleStatus.APPLIED, CycleStatus.OPEN, CycleStatus.AWARDED):
            raise TransitionRefused(
                _("The cycle is “%(status)s”; no auditor can be assigned.") % {"status": cycle.get_status_display()}
            )
        auditor = _auditor_check(cycle, auditor)
        before = cycle.auditor.email if cycle.auditor else None
        cycle.auditor = auditor
        cycle.save(update_fields=["auditor"])
        entry_record(
            actor=actor,
            verb=c.VERB_AUDITOR,
            target=cycle,
            organisation=cycle.organisation,
            before={"auditor": before},
            after={"auditor": auditor.email},
        )
        c.notify(cycle, {Party.AUDITOR}, "auditor_assigned")
    return cycle


# A renewal that ended without an award leaves its cycle renewable: the employer tries again.
RENEWAL_ENDED_WITHOUT_AWARD = (CycleStatus.DECLINED, CycleStatus.REFUSED, CycleStatus.WITHDRAWN)


def cycle_renewed(cycle: Cycle) -> bool:
    """Whether ``cycle`` has a renewal that runs or led to an award (so it cannot be renewed)."""
    return cycle.renewals.exclude(status__in=RENEWAL_ENDED_WITHOUT_AWARD).exists()


def renewal_carry_over(*, source: Cycle, target: Cycle) -> dict[str, int]:
    """What a renewal takes over from the cycle it renews (inside ``cycle_renew``'s transaction;
    the demo's made-up renewals too): the goals not yet reached with their measures, the people
    in programme roles (format 2), the employer's answers and their files. Return the counts for
    the history entry: goals where the source agreed any, answers where it gave any, the rest
    where there are some."""
    goals = goals_carry_over(source=source, target=target)
    named = roles_carry_over(source=source, target=target)  # format 2 roles: the same people go on
    # the employer's answers and their files, to check and update rather than retype
    answers = answers_carry_over(source=source, target=target)
    return (
        ({"goals_carried_over": goals} if goals is not None else {})
        | ({"role_holders_carried_over": named} if named else {})
        | (_answers_after(answers) if answers is not None else {})
    )


def _answers_after(answers: AnswersCarried) -> dict[str, int]:
    return (
        {"answers_carried_over": answers.answers}
        | ({"answers_left_out": answers.left_out} if answers.left_out else {})
        | ({"evidence_carried_over": answers.evidence} if answers.evidence else {})
    )


def cycle_renew(*, actor: User, cycle: Cycle, started_on: date | None = None) -> Cycle:
    """Open the next stage's cycle at once, carrying over the goals and their measures and the
    employer's answers (with their files) to check and update; an awarded cycle is completed by
    it (its award stays valid until the next decision)."""
    on = started_on or c.today()
    stage = next_stage(cycle)
    with transaction.atomic():
        c.lock(cycle)
        parties = c.party_set(actor, cycle)
        if not parties & CYCLE_RULES[CycleAction.RENEW]:
            raise PermissionDenied(_("Only the coordinator or the programme operator may renew."))
        if cycle.status not in (CycleStatus.AWARDED, CycleStatus.COMPLETED):
            raise TransitionRefused(_("Only an awarded or completed cycle can be renewed."))
        if stage is None:
            raise TransitionRefused(_("This stage has no next stage to renew into."))
        if cycle_renewed(cycle):
            raise TransitionRefused(_("This cycle has already been renewed."))
        _refuse_closed(cycle.version, stage, on=on)
        transition_check(CYCLE_TRANSITIONS, None, CycleStatus.OPEN, parties=parties, label=CYCLE)
        if cycle.status == CycleStatus.AWARDED:
            from .phases import cycle_complete

            cycle_complete(cycle=cycle, actor=actor, on=on, parties=parties)
        _refuse_running(cycle.organisation, cycle.programme)
        try:
            with transaction.atomic():
                renewal = Cycle.objects.create(
                    organisation=cycle.organisation,
                    programme=cycle.programme,
                    version=cycle.version,
                    stage=stage,
                    status=CycleStatus.OPEN,
                    auditor=cycle.auditor,
                    previous=cycle,
                    applied_on=on,
                    applied_by=actor,
                    started_on=on,
                )
        except IntegrityError:
            raise TransitionRefused(_("There is already a running cycle in this programme.")) from None
        runs_create(cycle=renewal)
        organisations_changed(organisation_ids=[renewal.organisation_id])
        taken = renewal_carry_over(source=cycle, target=renewal)
        entry_record(
            actor=actor,
            verb=c.VERB_RENEWED,
            target=renewal,
            organisation=cycle.organisation,
            before={"cycle": cycle.pk, "stage": cycle.stage.key},
            after={"status": renewal.status, "stage": stage.key} | taken,
        )
        carried = taken.get("goals_carried_over")
        cycle_progress(cycle=renewal, actor=actor, on=on, quiet=True)
        c.notify(
            renewal,
            {Party.COORDINATOR, Party.OPERATOR, Party.AUDITOR},
            "cycle_renewed",
            context=renewal_mail_context(renewal=renewal, today=on) | {"goals_carried": carried or 0},
            employer_context={"website": True},
            exclude=actor,
        )
    return renewal
