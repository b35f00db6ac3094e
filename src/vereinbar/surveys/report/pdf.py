"""The report as PDF in the chosen language (WeasyPrint, imported only here), and the PDF made in
the background: requested from the results page, made by the task ``surveys.tasks.report_pdf_make``
(1.4–1.9 s CPU with 200 comments, several seconds on a loaded machine: too long for a request),
kept in the private storage for a day and reused while the report is the same."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from vereinbar.core.pdf_fonts import FAMILY, font_faces_css, pdf_fetcher

from ..models import ReportPdf, ReportPdfStatus, Survey, SurveyStatus
from .build import Report
from .cache import chart_cached, report_cached
from .charts import CHARTS

logger = logging.getLogger(__name__)

KEEP_FOR = timedelta(days=1)
# A request still "being prepared" after this long lost its worker (killed, or never started):
# the page offers to try again, and asking again enqueues it anew.
STUCK_AFTER = timedelta(minutes=10)
# After this long the page says "still preparing" rather than "preparing".
SLOW_AFTER = timedelta(seconds=20)


def chart_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def in_fira_sans(svg: str) -> str:
    """A chart's SVG with its text in the PDF's embedded Fira Sans. Matplotlib measured the text in
    the DejaVu Sans it names, which is wider: no label outgrows the room it was given."""
    return re.sub(r"font-family: *[^;\"]*", f"font-family: '{FAMILY}', sans-serif", svg)


def report_pdf(report: Report, *, draw: Callable[[str], str] | None = None) -> bytes:
    """The PDF; ``draw(name)`` may supply the charts' SVG (e.g. those already drawn for the page)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    with translation.override(report.language):
        charts = {
            name: chart_data_uri(in_fira_sans(draw(name) if draw is not None else chart(report)))
            for name, chart in CHARTS.items()
            if name != "trend" or report.trend_chart
        }
        html = render_to_string(
            "surveys/report_pdf.html",
            {
                "report": report,
                "charts": charts,
                "survey": report.survey,
                "pdf": True,
                "text_languages": report.survey.instrument_version.spec.fallback_texts(report.language),
            },
        )
    # The project's own fonts (the same on every server); nothing else is fetched (the charts
    # are data: URIs), so that no text in the report can make the server load a URL or a file.
    here = Path(__file__).resolve().parent.parent
    fetcher = pdf_fetcher()
    font_config = FontConfiguration()
    fonts = CSS(string=font_faces_css(), url_fetcher=fetcher, font_config=font_config)
    stylesheet = CSS(filename=str(here / "static" / "surveys" / "report_pdf.css"), url_fetcher=fetcher)
    document = HTML(string=html, base_url=str(here), url_fetcher=fetcher)
    # Tagged (headings, tables, figures with their text) as the certificate and the agreement are,
    # so that a screen reader reads the report in order and in its language.
    return bytes(document.write_pdf(stylesheets=[fonts, stylesheet], font_config=font_config, pdf_tags=True))


# --- made in the background ----------------------------------------------------------------


def pdf_stamp(report: Report) -> str:
    """The state of everything the PDF shows: the report's figures (benchmarks included), the
    survey's title (in the report's language) and organisation, and the code version that lays it out."""
    from vereinbar.core.backup.dump import vereinbar_version

    from .frozen import report_dump

    survey = report.survey
    body = json.dumps(
        [report_dump(report), survey.title_in(report.language), survey.organisation.name, vereinbar_version()],
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def pdf_request(*, survey: Survey, language: str, peers: str, now: datetime | None = None) -> ReportPdf:
    """The PDF of ``survey``'s report in ``language`` for ``peers``: the one already made or being
    made while the report is unchanged, or a new request for the worker. A failed request, or
    one stuck for ``STUCK_AFTER``, is tried again."""
    if survey.status != SurveyStatus.CLOSED:
        raise ValueError("a report PDF exists only for a closed survey")
    now = now or timezone.now()
    stamp = pdf_stamp(report_cached(survey, language, peers))
    with transaction.atomic():
        pdf, created = ReportPdf.objects.select_for_update().get_or_create(
            survey=survey, language=language, peers=peers, stamp=stamp, defaults={"requested_at": now}
        )
        again = not created and (
            pdf.status == ReportPdfStatus.FAILED
            or (pdf.status == ReportPdfStatus.PREPARING and pdf.requested_at < now - STUCK_AFTER)
            or (pdf.status == ReportPdfStatus.READY and not (pdf.file and pdf.file.storage.exists(str(pdf.file.name))))
        )
        if again:
            _file_delete(pdf)
            pdf.status, pdf.requested_at, pdf.finished_at, pdf.error, pdf.file = (
                ReportPdfStatus.PREPARING,
                now,
                None,
                "",
                "",
            )
            pdf.save()
        if created or again:
            # The PDFs of an earlier state of this report are out of date.
            pdfs_delete(ReportPdf.objects.filter(survey=survey, language=language, peers=peers).exclude(pk=pdf.pk))
            transaction.on_commit(lambda: _enqueue(pdf.pk))
    pdf.refresh_from_db()  # a backend that runs the task at once has made it by now
    return pdf


def _enqueue(pdf_id: int) -> None:
    from ..tasks import report_pdf_make

    try:
        report_pdf_make.enqueue(pdf_id)
    except Exception:  # the queue is away: the request stays "being prepared" and can be asked again
        logger.exception("report PDF %s: could not be enqueued", pdf_id)


def pdf_make(pdf_id: int) -> ReportPdf | None:
    """Make the requested PDF (the task's work). None when there is nothing (left) to do: the
    request was deleted because the report changed, or is no longer being prepared."""
    pdf = ReportPdf.objects.select_related("survey__organisation").filter(pk=pdf_id).first()
    if pdf is None or pdf.status != ReportPdfStatus.PREPARING:
        return None
    survey = pdf.survey
    try:
        report = report_cached(survey, pdf.language, pdf.peers)
        content = report_pdf(report, draw=lambda name: chart_cached(survey, report, pdf.peers, name))
    except Exception as exc:
        ReportPdf.objects.filter(pk=pdf.pk, status=ReportPdfStatus.PREPARING).update(
            status=ReportPdfStatus.FAILED, finished_at=timezone.now(), error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    name = pdf.file.storage.save(
        f"survey-reports/{survey.pk}/report-{pdf.pk}-{pdf.language}-{pdf.peers}.pdf", ContentFile(content)
    )
    done = ReportPdf.objects.filter(pk=pdf.pk, status=ReportPdfStatus.PREPARING).update(
        status=ReportPdfStatus.READY, file=name, finished_at=timezone.now()
    )
    if not done:  # deleted or changed while it was being made
        pdf.file.storage.delete(name)
        return None
    pdf.refresh_from_db()
    return pdf


def _file_delete(pdf: ReportPdf) -> None:
    if pdf.file:
        pdf.file.storage.delete(str(pdf.file.name))


def pdfs_delete(pdfs: Iterable[ReportPdf]) -> int:
    """Delete the rows and their files."""
    count = 0
    for pdf in list(pdfs):
        _file_delete(pdf)
        pdf.delete()
        count += 1
    return count


def pdfs_forget(*, survey: Survey) -> int:
    """Delete the PDFs of ``survey`` (its report changed: retention, a reopened survey)."""
    return pdfs_delete(ReportPdf.objects.filter(survey=survey))


def pdfs_expire(*, now: datetime | None = None) -> int:
    """Delete the PDFs requested more than ``KEEP_FOR`` ago (the daily job)."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    return pdfs_delete(ReportPdf.objects.filter(requested_at__lt=cutoff))
