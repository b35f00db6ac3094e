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
