"""A cycle's staff survey on the cycle's pages, under the cycles' URL names (``urls_cycle``,
which ``site`` composes into ``workspace_cycles`` and ``operator_cycles``):

- the panel of a survey phase on the phase page (``survey_phase_panel``, which cycles asks
  through ``cycles.survey_hooks``);
- the aggregated report of the cycle's staff survey, for the cycle's parties who may read it
  (above all the assigned auditor, in the operator area). Figures only: no comments, no raw
  data, no participation records.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vereinbar.accounts.models import User
from vereinbar.core.types import AuthedRequest
from vereinbar.cycles.links import cycle_reverse
from vereinbar.cycles.models import Cycle, PhaseRun
from vereinbar.cycles.selectors import LINKABLE_RUN_STATUSES, LINKABLE_STATUSES
from vereinbar.cycles.views.common import cycle_get
from vereinbar.organisations.permissions import Action, has_permission

from ..models import Survey, SurveyStatus
from ..permissions import SurveyAction, can
from ..report import Report
from ..report.cache import report_cached
from ..report.charts import CHARTS
from ..selectors import participation_of, stage_instrument_version
from .report import hotspot_panels


def survey_phase_panel(user: User, area: str, run: PhaseRun) -> dict[str, Any]:
    """The surveys linked to a survey phase run, as the phase page shows them: state, field
    period, participation, and where to read the results (for those who may)."""
    cycle = run.cycle
    slug = cycle.organisation.slug
    rows = []
    running = False
    for survey in run.surveys.select_related("organisation", "cycle", "instrument_version__instrument").order_by(
        "created_at", "pk"
    ):
        running = running or survey.status != SurveyStatus.CLOSED
        participation = participation_of(survey=survey)
        results = survey.has_results
        hidden = survey.status == SurveyStatus.CLOSED and not results
        invited, submitted = participation["invited"], participation["submitted"]
        member = area == "workspace" and can(user, survey, SurveyAction.VIEW)
        report_url = ""
        if results and can(user, survey, SurveyAction.VIEW_REPORT):
            report_url = (
                reverse("surveys:report", args=[slug, survey.pk])
                if member
                else cycle_reverse(area, cycle, "survey_report") + f"?survey={survey.pk}"
            )
        rows.append(
            {
                "survey": survey,
                "invited": invited or None,
                "submitted": None if hidden else submitted,
                "rate": submitted / invited if invited and not hidden else None,
                "has_results": results,
                "report_url": report_url,
                "detail_url": reverse("surveys:detail", args=[slug, survey.pk]) if member else "",
            }
        )
    create_url = ""
    if (
        area == "workspace"
        and not running
        and run.status in LINKABLE_RUN_STATUSES
        and cycle.status in LINKABLE_STATUSES
        and has_permission(user, cycle.organisation, Action.MANAGE_SURVEYS)
    ):
        create_url = reverse("surveys:create", args=[slug]) + f"?cycle={cycle.pk}&run={run.pk}"
    return {
        "survey_rows": rows,
        "survey_create_url": create_url,
        "stage_instrument_urn": cycle.stage.survey_instrument,
        "stage_instrument": stage_instrument_version(cycle),
    }


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
    from ..report.pdf import chart_data_uri

    cycle, item = _survey(request, area, pk, slug)
    peers = _peers(request)
    closed = item.status == SurveyStatus.CLOSED
    full = report_cached(item, get_language() or settings.LANGUAGE_CODE, peers) if closed else None
    shown = _figures_only(full) if full is not None else None
    # Charts go inline (data: images) so that this page needs no chart address of its own.
    charts = (
        {name: chart_data_uri(draw(shown)) for name, draw in CHARTS.items() if name != "trend" or shown.trend_chart}
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
    from ..report.pdf import report_pdf

    _cycle, item = _survey(request, area, pk, slug)
    if item.status != SurveyStatus.CLOSED:
        raise Http404
    chosen = request.GET.get("lang", "")
    language = chosen if chosen in dict(settings.LANGUAGES) else (get_language() or settings.LANGUAGE_CODE)
    figures = _figures_only(report_cached(item, language, _peers(request)))
    response = HttpResponse(report_pdf(figures), content_type="application/pdf")
    name = f"{slugify(item.organisation.slug)}-{slugify(item.title_in(language)) or 'survey'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
