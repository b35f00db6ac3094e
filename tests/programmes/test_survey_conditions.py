"""Survey conditions in level rules (format 2): the format, and the evaluation over the
whole-organisation figures of a survey's report, on the boundaries of every threshold."""

from __future__ import annotations

import math

import pytest
import yaml
from django.utils import translation
from scipy.stats import norm

from vereinbar.core.sampling import margin_of_error
from vereinbar.programmes.definition import definition_check
from vereinbar.programmes.levels import SurveyFigures, SurveyScale, level_evaluate, survey_sources

PROGRAMME = """
format: 2
id: urn:vereinbar:programme:test-culture-index
version: "1"
kind: certification
languages: [en]
default_language: en
title: Culture index
criteria:
  - {code: "1", title: Survey run}
levels:
  - id: certified
    title: Certified
    rule:
      survey:
        min_favourable_percent: 65
        min_answers: 10
        min_response_rate: 50
        max_margin_of_error: 5
        confidence: 90
stages:
  - id: index
    title: Index
    award: {validity_months: 24}
    phases:
      - {id: staff_survey, title: Staff survey, deliverable: survey, actor: coordinator, gate: {requires: []}}
"""


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def checked(text: str):
    return definition_check(text, filename="index.yaml")


def definition(**survey) -> dict:
    data = yaml.safe_load(PROGRAMME)
    data["levels"][0]["rule"]["survey"] = survey
    result = checked(yaml.safe_dump(data, allow_unicode=True))
    assert result.ok, result.problems
    return result.definition


def figures(favourable=(0.7,), means=(70.0,), responses=400, staff=1000, invited=None, strain=()) -> SurveyFigures:
    scales = tuple(
        SurveyScale(f"s{i}", f"Scale {i}", i not in strain, mean, share)
        for i, (share, mean) in enumerate(zip(favourable, means, strict=True))
    )
    return SurveyFigures("Survey 2026", 5, responses, scales, staff=staff, invited=invited)


def reasons(rule: dict, survey: SurveyFigures | None) -> dict[str, tuple[bool, str]]:
    outcome = level_evaluate(definition(**rule), {}, surveys={"": survey})
    return {r.code: (r.satisfied, r.message) for r in outcome.check("certified").reasons}


# --- the format ------------------------------------------------------------------------------


def test_a_survey_condition_needs_format_2():
    result = checked(PROGRAMME.replace("format: 2", "format: 1").replace('  - {code: "1", title: Survey run}', ""))
    assert ("needs_format_2", "levels[0].rule.survey") in [(p.code, p.path) for p in result.problems]


def test_canonical_form_writes_the_headcount_and_confidence_out():
    rule = definition(min_response_rate=50, max_margin_of_error=5)["levels"][0]["rule"]["survey"]
    assert rule == {"min_response_rate": 50, "max_margin_of_error": 5, "confidence": 95, "headcount": "staff"}


def test_a_survey_condition_without_a_condition_is_refused():
    data = yaml.safe_load(PROGRAMME)
    data["levels"][0]["rule"]["survey"] = {"scales": ["leadership"]}
    problems = checked(yaml.safe_dump(data)).problems
    assert [p.code for p in problems] == ["survey_no_condition"]


def test_a_survey_condition_needs_a_survey_phase_or_an_instrument():
    data = yaml.safe_load(PROGRAMME)
    data["stages"][0]["phases"][0]["deliverable"] = "report"
    assert [p.code for p in checked(yaml.safe_dump(data)).problems] == ["no_survey_phase"]
    data["levels"][0]["rule"]["survey"]["instrument"] = "urn:vereinbar:instrument:work-family-care"
    assert checked(yaml.safe_dump(data)).ok


@pytest.mark.parametrize(
    ("field", "value"), [("confidence", 85), ("min_favourable_percent", 101), ("headcount", "members")]
)
def test_the_schema_refuses_values_out_of_range(field, value):
    data = yaml.safe_load(PROGRAMME)
    data["levels"][0]["rule"]["survey"][field] = value
    assert not checked(yaml.safe_dump(data)).ok


def test_survey_sources_name_the_phase_survey_and_each_instrument():
    data = yaml.safe_load(PROGRAMME)
    data["levels"].append(
        {
            "id": "gold",
            "title": "Gold",
            "rule": {"survey": {"instrument": "urn:vereinbar:instrument:x", "min_answers": 5}},
        }
    )
    assert survey_sources(checked(yaml.safe_dump(data)).definition) == {"", "urn:vereinbar:instrument:x"}


# --- favourable share ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "met", "shown"), [(0.649, False, "64.9 % < 65 %"), (0.65, True, "65.0 % ≥ 65 %"), (0.6496, True, "65.0")]
)
def test_favourable_share_on_the_boundary(share, met, shown):
    satisfied, message = reasons({"min_favourable_percent": 65}, figures(favourable=(share,)))["survey_favourable"]
    assert satisfied is met and shown in message


def test_favourable_share_over_several_scales_is_the_mean_of_the_scales():
    survey = figures(favourable=(0.6, 0.75), means=(60.0, 70.0))
    satisfied, message = reasons({"min_favourable_percent": 67.5}, survey)["survey_favourable"]
    assert satisfied and "67.5 %" in message
    satisfied, message = reasons({"min_favourable_percent": 65, "scales": ["s0"]}, survey)["survey_favourable"]
    assert not satisfied and "60.0 % < 65 %" in message


