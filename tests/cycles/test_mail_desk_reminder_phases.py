"""The operator's reminder as the coordinators receive it: the operator's words signed by who
wrote them (a reply goes to that person), then each phase
in progress by the name its page gives it (a repeated phase with its number, so two runs of
one phase are told apart) and its due date, in German and Dutch."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from tests.conftest import _member
from vereinbar.cycles.models import PhaseRun, PhaseStatus
from vereinbar.cycles.services.bulk import bulk_remind
from vereinbar.notifications.outbox import outbox_deliver

pytestmark = pytest.mark.django_db


def test_the_reminder_lists_each_phase_by_its_name_and_due_date(audit, open_cycle, parties, employer_org):
    _member(employer_org, "coordinator", "hr-nl@test.example", "nl")
    cycle = open_cycle(audit)
    run = PhaseRun.objects.filter(cycle=cycle, status=PhaseStatus.OPEN).order_by("pk").first()
    run.due_on, run.occurrence = date(2027, 3, 8), 2  # the phase's second run, as a yearly report has
    run.save(update_fields=["due_on", "occurrence"])
    outbox_deliver()
    mail.outbox.clear()
    parties["operator"].full_name = "Olivia Operator"
    parties["operator"].save(update_fields=["full_name"])
    bulk_remind(actor=parties["operator"], ids=[cycle.pk], message="Bitte denken Sie an die Frist.")
    outbox_deliver()
    bodies = {message.extra_headers["Content-Language"]: message.body for message in mail.outbox}
    assert (
        "\n\nBitte denken Sie an die Frist.\n– Olivia Operator\n\nLaufende Phasen:\n"
        "- Self-assessment (2), fällig am 8. März 2027\n" in (bodies["de"])
    )
    assert {tuple(message.reply_to) for message in mail.outbox} == {(parties["operator"].email,)}
    assert "\nLopende stappen:\n- Self-assessment (2), uiterlijk 8 maart 2027\n" in bodies["nl"]
