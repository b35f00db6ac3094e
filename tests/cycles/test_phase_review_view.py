"""The phase page as the reviewer sees it: who accepts the phase reads as a role, not as an
acceptance that happened; an empty notes section says so instead of a bare heading; the target
agreement's button and its links stand apart."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.cycles.helpers import drive, fill
from vereinbar.cycles import services
from vereinbar.cycles.models import PhaseStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_agreement(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="agreement")
    run = cycle.phase_runs.get(phase__key="agreement")
    fill(run, editor=parties["contributor"], signer=parties["coordinator"])
    services.phase_submit(actor=parties["coordinator"], run=run)
    run.refresh_from_db()
    assert run.status == PhaseStatus.SUBMITTED and not run.note
    return run


@pytest.mark.parametrize(
    ("language", "who_accepts", "past", "empty"),
    [
        ("de", "Annahme durch", "Angenommen von", "Noch keine Notizen oder Dokumente."),
        ("nl", "Goedkeuring door", "Geaccepteerd door", "Nog geen aantekeningen of documenten."),
    ],
)
def test_the_reviewer_reads_a_role_an_empty_notes_section_and_separate_actions(
    submitted_agreement, auditor, login, language, who_accepts, past, empty
):
    run = submitted_agreement
    with translation.override(language):
        url = reverse("operator_cycles:phase", args=[run.cycle.pk, run.pk])
    page = login(auditor).get(url).content.decode()
    assert f"<dt>{who_accepts}</dt>" in page and past not in page
    notes = page.split('id="notes-heading"', 1)[1].split("</section>", 1)[0]
    assert empty in notes
    actions = re.search(r'<p class="actions"><a class="kern-btn kern-btn--primary" href="[^"]*/agreement/', page)
    assert actions is not None


def test_the_reviewer_sees_which_criteria_have_no_answer(audit, open_cycle, parties, auditor, login):
    cycle = open_cycle(audit)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    fill(run, editor=parties["contributor"], signer=parties["coordinator"])
    run.answers.filter(criterion__code="3.2").delete()  # the optional one, left out
    services.phase_submit(actor=parties["coordinator"], run=run)
    with translation.override("de"):
        url = reverse("operator_cycles:phase", args=[cycle.pk, run.pk])
    page = login(auditor).get(url).content.decode()
    unanswered = page.split('id="criterion-3.2"', 1)[1].split("</fieldset>", 1)[0]
    answered = page.split('id="criterion-1.2"', 1)[1].split("</fieldset>", 1)[0]
    assert '<p class="no-answer">Keine Antwort</p>' in unanswered
    assert "no-answer" not in answered
