"""Cycle pages: the list (with the application form), one cycle, its actions and the decision
(the certificate as PDF is certificates'; the revocation asks it, ``award_hooks``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from vereinbar.accounts.models import User
from vereinbar.core.quotes import nested_quotes
from vereinbar.core.types import AuthedRequest
from vereinbar.organisations.permissions import Action, has_permission, organisation_for_user
from vereinbar.programmes.models import closed_since

from .. import selectors, services
from ..auditor_turn import cycle_next_step
from ..award_hooks import award_of, award_revoke, awards_of_cycles
from ..forms import ApplyForm, AuditorForm, DecisionForm, OptionalReasonForm, ReasonForm
from ..links import cycle_reverse
from ..models import EDITABLE_PHASE_STATUSES, Cycle, CycleStatus, PhaseStatus
from ..permissions import (
    OPERATOR_PARTIES,
    CycleAction,
    can,
    can_accept_phase,
    can_submit_phase,
    parties_of,
    phase_parties,
)
from ..role_forms import RoleAssignForm, role_candidates
from ..selectors import (
    cycle_withheld,
    decision_run,
    goals_carried_into,
    next_stage,
    renewal_open,
    repeatable_runs,
    roles_of_cycle,
    withheld_waits,
)
from ..services.answers_carry import cycle_taken_over, employer_answered
from ..services.decision import WITHHELD_DECIDERS
from ..workflow import CYCLE_TRANSITIONS, PHASE_TRANSITIONS, Party, resolve
from .common import back, cycle_get, form_errors_from, refusal_message


@login_required
def index(request: AuthedRequest, area: str, slug: str | None = None) -> HttpResponse:
    """An employer's programmes and cycles, with the form to apply (the operator area lists
    cycles on its desk, ``desk.CYCLES``, and never reaches this view)."""
    organisation = organisation_for_user(request.user, slug) if area == "workspace" and slug else None
    if organisation is None:
        raise Http404
    can_apply = has_permission(request.user, organisation, Action.MANAGE_MEMBERS)
    # A registration the operator has not approved yet cannot apply (cycle_apply refuses it).
    waits_for_approval = can_apply and not organisation.is_approved
    form = ApplyForm(request.POST or None) if can_apply and not waits_for_approval else None
    if request.method == "POST":
        if form is None:
            return render(request, "core/error.html", {"status": 403}, status=403)
        if form.is_valid():
            try:
                cycle = services.cycle_apply(
                    actor=request.user,
                    organisation=organisation,
                    programme=form.cleaned_data["programme"],
                    message=form.cleaned_data["message"],
                )
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("Your application has been sent to the programme operator."))
                return redirect(cycle_reverse(area, cycle, "detail"))
    cycles = selectors.cycles_for(user=request.user, organisation=organisation)
    return render(
        request,
        "cycles/index.html",
        {
            "area": area,
            "organisation": organisation,
            "cycles": cycles,
            "form": form,
            "waits_for_approval": waits_for_approval,
            "waiting": selectors.waiting_for(user=request.user, cycles=cycles),
        },
    )


@login_required
def overview(request: AuthedRequest, area: str, slug: str | None = None) -> HttpResponse:
    """The operator's overview: participants by programme, stage and status; awards expiring soon."""
    if area != "operator":
        raise Http404
    cycles = selectors.operator_cycles(user=request.user)
    if not request.user.is_superuser and not cycles.exists() and not _is_operator_staff(request.user):
        raise Http404
    if request.GET.get("format") == "csv":
        return _cycles_csv(cycles)
    return render(
        request,
        "cycles/overview.html",
        {
            "area": area,
            "rows": selectors.participants_by_stage(user=request.user),
            "statuses": CycleStatus.choices,
            "expiring": selectors.awards_expiring(user=request.user),
        },
    )


def _is_operator_staff(user: User) -> bool:
    from vereinbar.accounts.models import Membership
    from vereinbar.accounts.roles import Role

    return Membership.objects.filter(user=user, role__in=[Role.OPERATOR_ADMIN, Role.BOARD_MEMBER]).exists()


def _cycles_csv(cycles: Any) -> HttpResponse:
    from vereinbar.core.exports import csv_text

    header = [
        _("Organisation"),
        _("Programme"),
        _("Stage"),
        _("Status"),
        _("Applied on"),
        _("Auditor"),
        _("Award"),
        _("Valid until"),
    ]
    awards = awards_of_cycles(cycles.values_list("pk", flat=True))
    rows = []
    for cycle in cycles.order_by("organisation__name", "-applied_on"):
        award = awards.get(cycle.pk)
        rows.append(
            [
                cycle.organisation.name,
                cycle.version.localised("title"),
                str(cycle.stage),
                cycle.get_status_display(),
                cycle.applied_on.isoformat(),
                cycle.auditor.email if cycle.auditor else "",
                award.number if award else "",
                award.valid_until.isoformat() if award and award.valid_until else "",
            ]
        )
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cycles.csv"'
    return response


