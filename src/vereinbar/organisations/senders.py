"""Who the mails on an organisation's behalf come from, for their readers: "<organisation> via
vereinbar" (``notifications.outbox.Sender``), with replies going to a real contact of it.

Employers write to their staff (survey invitations) and to the programme's operator (an
application, a submitted phase); operators write to employers (decisions, reminders). A reply
goes to the organisation's coordinator contact (``Contact``), else to another general contact,
else to the first member who coordinates it (an employer's coordinator, an operator's admin).
A mail to people outside the organisation (an operator writing to employers) names only what
the organisation has made public: a public contact, never an internal one or a member's own
login address (``Visibility``: internal is for the organisation's members)."""

from __future__ import annotations

from vereinbar.accounts.models import Membership
from vereinbar.accounts.roles import Role
from vereinbar.notifications.outbox import INSTALLATION, Sender

from .models import ContactRole, Organisation, Visibility

# Contacts that answer questions about taking part, first the most fitting; a press office does not.
_REPLY_CONTACTS = (ContactRole.COORDINATOR, ContactRole.OTHER)


def contact_address(organisation: Organisation, *, public_only: bool = False) -> str:
    """The address a reply to a mail of ``organisation`` goes to; "" when it has none.
    ``public_only``: its public contacts only, for readers outside the organisation."""
    contacts = organisation.contacts.filter(role__in=_REPLY_CONTACTS).exclude(email="")
    if public_only:
        contacts = contacts.filter(visibility=Visibility.PUBLIC)
    first: dict[str, str] = {}
    for role, email in contacts.order_by("pk").values_list("role", "email"):
        first.setdefault(role, email)  # the oldest contact of each role
    for role in _REPLY_CONTACTS:
        if role in first:
            return first[role]
    if public_only:
        return ""
    member_role = Role.OPERATOR_ADMIN if organisation.is_operator else Role.COORDINATOR
    member = (
        Membership.objects.filter(organisation=organisation, role=member_role, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return member.user.email if member is not None else ""


def organisation_sender(organisation: Organisation | None, *, reply_to: str = "", to_outsiders: bool = False) -> Sender:
    """The sender of a mail on behalf of ``organisation`` (the installation's for none); replies go
    to ``reply_to`` when given (the person who wrote the message), else to its contact, a public
    one only when the mail goes to readers ``to_outsiders`` (an operator's mail to employers)."""
    if organisation is None:
        return INSTALLATION
    return Sender(name=organisation.name, reply_to=reply_to or contact_address(organisation, public_only=to_outsiders))
