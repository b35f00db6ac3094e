"""Reads about announcements: what the public sees, what an operator manages, which awards
still wait for an announcement."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from vereinbar.certificates.models import Award, AwardStatus
from vereinbar.organisations.models import Organisation
from vereinbar.programmes.models import Programme

from .models import Announcement

UNANNOUNCED_LIMIT = 50


def announcements_public(*, programme: Programme | None = None) -> QuerySet[Announcement]:
    """Published announcements, newest first, of one programme or all."""
    qs = Announcement.objects.published().select_related("operator", "programme", "award", "award__organisation")
    if programme is not None:
        qs = qs.filter(programme=programme)
    return qs.order_by("-published_at", "-id")


def announcement_public(*, pk: int) -> Announcement | None:
    return announcements_public().filter(pk=pk).first()


def announcements_managed(*, operators: QuerySet[Organisation]) -> QuerySet[Announcement]:
    """Every announcement (drafts too) of the given operators (from ``check_manage_news``)."""
    return (
        Announcement.objects.filter(operator__in=operators)
        .select_related("operator", "programme", "award", "award__organisation")
        .order_by("-created_at", "-id")
    )


def awards_unannounced(*, operators: QuerySet[Organisation]) -> QuerySet[Award]:
    """Valid awards of the operators' programmes that no announcement mentions yet, newest first
    (all of them: the news page shows the first ``UNANNOUNCED_LIMIT`` and says how many there are)."""
    return (
        Award.objects.filter(programme__operator__in=operators, status=AwardStatus.VALID)
        .exclude(Exists(Announcement.objects.filter(award=OuterRef("pk"))))
        .select_related("organisation", "programme", "version", "stage", "level")
        .order_by("-issued_on", "-id")
    )
