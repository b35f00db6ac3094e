"""The link between cycles and staff surveys.

A survey can be created for a cycle (``Survey.cycle``) and, when the cycle's stage has a phase
whose deliverable is ``survey``, for that phase run (``Survey.phase_run``). Such a phase follows
its survey: it cannot be completed while the survey is in preparation or open, and when the
survey closes with results (at least the minimum group size answered) the platform moves the
phase on (``workflow.COMPLETED_ELSEWHERE``: submitted to its acceptor, or accepted when nobody
accepts it); a phase still locked then is moved on the same way when it opens. A survey phase
without a linked survey (a survey run elsewhere) is delivered like a document: a text or the
attached report.

Goals of the target agreement can be made from a hotspot of the survey's report
(``goal_from_hotspot``), numbered in the action field the instrument names for the programme.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vereinbar.accounts.models import User
from vereinbar.activity.services import entry_record
from vereinbar.activity.updates import model_update
from vereinbar.programmes.models import ActionField, DeliverableKind

from .models import Cycle, CycleStatus, Goal, PhaseRun, PhaseStatus
from .permissions import can_edit_phase, parties_of, phase_parties
from .workflow import COMPLETED_ELSEWHERE, PHASE_TRANSITIONS, Party, transition_check

if TYPE_CHECKING:
    from vereinbar.organisations.models import Organisation
    from vereinbar.surveys.models import InstrumentVersion, Survey

# Cycles a survey can still be created for (applied: prepared before the cycle starts).
LINKABLE_STATUSES = (CycleStatus.APPLIED, CycleStatus.OPEN, CycleStatus.AWARDED)
# Phase runs a new survey can be linked to (a submitted or accepted phase is done).
LINKABLE_RUN_STATUSES = (PhaseStatus.LOCKED, PhaseStatus.OPEN, PhaseStatus.RETURNED)


def cycles_for_surveys(organisation: Organisation) -> list[Cycle]:
    """The organisation's cycles a survey can be created for."""
    return list(
        Cycle.objects.filter(organisation=organisation, status__in=LINKABLE_STATUSES).select_related(
            "version", "stage", "programme"
        )
    )


def survey_run_of(cycle: Cycle) -> PhaseRun | None:
    """The survey phase run a new survey of this cycle belongs to (the latest one not yet done)."""
    return (
        cycle.phase_runs.filter(phase__deliverable=DeliverableKind.SURVEY, status__in=LINKABLE_RUN_STATUSES)
        .select_related("phase")
        .order_by("-occurrence", "phase__order")
        .first()
    )


def stage_instrument_version(cycle: Cycle) -> InstrumentVersion | None:
    """The latest loaded version of the instrument the cycle's stage names (None: none named or loaded)."""
    from vereinbar.surveys.models import InstrumentVersion

    urn = cycle.stage.survey_instrument
    if not urn:
        return None
    return (
        InstrumentVersion.objects.select_related("instrument")
        .filter(instrument__urn=urn)
        .order_by("-loaded_at", "-pk")
        .first()
    )


def survey_link_check(*, organisation: Organisation, cycle: Cycle, phase_run: PhaseRun | None) -> PhaseRun | None:
    """Refuse (ValidationError) a link the cycle does not allow; return the run to link (if any)."""
    from vereinbar.surveys.models import Survey, SurveyStatus

    if cycle.organisation_id != organisation.pk:
        raise ValidationError({"cycle": _("Choose one of the organisation's cycles.")})
    if cycle.status not in LINKABLE_STATUSES:
        raise ValidationError(
            {
                "cycle": _("The cycle is “%(status)s”; no survey can be added to it.")
                % {"status": cycle.get_status_display()}
            }
        )
    run = phase_run or survey_run_of(cycle)
    if run is None:
        return None
    if run.cycle_id != cycle.pk or run.phase.deliverable != DeliverableKind.SURVEY:
        raise ValidationError({"cycle": _("This phase does not deliver a staff survey.")})
    if run.status not in LINKABLE_RUN_STATUSES:
        raise ValidationError(
            {
                "cycle": _("“%(phase)s” is “%(status)s”; it needs no further survey.")
                % {"phase": str(run), "status": run.get_status_display()}
            }
        )
    running = Survey.objects.filter(phase_run=run, status__in=[SurveyStatus.DRAFT, SurveyStatus.OPEN]).first()
    if running is not None:
        raise ValidationError(
            {
                "cycle": _("“%(phase)s” already has the survey “%(survey)s”, which is not closed yet.")
                % {"phase": str(run), "survey": running.title}
            }
        )
    return run


