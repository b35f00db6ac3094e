"""Breakdowns: at most two questions, each once; the organisation's total is never hidden to
protect another group; duplicate groups share one decision; and still nothing can be worked
out by subtraction from the total or from two overlapping breakdowns (attacker of
test_anonymity.py, written independently of the module)."""

from __future__ import annotations

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vereinbar.surveys.anonymity import (
    Groups,
    atoms,
    category_groups,
    crossed_groups,
    suppress,
    total_group,
    unit_groups,
)
from vereinbar.surveys.models import MAX_REPORT_BREAKDOWNS, Survey
from vereinbar.surveys.report import report_build
from vereinbar.surveys.report.groups import breakdowns_check

from .test_anonymity import attack


def _suppress(groups: Groups, k: int, counted: np.ndarray | None = None):
    parts = atoms(groups)
    return suppress(parts.membership, parts.sizes(counted), k)


@st.composite
def two_breakdowns(draw: st.DrawFn) -> tuple[Groups, int, np.ndarray]:
    """The groups of a report: total, a unit tree, up to two breakdown questions with their
    "no answer" groups, sometimes unit × answer cells next to both margins."""
    n = draw(st.integers(4, 30))
    n_units = draw(st.integers(1, 3))
    parent = [-1] + [draw(st.integers(0, u - 1)) for u in range(1, n_units)]
    unit = np.array(draw(st.lists(st.integers(0, n_units - 1), min_size=n, max_size=n)))
    groups = total_group(n) + unit_groups(unit, parent, [f"u{u}" for u in range(n_units)])
    margins = []
    for b in range(draw(st.integers(1, MAX_REPORT_BREAKDOWNS))):
        points = draw(st.integers(2, 3))
        answer = np.array(draw(st.lists(st.integers(-1, points - 1), min_size=n, max_size=n)))
        codes = np.where(answer < 0, points, answer)  # "no answer" is a group of its own
        margin = category_groups(codes, [f"b{b}:{p}" for p in range(points + 1)])
        margins.append(margin)
        groups = groups + margin
    if len(margins) == 2 and margins[0].n_groups * margins[1].n_groups <= 12 and draw(st.booleans()):
        groups = groups + crossed_groups(margins[0], margins[1])
    k = draw(st.integers(3, 6))
    counted = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n))) | draw(st.booleans())
    return groups, k, counted


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_breakdowns())
def test_with_two_breakdowns_nothing_is_recoverable_and_the_total_is_never_a_complement(
    structure: tuple[Groups, int, np.ndarray],
) -> None:
    groups, k, counted = structure
    result = _suppress(groups, k, counted)
    assert attack(groups.membership, result.published, k, counted) == []
    total = int(counted.sum())
    assert not result.complementary[0], "the total is never hidden to protect another group"
    assert result.published[0] == (total >= k)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_breakdowns(), st.data())
def test_duplicated_groups_share_one_decision_and_change_nothing_else(
    structure: tuple[Groups, int, np.ndarray], data: st.DataObject
) -> None:
    groups, k, counted = structure
    copies = data.draw(st.lists(st.integers(0, groups.n_groups - 1), min_size=1, max_size=4))
    doubled = groups + Groups(tuple(f"copy{i}" for i in range(len(copies))), groups.membership[copies])
    once = _suppress(groups, k, counted)
    twice = _suppress(doubled, k, counted)
    assert (twice.suppressed[: groups.n_groups] == once.suppressed).all()
    assert (twice.suppressed[groups.n_groups :] == once.suppressed[copies]).all()
    assert attack(doubled.membership, twice.published, k, counted) == []


def test_groups_equal_on_the_counted_people_are_decided_together() -> None:
    # Unit a holds everyone who answered the scale; the two people of b skipped it.
    unit = np.array([0] * 12 + [1] * 2)
    counted = np.array([True] * 12 + [False] * 2)
    groups = total_group(14) + category_groups(unit, ["a", "b"])
    result = _suppress(groups, 5, counted)
    assert result.published[0] and result.published[1], "a shows the same figure as the total"
    assert result.reasons()[2] == "below_k"


def test_total_minus_a_breakdown_and_two_overlapping_breakdowns_leak_nothing() -> None:
    # 24 people; age: 20 young, 4 old; care: 18 no, 6 yes, where the old all care.
    age = np.array([0] * 20 + [1] * 4)
    care = np.array([0] * 18 + [1] * 2 + [1] * 4)
    ages = category_groups(age, ["young", "old"])
    cares = category_groups(care, ["no", "yes"])
    groups = total_group(24) + ages + cares
    naive = np.array([True, True, False, True, True])
    assert attack(groups.membership, naive, 5), "total − young gives the 4 old"
    result = _suppress(groups, 5)
    assert attack(groups.membership, result.published, 5) == []
    assert result.published[0] and not result.published[2] and not result.published[1]
    crossed = groups + crossed_groups(ages, cares)
    result = _suppress(crossed, 5)
    assert attack(crossed.membership, result.published, 5) == []
    assert result.published[0]


def test_the_chosen_breakdowns_are_checked(instrument_version) -> None:
    spec = instrument_version.spec
    keys = [item.key for item in spec.breakdown_items]
    assert len(keys) > MAX_REPORT_BREAKDOWNS, "the shipped questionnaire offers more than may be chosen"
    assert breakdowns_check(spec, [keys[1], keys[0], keys[1]]) == [keys[1], keys[0]]
    assert breakdowns_check(spec, []) == []
    with pytest.raises(ValidationError) as error:
        breakdowns_check(spec, keys[:3])
    assert error.value.code == "too_many_breakdowns"
    assert "Choose at most 2" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        breakdowns_check(spec, [keys[0], "no_such_question"])
    assert error.value.code == "unknown_breakdown"


def test_a_report_shows_at_most_two_breakdowns_each_once(closed_survey_with_answers) -> None:
    survey = closed_survey_with_answers
    keys = [item.key for item in survey.instrument_version.spec.breakdown_items]
    # Saved before the limit applied (or written around the service): the report still keeps it.
    Survey.objects.filter(pk=survey.pk).update(report_breakdowns=[keys[0], keys[0], keys[1], keys[2]])
    survey.refresh_from_db()
    report = report_build(survey=survey, language="en")
    shown = [b.key for b in report.breakdowns]
    assert len(set(shown)) == len(shown) and set(shown) <= set(keys[:2])
    assert any("first 2 of the chosen questions" in note for note in report.notes)
