"""Changes to accounts, memberships, invitations and API tokens.

Managing an organisation's members under its permissions (changing a role, removing, inviting,
withdrawing an invitation) is organisations' (``organisations.members``); here are the
commands that need no organisation's permission (adding a member, accepting an invitation).

Each function is one command: guard → one transaction → change → history entry →
mail after commit, in the recipient's language.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vereinbar.activity.services import entry_record
from vereinbar.notifications.outbox import mail_queue

from .models import ApiToken, Invitation, Membership, User, hash_secret
from .roles import Role, roles_for_type
from .selectors import CONFIRMATION_MAIL_KEY, address_awaiting_confirmation, home_url_for, pending_email_change

if TYPE_CHECKING:
    from vereinbar.organisations.models import Organisation

TOKEN_PREFIX: str = settings.VEREINBAR_API_TOKEN_PREFIX


# --- API tokens -----------------------------------------------------------------------


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def _token_organisations(user: User, organisations: list[Organisation] | None) -> list[Organisation]:
    """The organisations chosen for a token: only the user's own (a platform administrator's
    rights over all organisations are not limited by organisation, so a limited token has none
    of them, see scope.py)."""
    chosen = list({organisation.pk: organisation for organisation in organisations or []}.values())
    own = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
    if any(organisation.pk not in own for organisation in chosen):
        raise ValidationError({"organisations": _("Choose only organisations you are a member of.")})
    return chosen


def token_create(
    *,
    user: User,
    name: str,
    expires_in_days: int | None = None,
    read_only: bool = False,
    organisations: list[Organisation] | None = None,
    parent: ApiToken | None = None,
) -> NewToken:
    """Create a personal API token; the secret is returned once and only its hash is kept.

    ``parent`` is the token the request came with, if any: a token never creates one with
    more rights than its own. The new token is read-only if the parent is, limited to (some of)
    the parent's organisations if the parent is limited, and expires no later than the parent;
    what is not given is taken from the parent."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name so you can recognise it later.")})
    if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
        raise ValidationError({"expires_in_days": _("A token can be valid for 1 to 3,650 days.")})
    chosen = _token_organisations(user, organisations)
    now = timezone.now()
    expires_at = now + timedelta(days=expires_in_days) if expires_in_days else None
    if parent is not None:
        if parent.user_id != user.pk:
            raise PermissionDenied
        if parent.read_only and not read_only:
            raise PermissionDenied(_("A read-only token can only create read-only tokens."))
        limited_to = parent.organisation_ids()
        if limited_to is not None:
            if not chosen:
                chosen = list(parent.organisations.all())
            elif any(organisation.pk not in limited_to for organisation in chosen):
                raise PermissionDenied(_("A token can only create tokens for the organisations it is limited to."))
        if parent.expires_at is not None:
            if expires_at is None:
                expires_at = parent.expires_at
            elif expires_at > parent.expires_at:
                raise PermissionDenied(_("A token can only create tokens that expire no later than itself."))
    public = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}{public}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            prefix=f"{TOKEN_PREFIX}{public}",
            token_hash=hash_secret(secret),
            expires_at=expires_at,
            read_only=read_only,
        )
        token.organisations.set(chosen)
        entry_record(actor=user, verb="token.created", target=token)
    return NewToken(token=token, secret=secret)


def token_covers(parent: ApiToken, token: ApiToken) -> bool:
    """Whether ``token`` has no rights, organisations or lifetime beyond ``parent``'s."""
    if parent.read_only and not token.read_only:
        return False
    limited_to = parent.organisation_ids()
    if limited_to is not None:
        own = token.organisation_ids()
        if own is None or not own <= limited_to:
            return False
    return parent.expires_at is None or (token.expires_at is not None and token.expires_at <= parent.expires_at)


def token_revoke(*, user: User, token: ApiToken, parent: ApiToken | None = None) -> ApiToken:
    """Revoke one of the user's own tokens; revoking twice changes nothing. Through a token
    (``parent``), only that token itself or tokens it could have created."""
    if token.user_id != user.pk:
        raise PermissionDenied
    if parent is not None and parent.pk != token.pk and not token_covers(parent, token):
        raise PermissionDenied(_("A token can only revoke itself or tokens with no more rights than its own."))
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        entry_record(actor=user, verb="token.revoked", target=token)
    return token


