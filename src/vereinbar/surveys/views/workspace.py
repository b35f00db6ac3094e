"""Workspace pages of surveys (/<lang>/workspace/<org>/surveys/): list, create, settings,
participation, invitations, codes, open link, read access. Views parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vereinbar.core.forms import form_errors_from
from vereinbar.core.types import AuthedRequest
from vereinbar.cycles.models import Cycle
from vereinbar.cycles.selectors import cycles_for_surveys, survey_run_of
from vereinbar.organisations.permissions import Action, has_permission

from .. import selectors
from ..forms import (
    TITLE_PREFIX,
    AccessForm,
    CodesForm,
    StaffListForm,
    SurveyCloseForm,
    SurveyCreateForm,
    SurveyEditForm,
)
from ..models import Survey, SurveyAccess, SurveyStatus
from ..permissions import SurveyAction, can, survey_for_user, surveys_organisation_for_user
from ..ranking import rankings_for
from ..services import invitations as invitation_services
from ..services import surveys as survey_services
from ..services.surveys import units_text_of


def _grouped(count: int) -> str:
    """A number of people or mails as the reader writes it: "1.600" (de, nl), "1,600" (en)."""
    return formats.number_format(count, use_l10n=True, force_grouping=True)


def _context(request: AuthedRequest, survey: Survey, **extra: object) -> dict[str, object]:
    return {
        "organisation": survey.organisation,
        "area": "workspace",
        "survey": survey,
        "can_manage": can(request.user, survey, SurveyAction.MANAGE),
        "can_raw": can(request.user, survey, SurveyAction.RAW_DATA),
        **extra,
    }


@login_required
def survey_list(request: AuthedRequest, slug: str) -> HttpResponse:
    organisation = surveys_organisation_for_user(request.user, slug)
    return render(
        request,
        "surveys/list.html",
        {
            "organisation": organisation,
            "area": "workspace",
            "surveys": selectors.surveys_visible_to(user=request.user, organisation=organisation),
            "can_manage": has_permission(request.user, organisation, Action.MANAGE_SURVEYS),
            # everyone else sees only the surveys shared with them: "none yet" would mislead them
            "sees_all": has_permission(request.user, organisation, Action.VIEW_SURVEYS),
            "has_rankings": bool(rankings_for(organisation)),
        },
    )


def _cycle_initial(request: AuthedRequest, cycles: list[Cycle]) -> dict[str, object]:
    """Pre-fill for ``?cycle=…&run=…`` (from a cycle's survey phase): the cycle, its phase run,
    a title, and the questionnaire the stage names when it is loaded."""
    cycle = next((c for c in cycles if str(c.pk) == request.GET.get("cycle")), None)
    if cycle is None:
        return {}
    run = survey_run_of(cycle)
    if request.GET.get("run", "").isdigit():
        run = cycle.phase_runs.select_related("phase").filter(pk=int(request.GET["run"])).first() or run
    initial: dict[str, object] = {"cycle": cycle.pk, "phase_run": run.pk if run else None}
    initial[f"{TITLE_PREFIX}{get_language()}"] = f"{run or cycle.stage} {timezone.localdate().year}"
    version = selectors.stage_instrument_version(cycle)
    if version is not None:
        initial["instrument_version"] = version.pk
    return initial


@login_required
def survey_create(request: AuthedRequest, slug: str) -> HttpResponse:
    organisation = surveys_organisation_for_user(request.user, slug)
    if not has_permission(request.user, organisation, Action.MANAGE_SURVEYS):
        return render(request, "core/error.html", {"status": 403}, status=403)
    versions = selectors.instrument_versions_available()
    cycles = cycles_for_surveys(organisation)
    initial = {"languages": [get_language()], "units": units_text_of(organisation), **_cycle_initial(request, cycles)}
    form = SurveyCreateForm(request.POST or None, versions=versions, cycles=cycles, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        by_pk = {cycle.pk: cycle for cycle in cycles}
        cycle = by_pk.get(data.pop("cycle", None) or 0)
        run_pk = data.pop("phase_run", None)
        run = cycle.phase_runs.select_related("phase", "cycle").filter(pk=run_pk).first() if cycle and run_pk else None
        try:
            survey = survey_services.survey_create(
                actor=request.user, organisation=organisation, cycle=cycle, phase_run=run, **data
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The survey has been created. Check the settings, then open it."))
            return redirect("surveys:detail", slug=organisation.slug, survey_id=survey.pk)
    return render(
        request,
        "surveys/form.html",
        {"organisation": organisation, "area": "workspace", "form": form, "no_instruments": not versions.exists()},
    )


@login_required
def survey_detail(request: AuthedRequest, slug: str, survey_id: int) -> HttpResponse:
    survey = survey_for_user(request.user, slug, survey_id)
    manage = can(request.user, survey, SurveyAction.MANAGE)
    unit_rates = (
        selectors.participation_by_unit(survey=survey, language=get_language() or survey.languages[0])
        if survey.status == SurveyStatus.OPEN
        else []
    )
    return render(
        request,
        "surveys/detail.html",
        _context(
            request,
            survey,
            participation=selectors.participation_of(survey=survey),
            unit_groups=selectors.unit_groups_of(survey=survey),
            unit_rates=unit_rates,
            # Until enough answers are released no row has numbers: one sentence, not a table
            # that says "not shown" once per unit (thirty times for a county).
            unit_rates_hidden=all(row.responses is None for row in unit_rates),
            # Beyond a few units each top-level unit is a section to open; ``?units=open`` opens all.
            units_open=request.GET.get("units") == "open",
            grants=selectors.access_grants_of(survey=survey) if manage else [],
            staff_form=StaffListForm(initial={"language": get_language()}) if manage else None,
            codes_form=CodesForm(survey=survey, initial={"language": get_language()}) if manage else None,
            access_form=AccessForm() if manage else None,
            open_link=request.build_absolute_uri(f"/{get_language()}/s/"),
            mail_progress=selectors.invitations_progress(survey=survey) if manage else None,
            reminders=selectors.reminders_of(survey=survey) if manage and survey.status == SurveyStatus.OPEN else None,
            close_form=SurveyCloseForm() if manage else None,
        ),
    )


@login_required
def survey_mail_progress(request: AuthedRequest, slug: str, survey_id: int) -> HttpResponse:
    """How far the latest invitation or reminder mails have got (polled by the detail page)."""
    survey = survey_for_user(request.user, slug, survey_id, SurveyAction.MANAGE)
    return render(
        request,
        "surveys/_mail_progress.html",
        _context(request, survey, mail_progress=selectors.invitations_progress(survey=survey)),
    )


@login_required
def survey_edit(request: AuthedRequest, slug: str, survey_id: int) -> HttpResponse:
    survey = survey_for_user(request.user, slug, survey_id, SurveyAction.MANAGE)
    if survey.status == SurveyStatus.CLOSED:
        messages.error(request, _("A closed survey cannot be changed."))
        return redirect("surveys:detail", slug=slug, survey_id=survey.pk)
    units = "\n".join(
        f"{unit.parent.name} / {unit.name}" if unit.parent else unit.name
        for unit in survey.units.select_related("parent")
    )
    initial = {
        **{f"{TITLE_PREFIX}{code}": text for code, text in survey.titles.items()},
        **({f"{TITLE_PREFIX}{survey.languages[0]}": survey.title} if survey.languages else {}),
        "languages": survey.languages,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "min_group_size": survey.min_group_size,
        "min_group_size_comments": survey.min_group_size_comments,
        "units": units,
        "intro": survey.intro,
        "report_breakdowns": survey.report_breakdowns,
    }
    form = SurveyEditForm(request.POST or None, initial=initial, survey=survey)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if survey.status != SurveyStatus.DRAFT:
            data.pop("units", None)
        try:
            survey_services.survey_update(actor=request.user, survey=survey, **data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("surveys:detail", slug=slug, survey_id=survey.pk)
    return render(request, "surveys/form.html", _context(request, survey, form=form))


@login_required
@require_POST
def survey_transition(request: AuthedRequest, slug: str, survey_id: int, to: str) -> HttpResponse:
    survey = survey_for_user(request.user, slug, survey_id, SurveyAction.MANAGE)
    if to == SurveyStatus.CLOSED:
        return _survey_close(request, survey)
    try:
        survey_services.survey_open(actor=request.user, survey=survey)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The survey is open. You can now send invitations."))
    return redirect("surveys:detail", slug=slug, survey_id=survey.pk)


def _survey_close(request: AuthedRequest, survey: Survey) -> HttpResponse:
    """Closing erases the e-mail addresses and cannot be undone: only with the box ticked. A
    missing tick is said beside the box; a refusal of the survey's state (already closed) on top."""
    form = SurveyCloseForm(request.POST)
    if form.is_valid():
        try:
            survey_services.survey_close(actor=request.user, survey=survey)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The survey is closed; the results are ready."))
        return redirect("surveys:detail", slug=survey.organisation.slug, survey_id=survey.pk)
    return render(request, "surveys/invite.html", _context(request, survey, close_form=form), status=400)


@login_required
@require_POST
def survey_invite(request: AuthedRequest, slug: str, survey_id: int) -> HttpResponse:
    survey = survey_for_user(request.user, slug, survey_id, SurveyAction.MANAGE)
    form = StaffListForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = invitation_services.invitations_import(
                actor=request.user,
                survey=survey,
                raw=upload.read(),
                default_language=form.cleaned_data["language"],
                filename=upload.name,
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            text = _("%(sent)s invitations are being sent; %(skipped)s people had already been invited.") % {
                "sent": _grouped(result.sent),
                "skipped": _grouped(result.skipped),
            }
            if result.repeated:
                text += " " + ngettext(
                    "%(count)s line repeated an earlier line of the file; that person gets one invitation.",
                    "%(count)s lines repeated earlier lines of the file; each person gets one invitation.",
                    result.repeated,
                ) % {"count": _grouped(result.repeated)}
            messages.success(request, text)
            return redirect("surveys:detail", slug=slug, survey_id=survey.pk)
    return render(request, "surveys/invite.html", _context(request, survey, staff_form=form), status=400)


@login_required
@require_http_methods(["GET", "POST"])
def survey_remind(request: AuthedRequest, slug: str, survey_id: int) -> HttpResponse:
    """GET: how many people a reminder would reach and when the last one went out (counts only:
    the survey is anonymous); only the POST of that page, with its confirmation, sends."""
    survey = survey_for_user(request.user, slug, survey_id, SurveyAction.MANAGE)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            count = invitation_services.invitations_remind(actor=request.user, survey=survey)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("surveys:remind", slug=slug, survey_id=survey.pk)
        if count:
            messages.success(
                request,
                ngettext(
                    "A reminder is being sent to %(count)s person who has not answered yet.",
                    "Reminders are being sent to %(count)s people who have not answered yet.",
                    count,
                )
                % {"count": _grouped(count)}
                + " "
                + _("The survey page shows how far the mails have got; the next reminder is possible from %(next)s.")
                % {"next": formats.date_format(timezone.localtime() + selectors.REMINDER_GAP, "SHORT_DATETIME_FORMAT")},
            )
        else:
            messages.info(request, _("No reminder was sent: everyone invited by e-mail has answered."))
        return redirect("surveys:detail", slug=slug, survey_id=survey.pk)
    return render(
        request, "surveys/remind.html", _context(request, survey, reminders=selectors.reminders_of(survey=survey))
    )


@login_required
@require_POST
def survey_codes(request: AuthedRequest, slug: str, survey_id: int) -> HttpResponse:
    survey = survey_for_user(request.user, slug, survey_id, SurveyAction.MANAGE)
    form = CodesForm(request.POST, survey=survey)
    if form.is_valid():
        try:
            codes = invitation_services.codes_create(actor=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            language = form.cleaned_data["language"]
            return render(
                request,
                "surveys/codes.html",
                _context(
                    request,
                    survey,
                    codes=codes,
                    unit=form.cleaned_data["unit"],
                    language=language,
                    entry_url=request.build_absolute_uri(f"/{language}/s/"),
                ),
            )
    return render(request, "surveys/invite.html", _context(request, survey, codes_form=form), status=400)


@login_required
@require_POST
def survey_open_link(request: AuthedRequest, slug: str, survey_id: int) -> HttpResponse:
    survey = survey_for_user(request.user, slug, survey_id, SurveyAction.MANAGE)
    try:
        survey_services.survey_open_link_set(
            actor=request.user, survey=survey, enabled=request.POST.get("enabled") == "1"
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("surveys:detail", slug=slug, survey_id=survey.pk)


@login_required
@require_POST
def survey_access(request: AuthedRequest, slug: str, survey_id: int) -> HttpResponse:
    survey = survey_for_user(request.user, slug, survey_id, SurveyAction.MANAGE)
    form = AccessForm(request.POST)
    if form.is_valid():
        try:
            survey_services.survey_access_grant(actor=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("Access has been given."))
            return redirect("surveys:detail", slug=slug, survey_id=survey.pk)
    return render(request, "surveys/invite.html", _context(request, survey, access_form=form), status=400)


@login_required
@require_POST
def survey_access_revoke(request: AuthedRequest, slug: str, survey_id: int, access_id: int) -> HttpResponse:
    survey = survey_for_user(request.user, slug, survey_id, SurveyAction.MANAGE)
    access = get_object_or_404(SurveyAccess, pk=access_id, survey=survey)
    survey_services.survey_access_revoke(actor=request.user, access=access)
    messages.success(request, _("Access has been withdrawn."))
    return redirect("surveys:detail", slug=slug, survey_id=survey.pk)
