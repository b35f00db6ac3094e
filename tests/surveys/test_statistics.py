"""Survey statistics against a reference written separately: one respondent at a time, with
the standard library's ``statistics`` module and ``scipy.stats``."""

from __future__ import annotations

import math
import statistics as pystats
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats as sps
from scipy.special import expit

from vereinbar.surveys import statistics as survey_stats
from vereinbar.surveys.anonymity import Groups, category_groups, total_group
from vereinbar.surveys.statistics import (
    Moments,
    Questionnaire,
    ReportConfig,
    SurveyDataError,
    benchmark,
    benchmarks_excluding_each,
    describe,
    group_report,
    highlights,
    partition_moments,
    scale_scores,
    summarise,
    welch_comparison,
)

TOL = 1e-9


def close(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=TOL, abs_tol=TOL)


# --- the reference ------------------------------------------------------------------


def ref_scale_score(row: list[float], questionnaire: Questionnaire, scale: int, share: float) -> float | None:
    """Score one respondent on one scale, item by item."""
    items = [j for j in range(questionnaire.n_items) if questionnaire.scale_of_item[j] == scale]
    points = []
    for j in items:
        answer = row[j]
        if math.isnan(answer):
            continue
        fraction = (answer - 1) / (questionnaire.levels[j] - 1)
        points.append(100 * (1 - fraction) if questionnaire.reverse[j] else 100 * fraction)
    if not points or len(points) / len(items) < share:
        return None
    return pystats.fmean(points)


def ref_favourable(row: list[float], questionnaire: Questionnaire, scale: int, share: float, threshold: float) -> bool:
    """Favourable on exact fractions, so that a score of exactly 75 counts whatever the rounding."""
    items = [j for j in range(questionnaire.n_items) if questionnaire.scale_of_item[j] == scale]
    answered = [j for j in items if not math.isnan(row[j])]
    if not answered or len(answered) / len(items) < share:
        return False
    points = [Fraction(int(row[j]) - 1, int(questionnaire.levels[j]) - 1) * 100 for j in answered]
    points = [100 - p if questionnaire.reverse[j] else p for p, j in zip(points, answered, strict=True)]
    score = sum(points) / len(points)
    cut = Fraction(threshold)
    return score >= cut if questionnaire.higher_is_better[scale] else score <= 100 - cut


def ref_cell(values: list[float], confidence: float = 0.95) -> tuple[int, float, float, float, float]:
    n = len(values)
    if n == 0:
        return 0, math.nan, math.nan, math.nan, math.nan
    mean = pystats.mean(values)
    if n < 2:
        return n, mean, math.nan, math.nan, math.nan
    sd = pystats.stdev(values)
    half_width = sps.t.ppf((1 + confidence) / 2, n - 1) * sd / math.sqrt(n)
    p = mean / 100
    if p <= 0 or p >= 1:  # everyone at one end of the scale: nothing to spread
        return n, mean, sd, mean, mean
    # The t-interval on the logit scale of the mean share (delta method), transformed back.
    centre, spread = math.log(p / (1 - p)), half_width / 100 / (p * (1 - p))
    # expit(x) = 1 / (1 + e^−x), without overflow when a mean sits a hair from the end of the scale.
    return n, mean, sd, 100 * expit(centre - spread), 100 * expit(centre + spread)


# --- data --------------------------------------------------------------------------


