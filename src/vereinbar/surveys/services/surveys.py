"""Creating and running surveys: settings, units, read access, opening and closing.

Each function is one command: guard → one transaction → change → history entry.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinbar.accounts.models import Membership, User
from vereinbar.activity.services import entry_record
from vereinbar.cycles.models import Cycle, PhaseRun
from vereinbar.organisations.models import Organisation, OrganisationType, Unit
from vereinbar.organisations.permissions import Action, has_permission

from .. import tokens
from ..models import (
    ALLOWED_STATUS_CHANGES,
    MAX_REPORT_BREAKDOWNS,
    MIN_K,
    InstrumentVersion,
    Survey,
    SurveyAccess,
    SurveyInvitation,
    SurveyStatus,
    SurveyUnit,
)
from ..report.groups import breakdowns_check

UNIT_SEPARATOR = "/"
MAX_UNITS = 500


def _guard_manage(actor: User, organisation: Organisation) -> None:
    if not has_permission(actor, organisation, Action.MANAGE_SURVEYS):
        raise PermissionDenied


@dataclass(frozen=True)
class UnitLine:
    name: str
    parent: str | None


def _unit_parts(line: str, above: list[str]) -> list[str]:
    """The path a line names: ``Parent / Child``, or cells pasted from Excel columns (tabs),
    where an empty leading cell repeats the cell above it, as in a list grouped by department."""
    if "\t" not in line:
        return [part for part in (part.strip() for part in line.split(UNIT_SEPARATOR)) if part]
    cells = [cell.strip() for cell in line.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    for i, cell in enumerate(cells):
        if cell:
            break
        cells[i] = above[i] if i < len(above) else ""
    return [cell for cell in cells if cell]


def units_parse(text: str) -> list[UnitLine]:
    """One unit per line, ``Parent / Child`` (or two columns pasted from Excel) for a sub-unit;
    parents are created as needed."""
    seen: dict[str, str | None] = {}
    errors: list[str] = []
    above: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = _unit_parts(line, above)
        if "\t" in line:
            above = parts
        if not parts:
            continue
        for depth, name in enumerate(parts):
            parent = parts[depth - 1] if depth else None
            if len(name) > 200:
                errors.append(_("Line %(line)s: a unit name has at most 200 characters.") % {"line": number})
            elif name in seen and seen[name] != parent and depth == len(parts) - 1:
                errors.append(
                    _(
                        "Line %(line)s: the unit “%(name)s” appears under two different parents; unit names must be unique."
                    )
                    % {"line": number, "name": name}
                )
            elif name not in seen:
                seen[name] = parent
    if len(seen) > MAX_UNITS:
        errors.append(_("At most %(count)s units.") % {"count": MAX_UNITS})
    if errors:
        raise ValidationError({"units": errors})
    return [UnitLine(name, parent) for name, parent in seen.items()]


def units_text_of(organisation: Organisation) -> str:
    """The organisation's unit tree as lines for the unit field (``Parent / Child``)."""
    units = list(Unit.objects.filter(organisation=organisation).values_list("pk", "name", "parent_id"))
    by_pk = {pk: (name, parent) for pk, name, parent in units}

    def path(pk: int) -> str:
        names: list[str] = []
        current: int | None = pk
        while current is not None and len(names) < 50:
            name, parent = by_pk[current]
            names.append(name)
            current = parent
        return f" {UNIT_SEPARATOR} ".join(reversed(names))

    return "\n".join(sorted(path(pk) for pk in by_pk))


def _units_replace(survey: Survey, lines: list[UnitLine]) -> None:
    sources = {
        name.casefold(): pk
        for pk, name in Unit.objects.filter(organisation=survey.organisation).values_list("pk", "name")
    }
    survey.units.all().delete()
    created: dict[str, SurveyUnit] = {}
    for position, line in enumerate(lines):
        created[line.name] = SurveyUnit.objects.create(
            survey=survey,
            name=line.name,
            parent=created.get(line.parent) if line.parent else None,
            position=position,
            source_id=sources.get(line.name.casefold()),
        )


