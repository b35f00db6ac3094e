"""Who a mail is from and where a reply goes, as the recipient's mail program shows it: the
employer's people get a cycle's mails from the programme's operator ("<operator> via
vereinbar", the installation's own address) with replies to the operator's contact, the
operator's people get them from the employer with replies to its coordinator; the subject says
what happened before naming the organisation; dates are written out in the reader's language."""

from __future__ import annotations

from datetime import date
from email.headerregistry import Address
from email.utils import getaddresses

import pytest
from django.core import mail
from django.test import override_settings

from vereinbar.notifications.outbox import from_header, mail_render, outbox_deliver
from vereinbar.organisations.models import Contact, ContactRole, Visibility

pytestmark = pytest.mark.django_db

FROM = "Familienportal <noreply@portal.example.org>"


def _received(to: str):
    """The last mail to ``to`` as its mail program parses it."""
    message = [message for message in mail.outbox if message.to == [to]][-1].message()
    return message


def _address(header) -> Address:
    return header.addresses[0]


@override_settings(DEFAULT_FROM_EMAIL=FROM)
def test_the_employer_hears_from_the_operator_and_the_operator_from_the_employer(
    audit, open_cycle, parties, employer_org, operator_org
):
    Contact.objects.create(
        organisation=operator_org,
        role=ContactRole.COORDINATOR,
        name="Geschäftsstelle",
        email="kontakt@op.example",
        visibility=Visibility.PUBLIC,
    )
    open_cycle(audit)
    outbox_deliver()

    applied = _received(parties["operator"].email)  # "X applied": the employer writes
    assert _address(applied["From"]).display_name == f"{employer_org.name} via Familienportal"
    assert _address(applied["From"]).addr_spec == "noreply@portal.example.org"  # never another domain's address
    assert [address for _name, address in getaddresses([str(applied["Reply-To"])])] == [parties["coordinator"].email]

    accepted = _received(parties["coordinator"].email)  # "accepted": the operator writes
    assert _address(accepted["From"]).display_name == f"{operator_org.name} via Familienportal"
    assert _address(accepted["From"]).addr_spec == "noreply@portal.example.org"
    assert str(accepted["Reply-To"]) == "kontakt@op.example"  # its contact, not a member's own address
    assert str(accepted["Subject"]).startswith("Bewerbung angenommen: ")


@override_settings(DEFAULT_FROM_EMAIL=FROM)
def test_employers_never_get_an_operators_internal_contact_or_a_members_own_address(
    audit, open_cycle, parties, operator_org
):
    """Internal contacts are for the organisation's members; employers are not its members."""
    Contact.objects.create(
        organisation=operator_org, role=ContactRole.COORDINATOR, name="Intern", email="intern@op.example"
    )
    open_cycle(audit)
    outbox_deliver()
    accepted = _received(parties["coordinator"].email)
    assert _address(accepted["From"]).display_name == f"{operator_org.name} via Familienportal"
    assert accepted["Reply-To"] is None  # not intern@op.example, not the operator admin's login


@override_settings(DEFAULT_FROM_EMAIL=FROM)
@pytest.mark.parametrize("name", ['Müller, Söhne & "Partner" AöR', "Böse\r\nBcc: victim@example.org"])
def test_a_sender_name_with_commas_quotes_or_line_breaks_stays_one_display_name(name):
    header = from_header(name=name, language="de")
    message = mail.EmailMessage(subject="x", body="y", from_email=header, to=["a@example.org"]).message()
    sender = _address(message["From"])
    assert sender.addr_spec == "noreply@portal.example.org"
    assert sender.display_name == " ".join(name.split()) + " via Familienportal"
    assert "Bcc" not in message and "victim" not in str(message["To"])


def test_a_long_organisation_name_does_not_push_the_event_out_of_the_subject():
    long_name = "Pro Arbeit – Kreis Offenbach – (AöR) Kommunales Jobcenter"
    run = "Workshop"  # a phase as the subject names it
    cycle = {"version": {"title_text": "audit berufundfamilie"}, "stage": "Auditierung"}
    expected = {
        "cycles/mail/cycle_grant": ("Auszeichnung erteilt: ", "Erkenning toegekend: "),
        "cycles/mail/phase_submitted": ("Zur Prüfung eingereicht: ", "Ingediend voor beoordeling: "),
        "cycles/mail/cycle_applied": ("Neue Bewerbung: ", "Nieuwe aanvraag: "),
        "cycles/mail/cycle_completed": ("Durchlauf abgeschlossen: ", "Traject afgerond: "),
    }
    for template, (german, dutch) in expected.items():
        for language, start in (("de", german), ("nl", dutch)):
            subject, _ = mail_render(
                language=language,
                template=template,
                context={"cycle": cycle, "organisation": long_name, "run": run, "award": {}, "path": "/x/"},
            )
            assert subject.startswith(start), subject
            assert subject.endswith(long_name)


@pytest.mark.parametrize(
    ("language", "written"),
    [("de", "5. Dezember 2026"), ("nl", "5 december 2026"), ("en", "5 December 2026")],
)
def test_a_due_date_is_written_out_in_the_reader_s_language(language, written):
    run = {"phase": {"deliverable": "document", "accepted_by": "auditor"}, "due_on": date(2026, 12, 5)}
    subject, body = mail_render(
        language=language,
        template="cycles/mail/reminder_phase_due",
        context={
            "cycle": {"version": {"title_text": "P"}, "stage": "S"},
            "organisation": "X",
            "run": run,
            "path": "/x/",
        },
    )
    assert written in subject and written in body
    assert "Dec." not in body
