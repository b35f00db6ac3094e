"""The target agreement: goals and measures, sign-off, a printable version and the signed PDF."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vereinbar.core.types import AuthedRequest

from .. import services
from ..forms import GoalForm, MeasureForm, SignForm
from ..models import Cycle, Goal, GoalMeasure, PhaseStatus, TargetAgreement
from ..permissions import can_accept_phase
from ..selectors import achieved_before, agreement_has_goals, agreement_run
from ..services.agreement import NO_GOALS, agreement_check
from ..workflow import TransitionRefused
from .common import back, cycle_get, form_errors_from, refusal_message


def _may(request: AuthedRequest, cycle: Cycle, *, sign: bool = False) -> bool:
    try:
        agreement_check(request.user, cycle, sign=sign)
    except (PermissionDenied, ValidationError):
        return False
    return True


def _context(request: AuthedRequest, area: str, cycle: Cycle, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    bound = bound or {}
    run = agreement_run(cycle)
    if run is None:
        raise Http404
    agreement = TargetAgreement.objects.filter(cycle=cycle).first()
    goals = list(
        Goal.objects.filter(agreement__cycle=cycle).select_related("action_field").prefetch_related("measures__measure")
    )
    today = timezone.localdate()
    review = run.reviews.prefetch_related("comments").first()  # the latest: its comments stand with the goals
    can_edit = _may(request, cycle)
    return {
        "area": area,
        "cycle": cycle,
        "organisation": cycle.organisation,
        "run": run,
        "agreement": agreement,
        "goals": goals,
        # longest overdue first: what the coordinator should see before the goals in their fields
        "overdue_goals": sorted((goal for goal in goals if goal.is_overdue(today)), key=lambda goal: goal.due_on),
        "has_goals": agreement_has_goals(agreement),
        "achieved_before": achieved_before(cycle),
        "can_edit": can_edit,
        "can_sign": _may(request, cycle, sign=True),
        "goal_form": bound.get("goal") or GoalForm(version_id=cycle.version_id),
        # each goal's own form to change it: a carried-over goal keeps last year's due date and status
        "goal_edit_forms": _goal_edit_forms(cycle, goals, bound) if can_edit else {},
        "goal_edit_pk": bound.get("goal_edit_pk"),
        "measure_form": bound.get("measure") or MeasureForm(organisation=cycle.organisation),
        "measure_goal": bound.get("measure_goal"),
        "sign_form": bound.get("sign") or SignForm(cycle=cycle),
        "reviewed": review,
        "goal_comments": {comment.item: comment for comment in review.comments.all()} if review else {},
        "can_review": run.status == PhaseStatus.SUBMITTED
        and cycle.is_working
        and can_accept_phase(request.user, cycle, run.phase),
    }


def _goal_edit_form(cycle: Cycle, goal: Goal, data: Any = None) -> GoalForm:
    """The form that changes one goal: its own ids, so that each goal's fields have their own labels."""
    initial = {
        "action_field": goal.action_field.code,
        "title": goal.title,
        "success_measure": goal.success_measure,
        "owner": goal.owner,
        "due_on": goal.due_on,
        "status": goal.status,
    }
    return GoalForm(data, version_id=cycle.version_id, initial=initial, auto_id=f"id_goal{goal.pk}_%s")


def _goal_edit_forms(cycle: Cycle, goals: list[Goal], bound: dict[str, Any]) -> dict[int, GoalForm]:
    return {
        goal.pk: bound["goal_edit"] if bound.get("goal_edit_pk") == goal.pk else _goal_edit_form(cycle, goal)
        for goal in goals
    }


@login_required
def detail(request: AuthedRequest, area: str, pk: int, slug: str | None = None) -> HttpResponse:
    cycle = cycle_get(request, area, pk, slug)
    return render(request, "cycles/agreement.html", _context(request, area, cycle))


@login_required
def printable(request: AuthedRequest, area: str, pk: int, slug: str | None = None) -> HttpResponse:
    cycle = cycle_get(request, area, pk, slug)
    return render(request, "cycles/agreement_print.html", _context(request, area, cycle))


@login_required
def pdf(request: AuthedRequest, area: str, pk: int, slug: str | None = None) -> HttpResponse:
    """The signed agreement as PDF in the reader's language, for whoever may see the agreement."""
    from ..agreement_pdf import agreement_filename, agreement_pdf

    cycle = cycle_get(request, area, pk, slug)
    agreement = TargetAgreement.objects.filter(cycle=cycle).first()
    if agreement_run(cycle) is None or agreement is None or not agreement.is_signed:
        raise Http404
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    response = HttpResponse(agreement_pdf(cycle, agreement, language=language), content_type="application/pdf")
    name = agreement_filename(cycle, agreement.signed_on, language=language)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _rerender(request: AuthedRequest, area: str, cycle: Cycle, bound: dict[str, Any]) -> HttpResponse:
    return render(request, "cycles/agreement.html", _context(request, area, cycle, bound), status=422)


