"""Levels from the definition's rules, with the reasons for every level."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from django.utils import translation

from tests.programmes.conftest import LIBRARY, docs_example
from vereinbar.programmes.definition import definition_check
from vereinbar.programmes.levels import Answer, criterion_met, level_evaluate, reason_text, score_total


def definition_of(text: str) -> dict:
    checked = definition_check(text, filename="x.yaml")
    assert checked.ok, checked.problems
    return checked.definition


@pytest.fixture
def benchmark() -> dict:
    return definition_of((LIBRARY / "carer-friendly-employer-benchmark.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def example() -> dict:
    return definition_of(docs_example())


SCORED = ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "5.1"]


def all_scores(value: int, **overrides: int) -> dict[str, Answer]:
    """The same score for every scored criterion of the benchmark; ``c2_1=1`` overrides 2.1."""
    values = dict.fromkeys(SCORED, value)
    values.update({key[1:].replace("_", "."): score for key, score in overrides.items()})
    return {code: Answer(score=score) for code, score in values.items()}


def test_nothing_answered_reaches_no_level(benchmark):
    outcome = level_evaluate(benchmark, {})
    assert outcome.level is None
    assert outcome.total_score == 0 and outcome.max_total_score == 40
    active = outcome.check("active")
    assert not active.reached
    assert {r.code for r in active.reasons if not r.satisfied} == {"all_required_met", "min_total_percent"}


def test_a_low_score_reaches_the_first_level_with_reasons(benchmark):
    outcome = level_evaluate(benchmark, all_scores(2, c4_1=0, c5_1=0, c2_1=1))
    assert outcome.level == "active"
    accomplished = outcome.check("accomplished")
    failing = {r.code for r in accomplished.reasons if not r.satisfied}
    assert failing == {"min_total_percent", "min_score_each", "min_score"}
    assert any("4.1" in r.message for r in accomplished.reasons if r.code == "min_score_each")


@pytest.mark.parametrize(
    ("language", "said"),
    [("de", "52,5"), ("nl", "52,5"), ("en", "52.5")],
)
def test_a_percentage_of_the_total_reads_in_the_readers_number_format(benchmark, language, said):
    outcome = level_evaluate(benchmark, all_scores(2, c1_1=3))  # 21 of 40
    (reason,) = [r for r in outcome.check("accomplished").reasons if r.code == "min_total_percent"]
    with translation.override(language):
        assert reason_text(reason.text, reason.params).startswith(said)
    assert reason.params["percent"] == "52.5"  # stored plain


def test_the_top_level_needs_the_level_below_held_before(benchmark):
    answers = all_scores(4)
    first_time = level_evaluate(benchmark, answers)
    assert first_time.level == "accomplished"
    (reason,) = [r for r in first_time.check("ambassador").reasons if r.code == "requires_level"]
    assert not reason.satisfied
    renewal = level_evaluate(benchmark, answers, held_levels=["accomplished"])
    assert renewal.level == "ambassador"
    assert all(r.satisfied for r in renewal.check("ambassador").reasons)


def test_a_minimum_per_criterion_is_checked(benchmark):
    outcome = level_evaluate(benchmark, all_scores(3, c2_1=1))
    reasons = [r for r in outcome.check("accomplished").reasons if r.code == "min_score"]
    assert [(r.criterion, r.satisfied) for r in reasons] == [("2.1", False), ("3.1", True)]
    assert outcome.level == "active"


def test_criteria_not_scored_yet_are_named_as_such_not_as_a_dash(benchmark):
    answers = all_scores(3, c2_1=0)
    del answers["3.2"], answers["3.1"]
    reasons = level_evaluate(benchmark, answers).check("accomplished").reasons
    each = [r.message for r in reasons if r.code == "min_score_each"]
    assert each == ["Below the minimum 1: 2.1 (0).", "Not scored yet, so not at the minimum 1: 3.1, 3.2."]
    (minimum,) = [r for r in reasons if r.code == "min_score" and r.criterion == "3.1"]
    assert not minimum.satisfied and minimum.message == "Criterion 3.1 is not scored yet; the minimum is 2."
    assert not any("–" in r.message for r in reasons)


def test_scores_are_weighted_and_capped(benchmark):
    total, maximum = score_total(benchmark, all_scores(2, c2_1=9))
    # weights: 2.1 and 3.1 count twice; 2.1's 9 is capped at 4
    assert maximum == Decimal(40)
    assert total == Decimal(2 * 6 + 2 * 2 + 4 * 2)


def test_status_and_text_criteria_and_rejected_answers(example):
    criteria = {c["code"]: c for f in example["action_fields"] for c in f["criteria"]}
    assert criterion_met(criteria["1.1"], Answer(status="in_place"), example)
    assert not criterion_met(criteria["1.1"], Answer(status="planned"), example)
    assert not criterion_met(criteria["1.1"], Answer(status="in_place", accepted=False), example)
    assert not criterion_met(criteria["2.2"], Answer(text="too short"), example)
    assert criterion_met(criteria["2.2"], Answer(text="x" * 60), example)
    assert criterion_met(criteria["1.2"], Answer(score=2), example)
    assert not criterion_met(criteria["1.2"], Answer(score=1), example)


def test_a_stage_awards_only_its_levels(example):
    answers = {"1.1": Answer(status="in_place"), "1.2": {"score": 4}, "2.1": {"score": 4}, "2.2": {"text": "y" * 80}}
    held = ["certificate"]
    assert level_evaluate(example, answers, held_levels=held).level == "distinction"
    in_audit = level_evaluate(example, answers, held_levels=held, stage="audit")
    assert in_audit.level == "certificate"
    assert [r.code for r in in_audit.check("distinction").reasons if not r.satisfied] == ["stage_level"]


def test_a_level_without_conditions_is_granted_by_decision():
    audit = definition_of((LIBRARY / "audit-berufundfamilie.yaml").read_text(encoding="utf-8"))
    outcome = level_evaluate(audit, {}, stage="auditierung")
    assert outcome.level == "zertifikat"
    assert outcome.check("zertifikat").reasons == ()


def test_reasons_are_in_the_active_language(benchmark):
    with translation.override("en"):
        reason = level_evaluate(benchmark, {}).check("ambassador").reasons[-1]
    assert "Accomplished" in reason.message


def test_levels_module_is_pure():
    source = Path(__file__).resolve().parents[2] / "src" / "vereinbar" / "programmes" / "levels.py"
    text = source.read_text(encoding="utf-8")
    assert "models" not in text and "objects" not in text
    assert yaml  # the module under test needs no YAML either
