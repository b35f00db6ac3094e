"""What a reviewer needs stands on the page they review on: a phase that builds on others (the
auditor's report on the agreement, a review of evidence) links to them with their status, and the
review of a target agreement shows each goal's success measure, due date and measures beside the
comment field, not only its title."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests.cycles.helpers import drive, fill
from vereinbar.cycles import services
from vereinbar.cycles.models import PhaseStatus

pytestmark = pytest.mark.django_db


def _page(client, run, language: str) -> str:
    with translation.override(language):
        url = reverse("operator_cycles:phase", args=[run.cycle.pk, run.pk])
    return client.get(url).content.decode()


@pytest.mark.parametrize(
    ("language", "builds_on", "accepted"), [("de", "Grundlage", "Angenommen"), ("nl", "Bouwt voort op", "Geaccepteerd")]
)
def test_a_review_phase_links_to_the_phase_it_reviews(
    audit, open_cycle, parties, auditor, login, language, builds_on, accepted
):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="report")
    report = cycle.phase_runs.get(phase__key="report")
    agreement = cycle.phase_runs.get(phase__key="agreement")
    assert report.status == PhaseStatus.OPEN and agreement.status == PhaseStatus.ACCEPTED

    page = _page(login(auditor), report, language)

    with translation.override(language):
        link = reverse("operator_cycles:phase", args=[cycle.pk, agreement.pk])
    built_on = page.split('<p class="built-on">', 1)[1].split("</p>", 1)[0]
    assert built_on.startswith(f"{builds_on}: ")
    assert f'href="{link}"' in built_on and "Target agreement" in built_on
    assert f"({accepted})" in built_on


def test_a_locked_phase_names_its_gate_instead(audit, open_cycle, parties, auditor, login):
    cycle = open_cycle(audit)
    report = cycle.phase_runs.get(phase__key="report")
    assert report.status == PhaseStatus.LOCKED

    page = _page(login(auditor), report, "de")

    assert 'class="built-on"' not in page
    assert "Diese Phase öffnet sich, sobald diese Phasen angenommen sind: Target agreement." in page


def test_the_agreement_review_shows_each_goal_beside_its_comment_field(audit, open_cycle, parties, auditor, login):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="agreement")
    run = cycle.phase_runs.get(phase__key="agreement")
    fill(run, editor=parties["contributor"], signer=parties["coordinator"])
    services.phase_submit(actor=parties["coordinator"], run=run)
    goal = cycle.target_agreement.goals.get()

    page = _page(login(auditor), run, "de")

    item = page.split(f'id="item-{goal.code}"', 1)[1].split("</li>\n", 1)[0]
    facts = item.split('<dl class="facts goal-facts">', 1)[1].split("</dl>", 1)[0]
    assert "<dt>Erfolgsindikator</dt><dd>Usage figures</dd>" in facts
    assert "<dt>Fällig am</dt>" in facts and "31. Dezember 2027" in facts
    assert "<dt>Maßnahmen</dt>" in facts and "Flexitime without core time" in facts
    # the comment field for the goal comes after what it comments on
    assert item.index("goal-facts") < item.index("review-fields")


@pytest.mark.parametrize(
    ("language", "header", "wrong"), [("de", "Am Zug", "Zu prüfen"), ("nl", "Aan zet", "Te beoordelen")]
)
def test_the_workload_counts_what_waits_for_an_auditor_under_a_fitting_header(
    audit, open_cycle, parties, login, language, header, wrong
):
    # The count is of cycles with a phase waiting for the auditor, to complete (their own report)
    # as well as to review: "to review" told the operator of reviews that are not there.
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="report")
    assert cycle.phase_runs.get(phase__key="report").status == PhaseStatus.OPEN
    with translation.override(language):
        url = reverse("operator:index")
    html = login(parties["operator"]).get(url, follow=True).content.decode()

    table = html.split('id="desk-workload-heading"', 1)[1].split("</table>", 1)[0]
    headers = table.split("</thead>", 1)[0]
    assert header in headers and wrong not in headers
    assert f'?auditor={parties["auditor"].pk}&amp;waiting=auditor">1</a>' in table


@pytest.mark.parametrize(("language", "label"), [("de", "Nachweise"), ("nl", "Bewijsstukken")])
def test_a_criterions_files_stand_under_a_label_beside_its_answer(
    audit, open_cycle, parties, auditor, login, language, label
):
    cycle = open_cycle(audit)
    run = cycle.phase_runs.get(phase__key="self_assessment")
    fill(run, editor=parties["contributor"], signer=parties["coordinator"])
    services.phase_submit(actor=parties["coordinator"], run=run)
    item = run.evidence.exclude(criterion=None).select_related("criterion").first()
    assert item is not None, "the test programme asks for evidence on a criterion"

    page = _page(login(auditor), run, language)

    criterion = page.split(f'id="criterion-{item.criterion.code}"', 1)[1].split("</fieldset>", 1)[0]
    answer = criterion.split('<dl class="facts answer">', 1)[1].split("</dl>", 1)[0]
    files = answer.split(f"<dt>{label}</dt>", 1)[1]
    assert item.original_name in files
    assert criterion.count(item.original_name) == 1  # once, in the answer, not again below it
