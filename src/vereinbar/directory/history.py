"""The public history on a profile: every award (and, for programmes without awards, every
participation) an organisation held in a programme listed in the directory, past and present.

What counts (docs/open-data.md, "Public history"): awards of programme versions with
``publication: directory: true`` — in force, renewed (superseded), expired or revoked — and the
started cycles of such programmes of kind ``cycle`` that were not declined, refused or withdrawn.
A revoked award shows what the public verification page shows about it (its status, never the
reason or who revoked it) and alone never keeps a profile public. Each entry shows only what its
programme version publishes (``level``, ``awarded_on``, ``first_awarded_on``, ``valid_until``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.certificates.selectors import award_chain
from vereinbar.cycles.models import Cycle, CycleStatus
from vereinbar.organisations.models import Organisation
from vereinbar.programmes.models import Level, Programme, ProgrammeKind, ProgrammeVersion, PublishedItem, Stage

# Cycles that count as taking part: started and not ended by a refusal or a withdrawal.
PARTICIPATION_STATUSES = (CycleStatus.OPEN, CycleStatus.AWARDED, CycleStatus.COMPLETED)
HEAVY_VERSION_FIELDS = ("version__definition", "version__source_text")


class HistoryStatus(models.TextChoices):
    """How an award or a participation stands, in words the public understands."""

    IN_FORCE = "in_force", _("In force")
    RENEWED = "renewed", _("Renewed")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    TAKING_PART = "taking_part", _("Taking part")
    COMPLETED = "completed", _("Completed")


@dataclass(frozen=True)
class HistoryEntry:
    """One award or participation on the timeline, with only the facts its programme publishes
    (a date or level it does not publish is None)."""

    status: str
    stage: Stage
    level: Level | None
    started_on: date | None
    ended_on: date | None
    award: Award | None = None
    renews: bool = False  # the award continues an unbroken run of an earlier one
    renewals: int = 0  # on the page: earlier awards of the run summed up in this entry

    @property
    def status_label(self) -> str:
        return str(HistoryStatus(self.status).label)

    @property
    def current(self) -> bool:
        return self.status in (HistoryStatus.IN_FORCE, HistoryStatus.TAKING_PART)


@dataclass(frozen=True)
class ProgrammeHistory:
    """An organisation's public history in one programme, newest entry first."""

    programme: Programme
    version: ProgrammeVersion  # of the newest entry: the title and kind shown
    entries: list[HistoryEntry]
    first_participation: date | None  # the first award's issue or the first cycle's start

    @property
    def kind(self) -> str:
        return self.version.kind

    @property
    def public(self) -> bool:
        """Whether this history keeps a profile public: anything but revoked awards."""
        return any(entry.status != HistoryStatus.REVOKED for entry in self.entries)


def _award_status(award: Award, day: date) -> str:
    status = award.status_on(day)
    if status == AwardStatus.VALID:
        return HistoryStatus.IN_FORCE
    if status == AwardStatus.SUPERSEDED:
        return HistoryStatus.RENEWED
    return HistoryStatus(status)  # expired, revoked


def _award_entries(awards: list[Award], day: date) -> list[HistoryEntry]:
    """The awards of one programme (oldest first) as entries, newest first."""
    by_pk = {award.pk: award for award in awards}
    entries = []
    for position, award in enumerate(awards):
        show = set(award.version.published_items or [])
        status = _award_status(award, day)
        starts_chain = award_chain(award, awards[:position])[0] is award
        started = PublishedItem.AWARDED_ON in show or (PublishedItem.FIRST_AWARDED_ON in show and starts_chain)
        ended: date | None = None
        if status == HistoryStatus.RENEWED and PublishedItem.AWARDED_ON in show:
            following = by_pk.get(award.superseded_by_id or 0) or (
                awards[position + 1] if position + 1 < len(awards) else None
            )
            ended = following.issued_on if following else None
            if ended and award.valid_until and award.valid_until < ended:
                # renewed after a gap: it ran until its own end, not until the next award
                ended = award.valid_until if PublishedItem.VALID_UNTIL in show else None
        elif status in (HistoryStatus.IN_FORCE, HistoryStatus.EXPIRED) and PublishedItem.VALID_UNTIL in show:
            ended = award.valid_until
        entries.append(
            HistoryEntry(
                status=status,
                stage=award.stage,
                level=award.level if PublishedItem.LEVEL in show else None,
                started_on=award.issued_on if started else None,
                ended_on=ended,
                award=award,
                renews=not starts_chain,
            )
        )
    return entries[::-1]


