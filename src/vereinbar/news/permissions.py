"""Who may write and publish announcements: operator admins, for their own operator's
programmes (platform admins for every operator). Everyone else gets 404; auditors and board
members of an operator get 403. Published announcements are public."""

from __future__ import annotations

from typing import TypeGuard

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from vereinbar.accounts.models import User
from vereinbar.accounts.roles import OPERATOR_ROLES, Role
from vereinbar.core.types import Visitor
from vereinbar.organisations.models import Organisation, OrganisationType

from .models import Announcement


def _active(user: Visitor) -> TypeGuard[User]:
    return bool(user.is_authenticated and user.is_active)


def news_operators(user: Visitor) -> QuerySet[Organisation]:
    """The operator organisations whose news the user may write."""
    operators = Organisation.objects.filter(type=OrganisationType.OPERATOR)
    if not _active(user):
        return operators.none()
    if user.is_platform_admin:
        return operators.order_by("name")
    return operators.filter(memberships__user=user, memberships__role=Role.OPERATOR_ADMIN).distinct().order_by("name")


def check_manage_news(user: Visitor) -> QuerySet[Organisation]:
    """The user's news operators; 404 outside every operator, 403 for operator staff without the role."""
    operators = news_operators(user)
    if operators.exists():
        return operators
    if (
        _active(user)
        and user.memberships.filter(organisation__type=OrganisationType.OPERATOR, role__in=OPERATOR_ROLES).exists()
    ):
        raise PermissionDenied
    raise Http404


def announcement_for_user(user: Visitor, pk: int) -> Announcement:
    """An announcement of one of the user's operators (404 otherwise)."""
    operators = check_manage_news(user)
    try:
        return Announcement.objects.select_related("operator", "programme", "award").get(pk=pk, operator__in=operators)
    except Announcement.DoesNotExist:
        raise Http404 from None
