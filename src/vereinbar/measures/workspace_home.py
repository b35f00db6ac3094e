"""Measures' step of the first-steps checklist on the workspace home
(``organisations.workspace_home``, registered in ``MeasuresConfig.ready()``)."""

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
