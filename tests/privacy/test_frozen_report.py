"""Reports frozen at retention are stored as versioned JSON: a real report reads back equal,
the pages of a survey whose raw data is gone show the same figures, pickled rows of earlier
versions convert, and unknown formats are refused with a clear error."""

from __future__ import annotations

import dataclasses
import importlib
import io
import json
import math
import pickle
import re
from dataclasses import replace

import pytest
from django.core.cache import cache
from django.core.management import call_command

from vereinbar.core.backup import backup_restore, backup_write
from vereinbar.privacy import retention
from vereinbar.privacy.models import StoredReport
from vereinbar.surveys.report import build, frozen
from vereinbar.surveys.report.charts import CHARTS

pytestmark = pytest.mark.django_db

BASE = "/en/workspace/kreis-musterstadt/surveys/{}/results/"
migration = importlib.import_module("vereinbar.privacy.migrations.0002_stored_report_json")


def _json_round_trip(report: build.Report) -> build.Report:
    """Through JSON text as the database keeps it; NaN would fail here (jsonb has none)."""
    text = json.dumps(frozen.report_dump(report), allow_nan=False)
    return frozen.report_load(json.loads(text), survey=report.survey)


def test_a_full_report_reads_back_equal(full_survey):
    for language in ("en", "de"):
        report = build.report_build(survey=full_survey, language=language)
        # Every part of the report is there to be stored, so the comparison covers it.
        assert report.units and report.breakdowns and report.rates and report.rate_total
        assert report.choices and report.numbers and report.comments and len(report.trend) == 2
        assert report.previous_title == "2022" and report.benchmark_organisations == 5
        assert all(line.benchmark is not None and line.previous is not None for line in report.profile)
        assert any(not cell.shown for row in report.units for cell in row.cells) or any(
            not row.shown for breakdown in report.breakdowns for row in breakdown.rows
        )
        assert _json_round_trip(report) == report


def test_every_field_of_every_report_class_is_stored(full_survey):
    report = build.report_build(survey=full_survey, language="en")
    dumped = frozen.report_dump(report)
    assert set(dumped) == {field.name for field in dataclasses.fields(build.Report)} - {"survey"} | {"format"}
    parts = {
        build.ScaleInfo: dumped["scales"][0],
        build.GroupRow: dumped["units"][0],
        build.Cell: dumped["units"][0]["cells"][0],
        build.Breakdown: dumped["breakdowns"][0],
        build.ProfileLine: dumped["profile"][0],
        build.RateRow: dumped["rate_total"],
        build.ChoiceItem: dumped["choices"][0],
        build.NumberItem: dumped["numbers"][0],
        build.CommentBlock: dumped["comments"][0],
        build.TrendPoint: dumped["trend"][0],
    }
    for cls, part in parts.items():
        assert set(part) == {field.name for field in dataclasses.fields(cls)}, cls.__name__


def test_numpy_values_and_non_finite_floats_are_stored_as_json():
    import numpy as np

    report = build.Report(
        survey=None,  # type: ignore[arg-type]
        language="en",
        k=np.int64(5),  # type: ignore[arg-type]
        comment_k=10,
        n_total=7,
        scales=(build.ScaleInfo("a", "A", "", True, math.inf), build.ScaleInfo("b", "B", "", False, -math.inf)),
        total=build.GroupRow("total", "All", "total", 0, 7, "", (build.Cell(n=7, mean=np.float64(0.1) + 0.2),)),
        trend=(build.TrendPoint("2024", (None, 1e-20, 1e300)),),
    )
    dumped = frozen.report_dump(report)
    assert dumped["scales"][0]["threshold"] == "Infinity" and type(dumped["k"]) is int
    loaded = _json_round_trip(report)
    assert loaded == report and loaded.total.cells[0].mean == 0.30000000000000004
    nan = frozen.report_load(dumped | {"scales": [dumped["scales"][0] | {"threshold": "NaN"}]}, survey=None)
    assert math.isnan(nan.scales[0].threshold)


