"""What the directory tells the award verification page (``certificates.public_profile``)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from vereinbar.organisations.models import Organisation

from .models import ListedOrganisation


def listed_profile_url(organisation: Organisation) -> str | None:
    """The address of the organisation's public profile while the directory lists it today (its
    read-model row with a listing in force, of an employer still approved), else None: not for a
    profile that shows only a past."""
    today = Q(listed_until__isnull=True) | Q(listed_until__gte=timezone.localdate())
    approved = Organisation.objects.approved().employers().filter(pk=organisation.pk)
    if not ListedOrganisation.objects.filter(today, pk=organisation.pk, organisation__in=approved).exists():
        return None
    return reverse("core:profile", args=[organisation.slug])
