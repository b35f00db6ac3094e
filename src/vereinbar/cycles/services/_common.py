"""Helpers shared by the cycle services: locking, state snapshots, notifications after commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation

from vereinbar.accounts.models import Membership, User
from vereinbar.accounts.roles import Role
from vereinbar.notifications.outbox import Sender
from vereinbar.notifications.services import notification_send
from vereinbar.organisations.senders import organisation_sender
from vereinbar.programmes.models import ProgrammeVersion

from ..models import Cycle, PhaseRun
from ..permissions import PHASE_EDITORS, parties_of, phase_actors
from ..verbs import (  # noqa: F401 (the history verbs, named here for the services)
    VERB_ACCEPTED,
    VERB_AGREEMENT_SIGNED,
    VERB_APPLIED,
    VERB_AUDITOR,
    VERB_COMPLETED,
    VERB_CONTENT_CHANGED,
    VERB_DECLINED,
    VERB_DEFERRED,
    VERB_EVIDENCE_ADDED,
    VERB_EVIDENCE_REMOVED,
    VERB_GRANTED,
    VERB_PHASE_ACCEPTED,
    VERB_PHASE_CHOSEN,
    VERB_PHASE_COMPLETED,
    VERB_PHASE_OPENED,
    VERB_PHASE_REOPENED,
    VERB_PHASE_RETURNED,
    VERB_PHASE_SUBMITTED,
    VERB_REFUSED,
    VERB_RENEWED,
    VERB_SIGNATURE,
    VERB_WITHDRAWN,
)
from ..workflow import Party


def today() -> date:
    return timezone.localdate()


def lock(cycle: Cycle) -> Cycle:
    """Lock the cycle's row for the rest of the transaction and reload it (state may have moved).
    The programme version already read stays (a version never changes once loaded): reading it
    again would decode its definition once per cycle in a bulk action."""
    version = Cycle.version.field.get_cached_value(cycle, default=None)
    Cycle.objects.select_for_update().only("pk").get(pk=cycle.pk)
    cycle.refresh_from_db()
    if isinstance(version, ProgrammeVersion) and version.pk == cycle.version_id:
        cycle.version = version
    return cycle


def lock_run(run: PhaseRun) -> PhaseRun:
    lock(run.cycle)
    run.refresh_from_db()
    return run


def party_set(actor: User, cycle: Cycle, *, system: bool = False) -> frozenset[Party]:
    parties = parties_of(actor, cycle)
    return parties | {Party.SYSTEM} if system else parties


def users_of(cycle: Cycle, parties: Iterable[Party]) -> list[User]:
    """The people who make up these parties of the cycle."""
    wanted = set(parties)
    roles_employer = {
        Party.COORDINATOR: [Role.COORDINATOR],
        Party.CONTRIBUTOR: [Role.CONTRIBUTOR],
        Party.VIEWER: [Role.VIEWER],
    }
    roles_operator = {Party.OPERATOR: [Role.OPERATOR_ADMIN], Party.BOARD: [Role.BOARD_MEMBER]}
    users: dict[int, User] = {}
    employer_roles = [role for party in wanted for role in roles_employer.get(party, [])]
    if employer_roles:
        for membership in Membership.objects.filter(
            organisation=cycle.organisation, role__in=employer_roles
        ).select_related("user"):
            users[membership.user.pk] = membership.user
    operator_roles = [role for party in wanted for role in roles_operator.get(party, [])]
    if operator_roles and cycle.programme.operator_id:
        for membership in Membership.objects.filter(
            organisation_id=cycle.programme.operator_id, role__in=operator_roles
        ).select_related("user"):
            users[membership.user.pk] = membership.user
    if Party.AUDITOR in wanted and cycle.auditor is not None:
        users[cycle.auditor.pk] = cycle.auditor
    role_keys = [str(party).removeprefix("role:") for party in wanted if str(party).startswith("role:")]
    if role_keys:  # the people named for a programme role (format 2) in this cycle
        for assignment in cycle.role_assignments.filter(role__key__in=role_keys).select_related("user"):
            users[assignment.user.pk] = assignment.user
    return [user for user in users.values() if user.is_active]


def cycle_path(user: User, cycle: Cycle, run: PhaseRun | None = None) -> str:
    """The page of the cycle (or phase) in the area the user works in, in their language."""
    employer = Membership.objects.filter(user=user, organisation=cycle.organisation).exists()
    with translation.override(user.preferred_language):
        if employer:
            if run is not None:
                return reverse("workspace_cycles:phase", args=[cycle.organisation.slug, cycle.pk, run.pk])
            return reverse("workspace_cycles:detail", args=[cycle.organisation.slug, cycle.pk])
        if run is not None:
            return reverse("operator_cycles:phase", args=[cycle.pk, run.pk])
        return reverse("operator_cycles:detail", args=[cycle.pk])


def notify(
    cycle: Cycle,
    parties: Iterable[Party],
    event: str,
    *,
    run: PhaseRun | None = None,
    context: dict[str, Any] | None = None,
    employer_context: dict[str, Any] | None = None,
    exclude: User | None = None,
    reply_to: str = "",
) -> None:
    """Tell the people of these parties in their inbox and by mail (through the outbox, sent after commit).

    ``employer_context`` is added for the readers on the employer's side (members of the cycle's
    organisation): what they do on their own website, in their workspace. The mails come from the
    programme's operator, except those telling the programme's people of the employer's own doing
    (``cycle_sender``); ``reply_to``: the address the employer's replies go to instead of the
    operator's contact (the operator's person who wrote the message)."""
    users = [user for user in users_of(cycle, parties) if exclude is None or user.pk != exclude.pk]
    if not users:
        return
    common = {"cycle": cycle, "run": run, "organisation": cycle.organisation, **(context or {})}
    employer_ids = set(
        Membership.objects.filter(organisation=cycle.organisation, user__in=users).values_list("user_id", flat=True)
    )
    groups = [
        ([user for user in users if user.pk in employer_ids], {**common, **(employer_context or {})}, True),
        ([user for user in users if user.pk not in employer_ids], common, False),
    ]
    for group, group_context, to_employer in groups:
        if group:
            notification_send(
                recipients=[(user, cycle_path(user, cycle, run)) for user in group],
                event=event,
                template=f"cycles/mail/{event}",
                context=group_context,
                sender=cycle_sender(
                    cycle, to_employer=to_employer, event=event, reply_to=reply_to if to_employer else ""
                ),
            )


# What the employer's own action causes: the programme's people (operator, auditors) hear of it
# from the employer. Everything else about a cycle (a decision, an assignment, a phase opened, a
# due date's reminder) is the programme's, whoever reads it: an auditor reminded of a review did
# not hear from the employer, and a reply to the reminder is not for the employer's coordinator.
EMPLOYER_EVENTS = frozenset({"cycle_applied", "cycle_withdrawn", "phase_submitted", "cycle_renewed"})


def cycle_sender(cycle: Cycle, *, to_employer: bool, event: str = "", reply_to: str = "") -> Sender:
    """Who a mail about the cycle comes from: the employer when it tells the programme's people
    (operator, auditors) of the employer's doing (``EMPLOYER_EVENTS``; replies to its coordinator),
    else the programme's operator (replies to its public contact, or to ``reply_to``)."""
    if not to_employer and event in EMPLOYER_EVENTS:
        return organisation_sender(cycle.organisation)
    return organisation_sender(cycle.programme.operator, reply_to=reply_to, to_outsiders=True)


def actor_parties_of_phase(run: PhaseRun) -> set[Party]:
    """Who works on the phase, to be told about it (contributors too for employer phases)."""
    return set(phase_actors(run.phase, PHASE_EDITORS))