def _titles_check(
    *, title: str, titles: Mapping[str, str] | None, languages: list[str], kept: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The survey's title in each of its ``languages`` that has one, the first language's always.

    ``titles``: the titles by language (a language left empty shows the first language's);
    ``title``: the first language's when ``titles`` has none for it (the one title of the API and
    of callers from before titles per language). Without ``titles``, the other languages keep
    their ``kept`` titles."""
    first = languages[0] if languages else ""
    given = dict(kept or {}) if titles is None else {}
    if title.strip():
        given[first] = title
    given |= {code: text for code, text in (titles or {}).items() if text.strip()}
    result = {code: given[code].strip()[:200] for code in languages if code in given}
    if first and first not in result:
        raise ValidationError({"title": _("Give the survey a title.")})
    return result


def _check_settings(
    *,
    instrument_version: InstrumentVersion,
    languages: list[str],
    min_group_size: int,
    min_group_size_comments: int,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
    report_breakdowns: list[str] | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    if report_breakdowns is not None:
        try:  # each once, only breakdown questions, at most two
            report_breakdowns[:] = breakdowns_check(instrument_version.spec, report_breakdowns)
        except ValidationError as exc:
            errors["report_breakdowns"] = exc.messages
    offered = set(instrument_version.spec.languages)
    known = {code for code, _name in settings.LANGUAGES}
    if not languages:
        errors["languages"] = [_("Choose at least one language.")]
    elif not set(languages) <= offered & known:
        errors["languages"] = [_("The questionnaire is not available in every chosen language.")]
    if min_group_size < MIN_K:
        errors["min_group_size"] = [_("The minimum group size can never be below %(k)s.") % {"k": MIN_K}]
    if min_group_size_comments < min_group_size:
        errors["min_group_size_comments"] = [
            _("The minimum group size for comments cannot be below the minimum group size.")
        ]
    if opens_on and closes_on and closes_on < opens_on:
        errors["closes_on"] = [_("The field period cannot end before it starts.")]
    if errors:
        raise ValidationError(errors)


def survey_create(
    *,
    actor: User,
    organisation: Organisation,
    instrument_version: InstrumentVersion,
    title: str,
    languages: list[str],
    titles: Mapping[str, str] | None = None,
    units: str = "",
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    min_group_size: int = 5,
    min_group_size_comments: int = 10,
    intro: str = "",
    cycle: Cycle | None = None,
    phase_run: PhaseRun | None = None,
) -> Survey:
    """Create a survey in preparation for an employer organisation: standalone, or for one of its
    cycles (then linked to the cycle's survey phase, whose completion follows the survey)."""
    from .cycle_phase import survey_link_check

    _guard_manage(actor, organisation)
    if organisation.type != OrganisationType.EMPLOYER:
        raise PermissionDenied
    if phase_run is not None and cycle is None:
        cycle = phase_run.cycle
    run = survey_link_check(organisation=organisation, cycle=cycle, phase_run=phase_run) if cycle else None
    by_language = _titles_check(title=title, titles=titles, languages=languages)
    _check_settings(
        instrument_version=instrument_version,
        languages=languages,
        min_group_size=min_group_size,
        min_group_size_comments=min_group_size_comments,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    lines = units_parse(units)
    with transaction.atomic():
        survey = Survey.objects.create(
            organisation=organisation,
            instrument_version=instrument_version,
            report_breakdowns=[item.key for item in instrument_version.spec.breakdown_items[:MAX_REPORT_BREAKDOWNS]],
            title=by_language[languages[0]],
            titles=by_language,
            languages=list(languages),
            opens_on=opens_on,
            closes_on=closes_on,
            min_group_size=min_group_size,
            min_group_size_comments=min_group_size_comments,
            intro=intro.strip(),
            created_by=actor,
            cycle=cycle,
            phase_run=run,
        )
        _units_replace(survey, lines)
        entry_record(
            actor=actor,
            verb="survey.created",
            target=survey,
            organisation=organisation,
            after={
                "instrument": instrument_version.reference,
                "k": min_group_size,
                "comment_k": min_group_size_comments,
                "units": len(lines),
                **({"cycle": cycle.pk} if cycle else {}),
                **({"phase_run": run.pk} if run else {}),
            },
        )
    return survey


def survey_update(
    *,
    actor: User,
    survey: Survey,
    title: str,
    languages: list[str],
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
    min_group_size: int,
    min_group_size_comments: int,
    intro: str,
    titles: Mapping[str, str] | None = None,
    units: str | None = None,
    report_breakdowns: list[str] | None = None,
) -> Survey:
    """Change the settings. Once answers come in, the minimum group sizes may rise but never fall,
    and the units are fixed."""
    _guard_manage(actor, survey.organisation)
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("A closed survey cannot be changed."))
    by_language = _titles_check(title=title, titles=titles, languages=languages, kept=survey.titles)
    _check_settings(
        instrument_version=survey.instrument_version,
        languages=languages,
        min_group_size=min_group_size,
        min_group_size_comments=min_group_size_comments,
        opens_on=opens_on,
        closes_on=closes_on,
        report_breakdowns=report_breakdowns,
    )
    if survey.status != SurveyStatus.DRAFT:
        if min_group_size < survey.min_group_size:
            raise ValidationError(
                {"min_group_size": _("Once the survey is open, the minimum group size can only rise.")}
            )
        if min_group_size_comments < survey.min_group_size_comments:
            raise ValidationError(
                {"min_group_size_comments": _("Once the survey is open, the minimum group size can only rise.")}
            )
    lines = units_parse(units) if units is not None and survey.status == SurveyStatus.DRAFT else None
    if lines is not None:
        current = [
            UnitLine(unit.name, unit.parent.name if unit.parent else None)
            for unit in survey.units.select_related("parent")
        ]
        if sorted(lines, key=str) == sorted(current, key=str):
            lines = None  # unchanged: keep the units (and what refers to them)
        elif survey.invitations.exists():
            raise ValidationError(
                {"units": _("The units cannot change once printed codes have been created for them.")}
            )
    fields = {
        "title": by_language[languages[0]],
        "titles": by_language,
        "languages": list(languages),
        "opens_on": opens_on,
        "closes_on": closes_on,
        "min_group_size": min_group_size,
        "min_group_size_comments": min_group_size_comments,
        "intro": intro.strip(),
        "report_breakdowns": list(report_breakdowns if report_breakdowns is not None else survey.report_breakdowns),
    }
    before = {key: _plain(getattr(survey, key)) for key in fields}
    with transaction.atomic():
        for key, value in fields.items():
            setattr(survey, key, value)
        survey.save(update_fields=list(fields))
        if lines is not None:
            _units_replace(survey, lines)
        entry_record(
            actor=actor,
            verb="survey.updated",
            target=survey,
            organisation=survey.organisation,
            before=before,
            after={key: _plain(value) for key, value in fields.items()},
        )
    return survey


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _guard_transition(survey: Survey, to: str) -> None:
    if to not in ALLOWED_STATUS_CHANGES[survey.status]:
        raise ValidationError(
            _("A survey that is “%(status)s” cannot change to “%(target)s”.")
            % {"status": survey.get_status_display(), "target": SurveyStatus(to).label}
        )


def survey_open(*, actor: User, survey: Survey) -> Survey:
    """Open the field period: invitations can be sent and answers come in."""
    _guard_manage(actor, survey.organisation)
    _guard_transition(survey, SurveyStatus.OPEN)
    today = timezone.localdate()
    before: dict[str, Any] = {"status": SurveyStatus.DRAFT.value}
    after: dict[str, Any] = {"status": SurveyStatus.OPEN.value}
    with transaction.atomic():
        survey.status = SurveyStatus.OPEN
        # Opened before the planned day, the field period starts today: the settings, the
        # report and the PDF must not date the first answers to a day still to come.
        if survey.opens_on is not None and survey.opens_on > today:
            before["opens_on"], after["opens_on"] = _plain(survey.opens_on), _plain(today)
            survey.opens_on = today
        elif survey.opens_on is None:
            survey.opens_on = today
        survey.save(update_fields=["status", "opens_on"])
        entry_record(
            actor=actor,
            verb="survey.opened",
            target=survey,
            organisation=survey.organisation,
            before=before,
            after=after,
        )
    return survey


def survey_close(*, actor: User | None, survey: Survey, closed_at: datetime.datetime | None = None) -> Survey:
    """End the field period: release every waiting answer, discard unfinished drafts, keep only
    the number invited per unit and erase the invitations (e-mail addresses and tokens).
    ``closed_at`` dates a close replayed from the past (the demo's history); default now."""
    from vereinbar.core.erasure import rows_forget

    from ..figures import figures_refresh
    from ..models import ResponseDraft
    from .answering import responses_release, results_store
    from .cycle_phase import phase_follow_survey

    if actor is not None:
        _guard_manage(actor, survey.organisation)
    _guard_transition(survey, SurveyStatus.CLOSED)
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        _guard_transition(locked, SurveyStatus.CLOSED)
        responses_release(survey=locked, final=True)
        locked.drafts.all().delete()
        invited = dict(
            SurveyInvitation.objects.filter(survey=locked)
            .values("unit_id")
            .annotate(count=Count("pk"))
            .values_list("unit_id", "count")
        )
        for unit in locked.units.all():
            unit.invited_count = invited.get(unit.pk, 0)
            unit.save(update_fields=["invited_count"])
        invited_total = sum(invited.values())
        locked.invitations.all().delete()
        locked.status = SurveyStatus.CLOSED
        locked.closed_at = closed_at or timezone.now()
        locked.open_code = ""
        locked.save(update_fields=["status", "closed_at", "open_code"])
        results_store(survey=locked)
        # The whole-organisation figures the ranking lists read, of this wave and the others.
        figures_refresh(locked)
        entry_record(
            actor=actor,
            verb="survey.closed",
            target=locked,
            organisation=locked.organisation,
            before={"status": SurveyStatus.OPEN.value},
            after={
                "status": SurveyStatus.CLOSED.value,
                "invited": invited_total,
                "responses": locked.responses.count(),
            },
        )
        # A phase of a cycle that follows this survey moves on now that it has results.
        phase_follow_survey(survey=locked, moment=closed_at)
        # Nothing of the deleted drafts and invitations stays readable in the database files.
        rows_forget(tables=[ResponseDraft._meta.db_table, SurveyInvitation._meta.db_table])
    survey.refresh_from_db()
    return survey


def survey_open_link_set(*, actor: User, survey: Survey, enabled: bool) -> Survey:
    """Switch the open-link mode (one shared code for a small team; weaker: anyone with the
    code can answer, and more than once)."""
    _guard_manage(actor, survey.organisation)
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("A closed survey cannot be changed."))
    code = tokens.new_code(tokens.OPEN_CODE_LENGTH) if enabled else ""
    with transaction.atomic():
        survey.open_code = code
        survey.save(update_fields=["open_code"])
        entry_record(
            actor=actor,
            verb="survey.open_link_enabled" if enabled else "survey.open_link_disabled",
            target=survey,
            organisation=survey.organisation,
        )
    return survey


def survey_access_grant(*, actor: User, survey: Survey, email: str, raw_data: bool = False) -> SurveyAccess:
    """Give a member of the organisation (e.g. of the staff council) read access to this survey,
    optionally with the right to export raw data."""
    _guard_manage(actor, survey.organisation)
    membership = (
        Membership.objects.select_related("user")
        .filter(organisation=survey.organisation, user__email__iexact=email.strip())
        .first()
    )
    if membership is None:
        raise ValidationError(
            {"email": _("Only members of the organisation can be given access. Invite the person first.")}
        )
    with transaction.atomic():
        access, created = SurveyAccess.objects.get_or_create(
            survey=survey, user=membership.user, defaults={"raw_data": raw_data, "granted_by": actor}
        )
        before = None if created else {"raw_data": access.raw_data}
        if not created and access.raw_data != raw_data:
            access.raw_data = raw_data
            access.save(update_fields=["raw_data"])
        entry_record(
            actor=actor,
            verb="survey.access_granted",
            target=survey,
            organisation=survey.organisation,
            before=before,
            after={"user": membership.user.email, "raw_data": raw_data},
        )
    return access


def survey_access_revoke(*, actor: User, access: SurveyAccess) -> None:
    survey = access.survey
    _guard_manage(actor, survey.organisation)
    with transaction.atomic():
        entry_record(
            actor=actor,
            verb="survey.access_revoked",
            target=survey,
            organisation=survey.organisation,
            before={"user": access.user.email, "raw_data": access.raw_data},
        )
        access.delete()