@st.composite
def surveys(draw: st.DrawFn, max_rows: int = 40) -> tuple[np.ndarray, Questionnaire, float]:
    n_scales = draw(st.integers(1, 3))
    scale_levels = [draw(st.sampled_from([4, 5, 7])) for _ in range(n_scales)]
    scale_of_item = list(range(n_scales)) + draw(st.lists(st.integers(-1, n_scales - 1), max_size=6))
    scale_of_item = draw(st.permutations(scale_of_item))
    levels = [scale_levels[s] if s >= 0 else draw(st.sampled_from([2, 5])) for s in scale_of_item]
    reverse = draw(st.lists(st.booleans(), min_size=len(levels), max_size=len(levels)))
    questionnaire = Questionnaire.create(
        levels=levels,
        scale_of_item=scale_of_item,
        reverse=reverse,
        higher_is_better=draw(st.lists(st.booleans(), min_size=n_scales, max_size=n_scales)),
    )
    n = draw(st.integers(0, max_rows))
    missing = draw(st.sampled_from([0.0, 0.1, 0.4]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    answers = np.floor(rng.random((n, len(levels))) * np.array(levels)) + 1
    answers[rng.random(answers.shape) < missing] = np.nan
    share = draw(st.sampled_from([0.2, 0.5, 2 / 3, 0.75, 1.0]))
    return answers, questionnaire, share


# --- scoring -----------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(surveys())
def test_scale_scores_match_item_by_item_scoring(survey: tuple[np.ndarray, Questionnaire, float]) -> None:
    answers, questionnaire, share = survey
    scores = scale_scores(answers, questionnaire, min_answered_share=share)
    assert scores.shape == (answers.shape[0], questionnaire.n_scales)
    for r, row in enumerate(answers.tolist()):
        for s in range(questionnaire.n_scales):
            expected = ref_scale_score(row, questionnaire, s, share)
            assert close(scores[r, s], math.nan if expected is None else expected)


def test_likert_five_scores_are_evenly_spaced_and_reverse_items_flip() -> None:
    questionnaire = Questionnaire.create(levels=5, scale_of_item=[0, 1], reverse=[False, True])
    answers = np.array([[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]], dtype=float)
    assert scale_scores(answers, questionnaire).tolist() == [[0, 100], [25, 75], [50, 50], [75, 25], [100, 0]]


def test_a_scale_needs_the_minimum_share_of_answered_items() -> None:
    questionnaire = Questionnaire.create(levels=5, scale_of_item=[0, 0, 0, 0])
    answers = np.array([[5, np.nan, np.nan, np.nan], [5, 3, np.nan, np.nan]])
    scores = scale_scores(answers, questionnaire, min_answered_share=0.5)
    assert np.isnan(scores[0, 0])
    assert scores[1, 0] == 75.0


def test_row_blocks_and_memory_order_do_not_change_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(5)
    questionnaire = Questionnaire.create(levels=5, scale_of_item=np.arange(12) // 3, reverse=np.arange(12) % 4 == 0)
    answers = rng.integers(1, 6, (1000, 12)).astype(float)
    answers[rng.random(answers.shape) < 0.2] = np.nan
    whole = scale_scores(answers, questionnaire)
    monkeypatch.setattr(survey_stats, "_BLOCK_ROWS", 97)
    np.testing.assert_array_equal(scale_scores(answers, questionnaire), whole)
    np.testing.assert_array_equal(scale_scores(np.asfortranarray(answers), questionnaire), whole)
    np.testing.assert_array_equal(scale_scores(answers.astype(np.float32), questionnaire), whole)


@pytest.mark.parametrize(
    ("value", "code"), [(0.0, "answer_out_of_range"), (6.0, "answer_out_of_range"), (2.5, "answer_not_integer")]
)
def test_invalid_answers_are_rejected(value: float, code: str) -> None:
    questionnaire = Questionnaire.create(levels=5, scale_of_item=[0, 0])
    with pytest.raises(SurveyDataError) as error:
        scale_scores(np.array([[1.0, value]]), questionnaire)
    assert error.value.code == code


def test_a_scale_mixing_answer_formats_is_rejected() -> None:
    with pytest.raises(SurveyDataError) as error:
        Questionnaire.create(levels=[5, 4], scale_of_item=[0, 0])
    assert error.value.code == "mixed_levels_in_scale"


# --- descriptive statistics ----------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.floats(0, 100), st.just(math.nan)), max_size=60), st.sampled_from([0.9, 0.95, 0.99]))
def test_describe_matches_statistics_module(values: list[float], confidence: float) -> None:
    summary = describe(np.array(values, dtype=float).reshape(-1, 1), confidence=confidence)
    expected = ref_cell([v for v in values if not math.isnan(v)], confidence)
    actual = (int(summary.n[0]), summary.mean[0], summary.sd[0], summary.ci_low[0], summary.ci_high[0])
    assert actual[0] == expected[0]
    assert all(close(a, b) for a, b in zip(actual[1:], expected[1:], strict=True))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.floats(0, 100), min_size=2, max_size=80)
    | st.lists(st.sampled_from([0.0, 25.0, 75.0, 100.0]), min_size=2, max_size=8),
    st.sampled_from([0.9, 0.95, 0.99]),
)
def test_confidence_interval_stays_on_the_scale_and_contains_the_mean(values: list[float], confidence: float) -> None:
    summary = describe(np.array(values, dtype=float).reshape(-1, 1), confidence=confidence)
    low, mean, high = summary.ci_low[0], summary.mean[0], summary.ci_high[0]
    assert 0.0 <= low <= mean <= high <= 100.0


def test_confidence_interval_near_the_end_of_the_scale_is_not_cut_off_but_narrower() -> None:
    # Five answers 100, 100, 100, 100, 25 (mean 85): the t-interval would end at 131.6.
    summary = describe(np.array([[100.0], [100.0], [100.0], [100.0], [25.0]]))
    t_high = 85 + sps.t.ppf(0.975, 4) * pystats.stdev([100, 100, 100, 100, 25]) / math.sqrt(5)
    assert t_high > 100
    assert 0 < summary.ci_low[0] < 85 < summary.ci_high[0] < 100
    # In the middle of the scale it is the usual t-interval, almost exactly.
    middle = describe(np.array([[40.0], [50.0], [60.0], [45.0], [55.0]] * 20))
    assert math.isclose(middle.ci_high[0] - 50, 50 - middle.ci_low[0], rel_tol=1e-3)


@st.composite
def grouped_surveys(draw: st.DrawFn) -> tuple[np.ndarray, Questionnaire, float, Groups]:
    answers, questionnaire, share = draw(surveys(max_rows=60))
    n = answers.shape[0]
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    unit = rng.integers(0, draw(st.integers(1, 4)), n)
    age = rng.integers(-1, 2, n)
    groups = total_group(n) + category_groups(unit, [f"u{u}" for u in range(4)]) + category_groups(age, ["y", "o"])
    return answers, questionnaire, share, groups


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grouped_surveys(), st.integers(3, 6), st.sampled_from([60.0, 75.0]))
def test_group_report_cells_match_the_reference(
    survey: tuple[np.ndarray, Questionnaire, float, Groups], k: int, threshold: float
) -> None:
    answers, questionnaire, share, groups = survey
    config = ReportConfig(k=k, comment_k=max(k, 10), min_answered_share=share, favourable_threshold=threshold)
    report = group_report(answers, questionnaire, groups, config=config)
    for g in range(groups.n_groups):
        rows = [answers[r].tolist() for r in np.flatnonzero(groups.membership[g])]
        assert report.headcount[g] == (len(rows) if report.group_reasons[g] is None else 0)
        assert (report.headcount[g] > 0) == (report.group_reasons[g] is None)
        assert len(rows) >= k or report.group_reasons[g] == "below_k"
        for s in range(questionnaire.n_scales):
            if not report.published[g, s]:
                assert report.cell_reasons[g, s] in {"below_k", "complementary"}
                assert np.isnan(report.summary.mean[g, s]) and report.summary.n[g, s] == 0
                assert np.isnan(report.favourable_share[g, s]) and not report.distribution[g, s].any()
                continue
            scored = [(row, ref_scale_score(row, questionnaire, s, share)) for row in rows]
            values = [v for _, v in scored if v is not None]
            assert len(values) >= k
            n, mean, sd, low, high = ref_cell(values)
            assert report.summary.n[g, s] == n
            for actual, expected in zip(
                (report.summary.mean, report.summary.sd, report.summary.ci_low, report.summary.ci_high),
                (mean, sd, low, high),
                strict=True,
            ):
                assert close(actual[g, s], expected)
            favourable = sum(1 for row, _ in scored if ref_favourable(row, questionnaire, s, share, threshold))
            assert close(report.favourable_share[g, s], favourable / n)
            levels = questionnaire.scale_levels[s]
            expected_distribution = [0] * levels
            for row, value in scored:
                if value is None:
                    continue
                for j in range(questionnaire.n_items):
                    if questionnaire.scale_of_item[j] == s and not math.isnan(row[j]):
                        position = int(row[j]) - 1
                        expected_distribution[levels - 1 - position if questionnaire.reverse[j] else position] += 1
            assert report.distribution[g, s, :levels].tolist() == expected_distribution


