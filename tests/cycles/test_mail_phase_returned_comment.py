"""The mail telling the employer a phase came back for changes carries the reviewer's overall
comment as written, in German and Dutch, so its readers know what to change before they open
the page; the reviewer, who wrote it, gets no mail."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.conftest import _member
from tests.cycles.helpers import submit_first_phase
from vereinbar.cycles import services
from vereinbar.notifications.outbox import outbox_deliver

pytestmark = pytest.mark.django_db

COMMENT = "Bitte die Nachweise zu „Teilzeit“ ergänzen & neu hochladen.\nDanke!"


@pytest.fixture
def submitted(audit, open_cycle, parties, employer_org):
    """The first phase of a running audit, submitted for the auditor's review."""
    _member(employer_org, "coordinator", "hr-nl@test.example", "nl")
    cycle = open_cycle(audit)
    run = submit_first_phase(cycle, parties)
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


def test_comments_on_single_items_only_are_in_the_mail_without_an_empty_overall_comment(submitted, parties):
    """The review page says the comments beside single criteria are sent with the verdict: when
    they are the only reasons, the mail lists them, and no empty overall comment."""
    services.phase_return(
        actor=parties["auditor"],
        run=submitted,
        comments=[("1.1", "Hier fehlt etwas."), ("2.3", "  "), ("4.2", "Datum?")],
    )
    bodies = _received(parties)
    assert "Kommentar zur Rückgabe" not in bodies["de"]
    assert (
        "erneut ein.\n\nKommentare zu einzelnen Kriterien oder Zielen:\n1.1: Hier fehlt etwas.\n4.2: Datum?\n\nHier"
        in bodies["de"]
    )
    assert "Opmerking bij het terugsturen" not in bodies["nl"]
    assert "Opmerkingen bij afzonderlijke criteria of doelen:\n1.1: Hier fehlt etwas.\n4.2: Datum?\n\n" in bodies["nl"]
    assert "2.3" not in bodies["de"]


def test_both_an_overall_comment_and_comments_on_single_items_are_in_the_mail(submitted, parties):
    services.phase_return(
        actor=parties["auditor"], run=submitted, comment="Fast fertig.", comments=[("1.1", "Beleg fehlt")]
    )
    bodies = _received(parties)
    assert (
        "Kommentar zur Rückgabe:\nFast fertig.\n\nKommentare zu einzelnen Kriterien oder Zielen:\n1.1: Beleg fehlt\n"
        in bodies["de"]
    )