def _cycle_entries(cycles: list[Cycle]) -> list[HistoryEntry]:
    """The participations in one programme without awards (oldest first) as entries, newest first."""
    return [
        HistoryEntry(
            status=HistoryStatus.TAKING_PART if cycle.closed_on is None else HistoryStatus.COMPLETED,
            stage=cycle.stage,
            level=None,
            started_on=cycle.started_on,
            ended_on=cycle.closed_on,
        )
        for cycle in reversed(cycles)
    ]


def shown_entries(history: ProgrammeHistory) -> list[HistoryEntry]:
    """The entries as the profile lists them, newest first: a run of renewals whose programme does
    not publish each award's date (``awarded_on``) is one entry, the newest award of the run with
    the number of its renewals, since rows without dates tell a visitor nothing more. It starts on
    the run's first award where ``first_awarded_on`` is published; a revoked award stays apart."""
    runs: list[list[HistoryEntry]] = []
    for entry in reversed(history.entries):  # oldest first
        joins = runs and entry.renews and runs[-1][-1].status != HistoryStatus.REVOKED
        if joins and entry.status != HistoryStatus.REVOKED:
            runs[-1].append(entry)
        else:
            runs.append([entry])
    shown: list[HistoryEntry] = []
    for run in runs:
        newest = run[-1]
        dated = newest.award is None or PublishedItem.AWARDED_ON in set(newest.award.version.published_items or [])
        if len(run) == 1 or dated:
            shown.extend(run)
            continue
        shown.append(replace(newest, started_on=run[0].started_on, renewals=len(run) - 1))
    return shown[::-1]


def public_history(organisation: Organisation, *, day: date) -> dict[int, ProgrammeHistory]:
    """The organisation's public history per programme (by programme id), most recent first."""
    awards: dict[int, list[Award]] = {}
    for award in (
        Award.objects.filter(organisation=organisation, version__directory_listed=True)
        .select_related("programme", "version", "stage", "level")
        .defer(*HEAVY_VERSION_FIELDS, "level__rule")
        .order_by("issued_on", "pk")
    ):
        awards.setdefault(award.programme_id, []).append(award)
    cycles: dict[int, list[Cycle]] = {}
    for cycle in (
        Cycle.objects.filter(
            organisation=organisation,
            status__in=PARTICIPATION_STATUSES,
            started_on__isnull=False,
            version__directory_listed=True,
            version__kind=ProgrammeKind.CYCLE,
        )
        .select_related("programme", "version", "stage")
        .defer(*HEAVY_VERSION_FIELDS)
        .order_by("started_on", "pk")
    ):
        cycles.setdefault(cycle.programme_id, []).append(cycle)
    out: list[ProgrammeHistory] = []
    for held in awards.values():
        first = next((a.issued_on for a in held if a.status != AwardStatus.REVOKED), None)
        newest = held[-1]
        entries = _award_entries(held, day)
        out.append(ProgrammeHistory(newest.programme, newest.version, entries, first_participation=first))
    for taken in cycles.values():
        if taken[0].programme_id in awards:
            continue
        newest_cycle = taken[-1]
        out.append(
            ProgrammeHistory(
                newest_cycle.programme,
                newest_cycle.version,
                _cycle_entries(taken),
                first_participation=taken[0].started_on,
            )
        )
    out.sort(key=_most_recent, reverse=True)
    return {history.programme.pk: history for history in out}


def _most_recent(history: ProgrammeHistory) -> date:
    entry = history.entries[0]
    if entry.award is not None:
        return entry.award.issued_on
    return entry.started_on or date.min


def has_public_history(histories: Iterable[ProgrammeHistory]) -> bool:
    return any(history.public for history in histories)