def test_cells_below_k_show_nothing_but_the_reason() -> None:
    questionnaire = Questionnaire.create(levels=5, scale_of_item=[0])
    answers = np.array([[5.0]] * 4 + [[1.0]] * 8 + [[3.0]] * 8)
    codes = np.repeat([0, 1, 2], [4, 8, 8])
    report = group_report(answers, questionnaire, total_group(20) + category_groups(codes, ["a", "b", "c"]))
    assert report.group_reasons == (None, "below_k", "complementary", None)
    assert report.cell_reasons[:, 0].tolist() == ["", "below_k", "complementary", ""]
    assert report.headcount.tolist() == [20, 0, 0, 8]
    assert report.summary.mean[report.row("c"), 0] == 50.0


# --- comparisons -------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(2, 500), st.floats(0, 100), st.floats(0.1, 50)), min_size=2, max_size=2),
    st.sampled_from([0.01, 0.05]),
)
def test_welch_comparison_matches_scipy(cells: list[tuple[int, float, float]], alpha: float) -> None:
    (n1, m1, s1), (n2, m2, s2) = cells

    def summary(n: int, m: float, s: float) -> survey_stats.Summary:
        return survey_stats.Summary(np.array([n]), np.array([m]), np.array([s]), np.array([0.0]), np.array([0.0]))

    result = welch_comparison(summary(n1, m1, s1), summary(n2, m2, s2), alpha=alpha)
    expected = sps.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=False)
    assert close(result.difference[0], m1 - m2)
    assert close(result.t_statistic[0], expected.statistic)
    assert close(result.p_value[0], expected.pvalue)
    assert bool(result.significant[0]) == (expected.pvalue < alpha)


