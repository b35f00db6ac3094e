"""Phases whose deliverable is made in another app (``workflow.COMPLETED_ELSEWHERE``): the staff
survey of a phase whose deliverable is ``survey``, made in surveys (``Survey.phase_run``).

Such a phase follows what makes it: it cannot be completed while that is unfinished
(``survey_hooks.MadeElsewhere.problems``), and when it is done the platform moves the phase on
(submitted to its acceptor, or accepted when nobody accepts it). The app that makes it calls
``phase_complete_elsewhere`` (surveys: when the survey closes with results); a phase still
locked then is moved on the same way when it opens (``phase_follow_on_opening``, which asks the
app through ``survey_hooks.MadeElsewhere.delivered``).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from vereinbar.activity.updates import model_update

from ..models import PhaseRun, PhaseStatus
from ..permissions import phase_parties
from ..survey_hooks import deliverable_of
from ..workflow import COMPLETED_ELSEWHERE, PHASE_TRANSITIONS, Party, transition_check
from . import _common as c


def phase_complete_elsewhere(*, run_id: int, moment: datetime, delivered: dict[str, object]) -> PhaseRun | None:
    """What makes the run's deliverable elsewhere is done (``delivered``: what, as the history
    entry records it, e.g. ``{"survey": 12}``): move the phase on, as the platform, if it is open
    or returned and nothing else is missing. Call inside the transaction that finished it.

    A phase still locked then is moved on when it opens (``phase_follow_on_opening``)."""
    from .content import deliverable_problems
    from .phases import _repeat, cycle_progress

    run = PhaseRun.objects.select_related("phase", "cycle").get(pk=run_id)
    if run.phase.deliverable not in COMPLETED_ELSEWHERE:
        return None
    run = c.lock_run(run)
    cycle = run.cycle
    if not cycle.is_working or run.status not in (PhaseStatus.OPEN, PhaseStatus.RETURNED):
        return None  # a locked phase follows when it opens; a done one stays done
    if deliverable_problems(run):
        return None
    if _phase_complete(run=run, delivered=delivered, moment=moment) == PhaseStatus.ACCEPTED:
        on = timezone.localtime(moment).date()
        _repeat(run=run, on=on)
        # No actor: history records "system", and nobody is left out of the notifications
        # of phases this one opens (a string actor there would break the exclusion).
        cycle_progress(cycle=cycle, actor=None, on=on)
    return run


def phase_follow_on_opening(*, run: PhaseRun, on: date, quiet: bool = False) -> bool:
    """A phase made elsewhere that has just opened, whose deliverable was already done while the
    phase was locked (a survey closed with results): move it on now, as
    ``phase_complete_elsewhere`` would have. True if it moved. Called by ``services.phases``
    where phases open; the caller goes on with the cycle's progress (its loop opens the phases
    this one gates)."""
    from .content import deliverable_problems
    from .phases import _repeat

    if run.phase.deliverable not in COMPLETED_ELSEWHERE or run.status != PhaseStatus.OPEN:
        return False
    delivered = deliverable_of(run.phase.deliverable).delivered(run)
    if delivered is None or deliverable_problems(run):
        return False
    # Dated like the opening: now, or noon of the day when the history is replayed.
    moment = timezone.now() if on == timezone.localdate() else timezone.make_aware(datetime.combine(on, time(12)))
    if _phase_complete(run=run, delivered=delivered, moment=moment, on_opening=True, quiet=quiet) == (
        PhaseStatus.ACCEPTED
    ):
        _repeat(run=run, on=on)
    return True


def _phase_complete(
    *, run: PhaseRun, delivered: dict[str, object], moment: datetime, on_opening: bool = False, quiet: bool = False
) -> PhaseStatus:
    """Submit the run for the platform (completed at once when nobody accepts it), with its
    history entry and notifications; returns the new status. Run locked, inside a transaction."""
    from .phases import phase_label

    cycle = run.cycle
    target = PhaseStatus.SUBMITTED if run.phase.accepted_by else PhaseStatus.ACCEPTED
    transition_check(
        PHASE_TRANSITIONS,
        run.status,
        target,
        parties=frozenset({Party.SYSTEM}),
        placeholders=phase_parties(run.phase),
        label=phase_label(run),
    )
    data: dict[str, object] = {"status": target, "submitted_at": moment, "submitted_by": None}
    if target == PhaseStatus.ACCEPTED:
        data |= {"accepted_at": moment, "accepted_by": None}
    after: dict[str, object] = dict(delivered)
    if on_opening:
        after["on_opening"] = True  # it was done while the phase was still locked
    model_update(
        run,
        data,
        actor="system",
        verb=c.VERB_PHASE_SUBMITTED if target == PhaseStatus.SUBMITTED else c.VERB_PHASE_COMPLETED,
        organisation=cycle.organisation,
        recorded=("status",),
        after_extra=after,
    )
    if not quiet:
        if target == PhaseStatus.SUBMITTED:
            c.notify(cycle, phase_parties(run.phase)[Party.ACCEPTOR], "phase_submitted", run=run)
        else:
            c.notify(cycle, c.actor_parties_of_phase(run), "phase_accepted", run=run)
    return target
