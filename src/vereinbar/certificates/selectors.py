"""Reads about awards: public verification by code, the awards in force for the directory."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from .models import Award, AwardStatus, verification_code_normalise

if TYPE_CHECKING:
    from vereinbar.organisations.models import Organisation
    from vereinbar.programmes.models import Programme


def award_by_code(*, code: str) -> Award | None:
    """The award with this verification code (case, spaces and dashes ignored), or None."""
    normalised = verification_code_normalise(code)
    if len(normalised) < 10:
        return None
    return (
        Award.objects.select_related("organisation", "programme", "version", "stage", "level")
        .filter(verification_code=normalised)
        .first()
    )


def awards_listed(*, day: date | None = None) -> QuerySet[Award]:
    """Awards to show in the public directory on ``day``: valid and not past their validity.
    An expired award leaves the directory on the day after ``valid_until`` without any task."""
    return Award.objects.valid_on(day or timezone.localdate()).filter(version__directory_listed=True)


def awards_for_ranking(programme: Programme, organisation_ids: set[int], on: date) -> QuerySet[Award]:
    """The programme's awards valid on ``on`` for these organisations, by organisation and latest
    first: what a ranking list places employers by (``surveys.ranking.ranking_awards_register``)."""
    return (
        Award.objects.filter(programme=programme, organisation_id__in=organisation_ids)
        .valid_on(on)
        .select_related("organisation")
        .order_by("organisation_id", "-issued_on", "-pk")
    )


def verification_facts(award: Award, *, day: date | None = None) -> dict[str, object]:
    """The only facts the public verification shows."""
    level = award.level
    status = award.status_on(day)
    return {
        "organisation": award.organisation.name,
        "programme": award.version.localised("title"),
        "stage": award.stage.localised("title") or award.stage.key,
        "level": level.localised("title") or level.key if level else None,
        "valid_from": award.issued_on,
        "valid_until": award.valid_until,
        "status": status,
        # a revoked award's validity no longer holds: the page says since when it is revoked
        "revoked_on": award.revoked_on if status == AwardStatus.REVOKED else None,
    }


def award_current_after(award: Award, *, day: date | None = None) -> Award | None:
    """The organisation's award in the same programme that is in force on ``day`` and came after
    ``award``: its renewal, or a new award after it lapsed or was revoked; None if there is none."""
    return (
        Award.objects.valid_on(day or timezone.localdate())
        .filter(organisation_id=award.organisation_id, programme_id=award.programme_id)
        .filter(Q(issued_on__gt=award.issued_on) | Q(issued_on=award.issued_on, pk__gt=award.pk))
        .order_by("-issued_on", "-pk")
        .first()
    )


def awards_of(*, organisation: Organisation) -> QuerySet[Award]:
    """All awards of an organisation (from ``organisation_for_user``), newest first."""
    return Award.objects.filter(organisation=organisation).select_related(
        "organisation", "programme", "version", "stage", "level"
    )


def awards_in_force(*, organisation: Organisation, day: date | None = None) -> QuerySet[Award]:
    """The organisation's awards valid on ``day`` (for its home page), the soonest to expire first."""
    return (
        Award.objects.valid_on(day or timezone.localdate())
        .filter(organisation=organisation)
        .select_related("programme", "version", "stage", "level", "cycle")
        .order_by(F("valid_until").asc(nulls_last=True), "pk")
    )
