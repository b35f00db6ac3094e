"""What the directory tells the award verification page (``certificates.public_profile``)."""

from __future__ import annotations

from django.urls import reverse

from vereinbar.organisations.models import Organisation

from .selectors import listings_for


def listed_profile_url(organisation: Organisation) -> str | None:
    """The address of the organisation's public profile while the directory lists it (an
    approved employer with a listing today, as ``directory_profile`` and ``Profile.listed``
    have it), else None: not for a profile that shows only a past."""
    if not Organisation.objects.approved().employers().filter(pk=organisation.pk).exists():
        return None
    if not listings_for([organisation])[organisation.pk]:
        return None
    return reverse("core:profile", args=[organisation.slug])
