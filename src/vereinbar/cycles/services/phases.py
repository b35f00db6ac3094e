"""Phase runs: how they open (gates), repeat and complete the cycle, and the transitions
submit, accept and return (see workflow.PHASE_TRANSITIONS)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinbar.accounts.models import User
from vereinbar.activity.services import entry_record
from vereinbar.activity.updates import model_update
from vereinbar.core.quotes import nested_quotes
from vereinbar.core.signals import organisations_changed
from vereinbar.core.types import Actor
from vereinbar.programmes.models import DeliverableKind, DueAnchor

from ..dates import add_months, due_date, needs_award
from ..models import (
    AssessmentAnswer,
    Cycle,
    CycleStatus,
    DecisionOutcome,
    PhaseRun,
    PhaseStatus,
    Review,
    ReviewComment,
    ReviewOutcome,
    TargetAgreement,
)
from ..permissions import phase_parties
from ..selectors import award_of, gate_missing, not_taken
from ..workflow import CYCLE_TRANSITIONS, PHASE_TRANSITIONS, Party, TransitionRefused, transition_check
from . import _common as c
from .content import deliverable_problems
from .elsewhere import phase_follow_on_opening


def phase_label(run: PhaseRun) -> str:
    return _("the phase “%(title)s”") % {"title": nested_quotes(run)}


def _refuse_locked(run: PhaseRun) -> None:
    if run.status != PhaseStatus.LOCKED:
        return
    missing = gate_missing(run)
    if missing:
        raise TransitionRefused(
            _("“%(phase)s” is not open yet: it opens when these phases are accepted: %(missing)s.")
            % {"phase": nested_quotes(run), "missing": ", ".join(missing)}
        )
    raise TransitionRefused(_("“%(phase)s” is not open yet: it opens after the award.") % {"phase": nested_quotes(run)})


def _refuse_not_working(cycle: Cycle) -> None:
    if not cycle.is_working:
        raise TransitionRefused(
            _("The cycle is “%(status)s”; its phases can no longer be changed.")
            % {"status": cycle.get_status_display()}
        )


def runs_create(*, cycle: Cycle) -> list[PhaseRun]:
    """One run (first occurrence) per phase of the cycle's stage that the cycle takes, all locked."""
    skipped = not_taken(cycle)
    runs = [
        PhaseRun(cycle=cycle, phase=phase, occurrence=1, status=PhaseStatus.LOCKED)
        for phase in cycle.stage.phases.order_by("order")
        if phase.pk not in skipped
    ]
    PhaseRun.objects.bulk_create(runs)
    return list(cycle.phase_runs.select_related("phase"))


def _phases_open(*, cycle: Cycle, actor: User | None, on: date, quiet: bool) -> bool:
    """Open every locked run whose gate is met (and whose due anchor is known); True if any opened."""
    if not cycle.is_working:
        return False
    runs = list(cycle.phase_runs.select_related("phase").prefetch_related("phase__requires"))
    accepted = {run.phase_id for run in runs if run.status == PhaseStatus.ACCEPTED} | not_taken(cycle)
    award = award_of(cycle)
    # A renewal's phases counted from the expiry (e.g. "six months before expiry") count from
    # the expiry of the award being renewed, as long as the renewal has no award of its own.
    renewed = award_of(cycle.previous) if award is None and cycle.previous is not None else None
    opened = False
    for run in runs:
        if run.status != PhaseStatus.LOCKED:
            continue
        if not {phase.pk for phase in run.phase.requires.all()} <= accepted:
            continue
        anchor_award = award
        if anchor_award is None and run.phase.due_anchor == DueAnchor.EXPIRY:
            anchor_award = renewed
        if needs_award(run.phase) and anchor_award is None:
            continue
        transition_check(PHASE_TRANSITIONS, run.status, PhaseStatus.OPEN, parties=frozenset({Party.SYSTEM}))
        due_on = due_date(run.phase, occurrence=run.occurrence, cycle=cycle, opened_on=on, award=anchor_award)
        model_update(
            run,
            {"status": PhaseStatus.OPEN, "opened_on": on, "due_on": due_on},
            actor="system",
            verb=c.VERB_PHASE_OPENED,
            organisation=cycle.organisation,
            recorded=("status",),
            after_extra={"due_on": due_on.isoformat() if due_on else None},
        )
        # A phase made elsewhere that was done while it was locked (a survey phase whose survey
        # closed) moves on at once (and notifies that instead: nothing is left to do in it).
        if not phase_follow_on_opening(run=run, on=on, quiet=quiet) and not quiet:
            c.notify(cycle, c.actor_parties_of_phase(run), "phase_opened", run=run, exclude=actor)
        opened = True
    return opened


