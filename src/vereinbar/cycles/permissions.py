"""Who may see and do what with a cycle. The one place these rules live.

A user's *parties* to a cycle follow from their memberships:
- in the cycle's organisation: coordinator, contributor or viewer (their role there);
- in the programme's operator organisation: operator admins are the operator, board members
  the board, and an auditor is a party only to the cycles assigned to them;
- platform admins act as operator and board.
Someone with no party sees nothing (404). ``CYCLE_RULES`` says which parties may do the
actions that are not transitions; transitions are in ``workflow.py``; which parties act in
and accept a phase comes from the programme's data (``phase_parties``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import cast

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from vereinbar.accounts.models import Membership, User
from vereinbar.accounts.roles import Role
from vereinbar.core.types import Visitor
from vereinbar.organisations.models import Organisation
from vereinbar.programmes.models import ActorRole, Phase

from .models import Cycle
from .workflow import Party

ROLE_PARTIES = {
    Role.COORDINATOR: Party.COORDINATOR,
    Role.CONTRIBUTOR: Party.CONTRIBUTOR,
    Role.VIEWER: Party.VIEWER,
    Role.OPERATOR_ADMIN: Party.OPERATOR,
    Role.BOARD_MEMBER: Party.BOARD,
}
EMPLOYER_PARTIES = frozenset({Party.COORDINATOR, Party.CONTRIBUTOR, Party.VIEWER})
OPERATOR_PARTIES = frozenset({Party.AUDITOR, Party.OPERATOR, Party.BOARD})


class CycleAction(StrEnum):
    VIEW = "view"  # the cycle, its phases, deliverables and evidence files
    ASSIGN_AUDITOR = "assign_auditor"
    VIEW_LEVEL = "view_level"  # the level computed from the rules, with reasons
    RENEW = "renew"
    REVOKE_AWARD = "revoke_award"


_EVERY_PARTY = EMPLOYER_PARTIES | OPERATOR_PARTIES

CYCLE_RULES: dict[CycleAction, frozenset[Party]] = {
    CycleAction.VIEW: _EVERY_PARTY,
    CycleAction.ASSIGN_AUDITOR: frozenset({Party.OPERATOR}),
    CycleAction.VIEW_LEVEL: _EVERY_PARTY,
    CycleAction.RENEW: frozenset({Party.COORDINATOR, Party.OPERATOR}),
    CycleAction.REVOKE_AWARD: frozenset({Party.OPERATOR}),
}

# Who edits a phase's content and who submits it, by the phase's ``actor``: contributors work
# on the employer's deliverables, but only the coordinator submits and signs.
PHASE_EDITORS: dict[str, frozenset[Party]] = {
    ActorRole.COORDINATOR: frozenset({Party.COORDINATOR, Party.CONTRIBUTOR}),
    ActorRole.CONTRIBUTOR: frozenset({Party.COORDINATOR, Party.CONTRIBUTOR}),
    ActorRole.AUDITOR: frozenset({Party.AUDITOR}),
    ActorRole.BOARD: frozenset({Party.BOARD}),
    ActorRole.OPERATOR: frozenset({Party.OPERATOR}),
}
PHASE_DECIDERS: dict[str, frozenset[Party]] = {
    ActorRole.COORDINATOR: frozenset({Party.COORDINATOR}),
    ActorRole.CONTRIBUTOR: frozenset({Party.COORDINATOR}),
    ActorRole.AUDITOR: frozenset({Party.AUDITOR}),
    ActorRole.BOARD: frozenset({Party.BOARD}),
    ActorRole.OPERATOR: frozenset({Party.OPERATOR}),
}


def role_party(key: str) -> Party:
    """The party of the people the employer named for a programme's role (format 2 ``roles``) in
    a cycle, e.g. ``role:pflege_guide``. Not a member of ``Party``: one per role, but compared
    like one (``Party`` is a ``StrEnum``), so the workflow tables resolve it like any party."""
    return cast(Party, f"role:{key}")


def phase_actors(phase: Phase, table: dict[str, frozenset[Party]]) -> frozenset[Party]:
    """Who works on (``PHASE_EDITORS``) or submits (``PHASE_DECIDERS``) a phase: by its ``actor``;
    a phase of a programme role is done by the people named for it and by the coordinator."""
    if phase.role:
        return frozenset({Party.COORDINATOR, role_party(phase.role)})
    return table[phase.actor]


def _role_keys(user: User) -> list[tuple[int, str]]:
    """The user's (cycle, role key) pairs, read once per user object like the memberships."""
    kept: list[tuple[int, str]] | None = user.__dict__.get("_vereinbar_role_keys")
    if kept is None:
        from vereinbar.programmes.models import RoleAssignment

        kept = list(RoleAssignment.objects.filter(user=user).values_list("cycle_id", "role__key"))
        user.__dict__["_vereinbar_role_keys"] = kept
    return kept


def forget_parties(user: Visitor) -> None:
    """Drop what ``parties_of`` keeps on the user object (after their memberships or roles changed)."""
    for key in ("_vereinbar_memberships", "_vereinbar_parties", "_vereinbar_role_keys", "_vereinbar_only_audits"):
        user.__dict__.pop(key, None)


def _active(user: Visitor) -> User | None:
    """The user's account when signed in and active; None for an anonymous visitor."""
    return user if user.is_authenticated and user.is_active else None