def _cycle_context(request: AuthedRequest, area: str, cycle: Cycle) -> dict[str, Any]:
    user = request.user
    parties = parties_of(user, cycle)
    award = award_of(cycle)
    operator = Party.OPERATOR in parties
    runs = selectors.runs_of(cycle=cycle)
    # a programme whose phases no auditor does or reviews (a recognition) has no auditor
    auditor_takes_part = selectors.auditor_takes_part(cycle) or cycle.auditor_id is not None
    may_renew = can(user, cycle, CycleAction.RENEW)
    # submitted phases the reader accepts or returns: marked in the list of phases
    to_review = {
        run.pk
        for run in runs
        if run.status == PhaseStatus.SUBMITTED and cycle.is_working and can_accept_phase(user, cycle, run.phase)
    }
    # open phases the reader hands in: "your turn" beside them, so the list says what to do next
    to_do = {
        run.pk
        for run in runs
        if run.status in EDITABLE_PHASE_STATUSES and cycle.is_working and can_submit_phase(user, cycle, run.phase)
    }
    return {
        "area": area,
        "cycle": cycle,
        "organisation": cycle.organisation,
        "runs": runs,
        "to_review": to_review,
        "to_do": to_do,
        # above the facts: whose move it is, so a reader with many cycles need not read the list
        "next_step": cycle_next_step(cycle=cycle, runs=runs, to_review=to_review, to_do=to_do),
        "award": award,
        "decisions": cycle.decisions.select_related("level", "decided_by"),
        "withheld": cycle_withheld(cycle),
        **_withheld_ways(cycle, parties),
        "decision_run": decision_run(cycle),
        "can_accept": operator and cycle.status == CycleStatus.APPLIED,
        "can_withdraw": Party.COORDINATOR in parties and cycle.status in (CycleStatus.APPLIED, CycleStatus.OPEN),
        "auditor_takes_part": auditor_takes_part,
        "can_assign": auditor_takes_part
        and can(user, cycle, CycleAction.ASSIGN_AUDITOR)
        and cycle.status in (CycleStatus.APPLIED, CycleStatus.OPEN, CycleStatus.AWARDED),
        # what ``cycle_renew`` asks, a programme still taking applications included: no button that is refused
        "can_renew": may_renew and renewal_open(cycle),
        "renewal_closed_on": _renewal_closed_on(cycle) if may_renew and award is not None else None,
        "can_revoke": award is not None and award.is_valid and can(user, cycle, CycleAction.REVOKE_AWARD),
        "auditor_form": AuditorForm(operator=cycle.programme.operator, initial={"auditor": cycle.auditor_id}),
        "reason_form": ReasonForm(),
        "optional_reason_form": OptionalReasonForm(),
        "history": selectors.cycle_history(user=user, cycle=cycle),
        "previous_url": _previous_url(user, area, cycle),
        # a renewal: the goals and answers it took over from the cycle before, to be checked
        "taken_over": cycle_taken_over(cycle),
        # said on the renew card: a renewal starts from these answers (``answers_carry``)
        "answers_to_take_over": may_renew and employer_answered(cycle),
        # the stage the renewal starts, named on its button
        "next_stage": next_stage(cycle) if may_renew else None,
        "optional_phases": _optional_phases(cycle, parties),
        # format 2 roles of the programme, with the people named for them in this cycle
        "programme_roles": _programme_roles(cycle),
        "can_name_roles": Party.COORDINATOR in parties and cycle.is_working,
    }


def _previous_url(user: User, area: str, cycle: Cycle) -> str:
    """The page of the cycle this one renews, when the reader may open it in this area (an
    auditor of this cycle need not have been the auditor of the one before): else no link."""
    previous = cycle.previous
    if previous is None:
        return ""
    parties = parties_of(user, previous)
    visible = parties & OPERATOR_PARTIES if area == "operator" else parties - OPERATOR_PARTIES
    return cycle_reverse(area, previous, "detail") if visible else ""


