"""The whole-organisation figures a ranking list reads are stored with each survey when it closes:
the same figures as its report shows, nothing the report hides, read again when another wave
changes the report or the survey's closing time or group size changes, kept with the aggregates
when the raw data goes and deleted with the survey; the list then needs no report and the page's
queries do not grow with the employers listed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cycles.test_survey_conditions import answers
from tests.surveys.conftest import respond_rows
from tests.surveys.test_ranking import _english, certify, listed, programme  # noqa: F401 - fixtures
from vereinbar.surveys import ranking
from vereinbar.surveys.cycle_figures import survey_figures
from vereinbar.surveys.figures import figures_after_migrate, figures_row
from vereinbar.surveys.models import Response, Survey, TotalFigures
from vereinbar.surveys.services.surveys import survey_close, survey_create, survey_open

pytestmark = pytest.mark.django_db


def stored(survey: Survey) -> tuple[int | None, list]:
    row = TotalFigures.objects.get(survey=survey)
    return row.responses, row.favourable


def from_report(survey: Survey) -> tuple[int | None, list]:
    return figures_row(survey_figures(Survey.objects.get(pk=survey.pk)))


def test_the_stored_figures_are_the_report_s_and_rank_as_the_reports_did(programme, certify):  # noqa: F811
    certify("Alpha Care", 20, 8, 2)
    certify("Beta Town", 30, 9, 1)
    certify("Big Employer", 80, 7, 3)
    certify("Few Answers", 20, 4, 0)
    for survey in Survey.objects.all():
        assert stored(survey) == from_report(survey)
    assert stored(Survey.objects.get(organisation__name="Few Answers")) == (None, [])  # nothing below k
    with_stored = listed(programme)
    assert with_stored["small"] == [(1, "Beta Town", Decimal("90.0")), (2, "Alpha Care", Decimal("80.0"))]
    # Without stored figures (closed before this version) the list reads the reports, stores
    # their figures and ranks the same; so does migrate's fill.
    TotalFigures.objects.all().delete()
    assert listed(programme) == with_stored and TotalFigures.objects.count() == 3
    TotalFigures.objects.all().delete()
    figures_after_migrate(sender=None)
    assert TotalFigures.objects.count() == 4 and listed(programme) == with_stored


def test_another_wave_closing_reads_the_earlier_wave_s_figures_again(programme, certify):  # noqa: F811
    organisation = certify("Alpha Care", 20, 8, 2)
    first = Survey.objects.get(organisation=organisation)
    assert listed(programme)["small"] == [(1, "Alpha Care", Decimal("80.0"))]
    # A second wave with 12 answers beside the first's 10: the difference (2) could describe fewer
    # than k people, so both reports hide the whole organisation's cells (report.waves).
    second = survey_create(
        actor=organisation.coordinator,
        organisation=organisation,
        instrument_version=first.instrument_version,
        title="Second wave",
        languages=["en"],
        units="",
    )
    survey_open(actor=organisation.coordinator, survey=second)
    respond_rows(second, None, 12, answers(first.instrument_version.spec, True))
    before = stored(first)
    survey_close(actor=organisation.coordinator, survey=second)
    assert stored(first) != before and stored(first) == from_report(first)
    assert all(value is None for _key, value in stored(first)[1])
    assert listed(programme)["small"] == []


def test_retention_keeps_the_figures_with_the_reports_and_deleting_the_survey_deletes_them(
    programme,  # noqa: F811
    certify,  # noqa: F811
):
    from vereinbar.privacy.retention import survey_raw_data_remove

    organisation = certify("Alpha Care", 20, 8, 2)
    survey = Survey.objects.get(organisation=organisation)
    before, ranked = stored(survey), listed(programme)
    survey_raw_data_remove(survey=survey)
    assert not Response.objects.filter(survey=survey).exists()
    assert stored(survey) == before == from_report(survey)  # now read from the stored report
    assert listed(programme) == ranked
    survey.delete()
    assert not TotalFigures.objects.exists()


def test_the_ranking_page_s_queries_do_not_grow_with_the_employers(programme, certify, client):  # noqa: F811
    page = reverse("rankings:page", args=["test-ranked-index"])

    def queries() -> int:
        client.get(page)  # sessions, languages: whatever a first request reads once
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        return len(captured)

    certify("Alpha Care", 20, 8, 2)
    certify("Big Employer", 80, 9, 1)
    few = queries()
    for number in range(4):
        certify(f"Employer {number}", 20 + number, 8, 2)
    assert sum(len(band.entries) for band in ranking.ranking_build(programme).bands) == 6
    assert queries() == few


def test_a_report_that_cannot_be_read_does_not_stop_the_survey_closing(make_survey, coordinator, monkeypatch):
    from vereinbar.surveys import cycle_figures as module
    from vereinbar.surveys.models import SurveyStatus

    survey = make_survey(SurveyStatus.OPEN, units="")
    respond_rows(survey, None, 6, answers(survey.instrument_version.spec, True))

    def broken(survey):
        raise ValueError("a report this version cannot read")

    monkeypatch.setattr(module, "survey_figures", broken)
    survey = survey_close(actor=coordinator, survey=survey)
    assert survey.status == SurveyStatus.CLOSED and not TotalFigures.objects.filter(survey=survey).exists()
    monkeypatch.undo()
    figures_after_migrate(sender=None)  # tried again, as the ranking would
    assert stored(survey) == from_report(survey) and stored(survey)[0] == 6


def test_stale_figures_whose_report_cannot_be_read_are_not_shown(programme, certify, monkeypatch):  # noqa: F811
    from vereinbar.surveys import cycle_figures as module

    organisation = certify("Alpha Care", 20, 8, 2)
    survey = Survey.objects.get(organisation=organisation)
    Survey.objects.filter(pk=survey.pk).update(min_group_size=9, min_group_size_comments=10)

    def broken(survey):
        raise ValueError("a report this version cannot read")

    monkeypatch.setattr(module, "survey_figures", broken)
    assert listed(programme)["small"] == []  # the figures read under k = 5 are not shown, and go
    assert not TotalFigures.objects.filter(survey=survey).exists()
    monkeypatch.undo()
    assert listed(programme)["small"] == [(1, "Alpha Care", Decimal("80.0"))]
    assert TotalFigures.objects.get(survey=survey).k == 9
