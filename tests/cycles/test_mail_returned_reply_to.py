"""A phase returned for changes carries the reviewer's comments: a reply to its mail (a question
about what to change) goes to the reviewer who wrote them, not to the operator's general
contact or nowhere."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.cycles.helpers import submit_first_phase
from vereinbar.cycles import services
from vereinbar.notifications.outbox import outbox_deliver

pytestmark = pytest.mark.django_db


def test_a_reply_to_the_returned_phase_s_mail_goes_to_the_reviewer(audit, open_cycle, parties):
    run = submit_first_phase(open_cycle(audit), parties)

    services.phase_return(actor=parties["auditor"], run=run, comment="Bitte die Nachweise ergänzen.")
    outbox_deliver()

    (returned,) = [m for m in mail.outbox if m.to == [parties["coordinator"].email]]
    assert returned.subject.startswith("Zur Überarbeitung zurückgegeben: ")
    assert returned.reply_to == [parties["auditor"].email]
