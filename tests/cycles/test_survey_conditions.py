"""A level decided by the staff survey: the cycle's survey phase closes with answers, the level
follows from the report's whole-organisation figures (units hidden or not), the explanation is
shown to coordinator, auditor and operator, and the award is granted or refused by it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.urls import reverse
from django.utils import translation

from tests.surveys.conftest import respond_rows
from vereinbar.cycles import selectors, services
from vereinbar.cycles.models import CycleStatus, PhaseStatus
from vereinbar.cycles.services.decision import cycle_decide
from vereinbar.cycles.workflow import TransitionRefused
from vereinbar.programmes.services import programme_load
from vereinbar.surveys.report.build import report_build
from vereinbar.surveys.services.surveys import survey_close, survey_create, survey_open

from .api_client import Api
from .survey_helpers import load_instrument

pytestmark = pytest.mark.django_db

PROGRAMME = """
format: 2
id: urn:vereinbar:programme:test-culture-index
version: "1"
kind: certification
languages: [en]
default_language: en
title: Culture index
criteria:
  - {code: "1", title: Staff survey run}
levels:
  - id: certified
    title: Certified culture
    rule:
      survey:
        min_favourable_percent: 65
        min_response_rate: 50
        max_margin_of_error: 20
        confidence: 90
stages:
  - id: index
    title: Index
    award: {validity_months: 24, levels: [certified]}
    survey_instrument: urn:vereinbar:instrument:work-family-care
    phases:
      - {id: staff_survey, title: Staff survey, deliverable: survey, actor: coordinator, gate: {requires: []}}
      - {id: decision, title: Review and award, deliverable: decision, actor: operator}