def token_prefix_of(raw_token: str) -> str | None:
    """The recognisable prefix (``vb_1a2b3c4d``) of something that looks like a token."""
    if not raw_token.startswith(TOKEN_PREFIX):
        return None
    public = raw_token[len(TOKEN_PREFIX) :].split("_", 1)[0]
    if len(public) == 8 and all(c in "0123456789abcdef" for c in public):
        return f"{TOKEN_PREFIX}{public}"
    return None


def token_authenticate(*, raw_token: str) -> ApiToken | None:
    """The active token with this secret, of an active user, or None. Records the day it was
    last used (the token page shows the date only)."""
    if not raw_token.startswith(TOKEN_PREFIX) or len(raw_token) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .prefetch_related("organisations")
        .filter(token_hash=hash_secret(raw_token))
        .first()
    )
    if token is None or not token.is_active or not token.user.is_active:
        return None
    # Only the day of the last use is kept: enough to spot an unused or a leaked token, no
    # record of when exactly someone worked. At most one write per token and day.
    day = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    if token.last_used_at is None or token.last_used_at < day:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=day)
        token.last_used_at = day
    return token


# --- Memberships ----------------------------------------------------------------------


def role_fitting(organisation: Organisation, role: str) -> Role:
    """The role, if it exists in this kind of organisation; otherwise a ValidationError."""
    try:
        value = Role(role)
    except ValueError:
        raise ValidationError({"role": _("Unknown role.")}) from None
    if value not in roles_for_type(organisation.type):
        raise ValidationError({"role": _("This role does not exist in this kind of organisation.")})
    return value


def membership_add(*, actor: User | None, organisation: Organisation, user: User, role: str) -> Membership:
    """Give a user a role in an organisation (used by invitations, registration and demo data)."""
    value = role_fitting(organisation, role)
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": value}
        )
        if not created:
            raise ValidationError({"email": _("This person is already a member of the organisation.")})
        entry_record(
            actor=actor or user,
            verb="membership.added",
            target=membership,
            organisation=organisation,
            after={"user": user.email, "role": value.value},
        )
    return membership


# --- Invitations ----------------------------------------------------------------------


def invitation_find(*, secret: str) -> Invitation | None:
    """The open invitation for this link's secret, or None."""
    invitation = Invitation.objects.select_related("organisation").filter(token_hash=hash_secret(secret)).first()
    return invitation if invitation is not None and invitation.is_open else None


def invitation_accept(
    *, invitation: Invitation, user: User | None, full_name: str = "", password: str = ""
) -> Membership:
    """Accept an invitation as the logged-in user, or create the account the invitation names."""
    if not invitation.is_open:
        raise ValidationError(_("This invitation is no longer valid."))
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_open:
            raise ValidationError(_("This invitation is no longer valid."))
        if user is None:
            if User.objects.filter(email__iexact=locked.email).exists():
                raise ValidationError(_("An account with this e-mail address exists: log in first."))
            user = User.objects.create_user(
                email=locked.email,
                password=password,
                full_name=full_name.strip(),
                preferred_language=locked.language,
            )
            email_confirmed_as_known(user=user)  # the invitation's link reached this address
        membership = membership_add(actor=user, organisation=locked.organisation, user=user, role=locked.role)
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
        entry_record(actor=user, verb="invitation.accepted", target=locked, organisation=locked.organisation)
    return membership


# --- E-mail confirmation (allauth's EmailAddress, its link and confirm page) ------------------


def email_confirmation_start(*, user: User) -> EmailAddress:
    """Hold the account's address as not confirmed and put allauth's confirmation mail into the
    outbox, in the current transaction (a self-registered account)."""
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email=user.email.lower(), defaults={"primary": True, "verified": False}
    )
    if not address.verified:
        address.send_confirmation(None, signup=True)
    return address


def email_confirmation_resend(*, request: HttpRequest, user: User) -> bool:
    """Send the confirmation link again; False when nothing awaits confirmation or allauth's
    rate limit for confirmation mails ("confirm_email", per address) refuses it."""
    return _link_sent_again(request=request, address=address_awaiting_confirmation(user=user))


def _link_sent_again(*, request: HttpRequest, address: Any) -> bool:
    """allauth's confirmation mail for ``address`` again, unless there is none or the rate
    limit for confirmation mails refuses it (False then)."""
    if address is None or not email_confirmation_rate_limit(request=request, email=address.email):
        return False
    with transaction.atomic():
        address.send_confirmation(request, signup=False)
    return True


def email_confirmation_rate_limit(*, request: HttpRequest, email: str) -> bool:
    """Count one confirmation mail to ``email`` against allauth's limit; False when over it."""
    return ratelimit.consume(request, action="confirm_email", key=email.lower())


