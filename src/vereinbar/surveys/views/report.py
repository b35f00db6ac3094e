"""The results of a survey: page, charts (SVG), PDF, CSV/XLSX of aggregates, raw data.

Results exist only once the survey is closed: a report that changed while answers come in
would let anyone compare two versions and isolate the answers that arrived in between.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vereinbar.accounts.models import User
from vereinbar.core.types import AuthedRequest

from .. import selectors
from ..models import ReportPdf, ReportPdfStatus, Survey, SurveyStatus
from ..permissions import SurveyAction, can, survey_for_user
from ..report import Report
from ..report.cache import chart_cached, report_cached
from ..report.charts import CHARTS
from ..report.exports import report_csv, report_xlsx
from ..services.exports import raw_data_export

# The cycle pages use these under their old names.
_report = report_cached
_chart = chart_cached


def _closed_survey(request: AuthedRequest, slug: str, survey_id: int) -> Survey:
    survey = survey_for_user(request.user, slug, survey_id, SurveyAction.VIEW)
    if survey.status != SurveyStatus.CLOSED:
        raise Http404
    return survey


def _language(request: AuthedRequest) -> str:
    chosen = request.POST.get("lang", "") if request.method == "POST" else request.GET.get("lang", "")
    return chosen if chosen in dict(settings.LANGUAGES) else (get_language() or settings.LANGUAGE_CODE)


def _filename(survey: Survey, extension: str, language: str) -> str:
    """The download's name, with the survey's title in the language of what it holds."""
    return f"{slugify(survey.organisation.slug)}-{slugify(survey.title_in(language)) or 'survey'}.{extension}"


def _peers(request: AuthedRequest) -> str:
    peers = request.POST.get("peers", "") if request.method == "POST" else request.GET.get("peers", "all")
    return peers if peers in ("all", "sector", "size") else "all"


@login_required
def report_page(request: AuthedRequest, slug: str, survey_id: int) -> HttpResponse:
    survey = survey_for_user(request.user, slug, survey_id, SurveyAction.VIEW)
    peers = _peers(request)
    closed = survey.status == SurveyStatus.CLOSED
    report = report_cached(survey, get_language() or settings.LANGUAGE_CODE, peers) if closed else None
    charts = {
        name: reverse("surveys:chart", kwargs={"slug": slug, "survey_id": survey.pk, "name": name}) + f"?peers={peers}"
        for name in CHARTS
        if report is not None and (name != "trend" or report.trend_chart)
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
            # Each top-level unit is a section to open (a phone shows a unit as a card of ten
            # lines; a county has 30 units and more); ``?units=open`` opens them all.
            "units_links": True,
            "units_open": request.GET.get("units") == "open",
            "languages": settings.LANGUAGES,
            "text_languages": survey.instrument_version.spec.fallback_texts(report.language) if report else {},
            "hotspot_panels": hotspot_panels(request.user, survey, report, goals=True),
            **_pdf_context(survey, _pdf_asked(survey, request.GET.get("pdf", "")) if closed else None),
        },
    )


def hotspot_panels(user: User, survey: Survey, report: Report | None, *, goals: bool) -> list[dict[str, object]]:
    """Per hotspot: suggested measures and, for people who work on a target agreement, the
    cycles a goal can be made in (with the action field the instrument names preselected)."""
    if report is None or not report.published or not report.hotspots:
        return []
    from vereinbar.cycles.selectors import goal_targets, hotspot_action_field

    from ..suggestions import suggestions_for

    lines = report.hotspots
    suggestions = suggestions_for(survey=survey, scales=[line.scale.key for line in lines])
    targets = goal_targets(user, survey) if goals and survey.has_results else []
    # the introduction promises a goal only where the reader can make one
    goal_possible = any(not target.refused for target in targets)
    return [
        {
            "line": line,
            "suggestions": suggestions.get(line.scale.key),
            "goal_possible": goal_possible,
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

    from ..services.cycle_phase import goal_from_hotspot

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
    peers = _peers(request)
    svg = chart_cached(survey, report_cached(survey, language, peers), peers, name)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


def _pdf_asked(survey: Survey, pdf_id: str) -> ReportPdf | None:
    return ReportPdf.objects.filter(survey=survey, pk=int(pdf_id)).first() if pdf_id.isdigit() else None


def _pdf_context(survey: Survey, pdf: ReportPdf | None) -> dict[str, object]:
    """What the PDF's status box shows: nothing, "preparing" (polled), ready, or failed; a request
    being prepared for long says so, and after ``STUCK_AFTER`` (no worker took it) offers to try again."""
    from ..report.pdf import SLOW_AFTER, STUCK_AFTER

    waited = timezone.now() - pdf.requested_at if pdf is not None else None
    preparing = pdf is not None and pdf.status == ReportPdfStatus.PREPARING
    return {
        "pdf_job": pdf,
        "pdf_language": dict(settings.LANGUAGES).get(pdf.language, pdf.language) if pdf is not None else "",
        "pdf_slow": preparing and waited is not None and waited > SLOW_AFTER,
        "pdf_stuck": preparing and waited is not None and waited > STUCK_AFTER,
    }


def _pdf_box(request: AuthedRequest, survey: Survey, pdf: ReportPdf) -> HttpResponse:
    return render(
        request,
        "surveys/_report_pdf.html",
        {"organisation": survey.organisation, "survey": survey, "peers": pdf.peers, **_pdf_context(survey, pdf)},
    )


@login_required
@require_POST
def report_pdf_request(request: AuthedRequest, slug: str, survey_id: int) -> HttpResponse:
    """Ask for the report PDF in a language and for a peer group: it is made in the background
    (or reused while the report is unchanged); htmx gets the status box, others the page with it."""
    from ..report.pdf import pdf_request

    survey = _closed_survey(request, slug, survey_id)
    pdf = pdf_request(survey=survey, language=_language(request), peers=_peers(request))
    if request.headers.get("HX-Request"):
        return _pdf_box(request, survey, pdf)
    url = reverse("surveys:report", kwargs={"slug": slug, "survey_id": survey.pk})
    return redirect(f"{url}?peers={pdf.peers}&pdf={pdf.pk}#report-pdf")


@login_required
def report_pdf_status(request: AuthedRequest, slug: str, survey_id: int, pdf_id: int) -> HttpResponse:
    """The status box of a requested PDF (polled every 2 s by the results page while preparing)."""
    survey = _closed_survey(request, slug, survey_id)
    pdf = _pdf_asked(survey, str(pdf_id))
    if pdf is None:  # deleted: a day old, or the report changed
        raise Http404
    return _pdf_box(request, survey, pdf)


@login_required
def report_pdf_download(request: AuthedRequest, slug: str, survey_id: int, pdf_id: int) -> FileResponse:
    survey = _closed_survey(request, slug, survey_id)
    pdf = _pdf_asked(survey, str(pdf_id))
    if pdf is None or pdf.status != ReportPdfStatus.READY or not pdf.file:
        raise Http404
    return _pdf_file(survey, pdf)


def _pdf_file(survey: Survey, pdf: ReportPdf) -> FileResponse:
    try:
        handle = pdf.file.storage.open(str(pdf.file.name), "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=_filename(survey, "pdf", pdf.language), content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def report_pdf(request: AuthedRequest, slug: str, survey_id: int) -> HttpResponse | FileResponse:
    """The former direct download (``?lang=&peers=``), for bookmarks: the PDF when one is ready
    for the report as it is now, otherwise the results page, whose button has it made."""
    from ..report.pdf import pdf_stamp

    survey = _closed_survey(request, slug, survey_id)
    peers = _peers(request)
    language = _language(request)
    stamp = pdf_stamp(report_cached(survey, language, peers))
    pdf = ReportPdf.objects.filter(
        survey=survey, language=language, peers=peers, stamp=stamp, status=ReportPdfStatus.READY
    ).first()
    if pdf is not None and pdf.file:
        return _pdf_file(survey, pdf)
    url = reverse("surveys:report", kwargs={"slug": slug, "survey_id": survey.pk})
    return redirect(f"{url}?peers={peers}#report-pdf")


@login_required
def report_table(request: AuthedRequest, slug: str, survey_id: int, kind: str) -> HttpResponse:
    survey = _closed_survey(request, slug, survey_id)
    language = _language(request)
    report = report_cached(survey, language, _peers(request))
    with translation.override(language):
        if kind == "csv":
            response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                report_xlsx(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
    response["Content-Disposition"] = f'attachment; filename="{_filename(survey, kind, language)}"'
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
    response["Content-Disposition"] = f'attachment; filename="{_filename(survey, "raw.csv", language)}"'
    return response
