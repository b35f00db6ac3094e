"""A survey's invitation and reminder come from the employer that invites: its name as the
sender ("Kreis Musterstadt via vereinbar", on the installation's own address), and a reply goes
to its coordinator, not to a no-reply address; the closing day is written out in the mail's
language."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.test import override_settings

from vereinbar.organisations.models import Contact, ContactRole
from vereinbar.surveys.services.invitations import invitations_import, invitations_remind

pytestmark = pytest.mark.django_db(transaction=True)

STAFF = "E-Mail;Einheit;Sprache\nanna@example.org;Personal;de\njan@example.nl;Jugendamt;nl\n"


@override_settings(DEFAULT_FROM_EMAIL="vereinbar <noreply@vereinbar.example.org>")
def test_staff_get_the_survey_from_their_employer_and_can_reply_to_its_coordinator(
    make_survey, coordinator, employer_org
):
    Contact.objects.create(
        organisation=employer_org, role=ContactRole.PRESS, name="Presse", email="presse@kreis.example"
    )
    survey = make_survey("open", languages=["de", "nl"], title="Arbeit & Pflege 2027")
    survey.closes_on = date(2027, 3, 5)
    survey.save(update_fields=["closes_on"])
    invitations_import(actor=coordinator, survey=survey, raw=STAFF.encode(), default_language="de")
    invitations_remind(actor=coordinator, survey=survey)
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        received = message.message()
        sender = received["From"].addresses[0]
        assert (sender.display_name, sender.addr_spec) == (
            "Kreis Musterstadt via vereinbar",
            "noreply@vereinbar.example.org",
        )
        assert str(received["Reply-To"]) == coordinator.email  # the press office is not who answers staff
        written = {"anna@example.org": "5. März 2027", "jan@example.nl": "5 maart 2027"}[message.to[0]]
        assert written in message.body


def _staff(count: int) -> bytes:
    rows = "".join(f"person{n}@example.org;Personal;de\n" for n in range(count))
    return ("E-Mail;Einheit;Sprache\n" + rows).encode()


def _sender_lookups(survey, coordinator, count: int) -> int:
    """Queries on the contacts and memberships (where the reply address comes from) while
    ``count`` staff are invited and their mails go out."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vereinbar.accounts.models import Membership
    from vereinbar.notifications.outbox import outbox_deliver

    tables = (Contact._meta.db_table, Membership._meta.db_table)
    with CaptureQueriesContext(connection) as queries:
        invitations_import(actor=coordinator, survey=survey, raw=_staff(count), default_language="de")
        outbox_deliver()
    return sum(1 for query in queries if any(table in query["sql"] for table in tables))


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("with_contact", [True, False], ids=["coordinator contact", "coordinator member"])
@override_settings(DEFAULT_FROM_EMAIL="vereinbar <noreply@vereinbar.example.org>")
def test_a_mailing_looks_up_its_sender_once_however_many_are_invited(
    make_survey, coordinator, employer_org, with_contact
):
    if with_contact:
        Contact.objects.create(
            organisation=employer_org, role=ContactRole.COORDINATOR, name="Personal", email="personal@kreis.example"
        )
    few = _sender_lookups(make_survey("open", title="Befragung A"), coordinator, 2)
    many = _sender_lookups(make_survey("open", title="Befragung B"), coordinator, 7)
    assert many == few
    assert len(mail.outbox) == 9
    for message in mail.outbox:
        received = message.message()
        sender = received["From"].addresses[0]
        assert (sender.display_name, sender.addr_spec) == (
            "Kreis Musterstadt via vereinbar",
            "noreply@vereinbar.example.org",
        )
        assert str(received["Reply-To"]) == ("personal@kreis.example" if with_contact else coordinator.email)
