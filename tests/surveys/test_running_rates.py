"""While a survey runs, the coordinator sees the response rate by unit on the survey page,
under the results' anonymity rules: no number for a unit with fewer than k answers, nor for one
whose number would give such a unit away, and the same units hidden as the results will hide."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from vereinbar.surveys.models import SurveyStatus
from vereinbar.surveys.report import report_build
from vereinbar.surveys.report.build import RateRow, rates_running
from vereinbar.surveys.report.charts import rates
from vereinbar.surveys.services.surveys import survey_close

from .conftest import ALL_SCALES

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(make_survey, invite, respond):
    """Personal 10 of 12, Finanzen 6 of 8 (both in Verwaltung), Jugendamt 3 of 7, Bauamt 7 of 9."""
    survey = make_survey(SurveyStatus.OPEN)
    for unit, invited, answered in (("Personal", 12, 10), ("Finanzen", 8, 6), ("Jugendamt", 7, 3), ("Bauamt", 9, 7)):
        for _ in range(invited):
            invite(survey, unit)
        respond(survey, unit, count=answered, **ALL_SCALES)
    return survey


def test_a_unit_with_fewer_than_k_answers_shows_no_count(running):
    rows = {row.label: row for row in rates_running(survey=running, language="en")}
    assert (rows["Personal"].invited, rows["Personal"].responses) == (12, 10)
    assert (rows["Verwaltung"].invited, rows["Verwaltung"].responses) == (20, 16)
    assert (rows["Jugendamt"].invited, rows["Jugendamt"].responses, rows["Jugendamt"].rate) == (None, None, None)
    # The whole organisation minus Verwaltung and Bauamt would give Jugendamt's 3 away.
    assert (rows["Bauamt"].invited, rows["Bauamt"].responses) == (None, None)
    assert rows["Whole organisation"].responses == 26


def test_the_running_rates_hide_what_the_results_will_hide(running, coordinator):
    before = rates_running(survey=running, language="en")
    survey_close(actor=coordinator, survey=running)
    running.refresh_from_db()
    report = report_build(survey=running, language="en")
    assert before == [report.rate_total, *report.rates]


def test_the_survey_page_shows_the_rates_while_the_survey_runs(client, coordinator, running):
    client.force_login(coordinator)
    page = client.get(reverse("surveys:detail", args=[running.organisation.slug, running.pk])).content.decode()
    assert "Response rate so far" in page
    assert '<meter min="0" max="1" value="0.833"' in page  # Personal: 10 of 12
    assert "not shown (fewer than 5 answers so far" in page


def test_the_rates_are_not_on_the_page_of_a_survey_in_preparation(client, coordinator, make_survey):
    survey = make_survey()
    client.force_login(coordinator)
    page = client.get(reverse("surveys:detail", args=[survey.organisation.slug, survey.pk])).content.decode()
    assert "Response rate so far" not in page


def test_the_results_page_of_a_running_survey_leads_to_the_rates_by_unit(client, coordinator, running):
    client.force_login(coordinator)
    slug = running.organisation.slug
    page = client.get(reverse("surveys:report", args=[slug, running.pk])).content.decode()
    assert f'href="{reverse("surveys:detail", args=[slug, running.pk])}#unit-rates-heading"' in page


def test_the_results_do_not_say_a_unit_hidden_for_another_had_too_few_answers(client, coordinator, running):
    """Bauamt's 7 answers are hidden so that Jugendamt's 3 cannot be worked out: the results
    page must not claim Bauamt had fewer than 5."""
    survey_close(actor=coordinator, survey=running)
    client.force_login(coordinator)
    text = client.get(f"/de/workspace/{running.organisation.slug}/surveys/{running.pk}/results/").content.decode()
    assert "nicht angezeigt (weniger als 5 Antworten, oder es würde eine kleine Gruppe verraten)" in text
    assert "nicht angezeigt: weniger als 5 Antworten" not in text


def test_the_rate_chart_does_not_say_a_hidden_unit_had_too_few_answers():
    hidden = RateRow(label="Bauamt", depth=1, invited=None, responses=None, rate=None)
    report = SimpleNamespace(k=5, rate_total=None, rates=(hidden,))
    with translation.override("de"):
        svg = rates(report)  # type: ignore[arg-type]  # the chart reads only these fields
    assert "nicht angezeigt (weniger als 5 Antworten, oder es würde eine kleine Gruppe verraten)" in svg


def test_units_that_share_the_start_of_their_names_stay_apart_in_the_charts():
    from vereinbar.surveys.report.charts import _short

    north = _short("Gesundheitsamt – Sozialpsychiatrischer Dienst Nord", 30)
    south = _short("Gesundheitsamt – Sozialpsychiatrischer Dienst Süd", 30)
    assert (north, south) == ("Gesundheitsamt… Dienst Nord", "Gesundheitsamt… Dienst Süd")
    assert _short("Bauamt", 30) == "Bauamt"