def _memberships(user: User) -> list[tuple[int, str]]:
    """The user's (organisation, role) pairs, read once per user object (a request's user): a
    list of many cycles asks who the reader is to each without a query per cycle."""
    kept: list[tuple[int, str]] | None = user.__dict__.get("_vereinbar_memberships")
    if kept is None:
        kept = list(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        user.__dict__["_vereinbar_memberships"] = kept
    return kept


def parties_of(user: Visitor, cycle: Cycle) -> frozenset[Party]:
    """The parties the user is to this cycle (empty: the cycle does not exist for them)."""
    account = _active(user)
    if account is None:
        return frozenset()
    cache: dict[tuple[int, int | None], frozenset[Party]] = account.__dict__.setdefault("_vereinbar_parties", {})
    key = (cycle.pk, cycle.auditor_id)
    if key in cache:
        return cache[key]
    parties: set[Party] = set()
    if account.is_superuser:
        parties |= {Party.OPERATOR, Party.BOARD}
    organisations = [cycle.organisation_id]
    operator_id = cycle.programme.operator_id
    if operator_id:
        organisations.append(operator_id)
    for organisation_id, role in _memberships(account):
        if organisation_id not in organisations:
            continue
        if organisation_id == cycle.organisation_id and role in (Role.COORDINATOR, Role.CONTRIBUTOR, Role.VIEWER):
            parties.add(ROLE_PARTIES[Role(role)])
        elif organisation_id == operator_id:
            if role == Role.AUDITOR:
                if cycle.auditor_id == account.pk:
                    parties.add(Party.AUDITOR)
            elif role in ROLE_PARTIES:
                parties.add(ROLE_PARTIES[Role(role)])
    if parties & EMPLOYER_PARTIES:  # a programme role counts while its holder belongs to the organisation
        parties |= {role_party(role_key) for cycle_id, role_key in _role_keys(account) if cycle_id == cycle.pk}
    cache[key] = frozenset(parties)
    return cache[key]


def can(user: Visitor, cycle: Cycle, action: CycleAction) -> bool:
    return bool(parties_of(user, cycle) & CYCLE_RULES[action])


def phase_parties(phase: Phase) -> dict[Party, frozenset[Party]]:
    """ACTOR and ACCEPTOR of a phase as parties (for ``workflow.transition_check``)."""
    acceptor = PHASE_DECIDERS.get(phase.accepted_by, frozenset())
    return {Party.ACTOR: phase_actors(phase, PHASE_DECIDERS), Party.ACCEPTOR: acceptor}


def can_edit_phase(user: Visitor, cycle: Cycle, phase: Phase) -> bool:
    """Whether the user may change the content of this phase's deliverable (state aside)."""
    return bool(parties_of(user, cycle) & phase_actors(phase, PHASE_EDITORS))


def can_submit_phase(user: Visitor, cycle: Cycle, phase: Phase) -> bool:
    return bool(parties_of(user, cycle) & phase_actors(phase, PHASE_DECIDERS))


def phase_edit_check(user: Visitor, cycle: Cycle, phase: Phase, *, sign: bool = False) -> None:
    """Refuse (PermissionDenied) unless the user edits this phase's content (``sign``: submits and signs it)."""
    allowed = can_submit_phase(user, cycle, phase) if sign else can_edit_phase(user, cycle, phase)
    if not allowed:
        raise PermissionDenied(_("You do not work on this phase."))


def can_accept_phase(user: Visitor, cycle: Cycle, phase: Phase) -> bool:
    return bool(phase.accepted_by) and bool(parties_of(user, cycle) & PHASE_DECIDERS[phase.accepted_by])


def cycles_visible_to(user: Visitor) -> QuerySet[Cycle]:
    """Every cycle the user is a party to (see the module docstring)."""
    account = _active(user)
    if account is None:
        return Cycle.objects.none()
    if account.is_superuser:
        return Cycle.objects.all()
    memberships = Membership.objects.filter(user=account)
    employer_ids = memberships.filter(role__in=[Role.COORDINATOR, Role.CONTRIBUTOR, Role.VIEWER]).values(
        "organisation_id"
    )
    operator_ids = memberships.filter(role__in=[Role.OPERATOR_ADMIN, Role.BOARD_MEMBER]).values("organisation_id")
    auditor_ids = memberships.filter(role=Role.AUDITOR).values("organisation_id")
    return Cycle.objects.filter(
        Q(organisation_id__in=employer_ids)
        | Q(programme__operator_id__in=operator_ids)
        | Q(auditor=account, programme__operator_id__in=auditor_ids)
    )


def cycle_for_user(
    user: Visitor, pk: int, action: CycleAction = CycleAction.VIEW, *, organisation: Organisation | None = None
) -> Cycle:
    """Fetch a cycle for this user: 404 if they are no party to it (or it is not the given
    organisation's), 403 if their parties may not do ``action``."""
    try:
        cycle = Cycle.objects.select_related(
            "organisation", "programme", "programme__operator", "version", "stage", "auditor"
        ).get(pk=pk)
    except Cycle.DoesNotExist:
        raise Http404 from None
    if organisation is not None and cycle.organisation_id != organisation.pk:
        raise Http404
    parties = parties_of(user, cycle)
    if not parties:
        raise Http404
    if not parties & CYCLE_RULES[action]:
        raise PermissionDenied
    return cycle


def check(user: Visitor, cycle: Cycle, action: CycleAction) -> None:
    if not can(user, cycle, action):
        raise PermissionDenied
