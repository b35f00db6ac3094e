"""Reads about programmes, for the asking user."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from vereinbar.core.hooks import Hook
from vereinbar.core.types import Visitor

from .models import Programme, ProgrammeVersion, version_sort_key
from .permissions import check_view_programmes


def programmes_for_user(*, user: Visitor) -> QuerySet[Programme]:
    """All programmes with their versions; PermissionDenied for people outside the operator area."""
    check_view_programmes(user)
    return Programme.objects.select_related("operator", "current_version").prefetch_related(
        Prefetch("versions", queryset=ProgrammeVersion.objects.only("id", "programme_id", "version", "loaded_at"))
    )


def programmes_offered(*, on: date | None = None) -> QuerySet[Programme]:
    """Programmes employers can apply for: with an operator (who accepts the cycle, assigns its
    auditor and decides; docs/programme-format.md "Operator") and a current version that still
    takes applications (format 2 ``applications_until``). The application form and the API offer
    exactly these."""
    on = on or timezone.localdate()
    return (
        Programme.objects.exclude(current_version=None)
        .exclude(operator=None)
        .exclude(current_version__applications_until__lt=on)
        .select_related("operator", "current_version")
    )


def programme_for_user(*, user: Visitor, identifier: str) -> Programme:
    """One programme (404 when unknown)."""
    try:
        return programmes_for_user(user=user).get(identifier=identifier)
    except Programme.DoesNotExist:
        raise Http404 from None


def versions_sorted(*, programme: Programme) -> list[ProgrammeVersion]:
    """The programme's versions, newest first (natural order of version strings)."""
    versions = list(programme.versions.all())
    return sorted(versions, key=lambda v: version_sort_key(v.version), reverse=True)


def version_for_user(*, user: Visitor, identifier: str, version: str | None = None) -> ProgrammeVersion:
    """One version of a programme; without ``version`` the current (highest) one. 404 when unknown."""
    programme = programme_for_user(user=user, identifier=identifier)
    queryset = ProgrammeVersion.objects.select_related("programme", "programme__operator", "loaded_by")
    if version is None:
        if programme.current_version_id is None:
            raise Http404
        return queryset.get(pk=programme.current_version_id)
    try:
        return queryset.get(programme=programme, version=version)
    except ProgrammeVersion.DoesNotExist:
        raise Http404 from None


def reference_split(reference: str) -> tuple[str, str | None]:
    """``urn:…:x@2025.1`` → (``urn:…:x``, ``2025.1``); without ``@`` the version is None."""
    identifier, _sep, version = reference.partition("@")
    return identifier, version or None


# How many cycles still run (applied or in progress) on programme versions, version id → count
# (of one programme's versions, or of all when None): cycles, above programmes in the layers,
# registers it from its ``AppConfig.ready()``.
RUNNING_CYCLES: Hook[Callable[[int | None], dict[int, int]]] = Hook("the running cycles per programme version")


def running_cycles_register(count: Callable[[int | None], dict[int, int]]) -> None:
    RUNNING_CYCLES.register(count)


def running_cycles_by_version(*, programme: Programme) -> dict[str, int]:
    """How many cycles still run (applied or in progress) on each version of the programme."""
    counts = RUNNING_CYCLES.one()(programme.pk)
    versions = dict(ProgrammeVersion.objects.filter(pk__in=counts).values_list("pk", "version"))
    return {versions[pk]: count for pk, count in counts.items() if pk in versions}


def running_cycles_by_version_id() -> dict[int, int]:
    """How many cycles still run on each programme version (id → count), for the list of programmes."""
    return RUNNING_CYCLES.one()(None)
