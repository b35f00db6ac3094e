"""Who may do what with a survey. Organisation rules come from organisations.permissions
(MANAGE_SURVEYS, VIEW_SURVEYS); a per-survey grant adds read access (e.g. for the staff
council) and, separately, the right to export raw data, which no role has by itself. The
auditor assigned to the cycle a survey was run for reads its aggregated report (VIEW_REPORT)."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vereinbar.core.types import Visitor
from vereinbar.organisations.models import Organisation, OrganisationType
from vereinbar.organisations.permissions import Action, has_permission, organisation_for_user

from .models import Survey, SurveyAccess


class SurveyAction(StrEnum):
    VIEW = "view"  # settings, participation, results
    MANAGE = "manage"  # change settings, invite, open, close, grant access
    RAW_DATA = "raw_data"  # export raw answers (coarsened), logged
    VIEW_REPORT = "view_report"  # the aggregated results only (also the cycle's assigned auditor)


def _grant(user: Visitor, survey: Survey) -> SurveyAccess | None:
    if not user.is_authenticated:
        return None
    return SurveyAccess.objects.filter(survey=survey, user=user).first()


def is_cycle_auditor(user: Visitor, survey: Survey) -> bool:
    """The user is the auditor assigned to the cycle the survey was run for: they may read its
    aggregated report (never raw data, comments or participation records)."""
    if survey.cycle_id is None or survey.cycle is None:
        return False
    from vereinbar.cycles.permissions import parties_of
    from vereinbar.cycles.workflow import Party

    return Party.AUDITOR in parties_of(user, survey.cycle)


def can(user: Visitor, survey: Survey, action: SurveyAction) -> bool:
    organisation = survey.organisation
    if action == SurveyAction.MANAGE:
        return has_permission(user, organisation, Action.MANAGE_SURVEYS)
    grant = _grant(user, survey)
    if action == SurveyAction.RAW_DATA:
        return grant is not None and grant.raw_data and has_permission(user, organisation, Action.VIEW)
    if action == SurveyAction.VIEW_REPORT and is_cycle_auditor(user, survey):
        return True
    return has_permission(user, organisation, Action.VIEW_SURVEYS) or (
        grant is not None and has_permission(user, organisation, Action.VIEW)
    )


def surveys_organisation_for_user(user: Visitor, slug: str) -> Organisation:
    """The employer organisation whose surveys the user may see at all: 404 otherwise."""
    organisation = organisation_for_user(user, slug, Action.VIEW)
    if organisation.type != OrganisationType.EMPLOYER:
        raise Http404
    return organisation


def survey_for_user(user: Visitor, slug: str, survey_id: int, action: SurveyAction = SurveyAction.VIEW) -> Survey:
    """Fetch the survey for this user and action: 404 if the organisation or survey is not
    visible to them, 403 if their role or grant does not allow the action."""
    organisation = surveys_organisation_for_user(user, slug)
    survey = (
        Survey.objects.select_related("organisation", "instrument_version__instrument")
        .filter(pk=survey_id, organisation=organisation)
        .first()
    )
    if survey is None:
        raise Http404
    if not can(user, survey, action):
        raise PermissionDenied
    return survey
