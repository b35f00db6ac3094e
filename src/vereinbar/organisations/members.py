"""Managing an organisation's members, under its permission ``MANAGE_MEMBERS``: changing a
member's role, removing a member (or leaving), inviting by mail, withdrawing an invitation,
giving a role to someone waiting after their first sign-in with the organisation's provider.

The memberships and invitations are accounts' data (``accounts.services`` adds a member and
accepts an invitation); the rules who may manage them are the organisation's.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinbar.accounts.models import Invitation, Membership, User, hash_secret
from vereinbar.accounts.roles import Role
from vereinbar.accounts.services import membership_add, role_fitting
from vereinbar.accounts.sso import waiting_for_role
from vereinbar.activity.services import entry_record
from vereinbar.notifications.outbox import mail_queue

from .models import Organisation
from .permissions import Action, has_permission
from .senders import organisation_sender


def membership_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    """Change a member's role; the last person who can manage members cannot lose that right."""
    organisation = membership.organisation
    if not has_permission(actor, organisation, Action.MANAGE_MEMBERS):
        raise PermissionDenied
    value = role_fitting(organisation, role)
    if value == membership.role:
        return membership
    with transaction.atomic():
        _guard_last_manager(membership, leaving=value not in {Role.COORDINATOR, Role.OPERATOR_ADMIN})
        before = membership.role
        membership.role = value
        membership.save(update_fields=["role"])
        entry_record(
            actor=actor,
            verb="membership.role_changed",
            target=membership,
            organisation=organisation,
            before={"role": before},
            after={"role": value.value},
        )
    return membership


def membership_remove(*, actor: User, membership: Membership) -> None:
    """Remove a member (or leave, when actor is the member)."""
    organisation = membership.organisation
    if membership.user_id != actor.pk and not has_permission(actor, organisation, Action.MANAGE_MEMBERS):
        raise PermissionDenied
    with transaction.atomic():
        _guard_last_manager(membership, leaving=True)
        entry_record(
            actor=actor,
            verb="membership.removed",
            target=membership,
            organisation=organisation,
            before={"user": membership.user.email, "role": membership.role},
        )
        membership.delete()


_MANAGING = frozenset({Role.COORDINATOR, Role.OPERATOR_ADMIN})


def is_last_manager(membership: Membership) -> bool:
    """Whether nobody else could manage the organisation's members if this member left."""
    others = Membership.objects.filter(organisation=membership.organisation, role__in=_MANAGING)
    return membership.role in _MANAGING and not others.exclude(pk=membership.pk).exists()


def _guard_last_manager(membership: Membership, *, leaving: bool) -> None:
    managing = _MANAGING
    if not leaving or membership.role not in managing:
        return
    others = (
        Membership.objects.select_for_update()
        .filter(organisation=membership.organisation, role__in=managing)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError({"role": _("The organisation needs at least one person who can manage its members.")})


def invitation_send(
    *, actor: User, organisation: Organisation, email: str, role: str, language: str | None = None
) -> Invitation:
    """Invite someone by mail to join the organisation in a role."""
    if not has_permission(actor, organisation, Action.MANAGE_MEMBERS):
        raise PermissionDenied
    value = role_fitting(organisation, role)
    email = User.objects.normalize_email(email.strip()).lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of the organisation.")})
    existing = User.objects.filter(email__iexact=email).first()
    language = language or (existing.preferred_language if existing else actor.preferred_language)
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Unknown language.")})
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        Invitation.objects.filter(organisation=organisation, email__iexact=email, accepted_at=None).update(
            revoked_at=timezone.now()
        )
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=value,
            language=language,
            token_hash=hash_secret(secret),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        entry_record(
            actor=actor,
            verb="invitation.sent",
            target=invitation,
            organisation=organisation,
            after={"email": email, "role": value.value},
        )
        mail_queue(
            to=email,
            language=language,
            template="accounts/mail/invitation",
            context={
                "organisation": organisation.name,
                "role": value.label,
                "inviter": actor.get_full_name(),
                "path": f"/{language}/accounts/invitation/{secret}/",
                "valid_days": settings.INVITATION_VALID_DAYS,
            },
            sender=organisation_sender(organisation, reply_to=actor.email),
        )
    return invitation


def invitation_withdraw(*, actor: User, invitation: Invitation) -> None:
    if not has_permission(actor, invitation.organisation, Action.MANAGE_MEMBERS):
        raise PermissionDenied
    if not invitation.is_open:
        return
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        entry_record(actor=actor, verb="invitation.withdrawn", target=invitation, organisation=invitation.organisation)


def waiting_person_grant_role(*, actor: User, organisation: Organisation, user: User, role: str) -> Membership:
    """A coordinator (or operator admin) gives a role to someone waiting on the members page."""
    if not has_permission(actor, organisation, Action.MANAGE_MEMBERS):
        raise PermissionDenied
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one grant at a time
        if not waiting_for_role(organisation=organisation).filter(pk=user.pk).exists():
            raise ValidationError(_("This person no longer waits for a role in this organisation."))
        return membership_add(actor=actor, organisation=organisation, user=user, role=role)
