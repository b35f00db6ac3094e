"""Which history entries are webhook events, what their payload says and who receives them.

The domain services already record every change as a history entry, in the transaction of the
change; the webhooks app listens to those entries (``signals.py``) instead of being called by
each service, so no domain app imports this one.

Payloads carry identifiers, states, dates and public names only: never a person (no name, no
e-mail address), no free text people wrote (reasons, comments), nothing of a survey but its
title and dates (no answers, comments, tokens, counts), no secrets. The schemas are listed in
docs/webhooks.md; tests/webhooks/test_payloads.py checks them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.urls import reverse

from .models import EventType


@dataclass(frozen=True)
class Event:
    type: str
    subject: str
    data: dict[str, Any]
    # Organisations whose endpoints receive the event (ids; duplicates and None ignored).
    audience: list[int | None] = field(default_factory=list)


def _day(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()


def _organisation(organisation: Any) -> dict[str, Any]:
    return {"slug": organisation.slug, "name": organisation.name, "type": organisation.type}


def _programme(programme: Any) -> dict[str, Any]:
    return {"identifier": programme.identifier}


def _award(award: Any) -> dict[str, Any]:
    return {
        "number": award.number,
        "status": award.status,
        "programme": _programme(award.programme),
        "stage": award.stage.key,
        "level": award.level.key if award.level_id else None,
        "issued_on": _day(award.issued_on),
        "valid_until": _day(award.valid_until),
        "revoked_on": _day(award.revoked_on),
        "verification_url": settings.SITE_URL + reverse("certificates:verify", args=[award.verification_code]),
    }


def _award_events(entry: Any, award: Any) -> list[Event]:
    kind = {
        "award.granted": EventType.AWARD_GRANTED,
        "award.revoked": EventType.AWARD_REVOKED,
        "award.expired": EventType.AWARD_EXPIRED,
    }[entry.verb]
    audience = [award.organisation_id, award.programme.operator_id]
    data = {"award": _award(award), "organisation": _organisation(award.organisation)}
    events = [Event(type=kind, subject=f"award/{award.number}", data=data, audience=audience)]
    if kind == EventType.AWARD_GRANTED:
        # The granting service marks the earlier valid awards superseded before it records the
        # grant, so they are known here: a grant that replaces one is also a renewal.
        replaced = sorted(award.supersedes.values_list("number", flat=True))
        if replaced:
            renewed = {**data, "replaces": replaced}
            events.append(
                Event(type=EventType.AWARD_RENEWED, subject=f"award/{award.number}", data=renewed, audience=audience)
            )
    return events


def _phase_events(entry: Any, run: Any) -> list[Event]:
    cycle = run.cycle
    data = {
        "cycle": {"id": cycle.pk, "programme": _programme(cycle.programme), "stage": cycle.stage.key},
        "phase": {
            "key": run.phase.key,
            "occurrence": run.occurrence,
            "status": run.status,
            "due_on": _day(run.due_on),
        },
        "organisation": _organisation(cycle.organisation),
    }
    return [
        Event(
            type=entry.verb,  # phase.submitted / accepted / completed / returned are the event names too
            subject=f"cycle/{cycle.pk}",
            data=data,
            audience=[cycle.organisation_id, cycle.programme.operator_id],
        )
    ]


def _registration_events(entry: Any, organisation: Any) -> list[Event]:
    from vereinbar.organisations.models import Organisation, OrganisationType

    kind = {
        "organisation.registered": EventType.REGISTRATION_SUBMITTED,
        "organisation.resubmitted": EventType.REGISTRATION_SUBMITTED,
        "organisation.approved": EventType.REGISTRATION_APPROVED,
        "organisation.rejected": EventType.REGISTRATION_REJECTED,
    }[entry.verb]
    data = {
        "organisation": {
            **_organisation(organisation),
            "status": organisation.status,
            "country": organisation.country,
            "region": organisation.region,
            "city": organisation.city,
        }
    }
    # Any operator's admins review registrations (docs/architecture.md), so every operator hears of them.
    operators = list(Organisation.objects.filter(type=OrganisationType.OPERATOR).values_list("pk", flat=True))
    return [
        Event(type=kind, subject=f"organisation/{organisation.slug}", data=data, audience=[organisation.pk, *operators])
    ]


def _survey_events(entry: Any, survey: Any) -> list[Event]:
    cycle = survey.cycle
    data = {
        "survey": {
            "id": survey.pk,
            "title": survey.title,
            "opens_on": _day(survey.opens_on),
            "closes_on": _day(survey.closes_on),
            "closed_on": _day(survey.closed_at),
            "cycle": cycle.pk if cycle is not None else None,
        },
        "organisation": _organisation(survey.organisation),
    }
    audience = [survey.organisation_id, cycle.programme.operator_id if cycle is not None else None]
    return [Event(type=EventType.SURVEY_CLOSED, subject=f"survey/{survey.pk}", data=data, audience=audience)]


_BUILDERS: dict[str, tuple[str, Callable[[Any, Any], list[Event]]]] = {
    "award.granted": ("certificates.award", _award_events),
    "award.revoked": ("certificates.award", _award_events),
    "award.expired": ("certificates.award", _award_events),
    "phase.submitted": ("cycles.phaserun", _phase_events),
    "phase.accepted": ("cycles.phaserun", _phase_events),
    "phase.completed": ("cycles.phaserun", _phase_events),
    "phase.returned": ("cycles.phaserun", _phase_events),
    "organisation.registered": ("organisations.organisation", _registration_events),
    "organisation.resubmitted": ("organisations.organisation", _registration_events),
    "organisation.approved": ("organisations.organisation", _registration_events),
    "organisation.rejected": ("organisations.organisation", _registration_events),
    "survey.closed": ("surveys.survey", _survey_events),
}


def is_event_verb(verb: str) -> bool:
    return verb in _BUILDERS


def events_of(entry: Any) -> list[Event]:
    """The webhook events a history entry stands for (none for most entries)."""
    if entry.verb not in _BUILDERS or entry.target_type_id is None:
        return []
    label, build = _BUILDERS[entry.verb]
    model = entry.target_type.model_class()
    if model is None or model._meta.label_lower != label:
        return []
    target = model._default_manager.filter(pk=entry.target_id).first()
    if target is None:
        return []
    return build(entry, target)
