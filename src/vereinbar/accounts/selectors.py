"""Reads about accounts that depend on who asks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Exists, QuerySet
from django.urls import reverse

from vereinbar.notifications.models import MailStatus, OutgoingMail

from .models import ApiToken, Membership, User
from .roles import Role

# The outbox key of a confirmation mail begins with this and the address's id.
CONFIRMATION_MAIL_KEY = "email-confirmation:{address}:"


def memberships_of(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")


def tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).prefetch_related("organisations").order_by("revoked_at", "-created_at")


def home_url_for(membership: Membership) -> str:
    """Where a member of this organisation works: its workspace or the operator area."""
    slug = membership.organisation.slug
    if membership.organisation.is_operator:
        return reverse("operator:organisation", kwargs={"slug": slug})
    return reverse("workspace:organisation", kwargs={"slug": slug})


# The roles that may manage an organisation's members (as organisations.members counts them).
MANAGING_ROLES = frozenset({Role.COORDINATOR, Role.OPERATOR_ADMIN})


def memberships_only_managed_by(*, user: User) -> list[Membership]:
    """The user's memberships in organisations where nobody else could manage the members: what
    deleting the account would leave without anyone to invite or give roles."""
    mine = memberships_of(user=user).filter(role__in=MANAGING_ROLES)
    return [
        membership
        for membership in mine
        if not Membership.objects.filter(organisation=membership.organisation_id, role__in=MANAGING_ROLES)
        .exclude(user=user)
        .exists()
    ]


def members_url_for(membership: Membership) -> str:
    """The members page of the membership's organisation, in its area."""
    area = "operator" if membership.organisation.is_operator else "workspace"
    return reverse(f"{area}:members", kwargs={"slug": membership.organisation.slug})


# --- E-mail confirmation (allauth's EmailAddress) ---------------------------------------------
# An address awaits confirmation when allauth holds it as not verified: a self-registered account
# until its owner follows the link. Accounts without such a row (made by invitation, by a
# provider, or before confirmation existed) count as confirmed, as allauth's second-factor check
# counts them.


@dataclass(frozen=True)
class PendingConfirmation:
    email: str
    mail_failed: bool  # the latest confirmation mail could not be delivered (the outbox retries it)


def address_awaiting_confirmation(*, user: User) -> EmailAddress | None:
    """The account's own address while it is not confirmed, else None."""
    if not user.email:
        return None
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=False).first()


def email_confirmation_pending(*, user: User) -> PendingConfirmation | None:
    """What the account's confirmation notice says, or None when there is nothing to confirm."""
    address = address_awaiting_confirmation(user=user)
    if address is None:
        return None
    return PendingConfirmation(email=address.email, mail_failed=_latest_mail_failed(address))


def pending_email_change(*, user: User) -> EmailAddress | None:
    """The new address the account is changing to while its link has not been followed, else None."""
    return (
        EmailAddress.objects.filter(user=user, verified=False, primary=False)
        .exclude(email__iexact=user.email)
        .order_by("-pk")
        .first()
    )


def email_change_pending(*, user: User) -> PendingConfirmation | None:
    """What the account page says about a change of address awaiting confirmation, or None."""
    address = pending_email_change(user=user)
    if address is None:
        return None
    return PendingConfirmation(email=address.email, mail_failed=_latest_mail_failed(address))


def _latest_mail_failed(address: EmailAddress) -> bool:
    """Whether the latest confirmation mail to the address could not be delivered (the outbox retries it)."""
    latest = (
        OutgoingMail.objects.filter(key__startswith=CONFIRMATION_MAIL_KEY.format(address=address.pk))
        .order_by("-created_at", "-pk")
        .first()
    )
    return latest is not None and latest.status in (MailStatus.RETRYING, MailStatus.FAILED)


def address_unconfirmed(*, user_id: Any, email: Any) -> Exists:
    """In a query: whether the user's address (expressions, e.g. ``OuterRef``) awaits confirmation."""
    return Exists(EmailAddress.objects.filter(user_id=user_id, email__iexact=email, verified=False))
