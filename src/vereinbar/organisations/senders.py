"""Who the mails on an organisation's behalf come from, for their readers: "<organisation> via
vereinbar" (``notifications.outbox.Sender``), with replies going to a real contact of it.

Employers write to their staff (survey invitations) and to the programme's operator (an
application, a submitted phase); operators write to employers (decisions, reminders). A reply
goes to the organisation's coordinator contact (``Contact``), else to another general contact,
else to the first member who coordinates it (an employer's coordinator, an operator's admin)."""

from __future__ import annotations

from vereinbar.accounts.models import Membership
from vereinbar.accounts.roles import Role
from vereinbar.notifications.outbox import INSTALLATION, Sender

from .models import ContactRole, Organisation

# Contacts that answer questions about taking part, first the most fitting; a press office does not.
_REPLY_CONTACTS = (ContactRole.COORDINATOR, ContactRole.OTHER)


def contact_address(organisation: Organisation) -> str:
    """The address a reply to a mail of ``organisation`` goes to; "" when it has none."""
    contacts = {
        contact.role: contact.email
        for contact in organisation.contacts.filter(role__in=_REPLY_CONTACTS).exclude(email="").order_by("-pk")
    }
    for role in _REPLY_CONTACTS:
        if contacts.get(role):
            return contacts[role]
    member_role = Role.OPERATOR_ADMIN if organisation.is_operator else Role.COORDINATOR
    member = (
        Membership.objects.filter(organisation=organisation, role=member_role, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return member.user.email if member is not None else ""


def organisation_sender(organisation: Organisation | None, *, reply_to: str = "") -> Sender:
    """The sender of a mail on behalf of ``organisation`` (the installation's for none); replies go
    to ``reply_to`` when given (the person who wrote the message), else to its contact."""
    if organisation is None:
        return INSTALLATION
    return Sender(name=organisation.name, reply_to=reply_to or contact_address(organisation))