def _withheld_ways(cycle: Cycle, parties: frozenset[Party]) -> dict[str, Any]:
    """The ways on from an award the rules withheld that the reader may take (the services decide;
    this only offers what they would not refuse): phases to do again, the operator's refusal."""
    waits = withheld_waits(cycle) is not None and decision_run(cycle) is None
    if not waits:
        return {"withheld_waits": False}
    runs = repeatable_runs(cycle)
    repeatable = [
        {"run": run, "by_actor": bool(parties & phase_parties(run.phase)[Party.ACTOR])}
        for run in runs
        if parties & resolve(PHASE_TRANSITIONS[PhaseStatus.ACCEPTED][PhaseStatus.OPEN], phase_parties(run.phase))
    ]
    return {
        "withheld_waits": True,
        "withheld_repeatable": repeatable,
        # someone else may do a phase again (the coordinator reads that the operator can, and so on)
        "withheld_any_repeatable": bool(runs),
        "can_refuse_withheld": bool(
            parties & resolve(CYCLE_TRANSITIONS[CycleStatus.OPEN][CycleStatus.REFUSED], WITHHELD_DECIDERS)
        ),
    }


def _renewal_closed_on(cycle: Cycle) -> date | None:
    """The last day the programme took applications, when only that keeps a finished cycle from
    its renewal (the page says so instead of offering a button that is refused)."""
    stage = next_stage(cycle)
    if cycle.status not in (CycleStatus.AWARDED, CycleStatus.COMPLETED) or stage is None:
        return None
    if services.cycle_renewed(cycle):
        return None
    current = cycle.programme.current_version
    return closed_since(*([current] if current is not None else []), cycle.version, stage, on=timezone.localdate())


def _programme_roles(cycle: Cycle) -> list[dict[str, Any]]:
    """Each role of the programme (format 2) with the people named for it and those who could be."""
    roles = roles_of_cycle(cycle)
    if not roles:
        return []
    members = list(role_candidates(cycle.organisation))
    items = []
    for role, named in roles:
        taken = {assignment.user_id for assignment in named}
        items.append({"role": role, "named": named, "choices": [m for m in members if m.pk not in taken]})
    return items


def _optional_phases(cycle: Cycle, parties: frozenset[Party]) -> list[dict[str, Any]]:
    """The stage's optional phases (format 2), whether the cycle takes each, and whether the user may change it
    (the service ``phase_choose`` decides; this only hides buttons that would be refused)."""
    working = cycle.status in (CycleStatus.APPLIED, CycleStatus.OPEN)
    may = working and bool(
        set(parties) & {Party.AUDITOR, Party.OPERATOR}
        or (cycle.status == CycleStatus.APPLIED and Party.COORDINATOR in parties)
    )
    return [
        {"phase": phase, "taken": phase.key in (cycle.optional_phases or []), "can_change": may}
        for phase in cycle.stage.phases.filter(optional=True).order_by("order")
    ]


@login_required
def detail(request: AuthedRequest, area: str, pk: int, slug: str | None = None) -> HttpResponse:
    cycle = cycle_get(request, area, pk, slug)
    return render(request, "cycles/detail.html", _cycle_context(request, area, cycle))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def act(request: AuthedRequest, area: str, pk: int, action: str, slug: str | None = None) -> HttpResponse:
    """The cycle's own transitions, posted from its page. A GET (the page reloaded, or its
    language switched, after a refused form was shown here) goes to the cycle's page."""
    cycle = cycle_get(request, area, pk, slug)
    if request.method != "POST":
        return back(area, cycle)
    if action in REASONED:
        return _reasoned(request, area, cycle, action)
    user = request.user
    try:
        if action == "accept":
            auditor_form = AuditorForm(request.POST, operator=cycle.programme.operator)
            auditor = auditor_form.cleaned_data["auditor"] if auditor_form.is_valid() else None
            services.cycle_accept(actor=user, cycle=cycle, auditor=auditor)
            messages.success(request, _("The application has been accepted; the cycle has started."))
        elif action == "assign":
            auditor_form = AuditorForm(request.POST, operator=cycle.programme.operator)
            if not auditor_form.is_valid():
                raise ValidationError(_("Choose an auditor of the programme's operator."))
            services.cycle_assign_auditor(actor=user, cycle=cycle, auditor=auditor_form.cleaned_data["auditor"])
            messages.success(request, _("The auditor has been assigned."))
        elif action == "withdraw":
            services.cycle_withdraw(actor=user, cycle=cycle, reason=request.POST.get("reason", ""))
            messages.success(request, _("The cycle has been withdrawn."))
        elif action == "renew":
            renewal = services.cycle_renew(actor=user, cycle=cycle)
            carried = goals_carried_into(renewal)
            messages.success(
                request,
                ngettext(
                    "The next stage has started; %(count)s goal not yet reached was carried over, with its measures.",
                    "The next stage has started; %(count)s goals not yet reached were carried over, with their measures.",
                    carried,
                )
                % {"count": carried}
                if carried
                else _("The next stage has started."),
            )
            if renewal.answers.exists():  # taken over from this cycle (``answers_carry``)
                messages.info(request, _("The answers given before have been taken over for you to check and update."))
            return back(area, renewal)
        elif action == "optional":
            taken = request.POST.get("taken") == "1"
            services.phase_choose(actor=user, cycle=cycle, phase_key=request.POST.get("phase", ""), taken=taken)
            messages.success(
                request, _("The cycle now takes this phase.") if taken else _("The cycle now leaves this phase out.")
            )
        elif action == "role-assign":
            role_form = RoleAssignForm(request.POST, organisation=cycle.organisation)
            if not role_form.is_valid():
                raise ValidationError(_("Choose a person of the organisation."))
            services.role_assign(
                actor=user, cycle=cycle, role_key=role_form.cleaned_data["role"], user=role_form.cleaned_data["user"]
            )
            messages.success(request, _("The person has been named for the role."))
        elif action == "reopen":
            run_pk = request.POST.get("run", "")
            if not run_pk.isdigit():
                raise Http404
            run = get_object_or_404(cycle.phase_runs.select_related("phase", "cycle"), pk=int(run_pk))
            services.phase_reopen(actor=user, run=run, reason=request.POST.get("reason", ""))
            messages.success(
                request,
                _("“%(phase)s” is open again: when it is done, the award follows from its new result.")
                % {"phase": nested_quotes(run)},
            )
        elif action == "role-remove":
            person = get_object_or_404(cycle.role_assignments.model, pk=request.POST.get("assignment"), cycle=cycle)
            services.role_unassign(actor=user, cycle=cycle, role_key=person.role.key, user=person.user)
            messages.success(request, _("The person no longer has the role."))
        else:
            raise Http404
    except ValidationError as exc:
        refusal_message(request, exc)
    return back(area, cycle)


