"""With the mail server away, the cycle's pages still do what was asked: a coordinator submits a
phase and the auditor returns it (each telling people by mail), both answered with a redirect,
not an error; the mails wait in the outbox and go out once the server is back."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from tests.cycles.helpers import EDITOR, fill
from tests.notifications.backends import OutageBackend
from vereinbar.cycles.models import PhaseRun, PhaseStatus
from vereinbar.notifications.models import MailStatus, OutgoingMail
from vereinbar.notifications.outbox import outbox_deliver

# transaction=True: the worker is called after the commit, inside the request, as the tasks' immediate backend does
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def server_down(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.backends.OutageBackend"}}
    OutageBackend.down, OutageBackend.refused = True, 0
    yield OutageBackend
    OutageBackend.down = False


def test_submitting_and_returning_a_phase_work_while_the_mail_server_is_away(
    audit, open_cycle, parties, login, server_down
):
    cycle = open_cycle(audit)
    run = PhaseRun.objects.filter(cycle=cycle, status=PhaseStatus.OPEN, phase__actor="coordinator").first()
    fill(run, editor=parties[EDITOR[run.phase.actor]], signer=parties["coordinator"])
    OutgoingMail.objects.all().delete()

    submitted = login(parties["coordinator"]).post(
        f"/de/workspace/{cycle.organisation.slug}/cycles/{cycle.pk}/phases/{run.pk}/do/submit/"
    )
    returned = login(parties["auditor"]).post(
        f"/de/operator/cycles/{cycle.pk}/phases/{run.pk}/do/return/", {"comment": "Bitte ergänzen."}
    )

    assert (submitted.status_code, returned.status_code) == (302, 302)
    run.refresh_from_db()
    assert run.status == PhaseStatus.RETURNED
    waiting = OutgoingMail.objects.exclude(status=MailStatus.SENT)
    assert {mail_row.to for mail_row in waiting} >= {parties["auditor"].email, parties["coordinator"].email}
    assert server_down.refused > 0 and mail.outbox == []

    server_down.down = False
    OutgoingMail.objects.update(next_attempt_at=timezone.now())  # the retry is due
    outbox_deliver()
    assert {message.to[0] for message in mail.outbox} >= {parties["auditor"].email, parties["coordinator"].email}