def _repeat(*, run: PhaseRun, on: date) -> PhaseRun | None:
    """After an occurrence of a repeating phase is accepted, open the next one if the data asks for it."""
    phase, cycle = run.phase, run.cycle
    if not phase.repeat_every_months:
        return None
    following = run.occurrence + 1
    if phase.repeat_count and following > phase.repeat_count:
        return None
    award = award_of(cycle)
    first = cycle.phase_runs.filter(phase=phase, occurrence=1).first()
    due = due_date(phase, occurrence=following, cycle=cycle, opened_on=first.opened_on if first else on, award=award)
    limit = None
    if award is not None and award.valid_until is not None:
        limit = award.valid_until
    elif cycle.stage.duration_months and cycle.started_on:
        limit = add_months(cycle.started_on, cycle.stage.duration_months)
    if phase.repeat_count is None and limit is None:
        return None
    if limit is not None and due is not None and due > limit:
        return None
    return PhaseRun.objects.create(
        cycle=cycle, phase=phase, occurrence=following, status=PhaseStatus.OPEN, opened_on=on, due_on=due
    )


def _has_decision_phase(cycle: Cycle) -> bool:
    return cycle.stage.phases.filter(deliverable=DeliverableKind.DECISION).exists()


def cycle_progress(*, cycle: Cycle, actor: User | None, on: date, quiet: bool = False) -> None:
    """Everything that follows from an accepted phase: gates open, the award is granted when the
    stage has no decision phase, and the cycle completes when nothing is left. Inside a transaction."""
    from .decision import award_grant_automatically

    while True:
        changed = _phases_open(cycle=cycle, actor=actor, on=on, quiet=quiet)
        runs = list(cycle.phase_runs.select_related("phase"))
        if cycle.status == CycleStatus.OPEN and cycle.stage.gives_award and not _has_decision_phase(cycle):
            if cycle.stage.award_phase:  # format 2: granted when the phase the data names is accepted
                before_award = [run for run in runs if run.phase.key == cycle.stage.award_phase]
            else:  # format 1: when every phase not counted from the award is accepted
                before_award = [run for run in runs if not needs_award(run.phase)]
            if before_award and all(run.status == PhaseStatus.ACCEPTED for run in before_award):
                # no award (an automatic deferral) when the stage's levels are not reached
                changed = award_grant_automatically(cycle=cycle, actor=actor, on=on).outcome == DecisionOutcome.GRANT
        if not changed:
            break
    runs = list(cycle.phase_runs.all())
    if cycle.status not in (CycleStatus.OPEN, CycleStatus.AWARDED):
        return
    if cycle.status == CycleStatus.OPEN and cycle.stage.gives_award:
        return  # the award is still to be decided
    if runs and all(run.status == PhaseStatus.ACCEPTED for run in runs):
        cycle_complete(cycle=cycle, actor="system", on=on)


