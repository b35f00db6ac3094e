"""A deleted account's address leaves the mail outbox with it: a reminder still waiting is not
sent to the person who deleted their account, and the operators' outbox page no longer lists
the sent mails by their address. Mails to other people stay."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.factories import UserFactory
from vereinbar.accounts.privacy import account_delete
from vereinbar.notifications.models import OutgoingMail
from vereinbar.notifications.outbox import mail_record, outbox_deliver

pytestmark = pytest.mark.django_db


def test_deleting_an_account_drops_its_waiting_and_sent_mails_and_keeps_others():
    user = UserFactory(email="kim.colleague@test.example")
    mail_record(to="kim.colleague@test.example", language="de", subject="Gesendet", body="x")
    outbox_deliver()
    mail_record(to="Kim.Colleague@test.example", language="de", subject="Wartet", body="x")
    mail_record(to="someone.else@test.example", language="de", subject="Andere", body="x")
    mail.outbox.clear()

    account_delete(actor=user, user=user)
    outbox_deliver()

    assert not OutgoingMail.objects.filter(to__iexact="kim.colleague@test.example").exists()
    assert [message.to for message in mail.outbox] == [["someone.else@test.example"]]
