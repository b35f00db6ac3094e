"""What a coordinator and an auditor read on a cycle's pages while walking a cycle: whose turn
an open phase is, what follows a finished cycle without an award (its next stage, by name),
which cycle a renewal follows on from (a link, no "applied on" for what nobody applied for),
a withdrawal that asks first, the signing below the goals it signs, and a refused measure
that stands in its goal's form with the entries kept."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import yaml
from django.urls import reverse

from vereinbar.cycles import services
from vereinbar.cycles.models import GoalMeasure, PhaseStatus

from .conftest import PROGRAMMES
from .helpers import applied_on, drive

pytestmark = pytest.mark.django_db


def ws(name, slug, *args):
    return reverse(f"workspace_cycles:{name}", args=[slug, *args])


def _text(html: str) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return re.sub(r" ([:,.])", r"\1", text)  # "2 March 2026 :" where a <time> ended


def _row(page: str, title: str) -> str:
    """The text of one phase's row in the list of phases."""
    phases = page.split('class="kern-task-list__list"', 1)[1]
    return _text(phases.split(f">{title}<", 1)[1].split("</li>", 1)[0])


def test_the_phase_list_says_which_open_phase_is_the_readers_turn(
    management_cycle, open_cycle, parties, employer_org, login
):
    cycle = open_cycle(management_cycle)
    page = login(parties["coordinator"]).get(ws("detail", employer_org.slug, cycle.pk)).content.decode()
    assert "Your turn" in _row(page, "Analyse")
    assert "Your turn" not in _row(page, "Evaluation")  # not open yet
    # the auditor hands nothing in here: no "your turn" for the coordinator's phase
    operator_page = login(parties["auditor"]).get(reverse("operator_cycles:detail", args=[cycle.pk]))
    assert "Your turn" not in _row(operator_page.content.decode(), "Analyse")


def test_a_finished_cycle_without_award_offers_its_next_stage_by_name_and_the_renewal_links_back(
    management_cycle, open_cycle, parties, employer_org, login
):
    cycle = open_cycle(management_cycle)
    drive(cycle, parties)
    client = login(parties["coordinator"])
    page = client.get(ws("detail", employer_org.slug, cycle.pk)).content.decode()
    card = _text(page.split('id="renew"', 1)[1].split("</section>", 1)[0])
    assert "What comes next" in card and "Renew" not in card  # nothing was awarded, nothing to renew
    assert "Next stage: Durchlauf" in card

    renewal = services.cycle_renew(actor=parties["coordinator"], cycle=cycle)
    page = client.get(ws("detail", employer_org.slug, renewal.pk)).content.decode()
    facts = page.split('class="facts"', 1)[1].split("</dl>", 1)[0]
    assert "Applied on" not in facts and "Started on" in facts  # a renewal is started, not applied for
    assert f'href="{ws("detail", employer_org.slug, cycle.pk)}"' in facts
    assert re.search(r"Follows on from Durchlauf, started on \d", _text(facts))


def test_withdrawing_opens_first_and_says_it_cannot_be_undone(
    management_cycle, open_cycle, parties, employer_org, login
):
    cycle = open_cycle(management_cycle)
    page = login(parties["coordinator"]).get(ws("detail", employer_org.slug, cycle.pk)).content.decode()
    card = page.split('id="withdraw"', 1)[1].split("</section>", 1)[0]
    summary, rest = card.split("<summary>", 1)[1].split("</summary>", 1)
    assert summary == "Withdraw from this cycle …"
    assert "cannot be undone" in rest and "Withdraw from this cycle</span></button>" in rest


def _at_agreement_with_a_goal(audit, open_cycle, parties):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="agreement")
    assert cycle.phase_runs.get(phase__key="agreement").status == PhaseStatus.OPEN
    goal = services.goal_save(actor=parties["contributor"], cycle=cycle, action_field_code="1", title="Flexible hours")
    return cycle, goal


def test_the_signing_stands_below_the_goals_it_signs_and_names_a_role_without_brackets(
    audit, open_cycle, parties, employer_org, login
):
    cycle, _goal = _at_agreement_with_a_goal(audit, open_cycle, parties)
    applied_on(cycle, date(2026, 1, 5))  # before the day it is signed
    client = login(parties["coordinator"])
    page = client.get(ws("agreement", employer_org.slug, cycle.pk)).content.decode()
    assert page.index("Flexible hours") < page.index('id="sign"') < page.index("Record the signing")
    response = client.post(
        ws("agreement_act", employer_org.slug, cycle.pk, "sign"),
        {"signer_name": "District administrator", "signer_function": "", "signed_on": "2026-03-02"},
    )
    page = client.get(response.url).content.decode()
    signed = _text(page.split('id="sign"', 1)[1].split("</section>", 1)[0])
    assert "Signed on 2 March 2026: District administrator." in signed and "()" not in signed
    assert page.index('id="sign"') < page.index("Flexible hours")  # once signed, the statement heads the page


def test_a_refused_measure_stands_in_its_goal_with_the_entries_kept(audit, open_cycle, parties, employer_org, login):
    cycle, goal = _at_agreement_with_a_goal(audit, open_cycle, parties)
    response = login(parties["coordinator"]).post(
        ws("agreement_act", employer_org.slug, cycle.pk, "measure"),
        {"goal": goal.pk, "title": "  ", "owner": "Health working group", "status": "planned"},
    )
    assert response.status_code == 422
    article = response.content.decode().split(f'id="goal-{goal.pk}"', 1)[1].split("</article>", 1)[0]
    editor = article.split("<details", 1)[1]
    assert editor.startswith(' class="inline-editor no-print" open>')
    title_field = editor.split(f'for="m-title-{goal.pk}"', 1)[1].split('name="owner"', 1)[0]
    assert "Describe the measure." in title_field and 'aria-invalid="true"' in title_field
    assert 'value="Health working group"' in editor
    assert not GoalMeasure.objects.filter(goal=goal).exists()


