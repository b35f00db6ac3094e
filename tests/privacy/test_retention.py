"""Retention of survey raw data: after the retention period only aggregates remain, and the
report, the comparison with the previous survey and the benchmark still work from them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from vereinbar.activity.models import Entry
from vereinbar.privacy import retention
from vereinbar.privacy.models import StoredReport
from vereinbar.surveys import retention as report_retention
from vereinbar.surveys.models import Response, ResponseComment, ScaleResult
from vereinbar.surveys.report import build

pytestmark = pytest.mark.django_db


def test_only_surveys_closed_longer_ago_than_the_period_are_due(make_closed, settings):
    old = make_closed("2024", days_ago=400, seed=1)
    make_closed("2026", days_ago=10, seed=2)
    settings.VEREINBAR_SURVEY_RAW_RETENTION_DAYS = 0
    assert retention.surveys_due() == []
    settings.VEREINBAR_SURVEY_RAW_RETENTION_DAYS = 365
    assert retention.surveys_due() == [old]


def test_after_the_period_only_aggregates_remain_and_the_report_is_the_same(make_closed, settings):
    settings.VEREINBAR_SURVEY_RAW_RETENTION_DAYS = 365
    old = make_closed("2024", days_ago=400, seed=1)
    before = build.report_build(survey=old, language="en")
    scale_results = list(ScaleResult.objects.filter(survey=old).values_list("scale", "n", "mean", "m2"))

    (done,) = retention.raw_data_retention_run()
    assert done == (old, 150, 40)
    assert not Response.objects.filter(survey=old).exists()
    assert not ResponseComment.objects.filter(survey=old).exists()
    assert StoredReport.objects.filter(survey=old).count() == len(settings.LANGUAGES) * len(build.PEERS)
    assert list(ScaleResult.objects.filter(survey=old).values_list("scale", "n", "mean", "m2")) == scale_results
    after = build.report_build(survey=old, language="en")
    assert after.n_total == before.n_total == 150
    assert after == before
    entry = Entry.objects.get(verb="survey.raw_data_removed")
    assert entry.after["responses"] == 150 and entry.target_id == str(old.pk)
    assert retention.surveys_due() == []


def test_a_later_survey_still_compares_with_one_whose_raw_data_is_gone(make_closed, settings):
    settings.VEREINBAR_SURVEY_RAW_RETENTION_DAYS = 365
    old = make_closed("2024", days_ago=400, seed=1)
    new = make_closed("2026", days_ago=5, seed=2)
    before = build.report_build(survey=new, language="en")
    retention.survey_raw_data_remove(survey=old)
    after = build.report_build(survey=new, language="en")
    assert after.previous_title == before.previous_title == "2024"
    assert [line.previous for line in after.profile] == [line.previous for line in before.profile]
    assert [line.benchmark for line in after.profile] == [line.benchmark for line in before.profile]


def test_nothing_is_deleted_while_the_report_cannot_read_stored_reports(make_closed, monkeypatch):
    old = make_closed("2024", days_ago=400, seed=1)
    original = build.report_build
    monkeypatch.setattr(
        build,
        "report_build",
        lambda *, survey, language=None, peers="all": original(survey=survey, language=language, peers=peers),
    )
    monkeypatch.setattr(report_retention, "stored_report", lambda **kwargs: None)
    with pytest.raises(retention.RetentionError):
        retention.survey_raw_data_remove(survey=old)
    assert Response.objects.filter(survey=old).count() == 150
    assert not StoredReport.objects.exists()


def test_the_command_lists_and_removes_due_surveys(make_closed, settings):
    settings.VEREINBAR_SURVEY_RAW_RETENTION_DAYS = 365
    old = make_closed("2024", days_ago=400, seed=1)
    out = io.StringIO()
    call_command("survey_retention", dry_run=True, stdout=out)
    assert f"survey {old.pk}" in out.getvalue() and Response.objects.filter(survey=old).exists()
    call_command("survey_retention", stdout=out)
    assert not Response.objects.filter(survey=old).exists()