def survey_problems(run: PhaseRun) -> list[str]:
    """What keeps a survey phase from being complete (empty: nothing). Used by
    ``services.content.deliverable_problems``."""
    from vereinbar.surveys.models import SurveyStatus

    surveys = list(run.surveys.order_by("-created_at", "-pk"))
    if not surveys:
        if run.note.strip() or run.evidence.exists():
            return []  # run elsewhere: its report is the deliverable
        return [
            _(
                "Create the staff survey for this phase (or, for a survey run elsewhere, describe it and attach its report)."
            )
        ]
    if any(survey.has_results for survey in surveys):
        return []
    latest = surveys[0]
    if latest.status == SurveyStatus.DRAFT:
        return [_("The staff survey “%(title)s” has not been opened yet.") % {"title": latest.title}]
    if latest.status == SurveyStatus.OPEN:
        return [
            _("The staff survey “%(title)s” is still open; this phase is complete when it has closed with results.")
            % {"title": latest.title}
        ]
    return [
        _(
            "The staff survey “%(title)s” closed with fewer than %(k)s answers, so it has no results; run another survey for this phase."
        )
        % {"title": latest.title, "k": latest.min_group_size}
    ]


def phase_follow_survey(*, survey: Survey, moment: datetime | None = None) -> PhaseRun | None:
    """After the survey closed: move its phase on, as the platform, if the survey has results and
    the phase is open or returned. Call inside the transaction that closes the survey.

    A phase still locked then is moved on when it opens (``phase_follow_survey_on_opening``)."""
    from .services import _common as c
    from .services.content import deliverable_problems
    from .services.phases import _repeat, cycle_progress

    if survey.phase_run_id is None or not survey.has_results:
        return None
    run = PhaseRun.objects.select_related("phase", "cycle").get(pk=survey.phase_run_id)
    if run.phase.deliverable not in COMPLETED_ELSEWHERE:
        return None
    run = c.lock_run(run)
    cycle = run.cycle
    if not cycle.is_working or run.status not in (PhaseStatus.OPEN, PhaseStatus.RETURNED):
        return None  # a locked phase follows when it opens; a done one stays done
    if deliverable_problems(run):
        return None
    moment = moment or timezone.now()
    if _phase_complete_for_survey(run=run, survey=survey, moment=moment) == PhaseStatus.ACCEPTED:
        on = timezone.localtime(moment).date()
        _repeat(run=run, on=on)
        # No actor: history records "system", and nobody is left out of the notifications
        # of phases this one opens (a string actor there would break the exclusion).
        cycle_progress(cycle=cycle, actor=None, on=on)
    return run


def phase_follow_survey_on_opening(*, run: PhaseRun, on: date, quiet: bool = False) -> bool:
    """A survey phase that has just opened, whose survey already closed with results while the
    phase was locked: move it on now, as ``phase_follow_survey`` would have on closing. True if
    it moved. Called by ``services.phases`` where phases open; the caller goes on with the
    cycle's progress (its loop opens the phases this one gates)."""
    from vereinbar.surveys.models import SurveyStatus

    from .services.content import deliverable_problems
    from .services.phases import _repeat

    if run.phase.deliverable not in COMPLETED_ELSEWHERE or run.status != PhaseStatus.OPEN:
        return False
    closed = run.surveys.filter(status=SurveyStatus.CLOSED).order_by("-closed_at", "-pk")
    survey = next((survey for survey in closed if survey.has_results), None)
    if survey is None or deliverable_problems(run):
        return False
    # Dated like the opening: now, or noon of the day when the history is replayed.
    moment = timezone.now() if on == timezone.localdate() else timezone.make_aware(datetime.combine(on, time(12)))
    if _phase_complete_for_survey(run=run, survey=survey, moment=moment, on_opening=True, quiet=quiet) == (
        PhaseStatus.ACCEPTED
    ):
        _repeat(run=run, on=on)
    return True