def test_an_unknown_format_is_refused_with_a_clear_error(full_survey):
    dumped = frozen.report_dump(build.report_build(survey=full_survey, language="en"))
    with pytest.raises(frozen.FrozenReportError, match=r"format 2 is unknown .* reads format 1"):
        frozen.report_load(dumped | {"format": 2}, survey=full_survey)
    with pytest.raises(frozen.FrozenReportError, match="format None"):
        frozen.report_load({key: value for key, value in dumped.items() if key != "format"}, survey=full_survey)
    with pytest.raises(frozen.FrozenReportError, match="malformed"):
        frozen.report_load({key: value for key, value in dumped.items() if key != "total"}, survey=full_survey)
    with pytest.raises(frozen.FrozenReportError, match="expected an integer"):
        frozen.report_load(dumped | {"n_total": "150"}, survey=full_survey)


def test_a_stored_row_of_an_unknown_format_names_the_survey(full_survey):
    retention.survey_raw_data_remove(survey=full_survey)
    row = StoredReport.objects.get(survey=full_survey, language="en", peers="all")
    row.data = row.data | {"format": 99}
    row.save(update_fields=["data"])
    with pytest.raises(frozen.FrozenReportError, match=rf"survey {full_survey.pk}: .* en/all .*format 99"):
        build.report_build(survey=full_survey, language="en")


def _pages(client, survey) -> dict[str, bytes]:
    cache.clear()  # the report views cache reports briefly
    base = BASE.format(survey.pk)
    urls = [base, f"{base}figures.csv"] + [f"{base}chart/{name}.svg" for name in CHARTS]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        # Only what differs per request goes: the CSRF token and the script nonce.
        pages[url] = re.sub(rb'(csrfmiddlewaretoken" value|nonce)="[^"]*"', b"", response.content)
    return pages


def test_the_pages_of_a_retained_survey_show_the_same_figures(full_survey, login, coordinator):
    client = login(coordinator)
    before = _pages(client, full_survey)
    assert b"Social services" in before[BASE.format(full_survey.pk)]
    retention.survey_raw_data_remove(survey=full_survey)
    assert not full_survey.responses.exists()
    after = _pages(client, full_survey)
    for url, content in before.items():
        assert after[url] == content, url


def test_the_migration_converts_a_pickled_report(full_survey):
    report = build.report_build(survey=full_survey, language="de", peers="sector")
    pickled = pickle.dumps(replace(report, survey=None), protocol=pickle.HIGHEST_PROTOCOL)  # as 0001 stored it

    converted = migration.report_json_from_pickle(memoryview(pickled))  # as the database returns bytes

    assert converted["format"] == frozen.FORMAT
    assert frozen.report_load(json.loads(json.dumps(converted)), survey=full_survey) == report
    back = pickle.loads(migration.report_pickle_from_json(converted))  # noqa: S301 - made just above
    assert back == replace(report, survey=None)


@pytest.mark.django_db(transaction=True)
def test_stored_reports_survive_a_backup_and_restore(full_survey, tmp_path, settings):
    retention.survey_raw_data_remove(survey=full_survey)
    before = {
        (row.language, row.peers): build.report_build(survey=full_survey, language=row.language, peers=row.peers)
        for row in StoredReport.objects.filter(survey=full_survey)
    }
    backup_write(tmp_path / "backup.zip")
    call_command("flush", interactive=False, verbosity=0, stdout=io.StringIO())
    for path in settings.MEDIA_ROOT.rglob("*"):
        if path.is_file():
            path.unlink()
    assert not StoredReport.objects.exists()

    backup_restore(tmp_path / "backup.zip")

    assert len(before) == StoredReport.objects.count() > 1
    for (language, peers), report in before.items():
        assert build.report_build(survey=full_survey, language=language, peers=peers) == report
