"""A real SMTP server that refuses (451), hangs up or never answers: the pages that send mail
still answer with their usual confirmation, the mail waits in the outbox with the server's
error, and it arrives, as written, once the server takes mail again.

The tests run tasks immediately (tests/settings.py), so the outbox worker contacts the server
inside the request, just after the commit: the hardest case for the page. An installation
queues the task instead, and its pages never touch the mail server at all."""

from __future__ import annotations

import email
import email.policy
import socket
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import UserFactory
from tests.notifications.smtp_server import smtp_server
from vereinbar.notifications.models import MailStatus, OutgoingMail
from vereinbar.notifications.outbox import outbox_deliver

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
ERRORS = {"451": "SMTPSenderRefused", "close": "SMTPServerDisconnected", "silent": "timed out"}


def _received(server) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(raw, policy=email.policy.default) for raw in server.received]


def _later(minutes: int):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes, seconds=1), tick=False)


@pytest.mark.parametrize("mode", ["451", "close", "silent"])
def test_a_password_reset_asked_while_the_mail_server_refuses_is_mailed_when_it_is_back(settings, client, mode):
    user = UserFactory(full_name="Lisa Leer", preferred_language="de")
    with smtp_server(settings, timeout=0.5) as server:
        server.mode = mode
        response = client.post("/de/accounts/password/reset/", {"email": user.email}, follow=True)
        assert response.status_code == 200
        assert "Bitte prüfen Sie Ihre E-Mails" in response.content.decode()
        assert server.connections >= 1  # the server was asked, and said no
        row = OutgoingMail.objects.get(to=user.email)
        assert (row.status, row.attempts) == (MailStatus.RETRYING, 1)
        assert ERRORS[mode] in row.last_error

        server.mode = "accept"
        with _later(2):
            assert outbox_deliver() == 1
    (received,) = _received(server)
    assert received["To"] == user.email
    assert received["Subject"] == "Ihr Passwort für vereinbar zurücksetzen"
    body = received.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert body.startswith("Guten Tag Lisa Leer,\n\nfür das vereinbar-Konto")
    row.refresh_from_db()
    assert (row.status, row.last_error) == (MailStatus.SENT, "")


def test_a_password_reset_asked_while_no_mail_server_listens_is_kept_with_the_error_not_a_500(settings, client):
    """A host nobody answers on (a port with no listener: the connection is refused at once):
    the page confirms as usual and the mail waits in the outbox, with the error, for a retry."""
    user = UserFactory(full_name="Lisa Leer", preferred_language="nl")
    with socket.socket() as probe:  # a free port, closed again: nothing listens on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 0.5},
        }
    }
    response = client.post("/nl/accounts/password/reset/", {"email": user.email}, follow=True)
    assert response.status_code == 200
    row = OutgoingMail.objects.get(to=user.email)
    assert (row.status, row.attempts) == (MailStatus.RETRYING, 1)
    assert "refused" in row.last_error.lower()
    assert row.subject and row.body  # kept to be sent again


def test_an_e_mail_change_asked_while_the_mail_server_refuses_tells_the_user_and_both_mails_follow(
    settings, client, login, coordinator
):
    coordinator.preferred_language = "nl"
    coordinator.save(update_fields=["preferred_language"])
    login(coordinator)
    with smtp_server(settings) as server:
        server.mode = "451"
        response = client.post(
            "/nl/accounts/email/change/", {"email": "nieuw@test.example", "password": PASSWORD}, follow=True
        )
        assert response.status_code == 200
        assert "We hebben een link naar nieuw@test.example gestuurd." in response.content.decode()
        rows = OutgoingMail.objects.order_by("to")
        assert [(row.to, row.status) for row in rows] == [
            ("coordinator@test.example", MailStatus.RETRYING),
            ("nieuw@test.example", MailStatus.RETRYING),
        ]

        server.mode = "accept"
        with _later(2):
            assert outbox_deliver() == 2
    subjects = {message["To"]: message["Subject"] for message in _received(server)}
    assert subjects == {
        "nieuw@test.example": "Bevestig uw nieuwe e-mailadres op vereinbar",
        "coordinator@test.example": "Uw e-mailadres op vereinbar wordt gewijzigd",
    }