def _phase_complete_for_survey(
    *, run: PhaseRun, survey: Survey, moment: datetime, on_opening: bool = False, quiet: bool = False
) -> PhaseStatus:
    """Submit the run for the platform (accepted at once when nobody accepts it), with its
    history entry and notifications; returns the new status. Run locked, inside a transaction."""
    from .services import _common as c
    from .services.phases import phase_label

    cycle = run.cycle
    target = PhaseStatus.SUBMITTED if run.phase.accepted_by else PhaseStatus.ACCEPTED
    transition_check(
        PHASE_TRANSITIONS,
        run.status,
        target,
        parties=frozenset({Party.SYSTEM}),
        placeholders=phase_parties(run.phase),
        label=phase_label(run),
    )
    data: dict[str, object] = {"status": target, "submitted_at": moment, "submitted_by": None}
    if target == PhaseStatus.ACCEPTED:
        data |= {"accepted_at": moment, "accepted_by": None}
    after: dict[str, object] = {"survey": survey.pk}
    if on_opening:
        after["on_opening"] = True  # the survey had closed while the phase was still locked
    model_update(
        run,
        data,
        actor="system",
        verb=c.VERB_PHASE_SUBMITTED if target == PhaseStatus.SUBMITTED else c.VERB_PHASE_ACCEPTED,
        organisation=cycle.organisation,
        recorded=("status",),
        after_extra=after,
    )
    if not quiet:
        if target == PhaseStatus.SUBMITTED:
            c.notify(cycle, phase_parties(run.phase)[Party.ACCEPTOR], "phase_submitted", run=run)
        else:
            c.notify(cycle, c.actor_parties_of_phase(run), "phase_accepted", run=run)
    return target


# --- goals from hotspots ------------------------------------------------------------------


@dataclass(frozen=True)
class GoalTarget:
    """A cycle whose target agreement can take a goal made from a survey hotspot."""

    cycle: Cycle
    action_fields: list[tuple[str, str]]  # code, label
    refused: str  # why goals cannot be added now (empty: they can)


def _agreement_phase_run(cycle: Cycle) -> PhaseRun | None:
    from .services.agreement import agreement_run

    return agreement_run(cycle)


def goal_targets(user: User, survey: Survey) -> list[GoalTarget]:
    """Cycles whose target agreement the user works on, for goals from this survey's hotspots:
    the survey's own cycle, or for a standalone survey the organisation's running cycles."""
    from .services.agreement import agreement_check

    if survey.cycle_id and survey.cycle:
        cycles = [survey.cycle]
    else:
        cycles = [cycle for cycle in cycles_for_surveys(survey.organisation) if cycle.is_working]
    targets = []
    for cycle in cycles:
        run = _agreement_phase_run(cycle)
        if run is None or not can_edit_phase(user, cycle, run.phase):
            continue
        refused = ""
        try:
            agreement_check(user, cycle)
        except PermissionDenied:
            continue
        except ValidationError as exc:
            refused = " ".join(exc.messages)
        fields = [
            (field.code, str(field))
            for field in ActionField.objects.filter(version_id=cycle.version_id).order_by("order")
        ]
        targets.append(GoalTarget(cycle, fields, refused))
    return targets


