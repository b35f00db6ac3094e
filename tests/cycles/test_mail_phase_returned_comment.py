"""The mail telling the employer a phase came back for changes carries the reviewer's overall
comment as written, in German and Dutch, so its readers know what to change before they open
the page; the reviewer, who wrote it, gets no mail."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.conftest import _member
from tests.cycles.helpers import EDITOR, SUBMITTER, fill
from vereinbar.cycles import services
from vereinbar.cycles.models import PhaseRun, PhaseStatus
from vereinbar.notifications.outbox import outbox_deliver

pytestmark = pytest.mark.django_db

COMMENT = "Bitte die Nachweise zu „Teilzeit“ ergänzen & neu hochladen.\nDanke!"


@pytest.fixture
def submitted(audit, open_cycle, parties, employer_org):
    """The first phase of a running audit, submitted for the auditor's review."""
    _member(employer_org, "coordinator", "hr-nl@test.example", "nl")
    cycle = open_cycle(audit)
    run = PhaseRun.objects.filter(cycle=cycle, status=PhaseStatus.OPEN).order_by("pk").first()
    fill(run, editor=parties[EDITOR[run.phase.actor]], signer=parties["coordinator"])
    services.phase_submit(actor=parties[SUBMITTER[run.phase.actor]], run=run)
    outbox_deliver()
    mail.outbox.clear()
    return run


def _received(parties) -> dict[str, str]:
    outbox_deliver()
    bodies = {
        m.extra_headers["Content-Language"]: m.body for m in mail.outbox if m.to[0].startswith(("coord", "hr-nl"))
    }
    assert not [m for m in mail.outbox if m.to == [parties["auditor"].email]]
    return bodies


def test_the_returned_phase_mail_gives_the_reviewer_s_comment(submitted, parties):
    services.phase_return(actor=parties["auditor"], run=submitted, comment=COMMENT)
    bodies = _received(parties)
    assert f"erneut ein.\n\nKommentar zur Rückgabe:\n{COMMENT}\n\nHier geht es zur Seite:" in bodies["de"]
    assert f"opnieuw in.\n\nOpmerking bij het terugsturen:\n{COMMENT}\n\nBekijk het hier:" in bodies["nl"]


def test_comments_on_single_items_only_leave_no_empty_comment(submitted, parties):
    item = submitted.phase.key
    services.phase_return(actor=parties["auditor"], run=submitted, comments=[(item, "Hier fehlt etwas.")])
    bodies = _received(parties)
    assert "Kommentar zur Rückgabe" not in bodies["de"] and "erneut ein.\n\nHier geht es zur Seite:" in bodies["de"]
    assert "Opmerking bij het terugsturen" not in bodies["nl"]
