"""A mail backend whose server can be switched off, for the outage tests."""

from __future__ import annotations

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class OutageBackend(EmailBackend):
    """Like the in-memory backend, but refuses every mail while ``down`` is true, as a mail
    server does that cannot be reached; ``refused`` counts the refusals."""

    down = False
    refused = 0

    def send_messages(self, messages):
        if OutageBackend.down:
            OutageBackend.refused += 1
            raise smtplib.SMTPConnectError(421, "mail server not reachable")
        return super().send_messages(messages)
