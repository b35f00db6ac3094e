"""The programme's people (operator, auditors) get mail from the employer only about what the
employer did (applied, submitted, withdrew, started a renewal). What the programme does or the
platform's calendar brings (an auditor assigned, a due date's reminder) comes from the
programme's operator, with replies to its public contact, never to the employer's coordinator."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import override_settings

from vereinbar.cycles.models import PhaseRun, PhaseStatus
from vereinbar.notifications.outbox import outbox_deliver
from vereinbar.notifications.reminders import reminders_send
from vereinbar.organisations.models import Contact, ContactRole, Visibility

pytestmark = pytest.mark.django_db

FROM = "Familienportal <noreply@portal.example.org>"


def _received(to: str, subject_start: str):
    (message,) = [m for m in mail.outbox if m.to == [to] and m.subject.startswith(subject_start)]
    return message.message()


@pytest.fixture
def running(audit, open_cycle, parties, operator_org):
    Contact.objects.create(
        organisation=operator_org,
        role=ContactRole.COORDINATOR,
        name="Geschäftsstelle",
        email="kontakt@op.example",
        visibility=Visibility.PUBLIC,
    )
    return open_cycle(audit)


@override_settings(DEFAULT_FROM_EMAIL=FROM)
def test_the_assigned_auditor_hears_it_from_the_operator_the_application_from_the_employer(
    running, parties, employer_org, operator_org
):
    outbox_deliver()
    assigned = _received(parties["auditor"].email, "Auditierung übertragen")
    assert assigned["From"].addresses[0].display_name == f"{operator_org.name} via Familienportal"
    assert str(assigned["Reply-To"]) == "kontakt@op.example"

    applied = _received(parties["operator"].email, "Neue Bewerbung")  # the employer applied
    assert applied["From"].addresses[0].display_name == f"{employer_org.name} via Familienportal"
    assert str(applied["Reply-To"]) == parties["coordinator"].email


@override_settings(DEFAULT_FROM_EMAIL=FROM)
def test_an_auditor_s_due_date_reminder_comes_from_the_operator_not_the_employer(running, parties, operator_org):
    due = date(2027, 3, 8)
    run = PhaseRun.objects.filter(cycle=running, phase__actor="auditor").order_by("pk").first()
    PhaseRun.objects.filter(pk=run.pk).update(status=PhaseStatus.OPEN, due_on=due)
    outbox_deliver()
    mail.outbox.clear()

    reminders_send(today=due - timedelta(days=14))

    reminder = _received(parties["auditor"].email, "Fällig am 8. März 2027")
    assert reminder["From"].addresses[0].display_name == f"{operator_org.name} via Familienportal"
    assert str(reminder["Reply-To"]) == "kontakt@op.example"  # not the employer's coordinator
