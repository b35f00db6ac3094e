"""A cycle's staff survey on the cycle's pages: the panel of a survey phase on the phase page
(``survey_phase_panel``, which cycles asks through ``cycles.survey_hooks``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from vereinbar.accounts.models import User
from vereinbar.cycles.links import cycle_reverse
from vereinbar.cycles.models import PhaseRun
from vereinbar.cycles.selectors import LINKABLE_RUN_STATUSES, LINKABLE_STATUSES
from vereinbar.organisations.permissions import Action, has_permission

from ..models import SurveyStatus
from ..permissions import SurveyAction, can
from ..selectors import participation_of, stage_instrument_version


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
