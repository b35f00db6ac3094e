"""A phase nobody accepts (docs/programme-format.md: ``accepted_by`` omitted) is completed when its
actor submits it. Its pages say so in one line, "completed on … by …", not "submitted" and
"accepted" by the same person at the same minute; its history entry has its own verb
"phase.completed" (also the webhook event and the API history's verb) and reads "completed"; a
phase with an acceptor keeps "submitted"/"accepted". The status stays "accepted" with
``submitted_at`` and ``accepted_at`` set, as for any done phase (gates and levels rely on it)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.cycles.helpers import drive
from vereinbar.activity.display import lines_for
from vereinbar.activity.models import Entry
from vereinbar.activity.services import entry_record

pytestmark = pytest.mark.django_db

WORDS = {
    # language: (completed row, "on … by", submitted row, accepted row, status "completed", status "accepted")
    "de": ("Abgeschlossen", r"am .+ von ", "Eingereicht", "Angenommen"),
    "nl": ("Afgerond", r"op .+ door ", "Ingediend", "Geaccepteerd"),
}
COMPLETED_SENTENCE = {
    "de": "hat die Phase „Auditor's report“ abgeschlossen.",
    "nl": "heeft de stap ‘Auditor's report’ afgerond.",
}
ACCEPTED_SENTENCE = {
    "de": "hat die Phase „Target agreement“ angenommen.",
    "nl": "heeft de stap ‘Target agreement’ goedgekeurd.",
}


@pytest.fixture
def reported(audit, open_cycle, parties):
    """The target agreement accepted by the auditor, the auditor's own report (nobody accepts it) done."""
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="decision")
    return cycle


def _facts(html: str) -> str:
    found = re.search(r'<dl class="facts">(.*?)</dl>', html, re.S)
    assert found
    return re.sub(r"<[^>]+>", "", found.group(1))


def _page(client, language: str, name: str, cycle, *args) -> str:
    with translation.override(language):
        url = reverse(f"operator_cycles:{name}", args=[cycle.pk, *args])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["de", "nl"])
def test_a_phase_nobody_accepts_reads_completed_on_by_in_one_line(reported, parties, login, language):
    completed, on_by, submitted, accepted = WORDS[language]
    run = reported.phase_runs.get(phase__key="report")
    assert run.status == "accepted" and run.accepted_at and run.submitted_at  # the data keeps both
    facts = _facts(_page(login(parties["auditor"]), language, "phase", reported, run.pk))
    assert re.search(rf"{completed}\s*{on_by}{re.escape(str(parties['auditor']))}", facts), facts
    assert submitted not in facts and accepted not in facts


@pytest.mark.parametrize("language", ["de", "nl"])
def test_a_phase_with_an_acceptor_keeps_submitted_and_accepted(reported, parties, login, language):
    completed, _on_by, submitted, accepted = WORDS[language]
    run = reported.phase_runs.get(phase__key="agreement")
    facts = _facts(_page(login(parties["operator"]), language, "phase", reported, run.pk))
    assert submitted in facts and accepted in facts
    assert completed not in facts


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_cycle_page_shows_completed_for_a_phase_nobody_accepts_and_accepted_for_the_others(
    reported, parties, login, language
):
    completed, _on_by, _submitted, accepted = WORDS[language]
    html = _page(login(parties["operator"]), language, "detail", reported)
    items = [
        re.sub(r"<[^>]+>", " ", item.split("</li>")[0]) for item in html.split('<li class="kern-task-list__item"')[1:]
    ]
    report = next(text for text in items if "Auditor&#x27;s report" in text)
    agreement = next(text for text in items if "Target agreement" in text)
    assert completed in report and accepted not in report
    assert accepted in agreement and completed not in agreement