def test_a_hidden_scale_fails_the_condition_without_a_figure():
    survey = figures(favourable=(0.9, None), means=(80.0, None))
    satisfied, message = reasons({"min_favourable_percent": 65}, survey)["survey_scale_hidden"]
    rest = message.replace("Scale 1", "").replace("Survey 2026", "")
    assert not satisfied and "Scale 1" in message and not any(ch.isdigit() for ch in rest)


# --- scale means -----------------------------------------------------------------------------


def test_no_scale_below_a_threshold_counts_strain_scales_in_their_favourable_direction():
    survey = figures(favourable=(0.7, 0.7), means=(62.0, 45.0), strain=(1,))
    satisfied, message = reasons({"min_each_scale_mean": 55}, survey)["survey_each_scale_mean"]
    assert satisfied and "“Scale 1” with 55.0" in message
    satisfied, message = reasons({"min_each_scale_mean": 55.1}, survey)["survey_each_scale_mean"]
    assert not satisfied and "“Scale 1” 55.0" in message


def test_a_named_scale_mean_on_the_boundary():
    assert reasons({"min_scale_means": {"s0": 60}}, figures(means=(59.95,)))["survey_scale_mean"][0]
    satisfied, message = reasons({"min_scale_means": {"s0": 60}}, figures(means=(59.94,)))["survey_scale_mean"]
    assert not satisfied and "59.9 < 60" in message


def test_an_unknown_scale_is_named():
    satisfied, message = reasons({"min_scale_means": {"nope": 60}}, figures())["survey_unknown_scale"]
    assert not satisfied and "“nope”" in message


# --- the sample --------------------------------------------------------------------------------


@pytest.mark.parametrize(("responses", "met"), [(499, False), (500, True)])
def test_response_rate_just_below_and_at_the_minimum(responses, met):
    satisfied, message = reasons({"min_response_rate": 50}, figures(responses=responses))["survey_response_rate"]
    assert satisfied is met
    assert f"({responses} of 1,000 staff)" in message  # counts grouped as English writes them


def test_response_rate_against_the_invited_people():
    survey = figures(responses=40, staff=1000, invited=80)
    satisfied, message = reasons({"min_response_rate": 50, "headcount": "invited"}, survey)["survey_response_rate"]
    assert satisfied and "50.0 % (40 of 80 invited)" in message


def test_an_unknown_or_stale_headcount_fails_the_sample():
    assert not reasons({"min_response_rate": 10}, figures(staff=None))["survey_headcount"][0]
    satisfied, message = reasons({"max_margin_of_error": 5}, figures(responses=120, staff=100))["survey_headcount"]
    assert not satisfied and "100" in message and "120" in message


@pytest.mark.parametrize(("answers", "met"), [(9, False), (10, True)])
def test_minimum_number_of_answers(answers, met):
    assert reasons({"min_answers": 10}, figures(responses=answers))["survey_answers"][0] is met


def independent_margin(n: int, population: int, confidence: float) -> float:
    z = norm.ppf(1 - (1 - confidence) / 2)
    return 100 * z * math.sqrt(0.25 / n) * math.sqrt((population - n) / (population - 1))


@pytest.mark.parametrize(
    ("n", "population", "confidence"),
    [(5, 5, 0.95), (10, 12, 0.9), (212, 1000, 0.9), (400, 50_000, 0.95), (7, 8, 0.99)],
)
def test_margin_of_error_matches_an_independent_formula(n, population, confidence):
    assert margin_of_error(n, population, confidence=confidence) == pytest.approx(
        independent_margin(n, population, confidence), rel=1e-12, abs=1e-12
    )


def test_margin_of_error_at_the_boundary():
    # 90 %, 1,000 staff: 210 answers give 5.047 (shown and compared as 5.0), 209 give 5.062 (5.1).
    assert independent_margin(210, 1000, 0.9) < 5.05 < independent_margin(209, 1000, 0.9)
    for n, met, shown in ((210, True, "5.0 % ≤ 5 %"), (209, False, "5.1 % > 5 %")):
        satisfied, message = reasons({"max_margin_of_error": 5, "confidence": 90}, figures(responses=n, staff=1000))[
            "survey_margin_of_error"
        ]
        assert satisfied is met
        assert message == f"Margin of error {shown} at 90 % confidence."


def test_the_explanation_reads_like_the_other_conditions():
    outcome = level_evaluate(
        definition(min_favourable_percent=65, max_margin_of_error=5, confidence=90),
        {},
        surveys={"": figures(favourable=(0.684,), responses=250, staff=1000)},
    )
    messages = [r.message for r in outcome.check("certified").reasons]
    assert messages == [
        "Favourable answers 68.4 % ≥ 65 %.",
        f"Margin of error {round(independent_margin(250, 1000, 0.9), 1)} % ≤ 5 % at 90 % confidence.",
    ]
    assert outcome.level == "certified"


def test_no_survey_or_no_results_reaches_no_level():
    rule = {"min_favourable_percent": 65, "min_answers": 5}
    assert set(reasons(rule, None)) == {"survey_missing"}
    no_results = SurveyFigures("Survey 2026", 5, None, staff=100)
    satisfied, message = reasons(rule, no_results)["survey_no_results"]
    assert not satisfied and "fewer than 5 answers" in message


def test_figures_follow_the_language_s_number_format():
    with translation.override("de"):
        satisfied, message = reasons({"min_favourable_percent": 67.5}, figures(favourable=(0.684,)))[
            "survey_favourable"
        ]
    assert satisfied and message == "Positive Antworten 68,4\u00a0% ≥ 67,5\u00a0%."
