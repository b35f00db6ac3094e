"""Who may edit the platform's legal pages: platform admins and the operator admins of any
operator organisation (like the other platform-wide texts, e.g. the measure catalogue)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vereinbar.accounts.models import Membership, User
from vereinbar.accounts.roles import Role
from vereinbar.core.types import Visitor
from vereinbar.organisations.models import OrganisationType

EDITORS = frozenset({Role.OPERATOR_ADMIN})


def can_edit_legal_pages(user: Visitor) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_platform_admin:
        return True
    return Membership.objects.filter(
        user=user, organisation__type=OrganisationType.OPERATOR, role__in=list(EDITORS)
    ).exists()


def check_edit_legal_pages(user: User) -> None:
    """404 for users outside every operator organisation, 403 for operator staff without the role."""
    if can_edit_legal_pages(user):
        return
    if not Membership.objects.filter(user=user, organisation__type=OrganisationType.OPERATOR).exists():
        raise Http404
    raise PermissionDenied
