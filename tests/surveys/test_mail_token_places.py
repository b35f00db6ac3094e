"""A survey invitation carries its token in the one place the person needs it: the link, in the
plain text and as the HTML part's link. Not in a header, the subject or anywhere else."""

from __future__ import annotations

import email
import email.policy
import re

import pytest
from django.core import mail

from vereinbar.notifications.outbox import outbox_deliver
from vereinbar.surveys.services.invitations import invitations_import, invitations_remind

pytestmark = pytest.mark.django_db

STAFF = "E-Mail;Einheit;Sprache\nanna.mueller@example.org;Personal;de\njan@example.nl;Jugendamt;nl\n"
LINK = re.compile(r"https?://[^\s\"<]+/(de|nl)/s/([0-9a-f]{40})/")


def test_the_token_of_an_invitation_or_reminder_is_only_in_its_link(open_survey, coordinator):
    invitations_import(actor=coordinator, survey=open_survey, raw=STAFF.encode(), default_language="de")
    invitations_remind(actor=coordinator, survey=open_survey)
    outbox_deliver()
    assert len(mail.outbox) == 4
    for sent in mail.outbox:
        raw = sent.message(policy=email.policy.SMTP).as_bytes()
        received = email.message_from_bytes(raw, policy=email.policy.default)
        text = received.get_body(("plain",)).get_content()
        html = received.get_body(("html",)).get_content()
        url = LINK.search(text)
        assert url is not None
        token = url.group(2)
        assert token not in raw.split(b"\r\n\r\n")[0].decode()  # no header
        assert text.count(token) == 1
        anchor = f'<a href="{url.group(0)}" rel="nofollow">{url.group(0)}</a>'
        assert anchor in html
        assert token not in html.replace(anchor, "")
        assert f'lang="{url.group(1)}"' in html
