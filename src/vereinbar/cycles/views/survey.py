"""The aggregated report of a cycle's staff survey, for the cycle's parties who may read it
(above all the assigned auditor, in the operator area). Figures only: no comments, no raw data,
no participation records."""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vereinbar.core.types import AuthedRequest
from vereinbar.surveys.models import Survey, SurveyStatus
from vereinbar.surveys.permissions import SurveyAction, can
from vereinbar.surveys.report import Report
from vereinbar.surveys.report.cache import report_cached
from vereinbar.surveys.report.charts import CHARTS
from vereinbar.surveys.views.report import hotspot_panels

from ..models import Cycle
from .common import cycle_get


def _survey(request: AuthedRequest, area: str, pk: int, slug: str | None) -> tuple[Cycle, Survey]:
    """The cycle's survey chosen by ``?survey=`` (default: the latest closed one) if the user may
    read its report: 404 if the cycle has no such survey, 403 if the user may not read it."""
    cycle = cycle_get(request, area, pk, slug)
    surveys = Survey.objects.select_related("organisation", "cycle", "instrument_version__instrument").filter(
        cycle=cycle
    )
    chosen = request.GET.get("survey", "")
    if chosen.isdigit():
        item = surveys.filter(pk=int(chosen)).first()
    else:
        item = surveys.filter(status=SurveyStatus.CLOSED).order_by("-closed_at", "-pk").first()
    if item is None:
        raise Http404
    if not can(request.user, item, SurveyAction.VIEW_REPORT):
        raise PermissionDenied
    return cycle, item


def _figures_only(report: Report) -> Report:
    """The report without the comments: readers outside the organisation get figures only."""
    return dataclasses.replace(
        report, comments=(), comments_note=_("Comments are shown only to the organisation's own readers.")
    )


def _peers(request: AuthedRequest) -> str:
    peers = request.GET.get("peers", "all")
    return peers if peers in ("all", "sector", "size") else "all"


@login_required
def report(request: AuthedRequest, area: str, pk: int, slug: str | None = None) -> HttpResponse:
    from vereinbar.surveys.report.pdf import chart_data_uri

    cycle, item = _survey(request, area, pk, slug)
    peers = _peers(request)
    closed = item.status == SurveyStatus.CLOSED
    full = report_cached(item, get_language() or settings.LANGUAGE_CODE, peers) if closed else None
    shown = _figures_only(full) if full is not None else None
    # Charts go inline (data: images) so that this page needs no chart address of its own.
    charts = (
        {name: chart_data_uri(draw(shown)) for name, draw in CHARTS.items() if name != "trend" or shown.trend}
        if shown is not None and shown.published
        else {}
    )
    return render(
        request,
        "cycles/survey_report.html",
        {
            "area": area,
            "cycle": cycle,
            "organisation": cycle.organisation,
            "survey": item,
            "report": shown,
            "charts": charts,
            "peers": peers,
            "languages": settings.LANGUAGES,
            "hotspot_panels": hotspot_panels(request.user, item, shown, goals=False),
        },
    )


@login_required
def pdf(request: AuthedRequest, area: str, pk: int, slug: str | None = None) -> HttpResponse:
    from vereinbar.surveys.report.pdf import report_pdf

    _cycle, item = _survey(request, area, pk, slug)
    if item.status != SurveyStatus.CLOSED:
        raise Http404
    chosen = request.GET.get("lang", "")
    language = chosen if chosen in dict(settings.LANGUAGES) else (get_language() or settings.LANGUAGE_CODE)
    figures = _figures_only(report_cached(item, language, _peers(request)))
    response = HttpResponse(report_pdf(figures), content_type="application/pdf")
    name = f"{slugify(item.organisation.slug)}-{slugify(item.title) or 'survey'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
