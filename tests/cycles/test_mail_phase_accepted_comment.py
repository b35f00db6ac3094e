"""A phase accepted with a note from the reviewer ("accepted; for next year please …") tells the
employer the note in the mail, and a reply goes to the reviewer who wrote it; accepted without a
note, the mail has no empty heading and replies go to the operator's contact as before."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.conftest import _member
from tests.cycles.helpers import submit_first_phase
from vereinbar.cycles import services
from vereinbar.notifications.outbox import outbox_deliver

pytestmark = pytest.mark.django_db

NOTE = "Angenommen. Für den nächsten Bericht bitte die Zahlen je Standort.\nDanke!"


@pytest.fixture
def submitted(audit, open_cycle, parties, employer_org):
    """The first phase of a running audit, submitted for the auditor's review."""
    _member(employer_org, "coordinator", "hr-nl@test.example", "nl")
    cycle = open_cycle(audit)
    run = submit_first_phase(cycle, parties)
    return run


def _accepted_mails():
    outbox_deliver()
    return {
        m.extra_headers["Content-Language"]: m
        for m in mail.outbox
        if m.to[0].startswith(("coord", "hr-nl")) and m.subject.startswith(("Phase angenommen", "Stap geaccepteerd"))
    }


def test_the_accepted_phase_mail_gives_the_reviewer_s_note_and_replies_reach_the_reviewer(submitted, parties):
    services.phase_accept(actor=parties["auditor"], run=submitted, comment=NOTE)
    received = _accepted_mails()
    assert f"wurde angenommen.\n\nAnmerkung zur Annahme:\n{NOTE}\n\nHier geht es zur Seite:" in received["de"].body
    assert f"is geaccepteerd.\n\nOpmerking bij het accepteren:\n{NOTE}\n\nBekijk het hier:" in received["nl"].body
    assert received["de"].reply_to == [parties["auditor"].email]


def test_accepted_without_a_note_the_mail_has_no_note_and_no_reply_to_the_reviewer(submitted, parties):
    services.phase_accept(actor=parties["auditor"], run=submitted)
    received = _accepted_mails()
    assert "wurde angenommen.\n\nHier geht es zur Seite:" in received["de"].body
    assert received["de"].reply_to != [parties["auditor"].email]
