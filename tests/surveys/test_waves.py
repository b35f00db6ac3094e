"""Two survey waves must not give away together what each hides on its own: a group whose
count differs by fewer than k between waves would let a reader difference out the answers
of the people who joined or left (issue #13: one new person in a unit, found exactly)."""

from __future__ import annotations

import numpy as np
import pytest

from vereinbar.surveys.anonymity import Groups, category_groups, total_group
from vereinbar.surveys.models import SurveyStatus
from vereinbar.surveys.report import report_build
from vereinbar.surveys.report.exports import report_csv
from vereinbar.surveys.services.surveys import survey_close
from vereinbar.surveys.statistics import Questionnaire, ReportConfig, group_report

from .conftest import ALL_SCALES

ANSWERS = ALL_SCALES | {"offers_known": [1, 3], "care_hours": 4}
NEWCOMER = ANSWERS | {"lead_understanding": 1, "lead_solutions": 5, "lead_open": 1, "lead_always_on": 5}


def _wave(make_survey, respond, coordinator, title, extra_in_personal=0):
    survey = make_survey(SurveyStatus.OPEN, title=title)
    respond(survey, "Personal", count=10, **ANSWERS)
    respond(survey, "Jugendamt", count=10, **(ANSWERS | {"lead_open": 5}))
    respond(survey, "Bauamt", count=10, **(ANSWERS | {"lead_open": 1}))
    if extra_in_personal:
        respond(survey, "Personal", count=extra_in_personal, **NEWCOMER)
    survey_close(actor=coordinator, survey=survey)
    survey.refresh_from_db()
    return survey


def _shown(report):
    """{(group label, scale key): (n, mean)} of every figure the report shows."""
    rows = [report.total, *report.units, *(row for b in report.breakdowns for row in b.rows)]
    return {
        (row.label, scale.key): (cell.n, cell.mean)
        for row in rows
        for scale, cell in zip(report.scales, row.cells, strict=True)
        if cell.shown
    }


def _leaks(first, second, k):
    """Cells shown in both waves whose counts differ by 1 to k - 1, with what they give away."""
    a, b = _shown(first), _shown(second)
    return {
        key: b[key][0] * b[key][1] - a[key][0] * a[key][1]
        for key in a.keys() & b.keys()
        if 0 < abs(a[key][0] - b[key][0]) < k
    }


def test_one_newcomer_cannot_be_differenced_out_of_two_waves(make_survey, respond, coordinator):
    first = _wave(make_survey, respond, coordinator, "2024")
    second = _wave(make_survey, respond, coordinator, "2026", extra_in_personal=1)
    later, earlier = report_build(survey=second, language="en"), report_build(survey=first, language="en")
    assert _leaks(earlier, later, 5) == {}
    personal = next(row for row in later.units if row.label == "Personal")
    assert {cell.reason for cell in personal.cells} == {"wave_difference"}
    assert {cell.reason for cell in later.total.cells} == {"wave_difference"}
    # The earlier wave's report hides the same groups (each wave checks against the others).
    assert {cell.reason for cell in earlier.total.cells} == {"wave_difference"}
    # No change column, and no figure of the other wave beside a hidden one.
    assert all(line.difference is None for line in later.profile)
    assert all(mean is None for point in later.trend for mean in point.means)
    assert any("another survey" in note for note in later.notes)
    # Groups that did not change stay visible, in both waves.
    jugendamt = next(row for row in later.units if row.label == "Jugendamt")
    assert all(cell.shown for cell in jugendamt.cells)
    # The exports say why, with no number.
    assert "almost the same number of answers" in report_csv(later).decode("utf-8-sig")


def test_waves_apart_by_at_least_k_are_compared(make_survey, respond, coordinator):
    first = _wave(make_survey, respond, coordinator, "2024")
    second = _wave(make_survey, respond, coordinator, "2026", extra_in_personal=5)
    later = report_build(survey=second, language="en")
    assert not any(cell.reason == "wave_difference" for row in (later.total, *later.units) for cell in row.cells)
    assert all(line.difference is not None for line in later.profile)
    assert [point.label.split(" (")[0] for point in later.trend] == ["2024", "2026"]
    assert report_build(survey=first, language="en").total.cells[0].shown


def test_equal_counts_are_not_a_difference(make_survey, respond, coordinator):
    _wave(make_survey, respond, coordinator, "2024")
    second = _wave(make_survey, respond, coordinator, "2026")
    later = report_build(survey=second, language="en")
    assert all(cell.shown for row in (later.total, *later.units) if row.shown for cell in row.cells)
    assert all(line.difference is not None for line in later.profile)


def test_a_cell_hidden_for_another_wave_cannot_be_worked_out_from_the_others():
    # Total of 20 = A (10) + B (10); A is hidden because of another wave, so B must go too.
    units = np.array([0] * 10 + [1] * 10)
    groups: Groups = total_group(20) + category_groups(units, ["a", "b"])
    questionnaire = Questionnaire.create(levels=5, scale_of_item=[0])
    answers = np.arange(20).reshape(-1, 1) % 5 + 1.0
    waves = np.array([[False], [True], [False]])
    result = group_report(answers, questionnaire, groups, config=ReportConfig(k=5), wave_suppressed=waves)
    assert result.cell_reasons[:, 0].tolist() == ["", "wave_difference", "complementary"]
    assert np.isnan(result.summary.mean[1:, 0]).all()


@pytest.mark.parametrize(("extra", "shown"), [(1, False), (4, False), (5, True)])
def test_questions_of_the_whole_organisation_follow_the_same_rule(make_survey, respond, coordinator, extra, shown):
    _wave(make_survey, respond, coordinator, "2024")
    second = _wave(make_survey, respond, coordinator, "2026", extra_in_personal=extra)
    later = report_build(survey=second, language="en")
    assert bool(later.choices) is shown and bool(later.numbers) is shown


def test_a_wave_whose_raw_data_is_gone_still_counts(make_survey, respond, coordinator):
    from vereinbar.privacy.retention import survey_raw_data_remove

    first = _wave(make_survey, respond, coordinator, "2024")
    survey_raw_data_remove(survey=first)
    assert not first.responses.exists()
    second = _wave(make_survey, respond, coordinator, "2026", extra_in_personal=1)
    later = report_build(survey=second, language="en")
    personal = next(row for row in later.units if row.label == "Personal")
    assert {cell.reason for cell in personal.cells} == {"wave_difference"}
    assert _leaks(report_build(survey=first, language="en"), later, 5) == {}