def test_the_links_to_one_programmes_cycles_say_which_cycle_each_is(
    management_cycle, open_cycle, parties, employer_org, login
):
    cycle = open_cycle(management_cycle)
    drive(cycle, parties)
    services.cycle_renew(actor=parties["coordinator"], cycle=cycle, started_on=cycle.applied_on + timedelta(days=365))
    page = login(parties["coordinator"]).get(ws("list", employer_org.slug)).content.decode()
    links = re.findall(r'<a href="/en/workspace/[^"]+/cycles/\d+/">(.*?)</a>', page)
    named = [_text(link).strip() for link in links]
    assert len(named) == 2 and len(set(named)) == 2  # not the programme's name twice
    assert all("Durchlauf" in name for name in named)


def _at_planning_with_a_meeting(management_cycle, open_cycle, parties):
    cycle = open_cycle(management_cycle)
    drive(cycle, parties, stop_before="planning")
    run = cycle.phase_runs.get(phase__key="planning")
    assert run.status == PhaseStatus.OPEN
    meeting = services.workshop_save(
        actor=parties["coordinator"], run=run, held_on=cycle.applied_on, title="Steering group"
    )
    return cycle, run, meeting


def test_a_refused_outcome_stands_in_its_meetings_card_and_another_meeting_is_folded_away(
    management_cycle, open_cycle, parties, employer_org, login
):
    cycle, run, meeting = _at_planning_with_a_meeting(management_cycle, open_cycle, parties)
    client = login(parties["coordinator"])
    page = client.get(ws("phase", employer_org.slug, cycle.pk, run.pk)).content.decode()
    summary = page.split('id="record-meeting"><summary>', 1)[1].split("</summary>", 1)[0]
    assert summary == "Record another meeting"  # the empty form for a second meeting waits behind this

    response = client.post(
        ws("phase_act", employer_org.slug, cycle.pk, run.pk, "outcome"), {"workshop": meeting.pk, "text": "   "}
    )
    assert response.status_code == 422
    card = response.content.decode().split(f'id="workshop-{meeting.pk}"', 1)[1].split("</section>", 1)[0]
    assert '<details class="inline-editor" open>' in card
    field = card.split(f'for="outcome-text-{meeting.pk}"', 1)[1].split("</textarea>", 1)[0]
    assert "This field is required." in field and 'aria-invalid="true"' in field
    assert not meeting.outcomes.exists()


def test_a_review_done_by_the_operator_is_not_called_the_auditors_recommendation(
    load_programme, tmp_path, open_cycle, parties, login
):
    """As in a recognition without auditor: the programme operator reviews, then decides."""
    data = yaml.safe_load((PROGRAMMES / "scored.yaml").read_text(encoding="utf-8"))
    data["id"] = "urn:vereinbar:programme:test-scored-operator-review"
    phases = data["stages"][0]["phases"]
    phases[-1]["gate"] = {"requires": ["self_assessment", "review"]}
    phases.insert(-1, {"id": "review", "title": "Review", "deliverable": "review", "actor": "operator"})
    path = tmp_path / "operator-review.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    cycle = open_cycle(load_programme(path))
    review = cycle.phase_runs.get(phase__key="review")
    review.note = "The application answers every criterion."
    review.save(update_fields=["note"])
    page = login(parties["operator"]).get(reverse("operator_cycles:decision", args=[cycle.pk])).content.decode()
    heading = _text(page.split('id="recommendation-heading">', 1)[1].split("</h2>", 1)[0]).strip()
    assert heading == "The review's recommendation"


def test_a_returned_agreement_says_why_and_a_carried_goal_can_be_changed(
    audit, open_cycle, parties, employer_org, login
):
    cycle, goal = _at_agreement_with_a_goal(audit, open_cycle, parties)
    services.agreement_sign(actor=parties["coordinator"], cycle=cycle, signer_name="Head", signed_on=cycle.applied_on)
    run = cycle.phase_runs.get(phase__key="agreement")
    services.phase_submit(actor=parties["coordinator"], run=run)
    services.phase_return(actor=parties["auditor"], run=run, comment="Please give the goal a new due date.")
    client = login(parties["coordinator"])
    url = ws("agreement", employer_org.slug, cycle.pk)
    page = client.get(url).content.decode()
    assert "Please give the goal a new due date." in page.split("<h2", 1)[0]  # above the goals, not on another page
    assert f"Change goal {goal.code}</summary>" in page

    act = ws("agreement_act", employer_org.slug, cycle.pk, "goal-edit")
    response = client.post(act, {"goal": goal.pk, "action_field": "1", "title": "", "status": "open"})
    assert response.status_code == 422
    article = response.content.decode().split(f'id="goal-{goal.pk}"', 1)[1].split("</article>", 1)[0]
    edit = article.split(f"Change goal {goal.code}</summary>", 1)[1]
    assert "This field is required." in edit.split(f'id="id_goal{goal.pk}_title"', 1)[0].rsplit("<label", 1)[1]
    goal.refresh_from_db()
    assert goal.title == "Flexible hours"

    client.post(
        act,
        {
            "goal": goal.pk,
            "action_field": "1",
            "title": "Flexible hours",
            "due_on": "2031-06-30",
            "status": "in_progress",
        },
    )
    page = client.get(url).content.decode()
    card = _text(page.split(f'id="goal-{goal.pk}"', 1)[1].split("</article>", 1)[0])
    assert "30 June 2031" in card and "In progress" in card
