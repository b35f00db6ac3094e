"""The results of a survey: page, charts (SVG), PDF, CSV/XLSX of aggregates, raw data.

Results exist only once the survey is closed: a report that changed while answers come in
would let anyone compare two versions and isolate the answers that arrived in between.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vereinbar.core.types import AuthedRequest

from .. import selectors
from ..models import Survey, SurveyStatus
from ..permissions import SurveyAction, can, survey_for_user
from ..report import Report, report_build
from ..report.charts import CHARTS
from ..report.exports import report_csv, report_xlsx
from ..services.exports import raw_data_export

CACHE_SECONDS = 120


def _key(survey: Survey, language: str, peers: str) -> str:
    return f"surveys:report:{survey.pk}:{survey.closed_at and survey.closed_at.timestamp()}:{language}:{peers}"


def _report(survey: Survey, language: str, peers: str) -> Report:
    """Reports of closed surveys do not change except for benchmarks; cache them briefly so the
    page and its charts compute the figures once."""
    key = _key(survey, language, peers)
    report = cache.get(key)
    if report is None:
        report = report_build(survey=survey, language=language, peers=peers)
        cache.set(key, report, CACHE_SECONDS)
    return report


def _chart(survey: Survey, report: Report, peers: str, name: str) -> str:
    """A chart's SVG, drawn once for the page and reused by the PDF in the same language."""
    key = f"{_key(survey, report.language, peers)}:chart:{name}"
    svg = cache.get(key)
    if svg is None:
        with translation.override(report.language):
            svg = CHARTS[name](report)
        cache.set(key, svg, CACHE_SECONDS)
    return str(svg)


def _closed_survey(request: AuthedRequest, slug: str, survey_id: int) -> Survey:
    survey = survey_for_user(request.user, slug, survey_id, SurveyAction.VIEW)
    if survey.status != SurveyStatus.CLOSED:
        raise Http404
    return survey


def _language(request: AuthedRequest) -> str:
    chosen = request.GET.get("lang", "")
    return chosen if chosen in dict(settings.LANGUAGES) else (get_language() or settings.LANGUAGE_CODE)


def _filename(survey: Survey, extension: str) -> str:
    return f"{slugify(survey.organisation.slug)}-{slugify(survey.title) or 'survey'}.{extension}"


@login_required
def report_page(request: AuthedRequest, slug: str, survey_id: int) -> HttpResponse:
    survey = survey_for_user(request.user, slug, survey_id, SurveyAction.VIEW)
    peers = request.GET.get("peers", "all")
    peers = peers if peers in ("all", "sector", "size") else "all"
    closed = survey.status == SurveyStatus.CLOSED
    report = _report(survey, get_language() or settings.LANGUAGE_CODE, peers) if closed else None
    charts = {
        name: reverse("surveys:chart", kwargs={"slug": slug, "survey_id": survey.pk, "name": name}) + f"?peers={peers}"
        for name in CHARTS
        if report is not None and (name != "trend" or report.trend)
    }
    return render(
        request,
        "surveys/report.html",
        {
            "organisation": survey.organisation,
            "area": "workspace",
            "survey": survey,
            "report": report,
            "charts": charts,
            "participation": selectors.participation_of(survey=survey),
            "can_raw": can(request.user, survey, SurveyAction.RAW_DATA),
            "peers": peers,
            "languages": settings.LANGUAGES,
            "hotspot_panels": hotspot_panels(request.user, survey, report, goals=True),
        },
    )


def hotspot_panels(user: object, survey: Survey, report: Report | None, *, goals: bool) -> list[dict[str, object]]:
    """Per hotspot: suggested measures and, for people who work on a target agreement, the
    cycles a goal can be made in (with the action field the instrument names preselected)."""
    if report is None or not report.published or not report.hotspots:
        return []
    from vereinbar.cycles.surveys import goal_targets, hotspot_action_field

    from ..suggestions import suggestions_for

    lines = report.hotspots
    suggestions = suggestions_for(survey=survey, scales=[line.scale.key for line in lines])
    targets = goal_targets(user, survey) if goals and survey.has_results else []
    return [
        {
            "line": line,
            "suggestions": suggestions.get(line.scale.key),
            "targets": [
                {"target": target, "selected": hotspot_action_field(survey, line.scale.key, target.cycle)}
                for target in targets
            ],
        }
        for line in lines
    ]


@login_required
@require_POST
def report_goal(request: AuthedRequest, slug: str, survey_id: int) -> HttpResponse:
    """Make a goal of a cycle's target agreement from a hotspot; then show the goal."""
    from vereinbar.cycles.links import cycle_reverse
    from vereinbar.cycles.models import Cycle
    from vereinbar.cycles.surveys import goal_from_hotspot

    survey = _closed_survey(request, slug, survey_id)
    cycle = None
    if request.POST.get("cycle", "").isdigit():
        cycle = Cycle.objects.filter(pk=int(request.POST["cycle"]), organisation=survey.organisation).first()
    try:
        goal = goal_from_hotspot(
            actor=request.user,
            survey=survey,
            scale_key=request.POST.get("scale", ""),
            cycle=cycle,
            action_field_code=request.POST.get("action_field", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(reverse("surveys:report", kwargs={"slug": slug, "survey_id": survey.pk}) + "#hotspots")
    messages.success(
        request,
        _("Goal %(code)s has been added to the target agreement. Adjust it as needed.") % {"code": goal.code},
    )
    url = cycle_reverse("workspace", goal.agreement.cycle, "agreement")
    return redirect(f"{url}#goal-{goal.pk}")


@login_required
def report_chart(request: AuthedRequest, slug: str, survey_id: int, name: str) -> HttpResponse:
    survey = _closed_survey(request, slug, survey_id)
    if name not in CHARTS:
        raise Http404
    language = get_language() or settings.LANGUAGE_CODE
    peers = request.GET.get("peers", "all")
    svg = _chart(survey, _report(survey, language, peers), peers, name)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def report_pdf(request: AuthedRequest, slug: str, survey_id: int) -> HttpResponse:
    from ..report.pdf import report_pdf as render_pdf

    survey = _closed_survey(request, slug, survey_id)
    peers = request.GET.get("peers", "all")
    report = _report(survey, _language(request), peers)
    pdf = render_pdf(report, draw=lambda name: _chart(survey, report, peers, name))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(survey, "pdf")}"'
    return response


@login_required
def report_table(request: AuthedRequest, slug: str, survey_id: int, kind: str) -> HttpResponse:
    survey = _closed_survey(request, slug, survey_id)
    language = _language(request)
    report = _report(survey, language, request.GET.get("peers", "all"))
    with translation.override(language):
        if kind == "csv":
            response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                report_xlsx(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
    response["Content-Disposition"] = f'attachment; filename="{_filename(survey, kind)}"'
    return response


@login_required
def raw_data(request: AuthedRequest, slug: str, survey_id: int) -> HttpResponse:
    survey = survey_for_user(request.user, slug, survey_id, SurveyAction.RAW_DATA)
    if request.method != "POST":
        return render(
            request,
            "surveys/raw_data.html",
            {"organisation": survey.organisation, "area": "workspace", "survey": survey},
        )
    language = _language(request)
    with translation.override(language):
        body = raw_data_export(actor=request.user, survey=survey, language=language)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(survey, "raw.csv")}"'
    return response
