"""The cycle's pages as their readers see them: the decision page reads in one order (what the
rules give, what the auditor recommends, what is decided), the agreement review names each
goal's measures once, the cycle's tabs mark the one shown, and a refusal quoting a phase title
that has quotes of its own does not double them up."""

from __future__ import annotations

import re

import pytest
import yaml
from django.urls import reverse
from django.utils import translation

from vereinbar.cycles import services
from vereinbar.cycles.workflow import TransitionRefused

from .conftest import PROGRAMMES
from .helpers import drive, fill

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def reviewed(load_programme, tmp_path):
    """The scored programme with the auditor's review before the decision, the decision's title
    carrying quotes of its own."""
    data = yaml.safe_load((PROGRAMMES / "scored.yaml").read_text(encoding="utf-8"))
    data["id"] = "urn:vereinbar:programme:test-scored-reviewed"
    phases = data["stages"][0]["phases"]
    decision = phases[-1]
    decision["title"] = {"en": "Decision “Level”", "nl": "Besluit ‘Niveau’"}
    decision["gate"] = {"requires": ["self_assessment", "review"]}
    phases.insert(-1, {"id": "review", "title": "Review of the evidence", "deliverable": "review", "actor": "auditor"})
    path = tmp_path / "reviewed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_programme(path)


def test_the_decision_page_reads_rules_then_recommendation_then_decision(reviewed, open_cycle, parties, login):
    cycle = open_cycle(reviewed)
    review = cycle.phase_runs.get(phase__key="review")
    review.note = "I recommend the level Active."
    review.save(update_fields=["note"])
    page = login(parties["operator"]).get(reverse("operator_cycles:decision", args=[cycle.pk])).content.decode()
    text = text_of(page)
    rules = text.index("Computed from the rules")
    recommendation = text.index("The auditor's recommendation")
    decision = text.index("The decision")
    assert rules < recommendation < decision
    assert "By the rules, the cycle reaches no level." in text
    assert "I recommend the level Active." in text[recommendation:decision]
    assert "Review of the evidence" in text[recommendation:decision]
    assert "<p><strong>" not in page  # no lone level name above the levels' headings


def test_the_agreement_review_names_each_goals_measures_once(audit, open_cycle, parties, login):
    cycle = open_cycle(audit)
    drive(cycle, parties, stop_before="agreement")
    run = cycle.phase_runs.get(phase__key="agreement")
    fill(run, editor=parties["coordinator"], signer=parties["coordinator"])
    page = login(parties["auditor"]).get(reverse("operator_cycles:phase", args=[cycle.pk, run.pk])).content.decode()
    summary = text_of(page[page.index('class="goal-summary') :])
    assert "Measures" in summary
    assert not re.search(r"\(\d+ measures?\)", summary)


def test_the_cycle_tabs_mark_the_page_shown(audit, open_cycle, parties, login):
    cycle = open_cycle(audit)
    slug = cycle.organisation.slug
    client = login(parties["coordinator"])
    detail = client.get(reverse("workspace_cycles:detail", args=[slug, cycle.pk])).content.decode()
    tabs = detail[detail.index('class="subnav cycle-tabs"') :]
    tabs = tabs[: tabs.index("</nav>")]
    assert re.search(r'aria-current="page">Phases</a>', tabs)
    for label in ("Target agreement", "Decision", "All cycles"):
        assert f">{label}</a>" in tabs
    run = cycle.phase_runs.get(phase__key="self_assessment")
    phase = client.get(reverse("workspace_cycles:phase", args=[slug, cycle.pk, run.pk])).content.decode()
    assert re.search(r'aria-current="true">Phases</a>', phase)
    decision = client.get(reverse("workspace_cycles:decision", args=[slug, cycle.pk])).content.decode()
    assert re.search(r'aria-current="page">Decision</a>', decision)


def test_a_refusal_quoting_a_quoted_phase_title_nests_the_quotes(reviewed, open_cycle, parties):
    cycle = open_cycle(reviewed)
    locked = cycle.phase_runs.select_related("phase", "cycle").get(phase__key="decision")
    with translation.override("nl"), pytest.raises(TransitionRefused) as refused:
        services.phase_note_save(actor=parties["operator"], run=locked, note="Too early.")
    message = " ".join(refused.value.messages)
    assert "‘Besluit “Niveau”’" in message
    assert "‘Niveau’’" not in message


def test_a_cycle_without_levels_or_decision_has_no_decision_tab(charter, open_cycle, parties, login):
    cycle = open_cycle(charter)
    slug = cycle.organisation.slug
    page = login(parties["coordinator"]).get(reverse("workspace_cycles:detail", args=[slug, cycle.pk])).content.decode()
    assert f'href="{reverse("workspace_cycles:decision", args=[slug, cycle.pk])}"' not in page
    assert ">Phases</a>" in page
