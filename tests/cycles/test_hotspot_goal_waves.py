"""A goal made from a hotspot quotes the survey's figure only where the report shows it: the same
rules, the survey-wave rule included (surveys/report/waves.py), so the goal's text cannot give
away what the report hides."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.surveys.conftest import ALL_SCALES
from vereinbar.surveys.services.cycle_phase import goal_from_hotspot

from .survey_helpers import closed_with, cycle_survey, load_instrument, load_programme, open_cycle

pytestmark = pytest.mark.django_db

UNINFORMED = ALL_SCALES | {"info_where": 1, "info_whom": 1, "info_clear": 1}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def cycle(operator_org, employer_org, coordinator, operator_admin, auditor):
    return open_cycle(load_programme(operator_org), employer_org, coordinator, operator_admin, auditor)


@pytest.mark.parametrize(("earlier", "quoted"), [(12, False), (8, True), (0, True)])
def test_the_goal_quotes_the_figure_only_where_the_report_shows_it(cycle, coordinator, earlier, quoted):
    version = load_instrument()
    if earlier:  # an earlier wave with the same questionnaire, 1 (hidden) or 5 (shown) answers apart
        closed_with(
            cycle_survey(cycle, coordinator, version, title="Staff survey 2024"), coordinator, earlier, UNINFORMED
        )
    survey = closed_with(cycle_survey(cycle, coordinator, version), coordinator, 13, UNINFORMED)
    goal = goal_from_hotspot(actor=coordinator, survey=survey, scale_key="information", action_field_code="2")
    assert ("(now 0 in “Staff survey 2026”)" in goal.success_measure) is quoted, goal.success_measure
    if not quoted:
        assert (
            goal.success_measure == "Next staff survey: “Information about offers” better than in “Staff survey 2026”"
        )
