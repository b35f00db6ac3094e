"""Anonymity rules: each test tries to re-identify people from what a report publishes.

The attacker below is written independently of the module: it works on individual
responses (not atoms), combines published cells with every pattern of +1/-1/0
coefficients, and checks with exact rational arithmetic whether a suppressed cell is a
combination of published ones.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vereinbar.surveys import anonymity
from vereinbar.surveys.anonymity import (
    Groups,
    SurveyDataError,
    atoms,
    category_groups,
    crossed_groups,
    select_comment_groups,
    suppress,
    total_group,
    unit_groups,
)
from vereinbar.surveys.statistics import Questionnaire, ReportConfig, group_report


def _rank(rows: list[list[Fraction]]) -> int:
    """Rank by exact Gaussian elimination."""
    matrix = [row[:] for row in rows]
    rank = 0
    width = len(matrix[0]) if matrix else 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column] / matrix[rank][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return rank


def attack(membership: np.ndarray, published: np.ndarray, k: int, counted: np.ndarray | None = None) -> list[str]:
    """Everything an attacker learns about fewer than k people, or about a suppressed cell."""
    counted = np.ones(membership.shape[1], dtype=bool) if counted is None else counted
    cells = membership[:, counted].astype(np.int64)
    visible = cells[published]
    findings: list[str] = []
    m = visible.shape[0]
    if m:
        if m <= 11:
            patterns = np.array(list(itertools.product((-1, 0, 1), repeat=m)), dtype=np.int64)
        else:
            patterns = np.array(
                [p for p in itertools.product((-1, 0, 1), repeat=m) if sum(map(bool, p)) <= 3], dtype=np.int64
            )
        combined = patterns @ visible  # coefficient of each respondent
        people = (combined != 0).sum(axis=1)
        for row in np.flatnonzero((people > 0) & (people < k))[:3]:
            findings.append(f"combination {patterns[row].tolist()} isolates {people[row]} people")
    rows = [[Fraction(int(v)) for v in row] for row in visible]
    base = _rank(rows) if rows else 0
    for g in np.flatnonzero(~published):
        target = [Fraction(int(v)) for v in cells[g]]
        if any(target) and _rank([*rows, target]) == base:
            findings.append(f"suppressed group {g} is derivable")
    return findings


def _people(*sizes: int) -> np.ndarray:
    """Category code per respondent: sizes[i] respondents in category i."""
    return np.repeat(np.arange(len(sizes)), sizes)


def _run(groups: Groups, k: int = 5, counted: np.ndarray | None = None) -> np.ndarray:
    parts = atoms(groups)
    return suppress(parts.membership, parts.sizes(counted), k).published


def test_a_group_below_k_is_suppressed_with_reason_below_k() -> None:
    codes = _people(3, 8, 9)
    groups = total_group(codes.size) + category_groups(codes, ["a", "b", "c"])
    parts = atoms(groups)
    result = suppress(parts.membership, parts.sizes(), 5)
    assert result.reasons()[1] == "below_k"
    assert result.reasons()[0] is None


def test_total_minus_siblings_cannot_recover_a_small_group() -> None:
    codes = _people(3, 8, 9)
    groups = total_group(codes.size) + category_groups(codes, ["a", "b", "c"])
    naive = np.array([True, False, True, True])
    assert attack(groups.membership, naive, 5), "the attacker must see the naive leak"
    parts = atoms(groups)
    result = suppress(parts.membership, parts.sizes(), 5)
    assert result.reasons() == (None, "below_k", "complementary", None)  # next smallest sibling
    assert attack(groups.membership, result.published, 5) == []


def test_two_small_siblings_together_below_k_are_protected() -> None:
    codes = _people(2, 2, 9, 9)
    groups = total_group(codes.size) + category_groups(codes, ["a", "b", "c", "d"])
    published = _run(groups)
    assert not published[1] and not published[2] and not published[3]
    assert attack(groups.membership, published, 5) == []


def test_parent_minus_children_cannot_recover_a_small_unit() -> None:
    # units: 0 root (2 own), 1 = A (child of root), 2 = A1, 3 = A2 (2 people), 4 = B
    unit = _people(2, 0, 6, 2, 7)
    groups = unit_groups(unit, [-1, 0, 1, 1, 0], ["org", "a", "a1", "a2", "b"])
    naive = np.array([True, True, True, False, True])
    assert attack(groups.membership, naive, 5)
    published = _run(groups)
    assert not published[3]
    assert attack(groups.membership, published, 5) == []


def test_two_overlapping_breakdowns_cannot_isolate_a_crossing() -> None:
    # unit 0: 9 young + 1 old; unit 1: 1 young + 9 old. Unit 0 minus "young" isolates 2 people.
    unit = np.array([0] * 10 + [1] * 10)
    age = np.array([0] * 9 + [1] + [0] + [1] * 9)
    groups = total_group(20) + category_groups(unit, ["u0", "u1"]) + category_groups(age, ["young", "old"])
    assert attack(groups.membership, np.ones(5, dtype=bool), 5)
    published = _run(groups)
    assert attack(groups.membership, published, 5) == []
    assert published[0], "the organisation total stays visible"


def test_crossed_cells_next_to_both_margins_leak_nothing() -> None:
    rng = np.random.default_rng(7)
    unit = rng.integers(0, 3, 40)
    age = rng.integers(0, 2, 40)
    units = category_groups(unit, ["u0", "u1", "u2"])
    ages = category_groups(age, ["young", "old"])
    groups = total_group(40) + units + ages + crossed_groups(units, ages)
    published = _run(groups)
    assert attack(groups.membership, published, 5) == []


def test_groups_differing_by_fewer_than_k_are_not_both_shown() -> None:
    # "part-time" holds 12 of unit X's 14 people: X minus part-time isolates 2.
    part_time = np.array([1] * 12 + [0] * 2 + [0] * 10)
    unit = np.array([0] * 14 + [1] * 10)
    groups = total_group(24) + category_groups(unit, ["x", "y"]) + Groups(("part_time",), (part_time == 1)[None, :])
    assert attack(groups.membership, np.ones(4, dtype=bool), 5)
    published = _run(groups)
    assert attack(groups.membership, published, 5) == []
    assert not (published[1] and published[3])


def test_a_scale_answered_by_few_is_suppressed_on_its_own_counts() -> None:
    codes = _people(6, 8, 9)
    groups = total_group(codes.size) + category_groups(codes, ["a", "b", "c"])
    counted = np.ones(codes.size, dtype=bool)
    counted[:3] = False  # three of group a skipped the scale
    published = _run(groups, counted=counted)
    assert not published[1] and not published[2]
    assert attack(groups.membership, published, 5, counted) == []
    assert _run(groups).all(), "counted on responses, nothing needs suppressing"


def test_k_below_three_is_rejected() -> None:
    groups = total_group(10)
    parts = atoms(groups)
    with pytest.raises(SurveyDataError) as error:
        suppress(parts.membership, parts.sizes(), 2)
    assert error.value.code == "k_below_minimum"
    with pytest.raises(SurveyDataError):
        ReportConfig(k=2)
    with pytest.raises(SurveyDataError) as error:
        ReportConfig(k=6, comment_k=5)
    assert error.value.code == "comment_k_below_k"


def test_unit_tree_with_a_cycle_is_rejected() -> None:
    with pytest.raises(SurveyDataError) as error:
        unit_groups([0, 1], [1, 0], ["a", "b"])
    assert error.value.code == "unit_tree_has_cycle"


def comment_attack(membership: np.ndarray, shown: np.ndarray, comment_k: int) -> list[str]:
    """Comments can be matched as text: intersect and subtract the shown lists in every way."""
    lists = membership[shown]
    findings = []
    for inside in itertools.product((True, False), repeat=lists.shape[0]):
        if not any(inside):
            continue
        people = np.ones(membership.shape[1], dtype=bool)
        for row, flag in zip(lists, inside, strict=True):
            people &= row if flag else ~row
        if 0 < people.sum() < comment_k:
            findings.append(f"pattern {inside} singles out {people.sum()} authors")
    return findings


def test_comments_need_comment_k_responses() -> None:
    codes = _people(9, 12, 14)
    groups = total_group(codes.size) + category_groups(codes, ["a", "b", "c"])
    parts = atoms(groups)
    shown, reasons = select_comment_groups(parts.membership, parts.sizes(), 10)
    assert shown[0] and not shown[1]
    assert reasons[1] == "below_comment_k"
    assert comment_attack(groups.membership, shown, 10) == []


def test_comment_lists_cannot_be_intersected_to_single_out_authors() -> None:
    unit = np.array([0] * 12 + [1] * 12)
    age = np.array([0] * 11 + [1] + [0] * 1 + [1] * 11)
    groups = total_group(24) + category_groups(unit, ["u0", "u1"]) + category_groups(age, ["young", "old"])
    naive = np.array([True, True, False, True, False])
    assert comment_attack(groups.membership, naive, 10)
    parts = atoms(groups)
    shown, reasons = select_comment_groups(parts.membership, parts.sizes(), 10)
    assert comment_attack(groups.membership, shown, 10) == []
    assert "comment_overlap" in reasons


@st.composite
def structures(draw: st.DrawFn) -> tuple[Groups, int, np.ndarray]:
    n = draw(st.integers(3, 36))
    n_units = draw(st.integers(1, 5))
    parent = [-1] + [draw(st.integers(0, u - 1)) for u in range(1, n_units)]
    unit = np.array(draw(st.lists(st.integers(0, n_units - 1), min_size=n, max_size=n)))
    groups = total_group(n) + unit_groups(unit, parent, [f"u{u}" for u in range(n_units)])
    n_ages = draw(st.integers(0, 3))
    if n_ages:
        age = np.array(draw(st.lists(st.integers(-1, n_ages - 1), min_size=n, max_size=n)))
        ages = category_groups(age, [f"age{a}" for a in range(n_ages)])
        groups = groups + ages
        if draw(st.booleans()):
            top = unit_groups(unit, parent, [f"t{u}" for u in range(n_units)])
            groups = groups + crossed_groups(Groups(top.keys[:2], top.membership[:2]), ages)
    k = draw(st.integers(3, 6))
    counted = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n))) | draw(st.booleans())
    return groups, k, counted


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structures())
def test_no_combination_of_published_cells_reveals_fewer_than_k_people(
    structure: tuple[Groups, int, np.ndarray],
) -> None:
    groups, k, counted = structure
    parts = atoms(groups)
    result = suppress(parts.membership, parts.sizes(counted), k)
    sizes = groups.membership[:, counted].sum(axis=1)
    assert not result.published[sizes < k].any()
    assert attack(groups.membership, result.published, k, counted) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structures())
def test_when_the_search_budget_runs_out_suppression_errs_on_the_safe_side(
    structure: tuple[Groups, int, np.ndarray],
) -> None:
    groups, k, counted = structure
    parts = atoms(groups)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(anonymity, "_MAX_CANDIDATES", 1)
        cautious = suppress(parts.membership, parts.sizes(counted), k)
    assert attack(groups.membership, cautious.published, k, counted) == []
    exact = suppress(parts.membership, parts.sizes(counted), k)
    assert cautious.suppressed.sum() >= exact.primary.sum()


@settings(max_examples=60, deadline=None)
@given(structures(), st.integers(5, 12))
def test_no_comment_list_combination_singles_out_fewer_than_comment_k(
    structure: tuple[Groups, int, np.ndarray], comment_k: int
) -> None:
    groups, _, _ = structure
    groups = Groups(groups.keys[:9], groups.membership[:9])
    parts = atoms(groups)
    shown, _ = select_comment_groups(parts.membership, parts.sizes(), comment_k)
    assert comment_attack(groups.membership, shown, comment_k) == []


def test_full_report_leaks_nothing_in_any_scale() -> None:
    rng = np.random.default_rng(3)
    n = 30
    questionnaire = Questionnaire.create(levels=5, scale_of_item=[0, 0, 1, 1, 1])
    answers = rng.integers(1, 6, (n, 5)).astype(float)
    answers[rng.random(answers.shape) < 0.3] = np.nan
    unit = rng.integers(0, 4, n)
    groups = (
        total_group(n)
        + unit_groups(unit, [-1, 0, 0, 1], ["org", "a", "b", "a1"])
        + category_groups(rng.integers(0, 2, n), ["young", "old"])
    )
    report = group_report(answers, questionnaire, groups)
    assert attack(groups.membership, report.headcount > 0, 5) == []
    for s, items in enumerate(([0, 1], [2, 3, 4])):
        counted = (~np.isnan(answers[:, items])).mean(axis=1) >= 0.5
        published = report.published[:, s]
        assert attack(groups.membership, published, 5, counted) == []
        assert np.isnan(report.summary.mean[~published, s]).all()
        assert (report.distribution[~published, s] == 0).all()
    assert comment_attack(groups.membership, report.comments_shown, 10) == []