"""


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def version(db):
    return load_instrument()


@pytest.fixture
def cycle(operator_org, employer_org, coordinator, operator_admin, auditor, version):
    data = yaml.safe_load(PROGRAMME) | {"operator": operator_org.slug}
    outcome = programme_load(actor=None, raw=yaml.safe_dump(data), filename="index.yaml", trusted=True)
    assert outcome.version is not None, outcome
    cycle = services.cycle_apply(actor=coordinator, organisation=employer_org, programme=outcome.version.programme)
    return services.cycle_accept(actor=operator_admin, cycle=cycle, auditor=auditor)


def answers(spec, favourable: bool) -> dict[str, int]:
    """Every scale item answered favourably (4 of 5, in the scale's good direction) or neutrally (3)."""
    result = {}
    for scale in spec.scales:
        for key in scale.items:
            good_high = spec.items[key].reverse != scale.higher_is_better
            result[key] = (2 if not good_high else 4) if favourable else 3
    return result


def surveyed(cycle, coordinator, version, *, admin: tuple[int, int], youth: tuple[int, int]):
    """Close the cycle's survey with (favourable, neutral) answers from Admin and the Youth office."""
    survey = survey_create(
        actor=coordinator,
        organisation=cycle.organisation,
        instrument_version=version,
        cycle=cycle,
        title="Culture survey 2026",
        languages=["en"],
        units="Admin\nYouth office",
    )
    survey_open(actor=coordinator, survey=survey)
    spec = version.spec
    for unit, (good, neutral) in (("Admin", admin), ("Youth office", youth)):
        for count, favourable in ((good, True), (neutral, False)):
            if count:
                respond_rows(survey, unit, count, answers(spec, favourable))
    return survey_close(actor=coordinator, survey=survey)


def staff(cycle, count):
    cycle.organisation.staff_count = count
    cycle.organisation.save(update_fields=["staff_count"])


def test_favourable_answers_of_exactly_65_percent_reach_the_level(cycle, coordinator, version):
    staff(cycle, 30)
    surveyed(cycle, coordinator, version, admin=(13, 7), youth=(0, 0))
    assert cycle.phase_runs.get(phase__key="staff_survey").status == PhaseStatus.ACCEPTED
    outcome = selectors.cycle_level(cycle)
    assert outcome.level == "certified"
    messages = [r.message for r in outcome.check("certified").reasons]
    assert messages[0] == "Favourable answers 65.0 % ≥ 65 %."
    assert messages[1] == "Response rate 66.7 % (20 of 30 staff) ≥ 50 %."
    assert messages[2].startswith("Margin of error ") and messages[2].endswith("≤ 20 % at 90 % confidence.")


def test_one_favourable_answer_less_misses_it(cycle, coordinator, version):
    staff(cycle, 30)
    surveyed(cycle, coordinator, version, admin=(12, 8), youth=(0, 0))
    outcome = selectors.cycle_level(cycle)
    assert outcome.level is None
    assert outcome.check("certified").reasons[0].message == "Favourable answers 60.0 % < 65 %."


def test_hidden_units_count_for_the_whole_organisation_and_show_nothing(cycle, coordinator, version, operator_admin):
    staff(cycle, 30)
    survey = surveyed(cycle, coordinator, version, admin=(10, 7), youth=(3, 0))
    report = report_build(survey=survey, language="en")
    assert not any(row.shown for row in report.units)  # Youth office (3) and, to protect it, Admin
    outcome = selectors.cycle_level(cycle)
    assert outcome.level == "certified"  # 13 of 20 favourable, as the whole organisation shows
    text = " ".join(r.message for r in outcome.check("certified").reasons)
    assert "Youth office" not in text and "Admin" not in text
    assert "17" not in text and " 3 " not in text


def test_the_sample_condition_refuses_the_award(cycle, coordinator, version, operator_admin):
    staff(cycle, 200)
    surveyed(cycle, coordinator, version, admin=(20, 0), youth=(0, 0))
    outcome = selectors.cycle_level(cycle)
    reasons = {r.code: r for r in outcome.check("certified").reasons}
    assert reasons["survey_favourable"].satisfied
    assert not reasons["survey_response_rate"].satisfied
    assert reasons["survey_response_rate"].message == "Response rate 10.0 % (20 of 200 staff) < 50 %."
    with pytest.raises(TransitionRefused):
        cycle_decide(actor=operator_admin, cycle=cycle, outcome="grant")


def test_below_the_minimum_group_size_nothing_is_shown(cycle, coordinator, version):
    staff(cycle, 10)
    surveyed(cycle, coordinator, version, admin=(4, 0), youth=(0, 0))
    (reason,) = selectors.cycle_level(cycle).check("certified").reasons
    assert reason.code == "survey_no_results" and not reason.satisfied
    assert "fewer than 5 answers" in reason.message and "4" not in reason.message


def test_without_a_closed_survey_the_level_waits(cycle):
    (reason,) = selectors.cycle_level(cycle).check("certified").reasons
    assert reason.code == "survey_missing"


def test_coordinator_auditor_and_operator_read_the_explanation(
    cycle, coordinator, version, auditor, operator_admin, login
):
    staff(cycle, 30)
    surveyed(cycle, coordinator, version, admin=(13, 7), youth=(0, 0))
    slug = cycle.organisation.slug
    pages = {
        coordinator: reverse("workspace_cycles:decision", args=[slug, cycle.pk]),
        auditor: reverse("operator_cycles:decision", args=[cycle.pk]),
        operator_admin: reverse("operator_cycles:decision", args=[cycle.pk]),
    }
    for person, url in pages.items():
        page = login(person).get(url.replace("/de/", "/en/"))
        assert page.status_code == 200, (person, url)
        assert "Favourable answers 65.0 % ≥ 65 %." in page.content.decode(), person


def test_api_journey_survey_level_award(cycle, coordinator, version, operator_admin, auditor):
    """Survey closed, the level computed, the award granted by the review, verified by the API."""
    staff(cycle, 30)
    surveyed(cycle, coordinator, version, admin=(14, 6), youth=(0, 0))
    api = Api({"coordinator": coordinator, "operator": operator_admin, "auditor": auditor})
    status, level = api.as_("auditor").get(f"/cycles/{cycle.pk}/level")
    assert status == 200 and level["level"] == "certified"
    codes = [r["code"] for r in level["checks"][0]["reasons"]]
    assert codes == ["survey_favourable", "survey_response_rate", "survey_margin_of_error"]
    status, decision = api.as_("operator").post(
        f"/cycles/{cycle.pk}/decision", {"outcome": "grant", "decided_on": "2026-12-01"}
    )
    assert status == 201, decision
    cycle.refresh_from_db()
    assert cycle.status in (CycleStatus.AWARDED, CycleStatus.COMPLETED)
    award = cycle.award
    status, facts = api.get(f"/verify/{award.verification_code}")
    assert status == 200 and facts["level"] == "Certified culture" and facts["status"] == "valid", facts


# --- the library's survey-only certification ----------------------------------------------------

LIBRARY_INDEX = Path(__file__).resolve().parents[2] / "library" / "programmes" / "work-care-culture-index.yaml"


@pytest.fixture
def index_cycle(operator_org, employer_org, coordinator, operator_admin, auditor, version):
    data = yaml.safe_load(LIBRARY_INDEX.read_text(encoding="utf-8")) | {"operator": operator_org.slug}
    outcome = programme_load(actor=None, raw=yaml.safe_dump(data), filename=LIBRARY_INDEX.name, trusted=True)
    assert outcome.version is not None, outcome
    cycle = services.cycle_apply(actor=coordinator, organisation=employer_org, programme=outcome.version.programme)
    return services.cycle_accept(actor=operator_admin, cycle=cycle, auditor=auditor)


def test_the_culture_index_certifies_an_employer_whose_staff_answered(index_cycle, coordinator, version):
    staff(index_cycle, 30)
    surveyed(index_cycle, coordinator, version, admin=(20, 8), youth=(0, 0))  # 28 of 30: ±4.1 at 90 %
    outcome = selectors.cycle_level(index_cycle)
    assert outcome.level == "certified"
    messages = [r.message for r in outcome.check("certified").reasons]
    assert "Favourable answers 71.4 % ≥ 65 %." in messages
    assert "Margin of error 4.1 % ≤ 5 % at 90 % confidence." in messages
    assert not outcome.check("distinguished").reached


def test_the_culture_index_misses_on_the_sample_with_the_same_answers(index_cycle, coordinator, version):
    staff(index_cycle, 30)
    surveyed(index_cycle, coordinator, version, admin=(13, 5), youth=(0, 0))  # 18 of 30
    outcome = selectors.cycle_level(index_cycle)
    assert outcome.level is None
    failed = [r.message for r in outcome.check("certified").reasons if not r.satisfied]
    assert failed == ["Margin of error 12.5 % > 5 % at 90 % confidence."]
