"""Reads about surveys that depend on who asks, plus participation figures."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from vereinbar.accounts.models import User
from vereinbar.organisations.models import Organisation
from vereinbar.organisations.permissions import Action, has_permission

from .models import InstrumentVersion, InvitationKind, Response, ResponseDraft, Survey, SurveyAccess, SurveyInvitation


def surveys_visible_to(*, user: User, organisation: Organisation) -> QuerySet[Survey]:
    """All surveys for roles that see them; otherwise only those shared with the user."""
    surveys = Survey.objects.filter(organisation=organisation).select_related("instrument_version__instrument")
    if has_permission(user, organisation, Action.VIEW_SURVEYS):
        return surveys
    return surveys.filter(access_grants__user=user)


def instrument_versions_available() -> QuerySet[InstrumentVersion]:
    return InstrumentVersion.objects.select_related("instrument").order_by("instrument__urn", "-loaded_at")


def access_grants_of(*, survey: Survey) -> QuerySet[SurveyAccess]:
    """Call only after the permission check on the survey."""
    return SurveyAccess.objects.filter(survey=survey).select_related("user").order_by("user__email")


def participation_of(*, survey: Survey) -> dict[str, int]:
    """Counts only: invited (by kind), submitted, waiting for release. Never who."""
    invitations = SurveyInvitation.objects.filter(survey=survey).aggregate(
        emails=Count("pk", filter=Q(kind=InvitationKind.EMAIL)),
        codes=Count("pk", filter=Q(kind=InvitationKind.CODE)),
        used=Count("pk", filter=Q(used=True)),
    )
    invited_after_close = sum(unit.invited_count or 0 for unit in survey.units.all())
    responses = Response.objects.filter(survey=survey).count()
    waiting = ResponseDraft.objects.filter(survey=survey, submitted=True).count()
    return {
        "emails": invitations["emails"],
        "codes": invitations["codes"],
        "invited": invitations["emails"] + invitations["codes"] or invited_after_close,
        "submitted": responses + waiting,
        "released": responses,
        "waiting": waiting,
    }
