"""Inviting staff while the mail server refuses mail (a real SMTP server answering 451): the
page confirms the upload and shows the mailing as still under way, and every invitation
arrives in its reader's language once the server takes mail again, after which no outbox row
links to an invitation any more."""

from __future__ import annotations

import email
import email.policy
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.notifications.smtp_server import smtp_server
from vereinbar.notifications.models import MailStatus, OutgoingMail
from vereinbar.notifications.outbox import outbox_deliver

pytestmark = pytest.mark.django_db(transaction=True)

STAFF = "E-Mail;Einheit;Sprache\nanna@example.org;Personal;de\njan@example.nl;Jugendamt;nl\n"


def test_staff_invited_while_the_mail_server_refuses_get_their_invitation_when_it_is_back(
    settings, login, coordinator, make_survey
):
    settings.SITE_URL = "https://vereinbar.example.org"
    survey = make_survey("open", languages=["de", "nl"], title="Arbeit & Pflege 2027")
    client = login(coordinator)
    base = f"/de/workspace/kreis-musterstadt/surveys/{survey.pk}/"
    with smtp_server(settings) as server:
        server.mode = "451"
        response = client.post(
            f"{base}invitations/", {"file": SimpleUploadedFile("staff.csv", STAFF.encode()), "language": "de"}
        )
        assert response.status_code == 302
        page = client.get(base).content.decode()
        assert "2 Einladungen werden gesendet" in page
        assert "Versand läuft: 0 von 2 E-Mails gesendet." in page
        assert set(OutgoingMail.objects.values_list("status", flat=True)) == {MailStatus.RETRYING}

        server.mode = "accept"
        with time_machine.travel(timezone.now() + timedelta(minutes=2, seconds=1), tick=False):
            assert outbox_deliver() == 2
            fragment = client.get(f"{base}mail-progress/").content.decode()
    assert "Letzter Versand: 2 von 2 E-Mails gesendet." in fragment
    received = {
        message["To"]: message
        for message in (email.message_from_bytes(raw, policy=email.policy.default) for raw in server.received)
    }
    assert received["anna@example.org"]["Subject"] == "Einladung zur Beschäftigtenbefragung „Arbeit & Pflege 2027“"
    assert received["jan@example.nl"]["Subject"] == "Uitnodiging voor het medewerkersonderzoek ‘Arbeit & Pflege 2027’"
    anna = received["anna@example.org"].get_body(("plain",)).get_content()
    assert "https://vereinbar.example.org/de/s/" in anna and "anonym" in anna
    assert "/nl/s/" in received["jan@example.nl"].get_body(("plain",)).get_content()
    assert not OutgoingMail.objects.exclude(survey_invitation=None).exists()
