"""A mail backend for the fault tests: each message becomes one file in
``$VEREINBAR_FAULTS_MAILDIR`` after ``$VEREINBAR_FAULTS_MAIL_DELAY`` seconds (a slow mail
server), so that a process can be killed while it is sending."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = Path(os.environ["VEREINBAR_FAULTS_MAILDIR"])
        delay = float(os.environ.get("VEREINBAR_FAULTS_MAIL_DELAY", "0"))
        sent = 0
        for message in email_messages:
            time.sleep(delay)
            name = directory / f"{uuid.uuid4().hex}.eml"
            temporary = name.with_suffix(".tmp")
            temporary.write_bytes(message.message().as_bytes())
            temporary.rename(name)  # a file is there completely or not at all
            sent += 1
        return sent
