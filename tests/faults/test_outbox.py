"""The mail outbox: a mail that could not be sent is tried again after a pause; a sent one
never again; a repeat would carry the same Message-ID."""

from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from vereinbar.notifications.models import OutgoingMail
from vereinbar.notifications.outbox import outbox_deliver

pytestmark = pytest.mark.django_db


def _record(count: int) -> None:
    for i in range(count):
        OutgoingMail.objects.create(
            key=f"reminder:award:1:1m:{i}", to=f"person{i}@example.org", language="en", subject="S", body="B"
        )


def test_a_mail_server_failure_leaves_the_mail_waiting_for_a_later_attempt(monkeypatch):
    _record(3)
    original = EmailMultiAlternatives.send
    calls = {"n": 0}

    def flaky(self, fail_silently=False):
        calls["n"] += 1
        if calls["n"] == 2:
            raise smtplib.SMTPServerDisconnected("gone")
        return original(self, fail_silently=fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    assert outbox_deliver() == 2
    assert OutgoingMail.objects.filter(sent_at=None).count() == 1
    first_ids = {m.to[0]: m.extra_headers["Message-ID"] for m in mail.outbox}

    assert outbox_deliver() == 0  # the failed one waits for its next attempt
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert outbox_deliver() == 1
        assert outbox_deliver() == 0  # nothing is sent twice
    assert sorted(m.to[0] for m in mail.outbox) == [f"person{i}@example.org" for i in range(3)]
    assert OutgoingMail.objects.filter(sent_at=None).count() == 0
    for message in mail.outbox:
        assert message.extra_headers["Content-Language"] == "en"
        if message.to[0] in first_ids:
            assert message.extra_headers["Message-ID"] == first_ids[message.to[0]]


def test_message_ids_are_fixed_by_the_key_and_differ_between_mails():
    from vereinbar.notifications.outbox import _message_id

    assert _message_id("reminder:a:1") == _message_id("reminder:a:1")
    assert _message_id("reminder:a:1") != _message_id("reminder:a:2")
    assert _message_id("x").startswith("<") and _message_id("x").endswith(">")
