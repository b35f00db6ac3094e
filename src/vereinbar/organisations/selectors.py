"""Reads about organisations, scoped to the asking user."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from vereinbar.accounts.models import Invitation, Membership

from .models import Organisation, OrganisationType


def organisations_of(*, user: Any, type: str | None = None) -> QuerySet[Organisation]:
    """Organisations the user is a member of (all of them for a platform admin)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    qs = Organisation.objects.all() if user.is_platform_admin else Organisation.objects.filter(memberships__user=user)
    if type is not None:
        qs = qs.filter(type=type)
    return qs.distinct().order_by("name")


def employer_organisations_of(*, user: Any) -> QuerySet[Organisation]:
    return organisations_of(user=user, type=OrganisationType.EMPLOYER)


def operator_organisations_of(*, user: Any) -> QuerySet[Organisation]:
    return organisations_of(user=user, type=OrganisationType.OPERATOR)


def members_of(*, organisation: Organisation) -> QuerySet[Membership]:
    """Call only after the permission check on the organisation."""
    return Membership.objects.filter(organisation=organisation).select_related("user").order_by("user__email")


def open_invitations_of(*, organisation: Organisation) -> list[Invitation]:
    """Call only after the permission check on the organisation."""
    invitations = Invitation.objects.filter(
        organisation=organisation, accepted_at=None, revoked_at=None
    ).select_related("invited_by")
    return [invitation for invitation in invitations if invitation.is_open]