def cycle_complete(*, cycle: Cycle, actor: Actor, on: date, parties: frozenset[Party] | None = None) -> None:
    """Close the cycle as completed (inside a transaction, cycle locked)."""
    transition_check(
        CYCLE_TRANSITIONS,
        cycle.status,
        CycleStatus.COMPLETED,
        parties=parties or frozenset({Party.SYSTEM}),
        label=_("the cycle"),
    )
    model_update(
        cycle,
        {"status": CycleStatus.COMPLETED, "closed_on": on},
        actor=actor,
        verb=c.VERB_COMPLETED,
        organisation=cycle.organisation,
        recorded=("status",),
    )
    organisations_changed(organisation_ids=[cycle.organisation_id])
    c.notify(cycle, {Party.COORDINATOR}, "cycle_completed")


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def phase_submit(
    *, actor: User, run: PhaseRun, note: str | None = None, submitted_at: datetime | None = None
) -> PhaseRun:
    """Submit the phase's deliverable; without an acceptor in the data, submitting completes it
    (status "accepted", ``accepted_at`` set as for any done phase; history verb "phase.completed")."""
    moment = submitted_at or timezone.now()
    with transaction.atomic():
        run = c.lock_run(run)
        cycle = run.cycle
        if run.phase.deliverable == DeliverableKind.DECISION:
            raise TransitionRefused(_("A decision phase is completed by taking the decision."))
        _refuse_not_working(cycle)
        _refuse_locked(run)
        target = PhaseStatus.SUBMITTED if run.phase.accepted_by else PhaseStatus.ACCEPTED
        transition_check(
            PHASE_TRANSITIONS,
            run.status,
            target,
            parties=c.party_set(actor, cycle),
            placeholders=phase_parties(run.phase),
            label=phase_label(run),
        )
        if note is not None:
            run.note = note
        problems = deliverable_problems(run)
        if problems:
            raise ValidationError({"__all__": problems})
        before = run.status
        run.status = target
        run.submitted_at, run.submitted_by = moment, actor
        fields = ["status", "note", "submitted_at", "submitted_by", "updated_at"]
        if target == PhaseStatus.ACCEPTED:
            run.accepted_at, run.accepted_by = moment, actor
            fields += ["accepted_at", "accepted_by"]
        run.save(update_fields=fields)
        entry_record(
            actor=actor,
            verb=c.VERB_PHASE_SUBMITTED if target == PhaseStatus.SUBMITTED else c.VERB_PHASE_COMPLETED,
            target=run,
            organisation=cycle.organisation,
            before={"status": before},
            after={"status": run.status},
        )
        if target == PhaseStatus.SUBMITTED:
            acceptors = phase_parties(run.phase)[Party.ACCEPTOR]
            c.notify(cycle, acceptors, "phase_submitted", run=run, exclude=actor)
        else:
            # Completed without review: those who work on it, and the employer's coordinator
            # (an auditor's workshop is the employer's too), hear that it is done.
            told = c.actor_parties_of_phase(run) | {Party.COORDINATOR}
            c.notify(cycle, told, "phase_accepted", run=run, exclude=actor)
            _repeat(run=run, on=_local_date(moment))
            cycle_progress(cycle=cycle, actor=actor, on=_local_date(moment))
    return run


