"""Reads about accounts that depend on who asks."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from .models import ApiToken, Membership, User


def memberships_of(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")


def tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).prefetch_related("organisations").order_by("revoked_at", "-created_at")


def home_url_for(membership: Membership) -> str:
    """Where a member of this organisation works: its workspace or the operator area."""
    slug = membership.organisation.slug
    if membership.organisation.is_operator:
        return reverse("operator:organisation", kwargs={"slug": slug})
    return reverse("workspace:organisation", kwargs={"slug": slug})
