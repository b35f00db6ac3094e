"""Changes to awards: created by a cycle's grant, revoked by the operator, marked expired and
superseded. Each writes a history entry; people are told after commit."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinbar.activity.services import entry_record
from vereinbar.core.signals import organisations_changed
from vereinbar.cycles.dates import add_months
from vereinbar.cycles.permissions import CYCLE_RULES, CycleAction
from vereinbar.cycles.workflow import TransitionRefused

from .models import Award, AwardStatus
from .permissions import award_parties

if TYPE_CHECKING:
    from vereinbar.accounts.models import User
    from vereinbar.cycles.models import Cycle
    from vereinbar.programmes.models import Level

VERB_GRANTED = "award.granted"
VERB_REVOKED = "award.revoked"
VERB_EXPIRED = "award.expired"
VERB_SUPERSEDED = "award.superseded"


def _number_next(year: int) -> str:
    prefix = f"{year}-"
    numbers = Award.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    highest = max((int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{highest + 1:05d}"


def award_create(*, actor: User | None, cycle: Cycle, level: Level | None, issued_on: date) -> Award:
    """The award of a granted cycle (call inside the decision's transaction). Earlier valid
    awards of the organisation in the programme become superseded."""
    stage = cycle.stage
    valid_until = add_months(issued_on, stage.validity_months) if stage.validity_months else None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                award = Award.objects.create(
                    number=_number_next(issued_on.year),
                    organisation=cycle.organisation,
                    programme=cycle.programme,
                    version=cycle.version,
                    stage=stage,
                    level=level,
                    cycle=cycle,
                    issued_on=issued_on,
                    valid_until=valid_until,
                )
            break
        except IntegrityError:  # another award took the number in the meantime
            continue
    else:
        raise IntegrityError("could not allocate an award number")
    earlier = Award.objects.filter(
        organisation=cycle.organisation, programme=cycle.programme, status=AwardStatus.VALID
    ).exclude(pk=award.pk)
    for old in earlier:
        old.status, old.superseded_by = AwardStatus.SUPERSEDED, award
        old.save(update_fields=["status", "superseded_by"])
        entry_record(
            actor=actor,
            verb=VERB_SUPERSEDED,
            target=old,
            organisation=old.organisation,
            before={"status": AwardStatus.VALID.value},
            after={"status": old.status, "by": award.number},
        )
    entry_record(
        actor=actor,
        verb=VERB_GRANTED,
        target=award,
        organisation=award.organisation,
        after={
            "number": award.number,
            "level": level.key if level else None,
            "issued_on": issued_on.isoformat(),
            "valid_until": valid_until.isoformat() if valid_until else None,
        },
    )
    organisations_changed(organisation_ids=[award.organisation_id])
    return award


def award_revoke(*, actor: User, award: Award, reason: str, revoked_on: date | None = None) -> Award:
    """The operator revokes an award, with a reason that the verification page does not show."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the revocation.")})
    with transaction.atomic():
        award = Award.objects.select_for_update().get(pk=award.pk)
        if not award_parties(actor, award) & CYCLE_RULES[CycleAction.REVOKE_AWARD]:
            raise PermissionDenied(_("Only the programme operator may revoke an award."))
        if award.status != AwardStatus.VALID:
            raise TransitionRefused(
                _("The award is “%(status)s”; only a valid award can be revoked.")
                % {"status": award.get_status_display()}
            )
        before = award.status
        award.status = AwardStatus.REVOKED
        award.revoked_on = revoked_on or timezone.localdate()
        award.revoked_reason = reason.strip()
        award.revoked_by = actor
        award.save(update_fields=["status", "revoked_on", "revoked_reason", "revoked_by"])
        entry_record(
            actor=actor,
            verb=VERB_REVOKED,
            target=award,
            organisation=award.organisation,
            before={"status": before},
            after={"status": award.status},
            comment=award.revoked_reason,
        )
        organisations_changed(organisation_ids=[award.organisation_id])
        if award.cycle is not None:
            from vereinbar.cycles.services import notify
            from vereinbar.cycles.workflow import Party

            notify(award.cycle, {Party.COORDINATOR}, "award_revoked", context={"award": award})
    return award


def awards_expire(*, today: date | None = None) -> list[Award]:
    """Mark valid awards past their validity as expired (idempotent; the daily task runs it)."""
    today = today or timezone.localdate()
    expired = []
    for award in Award.objects.filter(status=AwardStatus.VALID, valid_until__lt=today).select_related("organisation"):
        with transaction.atomic():
            changed = Award.objects.filter(pk=award.pk, status=AwardStatus.VALID).update(status=AwardStatus.EXPIRED)
            if not changed:
                continue
            organisations_changed(organisation_ids=[award.organisation_id])
            award.status = AwardStatus.EXPIRED
            entry_record(
                actor="system",
                verb=VERB_EXPIRED,
                target=award,
                organisation=award.organisation,
                before={"status": AwardStatus.VALID.value},
                after={
                    "status": award.status,
                    "valid_until": award.valid_until.isoformat() if award.valid_until else None,
                },
            )
        expired.append(award)
    return expired
