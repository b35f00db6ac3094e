"""What the mails about an award tell the employer to do next (``cycles/mail/cycle_grant``,
``cycle_renewed``, ``reminder_award_expiry``, ``reminder_award_expired``): the earlier award a new
one replaces, the renewal under way or how to start one, and when the award lapses. The cases
are decided here; the templates only say them (and build the links in the reader's language)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from vereinbar.programmes.models import closed_since

from .award_hooks import CycleAward, award_of, awards_of_cycles
from .models import RUNNING_STATUSES, Cycle, CycleStatus, PhaseRun, PhaseStatus
from .selectors import next_stage

# certificates.AwardStatus values (cycles sits below certificates and does not import it)
REVOKED = "revoked"
SUPERSEDED = "superseded"

WAITING_PHASE_STATUSES = (PhaseStatus.OPEN, PhaseStatus.RETURNED, PhaseStatus.SUBMITTED)


def award_replaced(*, cycle: Cycle, award: CycleAward | None) -> CycleAward | None:
    """The organisation's latest earlier award in the cycle's programme, which ``award`` replaces
    (on the employer's website too); None for a first award. A revoked one is not replaced: its
    seal already says it was revoked."""
    if award is None:
        return None
    earlier_cycles = (
        Cycle.objects.filter(organisation_id=cycle.organisation_id, programme_id=cycle.programme_id)
        .exclude(pk=cycle.pk)
        .values_list("pk", flat=True)
    )
    earlier = [
        other
        for other in awards_of_cycles(list(earlier_cycles)).values()
        if other.status != REVOKED and (other.issued_on, other.pk) < (award.issued_on, award.pk)
    ]
    return max(earlier, key=lambda other: (other.issued_on, other.pk), default=None)


def grant_mail_context(*, cycle: Cycle, award: CycleAward | None) -> dict[str, Any]:
    """For ``cycle_grant``: the award the new one replaces, and whether it now says “replaced”."""
    replaced = award_replaced(cycle=cycle, award=award)
    return {"replaced": replaced, "replaced_now": replaced is not None and replaced.status == SUPERSEDED}


def renewal_mail_context(*, renewal: Cycle, today: date) -> dict[str, Any]:
    """For ``cycle_renewed``: the award of the renewed cycle, which the renewal's award will
    replace (None when it has none or it was revoked), and whether it is still valid today."""
    previous = renewal.previous
    award = award_of(previous) if previous is not None else None
    if award is None or award.status == REVOKED:
        return {"renews_award": None, "renews_valid": False}
    return {
        "renews_award": award,
        "renews_valid": award.is_valid and (award.valid_until is None or award.valid_until >= today),
    }


def award_expiry_context(*, cycle: Cycle, award: CycleAward, today: date) -> dict[str, Any]:
    """For the expiry reminders: the day the award lapses, and what keeps it: the renewal under
    way (and the phase it has reached), or whether the coordinator can start one on the cycle
    page (``renewable``, and ``carries_goals`` when the cycle agreed goals: a renewal carries
    over those not yet reached); if not, because the programme has no next stage
    (``no_next_stage``) or takes no applications any more (``closed_on``)."""
    assert award.valid_until is not None
    context: dict[str, Any] = {
        "lapses_on": award.valid_until + timedelta(days=1),
        "renewal": None,
        "renewal_phase": None,
        "renewable": False,
        "carries_goals": False,
        "no_next_stage": False,
        "closed_on": None,
    }
    renewal = cycle.renewals.filter(status__in=RUNNING_STATUSES).select_related("stage").order_by("-pk").first()
    if renewal is not None:
        context["renewal"] = renewal
        context["renewal_phase"] = (
            PhaseRun.objects.filter(cycle=renewal, status__in=WAITING_PHASE_STATUSES)
            .select_related("phase")
            .order_by("phase__order", "occurrence")
            .first()
        )
        return context
    stage = next_stage(cycle)
    if stage is None:
        context["no_next_stage"] = True
        return context
    current = cycle.programme.current_version
    context["closed_on"] = closed_since(*([current] if current is not None else []), cycle.version, stage, on=today)
    if context["closed_on"] is None:
        from .services import cycle_renewed  # the services import this module's callers

        context["renewable"] = cycle.status in (CycleStatus.AWARDED, CycleStatus.COMPLETED) and not cycle_renewed(cycle)
        context["carries_goals"] = context["renewable"] and cycle.sets_goals
    return context
