"""A survey keeps its results after retention deleted the raw answers: the reports stored in their
place count, so the cycle's phase page still links the report and goals can still be made from
its hotspots. A survey with too few answers stays without results."""

from __future__ import annotations

import pytest

from tests.cycles.survey_helpers import closed_with, cycle_survey, load_instrument, load_programme, open_cycle
from tests.surveys.conftest import ALL_SCALES, respond_rows
from vereinbar.cycles.selectors import survey_problems
from vereinbar.privacy.models import StoredReport
from vereinbar.privacy.retention import survey_raw_data_remove
from vereinbar.surveys.models import Response, Survey, SurveyStatus
from vereinbar.surveys.services.cycle_phase import goal_from_hotspot
from vereinbar.surveys.services.surveys import survey_close

pytestmark = pytest.mark.django_db


def retained(survey: Survey) -> Survey:
    survey_raw_data_remove(survey=survey)
    assert not Response.objects.filter(survey=survey).exists()
    assert StoredReport.objects.filter(survey=survey).exists()
    return Survey.objects.get(pk=survey.pk)


def test_a_survey_with_enough_answers_keeps_its_results(closed_survey_with_answers):
    assert closed_survey_with_answers.has_results
    assert retained(closed_survey_with_answers).has_results


def test_a_survey_with_too_few_answers_stays_without_results(make_survey, coordinator):
    survey = make_survey(SurveyStatus.OPEN)
    respond_rows(survey, None, survey.min_group_size - 1, ALL_SCALES)
    survey = survey_close(actor=coordinator, survey=survey)
    assert not survey.has_results
    assert not retained(survey).has_results


def test_the_stored_reports_count_only_with_the_minimum_group_size(closed_survey_with_answers):
    survey = retained(closed_survey_with_answers)
    StoredReport.objects.filter(survey=survey).update(responses=survey.min_group_size - 1)
    assert not survey.has_results
    StoredReport.objects.filter(survey=survey).update(responses=survey.min_group_size)
    assert survey.has_results


def test_the_cycle_phase_still_links_the_report_of_a_retained_survey(
    client, login, operator_org, employer_org, coordinator, operator_admin, auditor
):
    cycle = open_cycle(load_programme(operator_org), employer_org, coordinator, operator_admin, auditor)
    survey = closed_with(cycle_survey(cycle, coordinator, load_instrument()), coordinator, 12)
    survey = retained(survey)
    run = survey.phase_run
    assert survey_problems(run) == []
    login(coordinator)
    page = client.get(f"/en/workspace/{cycle.organisation.slug}/cycles/{cycle.pk}/phases/{run.pk}/").content.decode()
    assert "Read the report" in page and f"/surveys/{survey.pk}/results/" in page
    assert "too few answers" not in page
    goal = goal_from_hotspot(actor=coordinator, survey=survey, scale_key="information", action_field_code="2")
    assert goal.agreement.cycle == cycle