def hotspot_action_field(survey: Survey, scale_key: str, cycle: Cycle) -> str:
    """The action field the instrument names for this scale in the cycle's programme (or "")."""
    scale = next((s for s in survey.instrument_version.spec.scales if s.key == scale_key), None)
    if scale is None:
        return ""
    known = set(ActionField.objects.filter(version_id=cycle.version_id).values_list("code", flat=True))
    codes = scale.programme_action_fields.get(cycle.programme.identifier, ())
    return next((code for code in codes if code in known), "")


def goal_from_hotspot(
    *, actor: User, survey: Survey, scale_key: str, cycle: Cycle | None = None, action_field_code: str = ""
) -> Goal:
    """Add a goal to the target agreement of the survey's cycle (or the given cycle of the same
    organisation) for one scale of the survey, pre-filled from the scale and its result."""
    from vereinbar.surveys.instrument import pick
    from vereinbar.surveys.report.cache import report_cached

    from .services.agreement import goal_save

    if not survey.has_results:
        raise ValidationError(_("Goals can be made from a survey once it has closed with results."))
    if survey.cycle_id:
        if cycle is not None and cycle.pk != survey.cycle_id:
            raise ValidationError({"cycle": _("This survey belongs to another cycle.")})
        cycle = survey.cycle
    if cycle is None:
        raise ValidationError({"cycle": _("Choose the cycle whose target agreement gets the goal.")})
    if cycle.organisation_id != survey.organisation_id or not parties_of(actor, cycle):
        raise PermissionDenied
    spec = survey.instrument_version.spec
    scale = next((s for s in spec.scales if s.key == scale_key), None)
    if scale is None:
        raise ValidationError({"scale": _("The questionnaire has no such scale.")})
    code = action_field_code or hotspot_action_field(survey, scale_key, cycle)
    if not code:
        raise ValidationError({"action_field": _("Choose the action field of the goal.")})
    language = get_language() or spec.default_language
    title = pick(scale.title, language, spec.default_language)
    # The whole organisation's figure as the report shows it: under the same rules (at least k
    # answers, and not hidden for another survey wave a few answers apart, surveys/report/waves.py).
    profile = report_cached(survey, language, "all").profile
    cell = next((line.cell for line in profile if line.scale.key == scale_key), None)
    mean = cell.mean if cell is not None and cell.shown else None
    if scale.higher_is_better:
        goal_title = _("Improve “%(scale)s” (staff survey)") % {"scale": title}
        measure = _("Next staff survey: “%(scale)s” above %(mean)s (now %(mean)s in “%(survey)s”)")
    else:
        goal_title = _("Reduce “%(scale)s” (staff survey)") % {"scale": title}
        measure = _("Next staff survey: “%(scale)s” below %(mean)s (now %(mean)s in “%(survey)s”)")
    success = (
        measure % {"scale": title, "mean": f"{mean:.0f}", "survey": survey.title}
        if mean is not None
        else _("Next staff survey: “%(scale)s” better than in “%(survey)s”") % {"scale": title, "survey": survey.title}
    )
    with transaction.atomic():
        goal = goal_save(actor=actor, cycle=cycle, action_field_code=code, title=goal_title, success_measure=success)
        entry_record(
            actor=actor,
            verb="survey.hotspot_goal",
            target=survey,
            organisation=survey.organisation,
            after={"scale": scale_key, "goal": goal.code, "cycle": cycle.pk},
        )
    return goal


# --- what the survey phase page shows ------------------------------------------------------


def survey_phase_context(user: User, area: str, run: PhaseRun) -> dict[str, Any]:
    """The surveys linked to a survey phase run, as the phase page shows them: state, field
    period, participation, and where to read the results (for those who may)."""
    from django.urls import reverse

    from vereinbar.organisations.permissions import Action, has_permission
    from vereinbar.surveys.models import SurveyStatus
    from vereinbar.surveys.permissions import SurveyAction, can
    from vereinbar.surveys.selectors import participation_of

    from .links import cycle_reverse

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
