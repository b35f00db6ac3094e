"""Reports and their charts, cached briefly so that the results page, its charts and the PDF
compute the figures once. Reports of closed surveys do not change except for benchmarks."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import translation

import vereinbar

from ..models import Survey
from .build import Report, report_build
from .charts import CHARTS

CACHE_SECONDS = 120


def _key(survey: Survey, language: str, peers: str) -> str:
    # The cache is shared by every process and outlives a restart: a report kept by an older
    # version (its classes pickled as they were then) is never read by a newer one.
    closed = survey.closed_at and survey.closed_at.timestamp()
    return f"surveys:report:{vereinbar.__version__}:{survey.pk}:{closed}:{language}:{peers}"


def report_cached(survey: Survey, language: str, peers: str) -> Report:
    key = _key(survey, language, peers)
    report = cache.get(key)
    if report is None:
        report = report_build(survey=survey, language=language, peers=peers)
        cache.set(key, report, CACHE_SECONDS)
    return report


def chart_cached(survey: Survey, report: Report, peers: str, name: str) -> str:
    """A chart's SVG, drawn once for the page and reused by the PDF in the same language."""
    key = f"{_key(survey, report.language, peers)}:chart:{name}"
    svg = cache.get(key)
    if svg is None:
        with translation.override(report.language):
            svg = CHARTS[name](report)
        cache.set(key, svg, CACHE_SECONDS)
    return str(svg)
