"""With two surveys of a questionnaire the results show the scores side by side; a trend chart
only from the third on (two points drew nine nearly flat lines). Identical comments are shown
once with their number."""

from __future__ import annotations

import re

import pytest

from vereinbar.surveys.models import SurveyStatus
from vereinbar.surveys.report.build import CommentBlock, report_build
from vereinbar.surveys.services.surveys import survey_close

from .conftest import ALL_SCALES

pytestmark = pytest.mark.django_db

RESULTS = "/{language}/workspace/kreis-musterstadt/surveys/{pk}/results/"


def test_two_surveys_are_compared_side_by_side_without_a_chart(two_waves, coordinator, login):
    _earlier, current = two_waves
    report = report_build(survey=current, language="en")
    assert not report.trend_chart and len(report.before_after) == len(report.scales)
    leadership = next(item for item in report.before_after if item[0].scale.key == "leadership")
    assert leadership[1] < leadership[2]  # then, now
    page = login(coordinator).get(RESULTS.format(language="en", pk=current.pk)).content.decode()
    assert "Compared with the previous survey" in page and "Trend over surveys" not in page
    assert "/chart/trend.svg" not in page
    assert '<span class="change-better">better</span>' in page.split('id="trend-heading"')[1]


def test_the_trend_chart_starts_with_the_third_survey(two_waves, make_survey, respond, coordinator, login):
    third = make_survey(SurveyStatus.OPEN, title="2029")
    respond(third, "Personal", count=60, **ALL_SCALES)
    survey_close(actor=coordinator, survey=third)
    report = report_build(survey=third, language="en")
    assert report.trend_chart and not report.before_after and len(report.trend) == 3
    page = login(coordinator).get(RESULTS.format(language="en", pk=third.pk)).content.decode()
    assert "Trend over surveys" in page and "/chart/trend.svg" in page


def test_identical_comments_are_shown_once_with_their_number():
    block = CommentBlock(
        "Whole organisation", "wish", ("Mehr Homeoffice", " mehr  homeoffice", "Ferien", "Mehr Homeoffice")
    )
    assert block.grouped == [("Mehr Homeoffice", 3), ("Ferien", 1)]


def test_the_results_page_counts_identical_comments(make_survey, respond, coordinator, login):
    survey = make_survey(SurveyStatus.OPEN)
    respond(survey, "Personal", count=11, comment="Mehr Homeoffice", **ALL_SCALES)
    respond(survey, "Personal", count=1, comment="Eine Ansprechperson für Pflege", **ALL_SCALES)
    survey_close(actor=coordinator, survey=survey)
    page = login(coordinator).get(RESULTS.format(language="de", pk=survey.pk)).content.decode()
    comments = page.split('id="comments-heading"')[1]
    # once in each group that shows comments (the organisation, Verwaltung, Personal), with its number
    assert comments.count("Mehr Homeoffice") == comments.count(">11×</span>") == 3
    assert "12 Kommentare" in comments  # the number written, not the number of lines
    assert "×</span> Eine Ansprechperson" not in comments


@pytest.mark.parametrize(("language", "spaced"), [("de", True), ("nl", False), ("en", False)])
def test_percent_signs_follow_the_language(make_survey, respond, coordinator, login, language, spaced):
    """German writes "100 %" (a no-break space), Dutch and English "100%"."""
    survey = make_survey(SurveyStatus.OPEN)
    respond(survey, "Personal", count=12, **ALL_SCALES)
    survey_close(actor=coordinator, survey=survey)
    page = login(coordinator).get(RESULTS.format(language=language, pk=survey.pk)).content.decode()
    cells = re.findall(r">(\d+)(\s?)%</td>", page.replace("&nbsp;", "\N{NO-BREAK SPACE}"))
    assert cells and {space for _number, space in cells} == ({"\N{NO-BREAK SPACE}"} if spaced else {""})
