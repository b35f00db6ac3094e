"""Reads about surveys: those that depend on who asks, participation figures, instrument
versions (and their export) and how far a survey's invitation mails have got."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinbar.accounts.models import User
from vereinbar.notifications.models import OutgoingMail
from vereinbar.notifications.outbox import Progress, batch_progress
from vereinbar.organisations.models import Organisation
from vereinbar.organisations.permissions import Action, has_permission

from .instrument import definition_yaml
from .models import (
    InstrumentVersion,
    InvitationKind,
    Response,
    ResponseDraft,
    Survey,
    SurveyAccess,
    SurveyInvitation,
    SurveyStatus,
)

if TYPE_CHECKING:
    from vereinbar.cycles.models import Cycle, PhaseRun

    from .report.build import RateRow


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


def unit_paths_of(*, survey: Survey) -> dict[int, str]:
    """Each unit of the survey as "Department / Team", so that a long list says where a unit
    sits (units of the same name under different parents stay apart)."""
    units = {unit.pk: (unit.name, unit.parent_id) for unit in survey.units.all()}

    def path(pk: int) -> str:
        names: list[str] = []
        current: int | None = pk
        while current is not None and current in units and len(names) < 50:
            name, current = units[current]
            names.append(name)
        return " / ".join(reversed(names))

    return {pk: path(pk) for pk in units}


def unit_groups_of(*, survey: Survey) -> list[tuple[str, list[str]]]:
    """The survey's units by top-level unit: each with the paths of the units inside it, in
    the survey's order (for the settings card, where 30 and more units are a long list)."""
    units = list(survey.units.all())
    paths = unit_paths_of(survey=survey)
    parents = {unit.pk: unit.parent_id for unit in units}

    def top(pk: int) -> int:
        seen = 0
        while parents.get(pk) is not None and seen < 50:
            pk, seen = parents[pk] or pk, seen + 1
        return pk

    groups: dict[int, list[str]] = {unit.pk: [] for unit in units if unit.parent_id is None}
    for unit in units:
        if unit.parent_id is not None:
            root = top(unit.pk)
            groups.setdefault(root, []).append(paths[unit.pk].removeprefix(f"{paths[root]} / "))
    return [(paths[pk], inner) for pk, inner in groups.items()]


def participation_by_unit(*, survey: Survey, language: str) -> list[RateRow]:
    """While a survey runs: the response rate of the whole organisation and of each unit so
    far, under the results' anonymity rules (``report.build.rates_running``). Only released answers
    count (they enter in shuffled groups of k), and a unit's numbers, invited as well as
    answered, are left out (None) wherever its results would be hidden: fewer than k answers,
    or a number that together with the others would give such a group away."""
    from .report.build import rates_running

    # The rules take seconds for 30 and more units with breakdowns; the figures change only
    # when answers are released or people invited, which the key names.
    released = Response.objects.filter(survey=survey).count()
    invited = SurveyInvitation.objects.filter(survey=survey).count()
    breakdowns = ",".join(survey.report_breakdowns)
    key = f"surveys:running-rates:{survey.pk}:{released}:{invited}:{survey.min_group_size}:{breakdowns}:{language}"
    rows: list[RateRow] | None = cache.get(key)
    if rows is None:
        rows = rates_running(survey=survey, language=language)
        cache.set(key, rows, 3600)
    return rows


def participation_of(*, survey: Survey) -> dict[str, int]:
    """Counts only: invited (by kind), submitted, waiting for release. Never who.

    While the survey runs, "invited" counts its invitations (e-mails and printed codes); the
    numbers per unit (``SurveyUnit.invited_count``) stand in for them only once it has closed
    and they are erased. The open link invites nobody countable."""
    invitations = SurveyInvitation.objects.filter(survey=survey).aggregate(
        emails=Count("pk", filter=Q(kind=InvitationKind.EMAIL)),
        codes=Count("pk", filter=Q(kind=InvitationKind.CODE)),
        used=Count("pk", filter=Q(used=True)),
    )
    invited = invitations["emails"] + invitations["codes"]
    if not invited and survey.status == SurveyStatus.CLOSED:
        invited = sum(unit.invited_count or 0 for unit in survey.units.all())
    responses = Response.objects.filter(survey=survey).count()
    waiting = ResponseDraft.objects.filter(survey=survey, submitted=True).count()
    return {
        "emails": invitations["emails"],
        "codes": invitations["codes"],
        "invited": invited,
        "submitted": responses + waiting,
        "released": responses,
        "waiting": waiting,
    }


