"""Bulk actions of the operator's desk on chosen cycles: assign an auditor, send the employer a
reminder, extend the due date of the phases in progress.

Only an operator admin acts, and only on the cycles of the programmes their organisation
operates (platform admins: any cycle). Each action checks everything first and changes nothing
when a choice is wrong (a cycle outside the reader's programmes, an auditor not of the cycles'
operator, a date not in the future); then, in one transaction, each cycle it changes gets its
own history entry (and its notification, sent through the outbox after commit). A cycle the
action cannot apply to (closed, or nothing to extend) is left out and counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vereinbar.accounts.models import Membership, User
from vereinbar.accounts.roles import Role
from vereinbar.activity.services import entry_record
from vereinbar.organisations.models import Organisation

from ..desk import HEAVY
from ..models import Cycle, CycleStatus, PhaseRun, PhaseStatus
from ..workflow import Party
from . import _common as c
from .cycle import cycle_assign_auditor

VERB_REMINDED = "cycle.reminded"
VERB_DUE_EXTENDED = "cycle.due_extended"
# The most cycles one bulk action takes (a larger selection is refused with a message).
BULK_LIMIT = 2000
ACTIVE = (CycleStatus.APPLIED, CycleStatus.OPEN, CycleStatus.AWARDED)
RUNNING = (CycleStatus.OPEN, CycleStatus.AWARDED)
WORKING = (PhaseStatus.OPEN, PhaseStatus.RETURNED)
MESSAGE_MAX = 1000


@dataclass
class BulkOutcome:
    """What a bulk action did: the cycles it changed, and those it left out with the reason."""

    changed: list[Cycle] = field(default_factory=list)
    skipped: list[tuple[Cycle, str]] = field(default_factory=list)


def bulk_scope(*, actor: User) -> QuerySet[Cycle]:
    """The cycles ``actor`` may act on in bulk: those of the programmes their organisation
    operates, as operator admin (platform admins: every cycle)."""
    if not (getattr(actor, "is_authenticated", False) and getattr(actor, "is_active", False)):
        return Cycle.objects.none()
    if actor.is_superuser:
        return Cycle.objects.all()
    runs = Membership.objects.filter(user=actor, role=Role.OPERATOR_ADMIN).values("organisation_id")
    return Cycle.objects.filter(programme__operator_id__in=runs)


def bulk_allowed(*, actor: User) -> bool:
    """Whether ``actor`` may use bulk actions at all (asked before anything posted is read)."""
    if not (getattr(actor, "is_authenticated", False) and getattr(actor, "is_active", False)):
        return False
    return bool(actor.is_superuser) or Membership.objects.filter(user=actor, role=Role.OPERATOR_ADMIN).exists()


def bulk_cycles(*, actor: User, ids: Iterable[int]) -> list[Cycle]:
    """The chosen cycles, in the organisation's name order; refused (PermissionDenied) when one
    of them is not the actor's to act on, and (ValidationError) when none or too many are chosen.
    Without the programme's definition and long texts (``desk.HEAVY``): the confirmation page,
    the history entries and the mails need the titles only, and decoding a version's definition
    once per chosen cycle took most of the time of a bulk action over a thousand cycles."""
    wanted = {int(pk) for pk in ids}
    if not wanted:
        raise ValidationError(_("Choose at least one cycle."))
    if len(wanted) > BULK_LIMIT:
        raise ValidationError(
            _("At most %(limit)s cycles can be changed at once; narrow the filter.") % {"limit": BULK_LIMIT}
        )
    cycles = list(
        bulk_scope(actor=actor)
        .filter(pk__in=wanted)
        .select_related("organisation", "programme", "version", "stage", "auditor")
        .defer(*HEAVY)
        .order_by("organisation__name", "pk")
    )
    if len(cycles) != len(wanted):
        raise PermissionDenied(_("Only cycles of the programmes you operate can be changed here."))
    return cycles


def _auditor_of_all(cycles: list[Cycle], auditor: User) -> None:
    """Refuse (nothing changes) unless ``auditor`` audits for the operator of every cycle."""
    refused = ValidationError({"auditor": _("Choose an auditor of the programme's operator.")})
    operators = {cycle.programme.operator_id for cycle in cycles}
    if auditor is None or not auditor.is_active or None in operators:
        raise refused
    theirs = set(
        Membership.objects.filter(user=auditor, role=Role.AUDITOR, organisation_id__in=list(operators)).values_list(
            "organisation_id", flat=True
        )
    )
    missing = operators - theirs
    if missing and not theirs:  # no auditor of these cycles at all: nothing more to say of them
        raise refused
    if missing:
        # an auditor for some of the chosen cycles' operators, not for all (the desk lists every
        # auditor of the reader's operators): say for which and how many cycles, to choose again
        names = sorted(Organisation.objects.filter(pk__in=missing).values_list("name", flat=True))
        count = sum(1 for cycle in cycles if cycle.programme.operator_id in missing)
        raise ValidationError(
            {
                "auditor": ngettext(
                    "%(auditor)s does not audit for %(operators)s (%(count)s of the chosen cycles). "
                    "Choose another auditor or leave that cycle out.",
                    "%(auditor)s does not audit for %(operators)s (%(count)s of the chosen cycles). "
                    "Choose another auditor or leave those cycles out.",
                    count,
                )
                % {
                    "auditor": auditor,
                    "operators": ", ".join(names),
                    "count": formats.number_format(count, use_l10n=True, force_grouping=True),
                }
            }
        )


def bulk_assign_auditor(*, actor: User, ids: Iterable[int], auditor: User) -> BulkOutcome:
    """Make ``auditor`` the auditor of every chosen cycle that is applied, running or awarded
    (one history entry and one notification per cycle changed; already theirs: left out)."""
    cycles = bulk_cycles(actor=actor, ids=ids)
    _auditor_of_all(cycles, auditor)
    outcome = BulkOutcome()
    with transaction.atomic():
        for cycle in cycles:
            if cycle.status not in ACTIVE:
                outcome.skipped.append((cycle, _("closed")))
            elif cycle.auditor_id == auditor.pk:
                outcome.skipped.append((cycle, _("already assigned")))
            else:
                outcome.changed.append(cycle_assign_auditor(actor=actor, cycle=cycle, auditor=auditor))
    return outcome


def bulk_remind(*, actor: User, ids: Iterable[int], message: str) -> BulkOutcome:
    """Send the coordinators of each chosen running cycle a reminder with ``message`` (in their
    inbox and by mail, through the outbox), with one history entry per cycle."""
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Write what the reminder says.")})
    if len(message) > MESSAGE_MAX:
        raise ValidationError({"message": _("At most %(limit)s characters.") % {"limit": MESSAGE_MAX}})
    cycles = bulk_cycles(actor=actor, ids=ids)
    outcome = BulkOutcome()
    with transaction.atomic():
        for cycle in cycles:
            if cycle.status not in ACTIVE:
                outcome.skipped.append((cycle, _("closed")))
                continue
            recipients = c.users_of(cycle, {Party.COORDINATOR})
            if not recipients:
                outcome.skipped.append((cycle, _("no coordinator to write to")))
                continue
            runs = list(
                PhaseRun.objects.filter(cycle=cycle, status__in=WORKING)
                .select_related("phase")
                .order_by("phase__order", "occurrence")
            )
            entry_record(
                actor=actor,
                verb=VERB_REMINDED,
                target=cycle,
                organisation=cycle.organisation,
                after={"message": message, "recipients": len(recipients)},
            )
            c.notify(
                cycle,
                {Party.COORDINATOR},
                "desk_reminder",
                # the reminder is the operator's person's own words: signed with their name, replies to them
                context={"message": message, "runs": runs, "writer": actor.full_name or actor.email},
                reply_to=actor.email,
            )
            outcome.changed.append(cycle)
    return outcome


def bulk_extend_due(*, actor: User, ids: Iterable[int], due_on: date) -> BulkOutcome:
    """Move the due date of the phases each chosen cycle is working on to ``due_on`` (a day
    after today); a phase due later already keeps its date. One history entry per cycle
    changed; the coordinators are told."""
    if due_on is None or due_on <= c.today():
        raise ValidationError({"due_on": _("Choose a day after today.")})
    cycles = bulk_cycles(actor=actor, ids=ids)
    outcome = BulkOutcome()
    with transaction.atomic():
        for cycle in cycles:
            if cycle.status not in RUNNING:
                outcome.skipped.append((cycle, _("not running")))
                continue
            c.lock(cycle)
            runs = list(PhaseRun.objects.filter(cycle=cycle, status__in=WORKING, due_on__lt=due_on))
            if not runs:
                outcome.skipped.append((cycle, _("no phase due before that day")))
                continue
            before = min(run.due_on for run in runs if run.due_on is not None)
            PhaseRun.objects.filter(pk__in=[run.pk for run in runs]).update(due_on=due_on)
            entry_record(
                actor=actor,
                verb=VERB_DUE_EXTENDED,
                target=cycle,
                organisation=cycle.organisation,
                before={"due_on": before.isoformat()},
                after={"due_on": due_on.isoformat()},
            )
            c.notify(cycle, {Party.COORDINATOR}, "due_extended", context={"due_on": due_on})
            outcome.changed.append(cycle)
    return outcome
