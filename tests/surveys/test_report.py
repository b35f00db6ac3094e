"""The results page, its SVG charts, the PDF, CSV/XLSX of aggregates, comparisons, and the
logged raw-data export with breakdowns coarsened to k."""

from __future__ import annotations

import io

import numpy as np
import pytest
from openpyxl import load_workbook

from tests.factories import OrganisationFactory
from vereinbar.activity.models import Entry
from vereinbar.core.exports import csv_text
from vereinbar.surveys.models import ScaleResult, Survey, SurveyStatus
from vereinbar.surveys.report import report_build
from vereinbar.surveys.report.exports import coarsen
from vereinbar.surveys.services.surveys import survey_access_grant, survey_close

from .conftest import ALL_SCALES

BASE = "/en/workspace/kreis-musterstadt/surveys/{}/results/"


@pytest.fixture
def results_client(closed_survey_with_answers, login, coordinator):
    return login(coordinator), BASE.format(closed_survey_with_answers.pk)


def test_the_results_page_shows_charts_tables_and_downloads(results_client):
    client, base = results_client
    page = client.get(base).content.decode()
    for chart in ("profile", "heatmap", "rates"):
        assert f'src="{base}chart/{chart}.svg?peers=all"' in page
    assert "Scale scores of the whole organisation" in page and "Support from managers" in page
    assert "Results by unit" in page and "Create PDF" in page and "table-scroll" not in page


@pytest.mark.parametrize("chart", ["profile", "heatmap", "rates", "trend"])
def test_charts_are_svg_with_real_text(results_client, chart):
    client, base = results_client
    response = client.get(f"{base}chart/{chart}.svg")
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.lstrip().startswith("<?xml") and "<text" in svg


def test_the_pdf_downloads_in_the_chosen_language(results_client, django_capture_on_commit_callbacks):
    client, base = results_client
    with django_capture_on_commit_callbacks(execute=True):  # made by the task (immediate in tests)
        asked = client.post(f"{base}pdf/", {"lang": "nl", "peers": "all"})
    assert client.get(asked["Location"]).content.decode().count("The PDF (Dutch) is ready.") == 1
    response = client.get(f"{base}report.pdf?lang=nl")  # the former address serves the PDF made
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF") and "attachment" in response["Content-Disposition"]


def test_figures_download_as_csv_and_xlsx(results_client):
    client, base = results_client
    csv = client.get(f"{base}figures.csv")
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbfGroup type,Group,Scale")
    workbook = load_workbook(io.BytesIO(client.get(f"{base}figures.xlsx").content))
    assert workbook.sheetnames == ["Scales", "Response rate", "Multiple choice"]
    assert workbook["Scales"]["A1"].value == "Group type"


def test_spreadsheet_formulas_in_names_are_neutralised(make_survey, respond, coordinator, login):
    survey = make_survey(SurveyStatus.OPEN, units='=HYPERLINK("evil")\n+SUM(1)\n@cmd\nPlain', title="-2+3")
    for unit in ('=HYPERLINK("evil")', "+SUM(1)", "@cmd", "Plain"):
        respond(survey, unit, count=6, **ALL_SCALES)
    survey_close(actor=coordinator, survey=survey)
    client, base = login(coordinator), BASE.format(survey.pk)
    text = client.get(f"{base}figures.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+SUM(1)" in text and "'@cmd" in text
    assert "\n=" not in text and ",=" not in text and ',"=' not in text
    sheet = load_workbook(io.BytesIO(client.get(f"{base}figures.xlsx").content))["Scales"]
    values = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert not any(value.startswith(("=", "+", "@")) for value in values)
    # a negative number is a number, the same characters as text are guarded
    assert csv_text(["n", "t"], [[-3, "-3"]]) == "\ufeffn,t\r\n-3,'-3\r\n"


def test_profile_compares_with_the_previous_survey_and_a_benchmark(two_waves):
    _earlier, current = two_waves
    for index in range(5):  # five other organisations with results of the same questionnaire
        other = Survey.objects.create(
            organisation=OrganisationFactory(slug=f"peer-{index}"),
            instrument_version=current.instrument_version,
            title="peer",
            status=SurveyStatus.CLOSED,
            closed_at=current.closed_at,
        )
        ScaleResult.objects.bulk_create(
            ScaleResult(survey=other, scale=scale.key, n=50, mean=40.0 + index, m2=50 * 100.0)
            for scale in current.instrument_version.spec.scales
        )
    current.refresh_from_db()
    report = report_build(survey=current, language="en")
    leadership = next(line for line in report.profile if line.scale.key == "leadership")
    assert report.previous_title == "2023" and leadership.difference > 20 and leadership.significant
    assert report.benchmark_organisations == 5 and leadership.benchmark == pytest.approx(42.0)
    assert [point.label.split(" (")[0] for point in report.trend] == ["2023", "2026"]
    assert {line.flag for line in report.profile} & {"hotspot", "resource"}


def test_raw_data_needs_its_own_right_and_every_export_is_logged(
    closed_survey_with_answers, login, coordinator, viewer
):
    client = login(coordinator)
    url = BASE.format(closed_survey_with_answers.pk) + "raw/"
    assert client.post(url).status_code == 403  # even the coordinator needs the right
    survey_access_grant(actor=coordinator, survey=closed_survey_with_answers, email=coordinator.email, raw_data=True)
    response = client.post(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    assert header[:3] == ["Unit", "age_band", "cares_for_relative"] and "wish" not in header
    assert 100 <= len(lines) - 1 <= 120
    entry = Entry.objects.get(verb="survey.raw_data_exported")
    assert entry.actor == coordinator and entry.after["rows"] == len(lines) - 1


def test_coarsening_leaves_no_combination_shared_by_fewer_than_k():
    rng = np.random.default_rng(4)
    parents = np.array([-1, 0, 0, -1, 3])
    quasi = np.column_stack([rng.choice([1, 2, 4], 60), rng.integers(0, 4, 60), rng.integers(-1, 2, 60)])
    quasi[:2, 0] = 2  # a tiny unit
    codes, keep = coarsen(quasi, 5, parents)
    _patterns, counts = np.unique(codes[keep], axis=0, return_counts=True)
    assert counts.min() >= 5 and keep.sum() >= 50
