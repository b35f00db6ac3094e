"""Measures' steps of the first-steps checklist on the workspace home
(``organisations.workspace_home``, registered in ``MeasuresConfig.ready()``): record the
measures, then give the staff the link to their offers page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext

from vereinbar.organisations.workspace_home import FirstStep

from .models import Measure

if TYPE_CHECKING:
    from vereinbar.organisations.models import Organisation


def first_step_measures(organisation: Organisation) -> FirstStep:
    return FirstStep(
        "measures",
        gettext("Record the measures you already offer"),
        Measure.objects.filter(organisation=organisation).exists(),
        reverse("workspace:measures", args=[organisation.slug]),
    )


def first_step_offers_link(organisation: Organisation) -> FirstStep:
    """Done once the organisation has a link to its staff offers page (made on that page, whose
    card with the link the step points to; a link turned off counts as none)."""
    return FirstStep(
        "offers_link",
        gettext("Give your staff the link to the staff offers page"),
        bool(organisation.offers_token),
        reverse("workspace_offers:page", args=[organisation.slug]) + "#link-heading",
    )