# The transitions that ask for a reason: one missing comes back next to its field.
REASONED = ("decline", "revoke", "refuse")


def _reasoned(request: AuthedRequest, area: str, cycle: Cycle, action: str) -> HttpResponse:
    """Decline the application, refuse an award the rules withheld or revoke the award, with the
    reason given. A missing reason shows the cycle's page again with the error next to the field;
    any other refusal is a message."""
    form = ReasonForm(request.POST)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if action == "decline":
                services.cycle_decline(actor=request.user, cycle=cycle, reason=reason)
                done = _("The application has been declined.")
            elif action == "refuse":
                services.cycle_refuse_withheld(actor=request.user, cycle=cycle, reason=reason)
                done = _("The award has been refused and the cycle closed.")
            else:
                if award_revoke(actor=request.user, cycle=cycle, reason=reason) is None:
                    raise Http404
                done = _("The award has been revoked.")
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                refusal_message(request, exc)
                return back(area, cycle)
            form_errors_from(form, exc)
        else:
            messages.success(request, done)
            return back(area, cycle)
    form.fields["reason"].widget.attrs["autofocus"] = True  # on a phone the form is far down the page
    context = _cycle_context(request, area, cycle) | {"reason_form": form}
    return render(request, "cycles/detail.html", context, status=422)


@login_required
def decision(request: AuthedRequest, area: str, pk: int, slug: str | None = None) -> HttpResponse:
    """The level the rules give, with every reason; the deciders decide here."""
    cycle = cycle_get(request, area, pk, slug, CycleAction.VIEW_LEVEL)
    run = decision_run(cycle)

    may_decide = run is not None and can_submit_phase(request.user, cycle, run.phase)
    levels = [(level.key, str(level)) for level in cycle.stage.awardable_levels.order_by("order")]
    form = DecisionForm(request.POST or None, levels=levels) if may_decide else None
    if request.method == "POST":
        if form is None:
            return render(request, "core/error.html", {"status": 403}, status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.cycle_decide(
                    actor=request.user,
                    cycle=cycle,
                    outcome=data["outcome"],
                    level_key=data.get("level") or None,
                    comment=data["comment"],
                    board_round=data["board_round"],
                    decided_on=data["decided_on"],
                )
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("The decision has been recorded."))
                return back(area, cycle)
    outcome = selectors.cycle_level(cycle)
    return render(
        request,
        "cycles/decision.html",
        {
            "area": area,
            "cycle": cycle,
            "organisation": cycle.organisation,
            "run": run,
            "outcome": outcome,
            "form": form,
            # the phases a decision not yet open waits for, named instead of a form that is refused
            "waiting_for": selectors.gate_missing(run) if run is not None and run.status == PhaseStatus.LOCKED else [],
            "decisions": cycle.decisions.select_related("level", "decided_by"),
        },
    )