@pytest.mark.parametrize("language", ["de", "nl"])
def test_the_history_says_the_auditor_completed_their_report_and_accepted_the_agreement(reported, parties, language):
    entries = Entry.objects.filter(verb__in=["phase.accepted", "phase.completed"]).order_by("created_at", "pk")
    with translation.override(language):
        texts = [line.text for line in lines_for(entries)]
    auditor = str(parties["auditor"])
    assert f"{auditor} {COMPLETED_SENTENCE[language]}" in texts
    assert f"{auditor} {ACCEPTED_SENTENCE[language]}" in texts
    # one entry for the report, "completed": no "submitted" or "accepted" beside it
    report = reported.phase_runs.get(phase__key="report")
    verbs = Entry.objects.filter(
        target_id=str(report.pk), verb__in=["phase.submitted", "phase.accepted", "phase.completed"]
    ).values_list("verb", flat=True)
    assert list(verbs) == ["phase.completed"]
    agreement = reported.phase_runs.get(phase__key="agreement")
    assert Entry.objects.filter(target_id=str(agreement.pk), verb="phase.accepted").count() == 1


def test_the_api_history_names_the_completion_by_its_own_verb(reported, parties):
    from tests.cycles.api_client import Api

    status, entries = Api(parties).as_("coordinator").get(f"/organisations/{reported.organisation.slug}/history")
    assert status == 200
    completed = [entry for entry in entries["results"] if entry["verb"] == "phase.completed"]
    assert len(completed) == 1 and completed[0]["description"] == "completed a phase"


@pytest.mark.parametrize("language", ["de", "nl"])
def test_an_entry_recorded_before_the_verb_existed_still_reads_completed(reported, parties, language):
    """History is append-only: entries that said "phase.accepted" straight from "open" stay, and read completed."""
    report = reported.phase_runs.get(phase__key="report")
    old = entry_record(
        actor=parties["auditor"],
        verb="phase.accepted",
        target=report,
        organisation=reported.organisation,
        before={"status": "open"},
        after={"status": "accepted"},
    )
    with translation.override(language):
        [line] = lines_for(Entry.objects.filter(pk=old.pk))
    assert line.text == f"{parties['auditor']} {COMPLETED_SENTENCE[language]}"


@pytest.mark.parametrize(
    ("language", "with_acceptor", "without_acceptor"),
    [
        ("de", "Bevor Sie einreichen können:", "Bevor Sie diese Phase abschließen können:"),
        ("nl", "Voordat u kunt indienen:", "Voordat u deze stap kunt afronden:"),
    ],
)
def test_the_completion_box_names_what_the_button_does(
    audit, open_cycle, parties, login, language, with_acceptor, without_acceptor
):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="workshop")
    workshop = cycle.phase_runs.get(phase__key="workshop")  # the coordinator's; the auditor accepts it
    with translation.override(language):
        url = reverse("workspace_cycles:phase", args=[cycle.organisation.slug, cycle.pk, workshop.pk])
    html = login(parties["coordinator"]).get(url).content.decode()
    assert with_acceptor in html and without_acceptor not in html
    drive(cycle, parties, stop_before="report")
    report = cycle.phase_runs.get(phase__key="report")  # nobody accepts it; nothing written yet
    html = _page(login(parties["auditor"]), language, "phase", cycle, report.pk)
    assert without_acceptor in html and with_acceptor not in html


@pytest.mark.parametrize(
    ("language", "completed", "accepted"),
    [
        ("de", "Phase abgeschlossen: „Auditor's report“", "Phase angenommen: „Target agreement“"),
        ("nl", "Stap afgerond: ‘Auditor's report’", "Stap geaccepteerd: ‘Target agreement’"),
    ],
)
def test_the_mail_about_a_phase_nobody_accepts_says_completed(reported, language, completed, accepted):
    from django.template.loader import render_to_string

    def subject(key):
        run = reported.phase_runs.get(phase__key=key)
        context = {"organisation": reported.organisation, "cycle": reported, "run": run}
        with translation.override(language):
            return render_to_string("cycles/mail/phase_accepted_subject.txt", context)

    assert completed in subject("report")
    assert accepted in subject("agreement")
