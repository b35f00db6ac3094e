"""The cycles list says, for each phase in progress, whose move it is: an auditor with twenty
employers sees at a glance what waits for them and what waits for the employer."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from vereinbar.cycles import services

from .helpers import fill
from .test_operator_desk import started

pytestmark = pytest.mark.django_db


def row_text(html: str, name: str) -> str:
    """The visible words of the list's row of ``name``."""
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*?" + re.escape(name) + r".*?</tr>", html, re.S)
    assert row, name
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row.group(0)))


@pytest.fixture
def desk(audit, parties, open_cycle):
    """Kreis Musterstadt has submitted its self-assessment (the auditor's to review); Kreis Borken
    works on its own, and Stadt Aachen's self-assessment came back to it for changes."""
    waiting = open_cycle(audit)
    run = waiting.phase_runs.select_related("phase", "cycle").get(phase__key="self_assessment")
    fill(run, editor=parties["coordinator"], signer=parties["coordinator"])
    services.phase_submit(actor=parties["coordinator"], run=run)
    started(audit, "Kreis Borken", parties)
    return run


def test_the_auditor_sees_which_phases_wait_for_them_and_which_for_the_employer(desk, parties, login):
    html = login(parties["auditor"]).get(reverse("operator_cycles:list")).content.decode()
    assert "Yours to review" in row_text(html, "Kreis Musterstadt")
    assert "With the employer" in row_text(html, "Kreis Borken")
    assert "Yours to review" not in row_text(html, "Kreis Borken")


def test_the_operator_sees_the_submitted_phase_with_the_auditor_by_name(desk, parties, login):
    html = login(parties["operator"]).get(reverse("operator_cycles:list")).content.decode()
    assert f"With {parties['auditor']} (auditor)" in row_text(html, "Kreis Musterstadt")


def test_an_application_is_the_operators_move_in_their_words(audit, parties, login):
    from .test_operator_desk import applied

    applied(audit, "Gemeente Delft")
    client = login(parties["operator"])
    for language, words in (
        ("en", "Application Your turn"),
        ("de", "Bewerbung Sie sind am Zug"),
        ("nl", "Aanvraag U bent aan zet"),
    ):
        with translation.override(language):
            html = client.get(reverse("operator_cycles:list")).content.decode()
        assert words in row_text(html, "Gemeente Delft"), language


def test_a_returned_phase_says_it_went_back_to_the_employer_in_german_and_dutch(desk, parties, login):
    services.phase_return(actor=parties["auditor"], run=desk, comment="Bitte Nachweise ergänzen.")
    client = login(parties["auditor"])
    for language, returned, employer in (
        ("de", "Zur Überarbeitung an den Arbeitgeber zurückgegeben", "Beim Arbeitgeber"),
        ("nl", "Teruggestuurd naar de werkgever voor aanpassing", "Bij de werkgever"),
    ):
        with translation.override(language):
            html = client.get(reverse("operator_cycles:list")).content.decode()
        assert returned in row_text(html, "Kreis Musterstadt")
        assert employer in row_text(html, "Kreis Borken")
        assert "Returned to the employer" not in html and "With the employer" not in html


def test_an_auditors_list_has_no_auditor_column_or_filter_the_operators_has(desk, parties, login):
    auditor = login(parties["auditor"]).get(reverse("operator_cycles:list"))
    assert "auditor" not in auditor.context["form"].fields
    assert 'id="id_auditor"' not in auditor.content.decode()
    assert str(parties["auditor"]) not in row_text(auditor.content.decode(), "Kreis Borken")
    operator = login(parties["operator"]).get(reverse("operator_cycles:list"))
    assert 'id="id_auditor"' in operator.content.decode()
    assert str(parties["auditor"]) in row_text(operator.content.decode(), "Kreis Borken")


def test_a_phase_that_asks_nothing_of_the_auditor_links_what_waits_for_them_next(desk, audit, parties, login):
    borken = started(audit, "Kreis Borken-Süd", parties)
    theirs = borken.phase_runs.get(phase__key="self_assessment")
    client = login(parties["auditor"])
    html = client.get(reverse("operator_cycles:phase", args=[borken.pk, theirs.pk])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Next waiting for you: Review “Self-assessment” – Kreis Musterstadt" in text
    assert reverse("operator_cycles:phase", args=[desk.cycle_id, desk.pk]) in html
    services.phase_accept(actor=parties["auditor"], run=desk)
    after = client.get(reverse("operator_cycles:phase", args=[desk.cycle_id, desk.pk])).content.decode()
    assert "Next waiting for you" not in after  # nothing else waits for them


def test_the_phase_under_review_offers_no_other_next_step(desk, parties, login):
    html = login(parties["auditor"]).get(reverse("operator_cycles:phase", args=[desk.cycle_id, desk.pk]))
    assert "Next waiting for you" not in html.content.decode()
