"""Who may see and load programme definitions. The one place these rules live.

- Members of any operator organisation (and platform admins) may view programmes.
- Operator admins may load programmes of their own operator; platform admins any programme,
  including programmes without an operator.
- Employer members and anonymous visitors see none of this area.
"""

from __future__ import annotations

from typing import TypeGuard

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from vereinbar.accounts.models import Membership, User
from vereinbar.accounts.roles import OPERATOR_ROLES, Role
from vereinbar.core.types import Visitor
from vereinbar.organisations.models import Organisation, OrganisationType


def _active(user: Visitor) -> TypeGuard[User]:
    return bool(user.is_authenticated and user.is_active)


def can_view_programmes(user: Visitor) -> bool:
    """Members of an operator organisation and platform admins see the programme pages."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user, organisation__type=OrganisationType.OPERATOR, role__in=OPERATOR_ROLES
    ).exists()


def loadable_operators(user: Visitor) -> QuerySet[Organisation]:
    """Operator organisations whose programmes the user may load."""
    operators = Organisation.objects.filter(type=OrganisationType.OPERATOR)
    if not _active(user):
        return operators.none()
    if user.is_superuser:
        return operators.order_by("name")
    # Through Membership.objects (not a join), which leaves out what an API token's scope excludes.
    admin_of = Membership.objects.filter(user=user, role=Role.OPERATOR_ADMIN).values("organisation_id")
    return operators.filter(pk__in=admin_of).order_by("name")


def can_load_programmes(user: Visitor) -> bool:
    """Whether the user may load programmes at all (to show the upload page)."""
    return _active(user) and (user.is_superuser or loadable_operators(user).exists())


def can_load_programme(user: Visitor, operator: Organisation | None) -> bool:
    """Whether the user may load a programme run by ``operator`` (None: no operator)."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return operator is not None and loadable_operators(user).filter(pk=operator.pk).exists()


def check_view_programmes(user: Visitor) -> None:
    if not can_view_programmes(user):
        raise PermissionDenied


def check_load_programme(user: Visitor, operator: Organisation | None) -> None:
    if not can_load_programme(user, operator):
        raise PermissionDenied
