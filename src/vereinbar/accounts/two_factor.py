"""Second factors (TOTP, WebAuthn/passkeys, recovery codes; kept by django-allauth's mfa):
who must have one, and resetting a lost one (docs/authentication.md)."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.db import transaction

from vereinbar.activity.services import entry_record

from .models import Membership, User
from .roles import OPERATOR_ROLES

SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def must_use_two_factor(user: User) -> bool:
    """Platform admins, operator admins, auditors and board members, when the setting asks for it."""
    if not getattr(settings, "VEREINBAR_REQUIRE_TWO_FACTOR", False) or not user.is_authenticated:
        return False
    if user.is_platform_admin:
        return True
    return Membership.objects.filter(user=user, role__in=[role.value for role in OPERATOR_ROLES]).exists()


def has_two_factor(user: User) -> bool:
    return bool(is_mfa_enabled(user, SECOND_FACTORS))


def two_factor_kinds(user: User) -> list[str]:
    return sorted(set(Authenticator.objects.filter(user=user).values_list("type", flat=True)))


def two_factor_reset(*, actor: User, user: User) -> int:
    """Remove a person's second factors and recovery codes (a lost phone or key): they sign in
    with their password or provider again and set up a new factor. Returns how many were removed."""
    with transaction.atomic():
        kinds = two_factor_kinds(user)
        removed, _ = Authenticator.objects.filter(user=user).delete()
        entry_record(
            actor=actor,
            verb="account.two_factor_reset",
            target=user,
            before={"factors": kinds},
            after={"factors": []},
        )
    return int(removed)
