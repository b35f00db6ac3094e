"""The link between cycles and staff surveys: the changes (the reads are in ``selectors``).

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

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vereinbar.accounts.models import User
from vereinbar.activity.services import entry_record
from vereinbar.activity.updates import model_update
from vereinbar.programmes.models import DeliverableKind

from ..models import Cycle, Goal, PhaseRun, PhaseStatus
from ..permissions import parties_of, phase_parties
from ..selectors import LINKABLE_RUN_STATUSES, LINKABLE_STATUSES, hotspot_action_field, survey_run_of
from ..workflow import COMPLETED_ELSEWHERE, PHASE_TRANSITIONS, Party, transition_check
from . import _common as c

if TYPE_CHECKING:
    from vereinbar.organisations.models import Organisation
    from vereinbar.surveys.models import Survey


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


def phase_follow_survey(*, survey: Survey, moment: datetime | None = None) -> PhaseRun | None:
    """After the survey closed: move its phase on, as the platform, if the survey has results and
    the phase is open or returned. Call inside the transaction that closes the survey.

    A phase still locked then is moved on when it opens (``phase_follow_survey_on_opening``)."""
    from .content import deliverable_problems
    from .phases import _repeat, cycle_progress

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

    from .content import deliverable_problems
    from .phases import _repeat

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
    from .phases import phase_label

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


def goal_from_hotspot(
    *, actor: User, survey: Survey, scale_key: str, cycle: Cycle | None = None, action_field_code: str = ""
) -> Goal:
    """Add a goal to the target agreement of the survey's cycle (or the given cycle of the same
    organisation) for one scale of the survey, pre-filled from the scale and its result."""
    from vereinbar.surveys.instrument import pick
    from vereinbar.surveys.report.cache import report_cached

    from .agreement import goal_save

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