def instrument_version_find(reference: str) -> InstrumentVersion | None:
    """``urn`` (latest loaded version) or ``urn@version``."""
    urn, _sep, version = reference.partition("@")
    versions = InstrumentVersion.objects.select_related("instrument").filter(instrument__urn=urn)
    if version:
        return versions.filter(version=version).first()
    return versions.order_by("-loaded_at", "-pk").first()


def instrument_title(urn: str) -> str:
    """The title of the latest loaded version of the questionnaire ``urn``, or "" when none is
    loaded (a programme's stage names it; ``programmes.display.instrument_title_register``)."""
    version = (
        InstrumentVersion.objects.select_related("instrument")
        .filter(instrument__urn=urn)
        .order_by("-loaded_at", "-pk")
        .first()
    )
    return version.title if version else ""


def instrument_export(*, reference: str) -> str:
    """The canonical YAML of an instrument version; loading it again is a no-op."""
    version = instrument_version_find(reference)
    if version is None:
        raise InstrumentVersion.DoesNotExist(reference)
    return definition_yaml(version.definition)


def invitations_progress(*, survey: Survey) -> tuple[str, Progress] | None:
    """The latest batch of invitation or reminder mails of this survey and how far it has got."""
    latest = (
        OutgoingMail.objects.filter(batch__startswith=f"survey:{survey.pk}:")
        .order_by("-created_at", "-pk")
        .values_list("batch", flat=True)
        .first()
    )
    if latest is None:
        return None
    return latest, batch_progress(batch=latest)


# Reminders go out at most once a day: mails cannot be taken back, and a repeated click would
# otherwise send hundreds of people the same reminder twice.
REMINDER_GAP = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class Reminders:
    """Counts only, never who: how many would get a reminder now, and the last one sent."""

    pending: int  # invited by e-mail and not answered yet
    last_sent_at: datetime.datetime | None
    last_sent: int  # how many the last reminder went to

    @property
    def next_possible_at(self) -> datetime.datetime | None:
        """When the next reminder may go out; None when it may go out now."""
        if self.last_sent_at is None or timezone.now() >= self.last_sent_at + REMINDER_GAP:
            return None
        return self.last_sent_at + REMINDER_GAP


def reminders_of(*, survey: Survey) -> Reminders:
    """Who a reminder would reach now (a number) and when the last reminder went out."""
    from django.contrib.contenttypes.models import ContentType

    from vereinbar.activity.models import Entry

    last = (
        Entry.objects.filter(
            verb="survey.reminders_sent",
            target_type=ContentType.objects.get_for_model(Survey),
            target_id=str(survey.pk),
            after__sent__gt=0,
        )
        .order_by("-created_at")
        .values_list("created_at", "after")
        .first()
    )
    pending = SurveyInvitation.objects.filter(survey=survey, kind=InvitationKind.EMAIL, used=False).count()
    if last is None:
        return Reminders(pending=pending, last_sent_at=None, last_sent=0)
    return Reminders(pending=pending, last_sent_at=last[0], last_sent=int((last[1] or {}).get("sent", 0)))


# --- The staff survey of a cycle's phase (cycles asks through ``cycles.survey_hooks``) ---


def stage_instrument_version(cycle: Cycle) -> InstrumentVersion | None:
    """The latest loaded version of the instrument the cycle's stage names (None: none named or loaded)."""
    urn = cycle.stage.survey_instrument
    if not urn:
        return None
    return (
        InstrumentVersion.objects.select_related("instrument")
        .filter(instrument__urn=urn)
        .order_by("-loaded_at", "-pk")
        .first()
    )


def survey_phase_problems(run: PhaseRun) -> list[str]:
    """What keeps a survey phase from being complete (empty: nothing). Cycles asks it through
    ``cycles.survey_hooks`` (``cycles.services.content.deliverable_problems``)."""
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
        return [_("The staff survey “%(title)s” has not been opened yet.") % {"title": latest.title_text}]
    if latest.status == SurveyStatus.OPEN:
        return [
            _("The staff survey “%(title)s” is still open; this phase is complete when it has closed with results.")
            % {"title": latest.title_text}
        ]
    return [
        _(
            "The staff survey “%(title)s” closed with fewer than %(k)s answers, so it has no results; run another survey for this phase."
        )
        % {"title": latest.title_text, "k": latest.min_group_size}
    ]


def survey_delivered(run: PhaseRun) -> dict[str, object] | None:
    """The survey that already delivered the survey phase run (the latest closed with results),
    as the phase's history entry names it, or None. Asked when the run opens
    (``cycles.services.elsewhere.phase_follow_on_opening``)."""
    closed = run.surveys.filter(status=SurveyStatus.CLOSED).order_by("-closed_at", "-pk")
    survey = next((survey for survey in closed if survey.has_results), None)
    return {"survey": survey.pk} if survey is not None else None