def email_confirmed_as_known(*, user: User) -> None:
    """Count the account's address as confirmed: an invitation or an identity provider vouched for it."""
    if not user.email:
        return
    updated = EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)
    if not updated:
        primary = not EmailAddress.objects.filter(user=user, primary=True).exists()
        EmailAddress.objects.create(user=user, email=user.email.lower(), verified=True, primary=primary)


def email_confirmation_mail_queue(*, address: EmailAddress, key: str) -> None:
    """allauth's confirmation mail, in the account's language, into the outbox: the link, and
    for a registrant the organisation and what happens next; for a new address, which one it replaces."""
    user: User = address.user
    language = user.preferred_language
    membership = (
        Membership.objects.filter(user=user, role=Role.COORDINATOR)
        .select_related("organisation")
        .order_by("-pk")
        .first()
    )
    changing = address.email.lower() != user.email.lower()  # a new address, not the account's own
    if changing:
        membership = None  # the registration's next steps concern the account's first address
    with translation.override(language):
        path = reverse("account_confirm_email", args=[key])
        workspace = settings.SITE_URL + home_url_for(membership) if membership is not None else ""
    mail_queue(
        to=address.email,
        language=language,
        template="accounts/mail/email_confirmation",
        context={
            "recipient": user,
            "email": address.email,
            "current": user.email if changing else "",
            "organisation": membership.organisation.name if membership is not None else "",
            "workspace_url": workspace,
            "valid_days": allauth_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS,
            "path": path,
        },
        key=CONFIRMATION_MAIL_KEY.format(address=address.pk) + uuid.uuid4().hex,
    )


# --- Changing the login address (allauth's ACCOUNT_CHANGE_EMAIL) -----------------------------
# The new address is an unverified EmailAddress beside the current one; allauth makes it the
# account's address (and removes the old one) only when its link is followed. Until then the old
# address stays the login and receives every mail.


def email_change_request(*, request: HttpRequest, user: User, email: str) -> EmailAddress:
    """Start changing the account's address to ``email``: its confirmation link to the new address,
    a notice to the current one. A change asked for earlier and not confirmed is replaced."""
    email = User.objects.normalize_email(email).strip().lower()
    if email == user.email.lower():
        raise ValidationError({"email": _("This is your current e-mail address already.")})
    taken = (
        User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
        or EmailAddress.objects.filter(email__iexact=email, verified=True).exclude(user=user).exists()
    )
    if taken:
        raise ValidationError({"email": _("This address belongs to another account. Please choose another one.")})
    if not email_confirmation_rate_limit(request=request, email=email):
        raise ValidationError(
            {"email": _("A link was sent to %(email)s only a few minutes ago. Please look for it.") % {"email": email}}
        )
    with transaction.atomic():
        email_change_cancel(user=user)
        address = EmailAddress.objects.create(user=user, email=email, verified=False, primary=False)
        address.send_confirmation(request, signup=False)
        with translation.override(user.preferred_language):
            account_url = settings.SITE_URL + reverse("accounts:account")
        mail_queue(  # to the current address: whoever holds the account learns of it there
            to=user.email,
            language=user.preferred_language,
            template="accounts/mail/email_change_notice",
            context={"recipient": user, "current": user.email, "new": email, "account_url": account_url},
        )
    return address


def email_change_resend(*, request: HttpRequest, user: User) -> bool:
    """Send the link to the new address again; False when no change waits or the limit refuses it."""
    return _link_sent_again(request=request, address=pending_email_change(user=user))


def email_change_cancel(*, user: User) -> bool:
    """Withdraw a change that has not been confirmed (its link stops working); False when none waits."""
    deleted, _rows = (
        EmailAddress.objects.filter(user=user, verified=False, primary=False).exclude(email__iexact=user.email).delete()
    )
    return bool(deleted)


def email_change_record(*, user: User) -> None:
    """History of a confirmed change (allauth has just made the new address the account's). The
    addresses are left out: the history outlives an account that is deleted later."""
    entry_record(actor=user, verb="account.email_changed")


# --- Profile --------------------------------------------------------------------------


def user_update_profile(*, user: User, full_name: str, preferred_language: str) -> User:
    if preferred_language not in dict(settings.LANGUAGES):
        raise ValidationError({"preferred_language": _("Unknown language.")})
    user.full_name = full_name.strip()[:150]
    user.preferred_language = preferred_language
    user.save(update_fields=["full_name", "preferred_language"])
    return user
