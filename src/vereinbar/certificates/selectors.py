"""Reads about awards: public verification by code, the awards in force for the directory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from vereinbar.programmes.models import PublishedItem

from .models import Award, AwardStatus, verification_code_normalise
from .public_profile import public_profile_url

if TYPE_CHECKING:
    from vereinbar.accounts.models import User
    from vereinbar.cycles.models import Cycle
    from vereinbar.organisations.models import Organisation
    from vereinbar.programmes.models import Programme


def award_by_code(*, code: str) -> Award | None:
    """The award with this verification code (case, spaces and dashes ignored), or None."""
    normalised = verification_code_normalise(code)
    if len(normalised) < 10:
        return None
    return (
        Award.objects.select_related("organisation", "programme", "version", "stage", "level")
        .filter(verification_code=normalised)
        .first()
    )


def awards_listed(*, day: date | None = None) -> QuerySet[Award]:
    """Awards to show in the public directory on ``day``: valid and not past their validity.
    An expired award leaves the directory on the day after ``valid_until`` without any task."""
    return Award.objects.valid_on(day or timezone.localdate()).filter(version__directory_listed=True)


def awards_for_ranking(programme: Programme, organisation_ids: set[int], on: date) -> QuerySet[Award]:
    """The programme's awards valid on ``on`` for these organisations, by organisation and latest
    first: what a ranking list places employers by (``surveys.ranking.ranking_awards_register``)."""
    return (
        Award.objects.filter(programme=programme, organisation_id__in=organisation_ids)
        .valid_on(on)
        .select_related("organisation")
        .order_by("organisation_id", "-issued_on", "-pk")
    )


def award_chain(award: Award, earlier: list[Award]) -> list[Award]:
    """The unbroken run of awards of one programme ending with ``award``, oldest first (``earlier``:
    the organisation's awards in the programme, any order): each award was issued no later than
    the day after the previous one's last valid day, or the previous one has no end. A renewal
    granted after the previous award had run out starts a new run, although it replaced that award
    (superseded); a revoked award ends a run. The programme format has no grace period, so none is
    allowed (docs/workflow.md, "Since")."""
    chain = [award]
    for previous in sorted(
        (a for a in earlier if a.issued_on < award.issued_on or (a.issued_on == award.issued_on and a.pk < award.pk)),
        key=lambda a: (a.issued_on, a.pk),
        reverse=True,
    ):
        following = chain[0]
        if previous.status == AwardStatus.REVOKED:
            break
        reaches = previous.valid_until is None or previous.valid_until >= following.issued_on - timedelta(days=1)
        if not reaches:
            break
        chain.insert(0, previous)
    return chain


def award_since(award: Award) -> date:
    """The first issue day of the award's unbroken run: what "certified since" says."""
    earlier = list(
        Award.objects.filter(
            organisation_id=award.organisation_id, programme_id=award.programme_id, issued_on__lte=award.issued_on
        ).only("pk", "issued_on", "valid_until", "status")
    )
    return award_chain(award, earlier)[0].issued_on


def verification_facts(award: Award, *, day: date | None = None) -> dict[str, object]:
    """The only facts the public verification shows, and only those the programme version
    publishes (``publication.show``), as the profile: ``valid_from`` (the award's own date) with
    ``awarded_on``, ``since`` (the start of its unbroken run, while it is valid) with
    ``first_awarded_on``, ``valid_until`` with ``valid_until`` — a date withheld is None, and
    ``validity_published`` tells such a None from an award without end. A programme not listed in
    the directory has no profile, so its ``show`` withholds nothing: its dates are all shown."""
    level = award.level
    status = award.status_on(day)
    show = set(award.version.published_items or []) if award.version.directory_listed else set(PublishedItem)
    validity_published = PublishedItem.VALID_UNTIL in show
    return {
        "organisation": award.organisation.name,
        "programme": award.version.localised("title"),
        "stage": award.stage.localised("title") or award.stage.key,
        "level": level.localised("title") or level.key if level else None,
        "valid_from": award.issued_on if PublishedItem.AWARDED_ON in show else None,
        "since": award_since(award) if PublishedItem.FIRST_AWARDED_ON in show and status == AwardStatus.VALID else None,
        "valid_until": award.valid_until if validity_published else None,
        "validity_published": validity_published,
        "status": status,
        # a revoked award's validity no longer holds: the page says since when it is revoked
        "revoked_on": award.revoked_on if status == AwardStatus.REVOKED else None,
    }


def verification_public(award: Award) -> dict[str, object]:
    """What the verification page and ``GET /api/v1/verify/<code>`` tell of the award today: the
    ``verification_facts``, whether the employer is made up (``example``, the demo's) and the
    address of its public profile while the directory lists it (``profile_url``; a revoked
    award is no way to it)."""
    facts = verification_facts(award)
    organisation = award.organisation
    revoked = facts["status"] == AwardStatus.REVOKED
    return {
        **facts,
        "example": organisation.is_example,
        "profile_url": None if revoked else public_profile_url(organisation),
    }


def award_current_after(award: Award, *, day: date | None = None) -> Award | None:
    """The organisation's award in the same programme that is in force on ``day`` and came after
    ``award``: its renewal, or a new award after it lapsed or was revoked; None if there is none."""
    return (
        Award.objects.valid_on(day or timezone.localdate())
        .filter(organisation_id=award.organisation_id, programme_id=award.programme_id)
        .filter(Q(issued_on__gt=award.issued_on) | Q(issued_on=award.issued_on, pk__gt=award.pk))
        .order_by("-issued_on", "-pk")
        .first()
    )


def awards_of(*, organisation: Organisation) -> QuerySet[Award]:
    """All awards of an organisation (from ``organisation_for_user``), newest first."""
    return Award.objects.filter(organisation=organisation).select_related(
        "organisation", "programme", "version", "stage", "level"
    )


def awards_in_force(*, organisation: Organisation, day: date | None = None) -> QuerySet[Award]:
    """The organisation's awards valid on ``day`` (for its home page), the soonest to expire first."""
    return (
        Award.objects.valid_on(day or timezone.localdate())
        .filter(organisation=organisation)
        .select_related("programme", "version", "stage", "level", "cycle")
        .order_by(F("valid_until").asc(nulls_last=True), "pk")
    )


# --- What the employer's home says about awards lost or about to run out --------------------

EXPIRING_NOTICE_DAYS = 90  # the home warns of an award expiring within this many days
# ... and tells of a lapsed or revoked one for a year; after that its history keeps it
ENDED_NOTICE_DAYS = 365


class NoticeKind(StrEnum):
    REVOKED = "revoked"  # the operator revoked the award
    LAPSED = "lapsed"  # it expired without a renewal granted
    EXPIRING = "expiring"  # in force, but expires within ``EXPIRING_NOTICE_DAYS``


class NextStep(StrEnum):
    """What the organisation can do about it, for this reader."""

    UNDER_WAY = "under_way"  # a cycle of the programme is running (renewal or new application)
    RENEW = "renew"  # the reader can start the renewal on the cycle's page
    ASK_RENEW = "ask_renew"  # the cycle can be renewed, by the coordinator
    APPLY = "apply"  # the reader can apply to the programme again
    ASK_APPLY = "ask_apply"  # the programme takes applications, from the coordinator
    CONTACT = "contact"  # nothing to start here: the programme operator is the one to ask


@dataclass(frozen=True)
class AwardNotice:
    """An award the employer lost or is about to lose in one programme, and what to do now."""

    kind: NoticeKind
    award: Award
    since: date | None  # revoked on, or the first day it was expired; None while still valid
    days_left: int | None  # expiring: days until its last valid day
    next_step: NextStep
    running: Cycle | None  # the cycle under way in the programme (``NextStep.UNDER_WAY``)

    @property
    def operator_name(self) -> str:
        operator = self.award.programme.operator
        return operator.name if operator is not None else ""


def award_notices(*, user: User, organisation: Organisation, today: date | None = None) -> list[AwardNotice]:
    """For the employer's home: per programme, the latest award when it was revoked or has
    lapsed (expired, no newer award) within ``ENDED_NOTICE_DAYS``, or expires within
    ``EXPIRING_NOTICE_DAYS``, with the next step open to the reader (the renewal, a new
    application, or asking the operator). Revoked first, then lapsed, then the soonest to
    expire. Call after the permission check."""
    from vereinbar.cycles.models import RUNNING_STATUSES
    from vereinbar.cycles.permissions import CycleAction, can
    from vereinbar.cycles.selectors import cycles_for, renewal_open
    from vereinbar.organisations.permissions import Action, has_permission
    from vereinbar.programmes.selectors import programmes_offered

    today = today or timezone.localdate()
    latest: dict[int, Award] = {}
    for award in awards_of(organisation=organisation).select_related(
        "programme__operator", "cycle__programme", "cycle__version", "cycle__stage"
    ):
        latest.setdefault(award.programme_id, award)  # newest first
    running = {
        cycle.programme_id: cycle
        for cycle in cycles_for(user=user, organisation=organisation).filter(status__in=RUNNING_STATUSES)
    }
    offered: set[int] | None = None
    notices = []
    for programme_id, award in latest.items():
        status = award.status_on(today)
        days_left = None
        if status == AwardStatus.REVOKED:
            kind, since = NoticeKind.REVOKED, award.revoked_on
        elif status == AwardStatus.EXPIRED and award.valid_until is not None:
            kind, since = NoticeKind.LAPSED, award.valid_until + timedelta(days=1)
        elif status == AwardStatus.VALID and award.valid_until is not None:
            days_left = (award.valid_until - today).days
            if days_left > EXPIRING_NOTICE_DAYS:
                continue
            kind, since = NoticeKind.EXPIRING, None
        else:
            continue  # superseded, or valid without an end date
        if since is not None and (today - since).days > ENDED_NOTICE_DAYS:
            continue  # long past: the history tells it, the home no longer warns
        cycle = award.cycle
        if programme_id in running:
            step = NextStep.UNDER_WAY
        elif cycle is not None and renewal_open(cycle, on=today):
            step = NextStep.RENEW if can(user, cycle, CycleAction.RENEW) else NextStep.ASK_RENEW
        else:
            if offered is None:
                offered = set(programmes_offered(on=today).values_list("pk", flat=True))
            if programme_id not in offered:
                step = NextStep.CONTACT
            elif has_permission(user, organisation, Action.MANAGE_MEMBERS):  # who may apply
                step = NextStep.APPLY
            else:
                step = NextStep.ASK_APPLY
        notices.append(AwardNotice(kind, award, since, days_left, step, running.get(programme_id)))
    order = list(NoticeKind)
    return sorted(notices, key=lambda notice: (order.index(notice.kind), notice.award.valid_until or date.max))