def _review(
    *,
    actor: User,
    run: PhaseRun,
    outcome: ReviewOutcome,
    comment: str,
    comments: Iterable[tuple[str, str]],
    rejected: Sequence[str],
    moment: datetime,
) -> Review:
    review = Review.objects.create(phase_run=run, reviewer=actor, outcome=outcome, comment=comment, created_at=moment)
    ReviewComment.objects.bulk_create(
        ReviewComment(review=review, item=str(item)[:60], text=text.strip()) for item, text in comments if text.strip()
    )
    answers = AssessmentAnswer.objects.filter(phase_run=run)
    unknown = set(rejected) - set(answers.values_list("criterion__code", flat=True))
    if unknown:
        raise ValidationError(
            {"rejected": _("No answer to reject for: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}}
        )
    answers.filter(criterion__code__in=list(rejected)).update(accepted=False)
    if outcome == ReviewOutcome.ACCEPT:
        answers.exclude(criterion__code__in=list(rejected)).update(accepted=True)
    return review


def _review_guard(actor: User, run: PhaseRun, target: PhaseStatus) -> None:
    _refuse_not_working(run.cycle)
    if run.status != PhaseStatus.SUBMITTED:
        # Only a submitted run is reviewed (an open run is "accepted" only by its own submission).
        raise TransitionRefused(
            _("“%(phase)s” is “%(status)s”; only a submitted phase can be accepted or returned.")
            % {"phase": nested_quotes(run), "status": run.get_status_display()}
        )
    if run.status == PhaseStatus.SUBMITTED and run.phase.accepted_by == "auditor" and not run.cycle.auditor_id:
        raise TransitionRefused(_("No auditor is assigned to this cycle yet."))
    transition_check(
        PHASE_TRANSITIONS,
        run.status,
        target,
        parties=c.party_set(actor, run.cycle),
        placeholders=phase_parties(run.phase),
        label=phase_label(run),
    )


def phase_accept(
    *,
    actor: User,
    run: PhaseRun,
    comment: str = "",
    comments: Iterable[tuple[str, str]] = (),
    rejected: Sequence[str] = (),
    accepted_at: datetime | None = None,
) -> Review:
    """Accept a submitted phase; comments per item and answers not accepted are kept with the review."""
    moment = accepted_at or timezone.now()
    with transaction.atomic():
        run = c.lock_run(run)
        cycle = run.cycle
        _review_guard(actor, run, PhaseStatus.ACCEPTED)
        review = _review(
            actor=actor,
            run=run,
            outcome=ReviewOutcome.ACCEPT,
            comment=comment,
            comments=comments,
            rejected=rejected,
            moment=moment,
        )
        model_update(
            run,
            {"status": PhaseStatus.ACCEPTED, "accepted_at": moment, "accepted_by": actor},
            actor=actor,
            verb=c.VERB_PHASE_ACCEPTED,
            organisation=cycle.organisation,
            recorded=("status",),
            comment=comment,
        )
        if run.phase.deliverable == DeliverableKind.TARGET_AGREEMENT:
            TargetAgreement.objects.filter(cycle=cycle).update(accepted_on=_local_date(moment))
        c.notify(
            cycle,
            c.actor_parties_of_phase(run),
            "phase_accepted",
            run=run,
            context={"comment": comment.strip()},
            exclude=actor,
            reply_to=actor.email if comment.strip() else "",  # a question about the note goes to its writer
        )
        _repeat(run=run, on=_local_date(moment))
        cycle_progress(cycle=cycle, actor=actor, on=_local_date(moment))
    return review


def phase_return(
    *,
    actor: User,
    run: PhaseRun,
    comment: str = "",
    comments: Iterable[tuple[str, str]] = (),
    rejected: Sequence[str] = (),
    returned_at: datetime | None = None,
) -> Review:
    """Return a submitted phase for changes; say what needs to change (overall or per item).

    A returned target agreement loses its sign-off: it is changed and signed again."""
    moment = returned_at or timezone.now()
    comments = [(item, text) for item, text in comments if text.strip()]
    if not comment.strip() and not comments:
        raise ValidationError({"comment": _("Say what needs to change.")})
    with transaction.atomic():
        run = c.lock_run(run)
        cycle = run.cycle
        _review_guard(actor, run, PhaseStatus.RETURNED)
        review = _review(
            actor=actor,
            run=run,
            outcome=ReviewOutcome.RETURN,
            comment=comment,
            comments=comments,
            rejected=rejected,
            moment=moment,
        )
        model_update(
            run,
            {"status": PhaseStatus.RETURNED},
            actor=actor,
            verb=c.VERB_PHASE_RETURNED,
            organisation=cycle.organisation,
            # the history says why, also when the reasons were only given beside single items
            comment="\n".join(
                [*([comment.strip()] if comment.strip() else []), *(f"{i}: {t.strip()}" for i, t in comments)]
            ),
        )
        if run.phase.deliverable == DeliverableKind.TARGET_AGREEMENT:
            TargetAgreement.objects.filter(cycle=cycle).update(
                signed_on=None, signer_name="", signer_function="", signed_by=None
            )
        c.notify(
            cycle,
            c.actor_parties_of_phase(run),
            "phase_returned",
            run=run,
            # the comments beside single criteria or goals too: the review page tells the reviewer
            # they are sent with the verdict, and they may be the only reasons given
            context={"comment": comment.strip(), "item_comments": [(i, t.strip()) for i, t in comments]},
            exclude=actor,
            reply_to=actor.email,  # a question about the comments goes to the reviewer who wrote them
        )
    return review
