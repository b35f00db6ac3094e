"""Retention of survey raw data: after ``VEREINBAR_SURVEY_RAW_RETENTION_DAYS`` days past closing,
a survey's individual responses and comments are deleted and only aggregates remain.

What remains: the scale results (n, mean, sum of squared deviations per scale, as for every
closed survey) that later surveys compare with and benchmarks are built from, and the survey's
own reports as they were built from the raw data, one per language and peer group
(``privacy.StoredReport``, in the JSON form of ``surveys.report.frozen``). The whole-organisation figures
stored for the ranking lists (``surveys.figures``) are part of those reports and stay too. ``report_build``
answers from a stored report when there is one: ``report_stored`` here, registered from this app's
``AppConfig.ready()`` with ``surveys.retention.stored_report_register`` (surveys sits below privacy
in the layers, docs/architecture.md). See docs/privacy.md.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from vereinbar.activity.services import entry_record
from vereinbar.core.erasure import rows_forget
from vereinbar.core.types import Actor
from vereinbar.surveys.models import Response, ResponseComment, Survey, SurveyStatus

from .models import StoredReport

if TYPE_CHECKING:
    from vereinbar.surveys.report import Report


class RetentionError(Exception):
    """Raw data was not deleted; the message says why."""


def retention_days() -> int:
    return int(getattr(settings, "VEREINBAR_SURVEY_RAW_RETENTION_DAYS", 0) or 0)


def surveys_due(*, now: datetime | None = None, days: int | None = None) -> list[Survey]:
    """Closed surveys whose raw data is older than the retention period and still there."""
    days = retention_days() if days is None else days
    if days <= 0:
        return []
    cutoff = (now or timezone.now()) - timedelta(days=days)
    candidates = Survey.objects.filter(status=SurveyStatus.CLOSED, closed_at__lt=cutoff).order_by("closed_at", "pk")
    return [
        survey
        for survey in candidates
        if Response.objects.filter(survey=survey).exists() or ResponseComment.objects.filter(survey=survey).exists()
    ]


def report_stored(*, survey: Survey, language: str, peers: str) -> Report | None:
    """The report kept when the survey's raw data was deleted, or None while raw data exists.
    Raises ``FrozenReportError`` for a stored report this version cannot read."""
    from vereinbar.surveys.report.frozen import FrozenReportError, report_load

    row = (
        StoredReport.objects.filter(survey=survey, language=language, peers=peers).first()
        or StoredReport.objects.filter(survey=survey, peers=peers).order_by("pk").first()
    )
    if row is None:
        return None
    try:
        return report_load(row.data, survey=survey)
    except FrozenReportError as error:
        raise FrozenReportError(
            f"survey {survey.pk}: the report stored for {row.language}/{row.peers} by vereinbar {row.code_version} "
            f"cannot be read: {error}"
        ) from error


def survey_raw_data_remove(*, survey: Survey, actor: Actor = None) -> tuple[int, int]:
    """Keep the aggregates of a closed survey and delete its responses and comments, in one
    transaction. Returns (responses, comments) deleted. Refuses when the reports would not
    come out the same afterwards."""
    from vereinbar.core.backup.dump import vereinbar_version
    from vereinbar.surveys.report import build
    from vereinbar.surveys.report.frozen import report_dump
    from vereinbar.surveys.services.answering import results_store

    if survey.status != SurveyStatus.CLOSED:
        raise RetentionError(f"survey {survey.pk} is not closed")
    languages = [code for code, _name in settings.LANGUAGES]
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if StoredReport.objects.filter(survey=survey).exists():
            StoredReport.objects.filter(survey=survey).delete()
        results_store(survey=survey)
        responses = Response.objects.filter(survey=survey).count()
        comments = ResponseComment.objects.filter(survey=survey).count()
        reports = {
            (language, peers): build.report_build(survey=survey, language=language, peers=peers)
            for language in languages
            for peers in build.PEERS
        }
        StoredReport.objects.bulk_create(
            StoredReport(
                survey=survey,
                language=language,
                peers=peers,
                code_version=vereinbar_version(),
                data=report_dump(report),
                responses=responses,
                comments=comments,
            )
            for (language, peers), report in reports.items()
        )
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA secure_delete = ON")
        Response.objects.filter(survey=survey).delete()
        ResponseComment.objects.filter(survey=survey).delete()
        rows_forget(tables=[Response._meta.db_table, ResponseComment._meta.db_table])  # after the commit
        check = build.report_build(survey=survey, language=languages[0], peers="all")
        if check.n_total != reports[(languages[0], "all")].n_total:
            raise RetentionError(
                "the report module does not read stored reports (surveys.retention.stored_report); nothing deleted"
            )
        for (language, peers), report in reports.items():
            if build.report_build(survey=survey, language=language, peers=peers) != report:
                raise RetentionError(
                    f"the stored report ({language}, {peers}) does not read back as it was built; nothing deleted"
                )
        # The report now comes from the stored aggregates: PDFs made from the raw data go.
        from vereinbar.surveys.report.pdf import pdfs_forget

        pdfs_forget(survey=survey)
        # The whole-organisation figures stay with the aggregates they are read from (the ranking
        # lists read them): read again from the stored report, and the other waves' against it.
        from vereinbar.surveys.figures import figures_refresh
        from vereinbar.surveys.report.waves import wave_counts_forget

        wave_counts_forget(survey)
        figures_refresh(survey)
        entry_record(
            actor=actor or "system",
            verb="survey.raw_data_removed",
            target=survey,
            organisation=survey.organisation,
            after={"responses": responses, "comments": comments, "retention_days": retention_days()},
        )
    return responses, comments


def raw_data_retention_run(*, now: datetime | None = None, actor: Actor = None) -> list[tuple[Survey, int, int]]:
    """Apply the retention period to every due survey; one transaction per survey."""
    done = []
    for survey in surveys_due(now=now):
        responses, comments = survey_raw_data_remove(survey=survey, actor=actor)
        done.append((survey, responses, comments))
    return done
