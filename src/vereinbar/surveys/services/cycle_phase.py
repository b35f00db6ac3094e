"""A cycle's staff survey: the changes (its reads are in ``surveys.selectors``).

A survey can be created for a cycle (``Survey.cycle``) and, when the cycle's stage has a phase
whose deliverable is ``survey``, for that phase run (``Survey.phase_run``). Such a phase follows
its survey: it cannot be completed while the survey is in preparation or open, and when the
survey closes with results (at least the minimum group size answered) the platform moves the
phase on (``cycles.services.elsewhere``: submitted to its acceptor, or accepted when nobody
accepts it); a phase still locked then is moved on the same way when it opens (cycles asks
``selectors.survey_delivered`` through ``cycles.survey_hooks``). A survey phase without a linked
survey (a survey run elsewhere) is delivered like a document: a text or the attached report.

Goals of the target agreement can be made from a hotspot of the survey's report
(``goal_from_hotspot``), numbered in the action field the instrument names for the programme.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vereinbar.accounts.models import User
from vereinbar.activity.services import entry_record
from vereinbar.cycles.models import Cycle, Goal, PhaseRun
from vereinbar.cycles.permissions import parties_of
from vereinbar.cycles.selectors import (
    LINKABLE_RUN_STATUSES,
    LINKABLE_STATUSES,
    hotspot_action_field,
    survey_run_of,
)
from vereinbar.cycles.services.elsewhere import phase_complete_elsewhere
from vereinbar.programmes.models import DeliverableKind

from ..models import Survey, SurveyStatus

if TYPE_CHECKING:
    from vereinbar.organisations.models import Organisation


def survey_link_check(*, organisation: Organisation, cycle: Cycle, phase_run: PhaseRun | None) -> PhaseRun | None:
    """Refuse (ValidationError) a link the cycle does not allow; return the run to link (if any)."""
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
                % {"phase": str(run), "survey": running.title_text}
            }
        )
    return run


def phase_follow_survey(*, survey: Survey, moment: datetime | None = None) -> PhaseRun | None:
    """After the survey closed: move its phase on, as the platform, if the survey has results and
    the phase is open or returned. Call inside the transaction that closes the survey.

    A phase still locked then is moved on when it opens (``selectors.survey_delivered``)."""
    if survey.phase_run_id is None or not survey.has_results:
        return None
    return phase_complete_elsewhere(
        run_id=survey.phase_run_id, moment=moment or timezone.now(), delivered={"survey": survey.pk}
    )


def goal_from_hotspot(
    *, actor: User, survey: Survey, scale_key: str, cycle: Cycle | None = None, action_field_code: str = ""
) -> Goal:
    """Add a goal to the target agreement of the survey's cycle (or the given cycle of the same
    organisation) for one scale of the survey, pre-filled from the scale and its result."""
    from vereinbar.cycles.services import goal_save

    from ..instrument import pick
    from ..report.cache import report_cached

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
        measure % {"scale": title, "mean": f"{mean:.0f}", "survey": survey.title_in(language)}
        if mean is not None
        else _("Next staff survey: “%(scale)s” better than in “%(survey)s”")
        % {"scale": title, "survey": survey.title_in(language)}
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
