"""Just after opening, no row of the response rates can be shown yet: the survey page says so in
one sentence instead of a table whose every unit reads "not shown (fewer than 5 answers…)" (for a
county with thirty units, thirty times). Once a row can be shown, the table is back."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vereinbar.surveys.models import SurveyStatus

from .conftest import ALL_SCALES

pytestmark = pytest.mark.django_db

NONE_YET = "No numbers yet: fewer than 5 answers have been released so far."


def _page(client, coordinator, survey) -> str:
    client.force_login(coordinator)
    return client.get(reverse("surveys:detail", args=[survey.organisation.slug, survey.pk])).content.decode()


def test_a_survey_without_answers_says_so_once(client, coordinator, make_survey, invite):
    survey = make_survey(SurveyStatus.OPEN)
    for unit in ("Personal", "Finanzen", "Jugendamt", "Bauamt"):
        invite(survey, unit)
    page = _page(client, coordinator, survey)
    assert "Response rate so far" in page
    assert page.count(NONE_YET) == 1
    assert "not shown (fewer than" not in page


def test_the_table_comes_back_once_a_row_can_be_shown(client, coordinator, make_survey, invite, respond):
    survey = make_survey(SurveyStatus.OPEN)
    for _ in range(8):
        invite(survey, "Personal")
    respond(survey, "Personal", count=6, **ALL_SCALES)
    page = _page(client, coordinator, survey)
    assert NONE_YET not in page
    assert "<meter" in page
