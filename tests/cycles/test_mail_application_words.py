"""What the operator reads when an employer applies or withdraws: the message written with the
application and the reason given for the withdrawal are in the mail, in the reader's language
around them; without one, nothing dangles."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.conftest import _member
from vereinbar.cycles import services
from vereinbar.notifications.outbox import outbox_deliver

pytestmark = pytest.mark.django_db


@pytest.fixture
def operators(operator_admin, operator_org):
    """The operator's two admins: one reads German, one Dutch."""
    return {"de": operator_admin, "nl": _member(operator_org, "operator_admin", "ops-nl@test.example", "nl")}


def _bodies(operators) -> dict[str, str]:
    outbox_deliver()
    bodies = {}
    for language, reader in operators.items():
        (message,) = [message for message in mail.outbox if message.to == [reader.email]]
        bodies[language] = message.body
    mail.outbox.clear()
    return bodies


def test_the_application_mail_gives_the_employer_s_message(audit, coordinator, employer_org, operators):
    services.cycle_apply(
        actor=coordinator, organisation=employer_org, programme=audit, message="Wir starten im Mai & <gern> früher."
    )
    bodies = _bodies(operators)
    assert "\n\nNachricht zur Bewerbung:\nWir starten im Mai & <gern> früher.\n\n" in bodies["de"]
    assert "\n\nBericht bij de aanvraag:\nWir starten im Mai & <gern> früher.\n\n" in bodies["nl"]


def test_an_application_without_a_message_says_nothing_of_one(audit, coordinator, employer_org, operators):
    services.cycle_apply(actor=coordinator, organisation=employer_org, programme=audit)
    bodies = _bodies(operators)
    assert "Nachricht zur Bewerbung" not in bodies["de"] and "Bericht bij de aanvraag" not in bodies["nl"]


def test_the_withdrawal_mail_gives_the_reason(audit, coordinator, employer_org, operators):
    cycle = services.cycle_apply(actor=coordinator, organisation=employer_org, programme=audit)
    outbox_deliver()
    mail.outbox.clear()
    services.cycle_withdraw(actor=coordinator, cycle=cycle, reason="Neue Geschäftsführung")
    bodies = _bodies(operators)
    assert "im Programm Test-Audit zurückgezogen. Grund: Neue Geschäftsführung\n" in bodies["de"]
    assert "Reden: Neue Geschäftsführung\n" in bodies["nl"]


def test_a_withdrawal_without_a_reason_has_no_empty_reason(audit, coordinator, employer_org, operators):
    cycle = services.cycle_apply(actor=coordinator, organisation=employer_org, programme=audit)
    outbox_deliver()
    mail.outbox.clear()
    services.cycle_withdraw(actor=coordinator, cycle=cycle)
    bodies = _bodies(operators)
    assert "Grund" not in bodies["de"] and "Reden" not in bodies["nl"]