def test_comparison_with_the_previous_survey_matches_groups_by_key() -> None:
    questionnaire = Questionnaire.create(levels=5, scale_of_item=[0])
    rng = np.random.default_rng(2)
    before = rng.integers(1, 6, (30, 1)).astype(float)
    after = np.clip(before + 1, 1, 5)
    units = np.repeat([0, 1, 2], 10)
    previous = group_report(before, questionnaire, total_group(30) + category_groups(units, ["a", "b", "c"]))
    current = group_report(after, questionnaire, total_group(30) + category_groups(units, ["c", "b", "new"]))
    result = welch_comparison(current.summary, previous.aligned_summary(current.keys))
    expected = sps.ttest_ind(after[:, 0], before[:, 0], equal_var=False)
    assert close(result.p_value[0, 0], expected.pvalue)
    moved = 25 * (after[:10, 0].mean() - before[20:, 0].mean())  # "c" holds other rows now; 25 points a step
    assert close(result.difference[1, 0], moved)
    assert result.available[:, 0].tolist() == [True, True, True, False]


def test_comparison_is_unavailable_where_a_cell_is_suppressed() -> None:
    nan = np.array([np.nan])
    shown = survey_stats.Summary(np.array([10]), np.array([50.0]), np.array([10.0]), nan, nan)
    hidden = survey_stats.Summary(np.array([0]), nan, nan, nan, nan)
    result = welch_comparison(shown, hidden)
    assert not result.available[0] and np.isnan(result.p_value[0]) and not result.significant[0]


