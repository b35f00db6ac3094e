"""The due-date reminder of a phase as its readers receive it: fourteen days before it names
the date, on the day it says "today", and a last reminder that goes out late (the daily run
missed the day) says the date has passed instead of announcing it as still to come."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail

from tests.conftest import _member
from vereinbar.cycles.models import PhaseRun, PhaseStatus
from vereinbar.notifications.reminders import reminders_send

pytestmark = pytest.mark.django_db

DUE = date(2027, 3, 8)


@pytest.fixture
def phase(audit, open_cycle, employer_org):
    """An open phase of a running cycle, due on 8 March 2027; a second coordinator reads Dutch."""
    _member(employer_org, "coordinator", "hr-nl@test.example", "nl")
    cycle = open_cycle(audit)
    run = PhaseRun.objects.filter(cycle=cycle, status=PhaseStatus.OPEN).order_by("pk").first()
    run.due_on = DUE
    run.save(update_fields=["due_on"])
    return run


def _received(today: date) -> dict[str, tuple[str, str]]:
    """(subject, body) of the reminder sent on ``today``, by the reader's language."""
    mail.outbox.clear()
    reminders_send(today=today)
    by_language = {}
    for message in mail.outbox:
        by_language[message.extra_headers["Content-Language"]] = (message.subject, " ".join(message.body.split()))
    return by_language


def test_fourteen_days_before_the_reminder_names_the_date(phase):
    received = _received(DUE - timedelta(days=14))
    assert received["de"][0].startswith("Fällig am 8. März 2027: „Self-assessment“ – ")
    assert "die Phase „Self-assessment“ des Programms Test-Audit ist am 8. März 2027 fällig." in received["de"][1]
    assert received["nl"][0].startswith("Uiterste datum 8 maart 2027: ‘Self-assessment’ – ")


def test_on_the_day_the_reminder_says_today(phase):
    received = _received(DUE)
    subject, body = received["de"]
    assert subject.startswith("Heute fällig: „Self-assessment“ – ")
    assert "die Phase „Self-assessment“ des Programms Test-Audit ist heute fällig." in body
    subject, body = received["nl"]
    assert subject.startswith("Uiterste datum vandaag: ‘Self-assessment’ – ")
    assert "De uiterste datum voor de stap ‘Self-assessment’ van het programma Test audit is vandaag." in body


def test_a_last_reminder_sent_late_says_the_date_has_passed(phase):
    received = _received(DUE + timedelta(days=3))
    subject, body = received["de"]
    assert subject.startswith("War am 8. März 2027 fällig: „Self-assessment“ – ")
    assert "des Programms Test-Audit war am 8. März 2027 fällig." in body
    assert "ist am" not in body and "Fällig am" not in subject
    subject, body = received["nl"]
    assert subject.startswith("Uiterste datum was 8 maart 2027: ‘Self-assessment’ – ")
    assert "van het programma Test audit was 8 maart 2027." in body