def _goal_save(
    request: AuthedRequest,
    area: str,
    cycle: Cycle,
    form: GoalForm,
    *,
    refused: dict[str, Any],
    goal: Goal | None = None,
) -> HttpResponse:
    """Add a goal (``goal`` None) or change one from its posted form: the form again with its
    errors (``refused`` says where on the page it stands), else back at the goal."""
    if not form.is_valid():
        return _rerender(request, area, cycle, refused)
    due_before = goal.due_on if goal is not None else None  # goal_save changes ``goal`` itself
    try:
        saved = services.goal_save(
            actor=request.user,
            cycle=cycle,
            goal=goal,
            action_field_code=form.cleaned_data.pop("action_field"),
            **form.cleaned_data,
        )
    except ValidationError as exc:
        if isinstance(exc, TransitionRefused):
            raise
        form_errors_from(form, exc)
        return _rerender(request, area, cycle, refused)
    if goal is None:
        messages.success(request, _("Goal %(code)s has been added.") % {"code": saved.code})
    else:
        messages.success(request, _("Goal %(code)s has been changed.") % {"code": saved.code})
    # A goal agreed for the coming years that is overdue the moment it is typed in is most often
    # a slip of the year ("2026" for "2027"): said at once, not found later as "overdue".
    if saved.due_on is not None and saved.due_on != due_before and saved.is_overdue():
        messages.warning(
            request,
            _("The due date of goal %(code)s, %(day)s, has already passed. If the year is a typing error, correct it.")
            % {"code": saved.code, "day": date_format(saved.due_on, "DATE_FORMAT")},
        )
    return back(area, cycle, "agreement", anchor=f"goal-{saved.pk}")


@login_required
@require_POST
def act(request: AuthedRequest, area: str, pk: int, action: str, slug: str | None = None) -> HttpResponse:
    cycle = cycle_get(request, area, pk, slug)
    user, post = request.user, request.POST
    anchor = "goals"
    try:
        if action == "goal":
            form = GoalForm(post, version_id=cycle.version_id)
            return _goal_save(request, area, cycle, form, refused={"goal": form})
        elif action == "goal-edit":
            goal = get_object_or_404(Goal, pk=post.get("goal"), agreement__cycle=cycle)
            form = _goal_edit_form(cycle, goal, post)
            return _goal_save(
                request, area, cycle, form, goal=goal, refused={"goal_edit": form, "goal_edit_pk": goal.pk}
            )
        elif action == "goal-remove":
            goal = get_object_or_404(Goal, pk=post.get("goal"), agreement__cycle=cycle)
            services.goal_remove(actor=user, goal=goal)
            messages.success(request, _("The goal has been removed."))
        elif action == "measure":
            goal = get_object_or_404(Goal, pk=post.get("goal"), agreement__cycle=cycle)
            measure_form = MeasureForm(post, organisation=cycle.organisation)
            if not measure_form.is_valid():
                return _rerender(request, area, cycle, {"measure": measure_form, "measure_goal": goal.pk})
            try:
                link = services.goal_measure_save(actor=user, goal=goal, **measure_form.cleaned_data)
            except ValidationError as exc:
                if isinstance(exc, TransitionRefused):
                    raise
                # "describe the measure": next to its field in the goal's open editor, not on top of the page
                form_errors_from(measure_form, exc)
                return _rerender(request, area, cycle, {"measure": measure_form, "measure_goal": goal.pk})
            messages.success(request, _("Measure %(code)s has been added.") % {"code": link.code})
            anchor = f"goal-{goal.pk}"
        elif action == "measure-remove":
            link = get_object_or_404(GoalMeasure, pk=post.get("link"), goal__agreement__cycle=cycle)
            services.goal_measure_remove(actor=user, link=link)
            messages.success(request, _("The measure has been removed."))
        elif action == "sign":
            sign_form = SignForm(post, cycle=cycle)  # a signing day the service refuses, next to its field
            if not sign_form.is_valid():
                return _rerender(request, area, cycle, {"sign": sign_form})
            try:
                services.agreement_sign(actor=user, cycle=cycle, **sign_form.cleaned_data)
            except TransitionRefused as exc:
                if exc.code != NO_GOALS:
                    raise
                form_errors_from(sign_form, exc)  # next to the button that was pressed
                return _rerender(request, area, cycle, {"sign": sign_form})
            messages.success(request, _("The signing of the target agreement has been recorded."))
            anchor = "sign"
        else:
            raise Http404
    except ValidationError as exc:
        refusal_message(request, exc)
    return back(area, cycle, "agreement", anchor=anchor)