@st.composite
def programmes(draw: st.DrawFn) -> tuple[list[list[float]], np.ndarray, int]:
    n_orgs = draw(st.integers(1, 9))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    orgs = []
    for _ in range(n_orgs):
        size = draw(st.integers(0, 12))
        values = np.round(rng.random(size) * 4) * 25
        values[rng.random(size) < 0.2] = np.nan
        orgs.append(values.tolist())
    peers = np.array(draw(st.lists(st.booleans(), min_size=n_orgs, max_size=n_orgs)))
    return orgs, peers, draw(st.integers(3, 6))


def _org_moments(orgs: list[list[float]]) -> Moments:
    values = np.array([v for org in orgs for v in org]).reshape(-1, 1)
    codes = np.repeat(np.arange(len(orgs)), [len(org) for org in orgs])
    return partition_moments(values, codes, len(orgs))


@settings(max_examples=150, deadline=None)
@given(programmes())
def test_benchmark_pools_other_organisations_when_at_least_five_contribute(
    programme: tuple[list[list[float]], np.ndarray, int],
) -> None:
    orgs, peers, k = programme
    moments = _org_moments(orgs)
    leave_one_out = benchmarks_excluding_each(moments, k=k, peers=peers)
    for exclude in [None, *range(len(orgs))]:
        result = benchmark(moments, k=k, peers=peers, exclude=exclude)
        answered = [[v for v in org if not math.isnan(v)] for org in orgs]
        contributing = [o for o, vals in enumerate(answered) if peers[o] and len(vals) >= k and o != exclude]
        assert result.organisations[0] == len(contributing)
        if len(contributing) < 5:
            assert not result.available[0] and np.isnan(result.summary.mean[0]) and result.summary.n[0] == 0
            expected: tuple[int, float, float, float, float] = (0, math.nan, math.nan, math.nan, math.nan)
        else:
            expected = ref_cell([v for o in contributing for v in answered[o]])
        actual = result.summary
        assert actual.n[0] == expected[0]
        assert all(
            close(getattr(actual, f)[0], e)
            for f, e in zip(("mean", "sd", "ci_low", "ci_high"), expected[1:], strict=True)
        )
        if exclude is not None:
            loo = leave_one_out.summary
            assert leave_one_out.organisations[exclude, 0] == len(contributing)
            assert loo.n[exclude, 0] == expected[0]
            assert close(loo.mean[exclude, 0], expected[1]) and close(loo.sd[exclude, 0], expected[2])


def test_benchmark_minimum_of_five_organisations_cannot_be_lowered() -> None:
    moments = _org_moments([[50.0] * 6] * 6)
    with pytest.raises(SurveyDataError) as error:
        benchmark(moments, min_organisations=4)
    assert error.value.code == "min_organisations_below_minimum"


def test_moments_from_sql_sums_match_two_pass_moments() -> None:
    values = np.array([[10.0], [20.0], [60.0], [np.nan]])
    exact = summarise(partition_moments(values, np.zeros(4, np.int64), 1))
    from_sums = summarise(Moments.from_sums([3.0], [90.0], [100.0 + 400.0 + 3600.0]))
    assert close(from_sums.mean[0], exact.mean[0][0]) and close(from_sums.sd[0], exact.sd[0][0])


def test_hotspots_and_resources_follow_each_scales_direction() -> None:
    scores = np.array([40.0, 70.0, 60.0, 52.0])
    reference = np.array([50.0, 50.0, 50.0, 50.0])
    better = np.array([True, True, False, True])  # scale 2 is a strain scale: 60 is worse
    result = highlights(scores, reference, better, margin=5.0)
    assert result.hotspots.tolist() == [0, 2]
    assert result.resources.tolist() == [1]
    assert highlights(scores, 55.0, better, margin=0.0, limit=1).hotspots.tolist() == [0]
