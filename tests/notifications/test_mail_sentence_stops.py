"""An organisation whose name ends in an abbreviation ("Zorgwerk B.V.", "Förderverein e.V.") at
the end of a sentence, where Dutch and English put it, is followed by one full stop, not two: in
the mail's subject and body and in the inbox item. An ellipsis stays as written."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.factories import UserFactory
from vereinbar.notifications.models import Notification
from vereinbar.notifications.outbox import mail_render, outbox_deliver, sentence_stops
from vereinbar.notifications.services import notification_send

pytestmark = pytest.mark.django_db

CYCLE = {"version": {"kind": "recognition", "title_text": "Erkenning"}, "stage": "Hererkenning"}


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("nl", "De erkenning van het programma Erkenning, traject ‘Hererkenning’, is toegekend aan Zorgwerk B.V.\n"),
        ("en", "The recognition of the programme Erkenning, cycle “Hererkenning”, was granted to Zorgwerk B.V.\n"),
    ],
)
def test_a_granted_award_s_mail_ends_the_sentence_after_b_v_with_one_full_stop(language, sentence):
    user = UserFactory(full_name="Kees Willems", preferred_language=language)
    notification_send(
        recipients=[(user, f"/{language}/workspace/zorgwerk/cycles/1/")],
        event="cycle_grant",
        template="cycles/mail/cycle_grant",
        context={"cycle": CYCLE, "organisation": "Zorgwerk B.V."},
    )
    outbox_deliver()
    (received,) = mail.outbox
    assert sentence in received.body
    assert "B.V.." not in received.body
    assert "B.V.." not in Notification.objects.get(user=user).body


def test_a_survey_reminder_of_a_registered_association_has_one_full_stop():
    _subject, body = mail_render(
        language="de",
        template="surveys/mail/reminder",
        context={"organisation": "Förderverein Musterstadt e.V.", "survey": "Vereinbarkeit 2027", "path": "/de/s/x/"},
    )
    assert "„Vereinbarkeit 2027“ von Förderverein Musterstadt e.V. Sie erhalten" in body


def test_an_ellipsis_and_a_single_full_stop_stay_as_written():
    assert sentence_stops("Warten … und dann... weiter. B.V. 2.") == "Warten … und dann... weiter. B.V. 2."
