"""Roles a programme defines (format 2 ``roles``, e.g. a care guide): the employer's coordinator
names people of the organisation for them in a cycle; the phases whose actor is the role accept
those people (``permissions.phase_actors``). Every change is written to the history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from vereinbar.accounts.models import Membership, User
from vereinbar.accounts.roles import Role
from vereinbar.activity.services import entry_record
from vereinbar.programmes.models import ProgrammeRole, RoleAssignment

from ..models import Cycle
from ..permissions import forget_parties, parties_of
from ..workflow import Party
from . import _common as c

VERB_ROLE_ASSIGNED = "cycle.role_assigned"
VERB_ROLE_UNASSIGNED = "cycle.role_unassigned"

EMPLOYER_ROLES = (Role.COORDINATOR, Role.CONTRIBUTOR, Role.VIEWER)


def _role_of(cycle: Cycle, key: str) -> ProgrammeRole:
    role = ProgrammeRole.objects.filter(version_id=cycle.version_id, key=key).first()
    if role is None:
        raise ValidationError({"role": _("This programme has no role “%(role)s”.") % {"role": key}})
    return role


def _guard(actor: User, cycle: Cycle) -> None:
    if Party.COORDINATOR not in parties_of(actor, cycle):
        raise PermissionDenied(_("Only the employer's coordinator names the people for the programme's roles."))
    if not cycle.is_working:
        raise ValidationError(_("The cycle is closed; its roles can no longer change."))


def role_assign(*, actor: User, cycle: Cycle, role_key: str, user: User) -> RoleAssignment:
    """Name a person of the cycle's organisation for one of the programme's roles in this cycle."""
    with transaction.atomic():
        cycle = c.lock(cycle)
        _guard(actor, cycle)
        role = _role_of(cycle, role_key)
        if not Membership.objects.filter(user=user, organisation=cycle.organisation, role__in=EMPLOYER_ROLES).exists():
            raise ValidationError(
                {"user": _("Only people of %(organisation)s can be named.") % {"organisation": cycle.organisation}}
            )
        assignment, created = RoleAssignment.objects.get_or_create(
            cycle=cycle, role=role, user=user, defaults={"assigned_by": actor}
        )
        if created:
            entry_record(
                actor=actor,
                verb=VERB_ROLE_ASSIGNED,
                target=cycle,
                organisation=cycle.organisation,
                after={"user": user.email, "programme_role": str(role)},
            )
    forget_parties(user)
    return assignment


def role_unassign(*, actor: User, cycle: Cycle, role_key: str, user: User) -> None:
    """Take a person off one of the programme's roles in this cycle."""
    with transaction.atomic():
        cycle = c.lock(cycle)
        _guard(actor, cycle)
        role = _role_of(cycle, role_key)
        deleted, _rows = RoleAssignment.objects.filter(cycle=cycle, role=role, user=user).delete()
        if deleted:
            entry_record(
                actor=actor,
                verb=VERB_ROLE_UNASSIGNED,
                target=cycle,
                organisation=cycle.organisation,
                before={"user": user.email, "programme_role": str(role)},
            )
    forget_parties(user)


def roles_carry_over(*, source: Cycle, target: Cycle) -> int:
    """The people named for the programme's roles go on in the renewal (same version, same
    roles) while they still belong to the organisation; returns how many. Inside a transaction."""
    members = Membership.objects.filter(organisation=source.organisation, role__in=EMPLOYER_ROLES).values("user_id")
    kept = RoleAssignment.objects.filter(cycle=source, role__version_id=target.version_id, user_id__in=members)
    created = RoleAssignment.objects.bulk_create(
        RoleAssignment(cycle=target, role_id=named.role_id, user_id=named.user_id, assigned_by=named.assigned_by)
        for named in kept
    )
    return len(created)
