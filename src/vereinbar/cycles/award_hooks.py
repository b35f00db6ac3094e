"""The award a cycle leads to, without cycles importing certificates (docs/architecture.md,
"Events that go up"). Certificates, above cycles in the layers (an award points at its cycle),
registers its ``AwardSource`` from its ``AppConfig.ready()``; cycles calls it where its workflow
meets the award:

- a positive decision grants the award (``award_grant``, inside the decision's transaction);
  the operator revokes it from the cycle page (``award_revoke``);
- due dates counted from the award or its expiry, and a renewal's from the award it renews
  (``award_of``); the cycle page shows the award (``award_of``), its export the number and
  validity of each cycle's (``awards_of_cycles``);
- the level rules read the levels held before (``levels_held``);
- the operator's overview and desk show the awards expiring soon, and the employers list how
  many awards each employer holds (``awards_expiring``, ``awards_expiring_count``,
  ``awards_in_force``).

A hook is a plain call: it runs at once, in the caller's transaction, and its errors reach the
caller as a direct call's would. Nothing registered is a configuration error
(``ImproperlyConfigured``), not a silent "no award".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from vereinbar.core.hooks import Hook

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from vereinbar.accounts.models import User
    from vereinbar.programmes.models import Level

    from .models import Cycle


class CycleAward(Protocol):
    """What cycles reads of an award (``certificates.Award``)."""

    @property
    def pk(self) -> Any: ...
    @property
    def number(self) -> str: ...
    @property
    def issued_on(self) -> date: ...
    @property
    def valid_until(self) -> date | None: ...
    @property
    def level(self) -> Level | None: ...
    @property
    def is_valid(self) -> bool: ...
    @property
    def status(self) -> str: ...
    @property
    def verification_code(self) -> str: ...


@dataclass(frozen=True)
class AwardSource:
    """The calls certificates offers cycles."""

    # (actor, cycle, level, issued_on): the award of a granted cycle, made in the caller's
    # transaction; earlier awards of the organisation in the programme are superseded.
    grant: Callable[[User | None, Cycle, Level | None, date], CycleAward]
    # (actor, cycle, reason): the operator revokes the cycle's award, in its own transaction;
    # the revoked award, or None when the cycle has none. Refusals raise as a direct call's.
    revoke: Callable[[User, Cycle, str], CycleAward | None]
    # The award the cycle led to (with its level), or None.
    of_cycle: Callable[[Cycle], CycleAward | None]
    # The award of each of these cycles that has one, by cycle id (one query).
    of_cycles: Callable[[Iterable[int]], Mapping[int, CycleAward]]
    # Keys of the levels the cycle's organisation held before in its programme (not revoked).
    levels_held: Callable[[Cycle], set[str]]
    # (reader, first, last): valid awards on the reader's desk expiring between the two days,
    # soonest first, with organisation, version, stage and level; with the awards granted
    # before the platform (no cycle), as the awards list shows them.
    expiring: Callable[[User, date, date], QuerySet[Any]]
    # (reader, first, last): how many valid awards on the reader's desk expire between the days.
    expiring_count: Callable[[User, date, date], int]
    # (reader, day): the awards on the reader's desk in force on ``day`` (those without a cycle
    # too), as a queryset with ``organisation`` and ``programme`` fields (the employers list
    # finds and counts them in sub-queries).
    in_force: Callable[[User, date], QuerySet[Any]]


SOURCE: Hook[AwardSource] = Hook("the awards of cycles")


def award_source_register(source: AwardSource) -> None:
    """Register the app that makes awards (one; registering again replaces it)."""
    SOURCE.register(source, key="source")


def _source() -> AwardSource:
    return SOURCE.one()


def award_grant(*, actor: User | None, cycle: Cycle, level: Level | None, issued_on: date) -> CycleAward:
    """The award of a granted cycle (call inside the decision's transaction)."""
    return _source().grant(actor, cycle, level, issued_on)


def award_revoke(*, actor: User, cycle: Cycle, reason: str) -> CycleAward | None:
    """The operator revokes the cycle's award (None: the cycle has none)."""
    return _source().revoke(actor, cycle, reason)


def award_of(cycle: Cycle) -> CycleAward | None:
    """The award the cycle led to (None: none yet)."""
    return _source().of_cycle(cycle)


def awards_of_cycles(cycle_ids: Iterable[int]) -> Mapping[int, CycleAward]:
    """The award of each of these cycles that has one, by cycle id."""
    return _source().of_cycles(cycle_ids)


def levels_held(cycle: Cycle) -> set[str]:
    """Levels the organisation held before in this programme (awards of earlier cycles, not revoked)."""
    return _source().levels_held(cycle)


def awards_expiring(*, user: User, first: date, last: date) -> QuerySet[Any]:
    """Valid awards on the reader's desk that expire between ``first`` and ``last``, soonest first."""
    return _source().expiring(user, first, last)


def awards_expiring_count(*, user: User, first: date, last: date) -> int:
    """How many valid awards on the reader's desk expire between ``first`` and ``last``."""
    return _source().expiring_count(user, first, last)


def awards_in_force(*, user: User, day: date) -> QuerySet[Any]:
    """The awards on the reader's desk in force on ``day`` (a queryset, for sub-queries)."""
    return _source().in_force(user, day)
