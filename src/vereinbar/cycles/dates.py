"""Due dates of phase runs, counted from the anchor the programme's data names."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import TYPE_CHECKING

from vereinbar.programmes.models import DueAnchor, Phase

if TYPE_CHECKING:
    from .award_hooks import CycleAward
    from .models import Cycle


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def anchor_date(phase: Phase, *, cycle: Cycle, opened_on: date | None, award: CycleAward | None) -> date | None:
    """The date the phase's due date counts from; None while it is unknown (no award yet)."""
    anchor = phase.due_anchor
    if anchor == DueAnchor.STAGE_START:
        return cycle.started_on
    if anchor == DueAnchor.PHASE_OPEN:
        return opened_on
    if anchor == DueAnchor.AWARD:
        return award.issued_on if award is not None else None
    if anchor == DueAnchor.EXPIRY:
        return award.valid_until if award is not None else None
    return None


def due_date(
    phase: Phase, *, occurrence: int, cycle: Cycle, opened_on: date | None, award: CycleAward | None
) -> date | None:
    """When occurrence ``occurrence`` (1-based) of the phase is due, or None without a due rule."""
    if not phase.due_anchor:
        return None
    base = anchor_date(phase, cycle=cycle, opened_on=opened_on, award=award)
    if base is None:
        return None
    months = phase.due_months + (occurrence - 1) * (phase.repeat_every_months or 0)
    return add_months(base, months) + timedelta(days=phase.due_days)


def needs_award(phase: Phase) -> bool:
    """Phases counted from the award or its expiry cannot open before the award exists."""
    return phase.due_anchor in (DueAnchor.AWARD, DueAnchor.EXPIRY)
