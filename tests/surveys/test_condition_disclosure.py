"""A survey condition's explanation never shows more than the survey's report: every figure in
it is a threshold of the rule or follows from the report's published whole-organisation row,
and a survey whose report shows nothing gives no figure at all (property test with generated
surveys: units of every size, many of them hidden, answers left out at random)."""

from __future__ import annotations

import math
import re

import numpy as np
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from vereinbar.programmes.levels import level_evaluate
from vereinbar.surveys import anonymity, statistics
from vereinbar.surveys.cycle_figures import figures_from_total
from vereinbar.surveys.report.build import ScaleInfo, _row

QUESTIONNAIRE = statistics.Questionnaire.create(
    levels=5, scale_of_item=[0, 0, 1, 1, 2, 2], reverse=[False, True, False, False, False, True],
    higher_is_better=[True, True, False],
)  # fmt: skip
SCALES = [
    (ScaleInfo("trust", "Trust", "", True, 50.0), (4, 5)),
    (ScaleInfo("fairness", "Fairness", "", True, 50.0), (4, 5)),
    (ScaleInfo("pressure", "Pressure", "", False, 50.0), (1, 2)),
]
RULE = {
    "survey": {
        "min_favourable_percent": 61.5,
        "min_each_scale_mean": 42.5,
        "min_scale_means": {"pressure": 37.5},
        "min_answers": 12,
        "min_response_rate": 55.5,
        "max_margin_of_error": 7.5,
        "confidence": 90,
        "headcount": "staff",
    }
}
DEFINITION = {"format": 2, "default_language": "en", "levels": [{"id": "l", "title": {"en": "L"}, "rule": RULE}]}
THRESHOLDS = {"61.5", "42.5", "37.5", "12", "55.5", "7.5", "90", "100"}


def one(value: float) -> str:
    return format(math.floor(value * 10 + 0.5 + 1e-9) / 10, ".1f")


@st.composite
def surveys(draw):
    n_units = draw(st.integers(1, 5))
    parent = [draw(st.integers(-1, u - 1)) for u in range(n_units)]
    sizes = [draw(st.integers(0, 9)) for _ in range(n_units)]
    unit_of_response = np.repeat(np.arange(n_units), sizes)
    n = int(unit_of_response.size)
    answers = np.array(draw(st.lists(st.integers(0, 5), min_size=n * 6, max_size=n * 6)), dtype=np.float64)
    answers = answers.reshape(n, 6)
    answers[answers == 0] = np.nan  # 0: left out
    staff = draw(st.integers(max(n, 1), max(n, 1) * 3))
    k = draw(st.sampled_from([5, 6]))
    return answers, unit_of_response, np.array(parent), staff, k


def allowed(total, staff: int) -> set[str]:
    """Every figure the published total row gives, rounded as explanations show them."""
    if not total.shown:
        return set()
    figures = {str(total.headcount), str(staff)}
    shares, shown = [], []
    for (info, points), cell in zip(SCALES, total.cells, strict=True):
        if not cell.shown:
            continue
        figures |= {one(cell.mean), one(100 - float(one(cell.mean)))}
        shares.append(sum(cell.distribution[p - 1] for p in points))
        shown.append(info)
    if len(shares) == len(SCALES):
        figures.add(one(sum(shares) * 100 / len(shares)))
    n = total.headcount
    figures.add(one(n * 100 / staff))
    z = norm.ppf(0.95)
    figures.add(one(100 * z * math.sqrt(0.25 / n) * math.sqrt((staff - n) / (staff - 1)) if staff > 1 else 0.0))
    return figures


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(surveys())
def test_an_explanation_shows_only_thresholds_and_published_whole_organisation_figures(survey):
    answers, unit_of_response, parent, staff, k = survey
    n = answers.shape[0]
    groups = anonymity.total_group(n) + anonymity.unit_groups(
        unit_of_response, parent, [f"unit:{u}" for u in range(parent.size)]
    )
    result = statistics.group_report(answers, QUESTIONNAIRE, groups, config=statistics.ReportConfig(k=k, comment_k=10))
    with translation.override("en"):
        total = _row(result, "total", "Whole organisation", "total", 0)
        figures = figures_from_total(title="Index", k=k, total=total, scales=SCALES, invited=None, staff=staff)
        outcome = level_evaluate(DEFINITION, {}, surveys={"": figures})
    text = " ".join(reason.message for reason in outcome.check("l").reasons)
    numbers = set(re.findall(r"\d+(?:\.\d+)?", text))
    if not total.shown:
        assert numbers <= {str(k)}, text  # "fewer than k answers": what the report says as well
        return
    assert numbers <= THRESHOLDS | allowed(total, staff), (numbers - THRESHOLDS - allowed(total, staff), text)
    hidden = [info.title for (info, _points), cell in zip(SCALES, total.cells, strict=True) if not cell.shown]
    for title in hidden:
        assert re.search(rf"“{title}” \d", text) is None, text  # a hidden scale is named, never given a figure
