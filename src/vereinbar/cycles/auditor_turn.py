"""Whose move it is, for the reader of a cycle's pages (an auditor with twenty employers opens a
cycle and must read first what it waits for, and from whom): the cycle's next step, and what a
verdict on a phase set going."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from vereinbar.core.quotes import nested_quotes

from .models import Cycle, PhaseRun, PhaseStatus

IN_PROGRESS = (PhaseStatus.OPEN, PhaseStatus.RETURNED, PhaseStatus.SUBMITTED)


@dataclass(frozen=True)
class NextStep:
    """The phase the cycle waits on: the reader's (to review, or to work on) or someone else's."""

    run: PhaseRun
    mine: bool
    review: bool  # handed in, to accept or return
    holder: str  # who has it: the phase's actor, or whoever accepts it once it is handed in
    overdue: bool  # past its due date and not handed in (a phase handed in is not late)


def _holder(run: PhaseRun) -> str:
    if run.status == PhaseStatus.SUBMITTED and run.phase.accepted_by:
        return str(run.phase.get_accepted_by_display())
    return run.phase.actor_text()


def cycle_next_step(
    *, cycle: Cycle, runs: Sequence[PhaseRun], to_review: Collection[int], to_do: Collection[int]
) -> NextStep | None:
    """The first phase the reader reviews, else the first they work on, else the first phase in
    progress with whoever has it; None when the cycle is not in progress or no phase is open.
    ``to_review``/``to_do``: the runs the page marks as the reader's (``_cycle_context``)."""
    if not cycle.is_working:
        return None
    order = (
        [run for run in runs if run.pk in to_review],
        [run for run in runs if run.pk in to_do],
        [run for run in runs if run.status in IN_PROGRESS],
    )
    for rank, candidates in enumerate(order):
        if candidates:
            run = candidates[0]
            return NextStep(
                run=run,
                mine=rank < 2,
                review=run.status == PhaseStatus.SUBMITTED,
                holder=_holder(run),
                overdue=run.status != PhaseStatus.SUBMITTED and run.is_overdue(),
            )
    return None


def review_done_message(*, run: PhaseRun, accepted: bool) -> str:
    """What the reviewer is told after their verdict: where the phase went, and which phase the
    cycle waits on next (so the reviewer knows whether anything more is theirs)."""
    title = nested_quotes(run)
    if not accepted:
        return _("“%(phase)s” has been returned for changes; it goes back, with your comments, to: %(holder)s.") % {
            "phase": title,
            "holder": run.phase.actor_text(),
        }
    cycle = Cycle.objects.get(pk=run.cycle_id)  # as the verdict left it (awarded, say)
    following = (
        cycle.phase_runs.filter(status__in=(PhaseStatus.OPEN, PhaseStatus.RETURNED))
        .exclude(pk=run.pk)
        .select_related("phase")
        .order_by("phase__order", "occurrence")
        .first()
    )
    if following is None or not cycle.is_working:
        return _("“%(phase)s” has been accepted.") % {"phase": title}
    return _("“%(phase)s” has been accepted. Next comes “%(next)s”, to be done by: %(holder)s.") % {
        "phase": title,
        "next": nested_quotes(following),
        "holder": following.phase.actor_text(),
    }
