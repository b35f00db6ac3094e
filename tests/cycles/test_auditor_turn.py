"""What an auditor with many employers reads first on a cycle's pages: the cycle's next step
(theirs, or whom the cycle waits for, and whether it is late), on a long phase page the way to
the verdict and what each verdict does, and after the verdict where the phase went."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.cycles.helpers import drive, fill
from tests.cycles.test_operator_desk import started
from vereinbar.cycles import services
from vereinbar.cycles.models import PhaseRun

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _next_step(page: str) -> str:
    found = re.search(r'<p class="next-step"[^>]*>(.*?)</p>', page, re.S)
    assert found is not None, "no next step on the page"
    return _text(found.group(1))


def _url(name: str, language: str, *args: int) -> str:
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def handed_in(audit, open_cycle, parties) -> PhaseRun:
    """The self-assessment, handed in for the auditor's review."""
    cycle = open_cycle(audit)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    fill(run, editor=parties["contributor"], signer=parties["coordinator"])
    services.phase_submit(actor=parties["coordinator"], run=run)
    run.refresh_from_db()
    return run


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "Nächster Schritt: „Self-assessment“ prüfen – eingereicht am"),
        ("nl", "Volgende stap: ‘Self-assessment’ beoordelen – ingediend op"),
    ],
)
def test_the_auditor_reads_first_that_a_phase_waits_for_their_review(handed_in, auditor, login, language, expected):
    page = login(auditor).get(_url("operator_cycles:detail", language, handed_in.cycle_id)).content.decode()
    assert _next_step(page).startswith(expected)
    assert page.index('class="next-step"') < page.index('id="phases"')


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "Nächster Schritt: Self-assessment – zu erledigen von: Koordination (Arbeitgeber), fällig am"),
        ("nl", "Volgende stap: Self-assessment – uit te voeren door: Coördinator van de werkgever, uiterlijk"),
    ],
)
def test_the_auditor_reads_whom_the_cycle_waits_for_and_that_it_is_late(
    audit, open_cycle, auditor, login, language, expected
):
    cycle = open_cycle(audit)
    cycle.phase_runs.filter(phase__key="self_assessment").update(due_on=timezone.localdate() - timedelta(days=3))
    step = _next_step(login(auditor).get(_url("operator_cycles:detail", language, cycle.pk)).content.decode())
    assert step.startswith(expected)
    assert step.endswith({"de": "überfällig", "nl": "te laat"}[language])


def test_a_finished_or_applied_cycle_has_no_next_step(audit, parties, employer_org, auditor, login):
    cycle = services.cycle_apply(actor=parties["coordinator"], organisation=employer_org, programme=audit)
    page = login(parties["operator"]).get(_url("operator_cycles:detail", "de", cycle.pk)).content.decode()
    assert 'class="next-step"' not in page


def test_the_review_page_leads_to_the_verdict_and_says_what_each_verdict_does(handed_in, auditor, login):
    page = login(auditor).get(_url("operator_cycles:phase", "de", handed_in.cycle_id, handed_in.pk)).content.decode()
    top = page.split('id="deliverable"', 1)[0]
    assert 'Wartet auf Ihre Prüfung</strong> – <a href="#review">' in top
    review = _text(page.split('id="review"', 1)[1])
    assert (
        "Annehmen: Die Phase ist erledigt und der Durchlauf geht weiter. Zur Überarbeitung zurückgeben: "
        "Sagen Sie, was sich ändern muss; die Phase geht zurück an: Koordination (Arbeitgeber)."
    ) in review


def test_the_coordinator_finds_the_hand_in_from_the_top_of_the_phase(
    audit, open_cycle, coordinator, employer_org, login
):
    cycle = open_cycle(audit)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    url = _url("workspace_cycles:phase", "nl", employer_org.slug, cycle.pk, run.pk)
    top = login(coordinator).get(url).content.decode().split('id="deliverable"', 1)[0]
    assert '<strong>U bent aan zet</strong> – <a href="#submit">Indienen voor beoordeling</a>' in top


def test_after_accepting_the_auditor_reads_which_phase_comes_next_and_for_whom(handed_in, auditor, login):
    with translation.override("de"):
        url = reverse("operator_cycles:phase_act", args=[handed_in.cycle_id, handed_in.pk, "accept"])
    response = login(auditor).post(url, {"comment": ""}, follow=True)
    notices = [str(m) for m in response.context["messages"]]
    assert notices == [
        "„Self-assessment“ wurde angenommen. Als Nächstes folgt „Auditing workshop“, zu erledigen von: "
        "Koordination (Arbeitgeber)."
    ]


def test_after_returning_the_auditor_reads_to_whom_it_went_back(handed_in, auditor, login):
    with translation.override("nl"):
        url = reverse("operator_cycles:phase_act", args=[handed_in.cycle_id, handed_in.pk, "return"])
    response = login(auditor).post(url, {"comment": "Voeg een bewijsstuk toe."}, follow=True)
    notices = [str(m) for m in response.context["messages"]]
    assert notices == [
        "‘Self-assessment’ is teruggestuurd voor aanpassing; de stap gaat met uw opmerkingen naar: "
        "Coördinator van de werkgever."
    ]


def test_the_auditor_reads_that_their_report_is_the_recommendation_the_deciders_read(
    audit, open_cycle, parties, auditor, login
):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="report")
    run = cycle.phase_runs.get(phase__key="report")
    page = login(auditor).get(_url("operator_cycles:phase", "de", cycle.pk, run.pk)).content.decode()
    deliverable = _text(page.split('id="deliverable"', 1)[1].split("</section>", 1)[0])
    assert "Der Reiter „Entscheidung“ zeigt ihn als Empfehlung" in deliverable
    assert "kein eigenes Formular" not in deliverable


def test_the_auditor_who_recommended_reads_who_takes_the_decision(audit, open_cycle, parties, auditor, login):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="decision")
    page = login(auditor).get(_url("operator_cycles:decision", "nl", cycle.pk)).content.decode()
    section = page.split('id="decision-heading"', 1)[1].split("</section>", 1)[0]
    assert "Het besluit wordt genomen door: Beoordelingscommissie." in _text(section)
    assert "<form" not in section


def test_what_waits_next_says_since_when(handed_in, audit, parties, auditor, login):
    borken = started(audit, "Kreis Borken", parties)
    theirs = borken.phase_runs.get(phase__key="self_assessment")
    page = login(auditor).get(_url("operator_cycles:phase", "de", borken.pk, theirs.pk)).content.decode()
    found = re.search(r'<p class="next-waiting[^"]*">(.*?)</p>', page, re.S)
    assert found is not None
    line = _text(found.group(1))
    name = re.escape(f"„Self-assessment“ prüfen – {handed_in.cycle.organisation.name} · wartet seit ")
    assert re.search(name + r"\d+\. \w+ \d{4}$", line), line
