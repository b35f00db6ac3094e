"""What certificates answers cycles about a cycle's award (``cycles.award_hooks``), registered
from ``CertificatesConfig.ready()``: cycles, below certificates in the layers, grants the award on
a positive decision and reads it for due dates, the level rules, its pages and the desk."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from vereinbar.cycles.award_hooks import AwardSource
from vereinbar.cycles.desk import HEAVY

from .desk import awards_expiring_count, desk_awards
from .models import Award, AwardStatus
from .services import award_create, award_revoke

if TYPE_CHECKING:
    from vereinbar.accounts.models import User
    from vereinbar.cycles.models import Cycle
    from vereinbar.programmes.models import Level


def award_grant(actor: User | None, cycle: Cycle, level: Level | None, issued_on: date) -> Award:
    return award_create(actor=actor, cycle=cycle, level=level, issued_on=issued_on)


def award_revoke_of_cycle(actor: User, cycle: Cycle, reason: str) -> Award | None:
    award = Award.objects.filter(cycle=cycle).first()
    if award is None:
        return None
    return award_revoke(actor=actor, award=award, reason=reason)


def award_of_cycle(cycle: Cycle) -> Award | None:
    return Award.objects.filter(cycle=cycle).select_related("level").first()


def awards_of_cycles(cycle_ids: Iterable[int]) -> dict[int, Award]:
    return {award.cycle_id: award for award in Award.objects.filter(cycle_id__in=cycle_ids) if award.cycle_id}


def levels_held(cycle: Cycle) -> set[str]:
    return set(
        Award.objects.filter(organisation=cycle.organisation, programme=cycle.programme)
        .exclude(cycle=cycle)
        .exclude(status=AwardStatus.REVOKED)
        .exclude(level=None)
        .values_list("level__key", flat=True)
    )


def awards_expiring(user: User, first: date, last: date) -> QuerySet[Award]:
    return (
        desk_awards(user=user)
        .filter(status=AwardStatus.VALID, valid_until__gte=first, valid_until__lte=last)
        .select_related("organisation", "version", "stage", "level", "cycle")
        .defer(*HEAVY)
        .order_by("valid_until", "organisation__name", "pk")
    )


def awards_in_force(user: User, day: date) -> QuerySet[Award]:
    return desk_awards(user=user).valid_on(day)  # type: ignore[attr-defined]  # AwardQuerySet


AWARDS = AwardSource(
    grant=award_grant,
    revoke=award_revoke_of_cycle,
    of_cycle=award_of_cycle,
    of_cycles=awards_of_cycles,
    levels_held=levels_held,
    expiring=awards_expiring,
    expiring_count=awards_expiring_count,
    in_force=awards_in_force,
)
