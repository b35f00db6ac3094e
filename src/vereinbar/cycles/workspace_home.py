"""Cycles' step of the first-steps checklist on the workspace home
(``organisations.workspace_home``, registered in ``CyclesConfig.ready()``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext

from vereinbar.organisations.workspace_home import FirstStep

from .models import PhaseRun

if TYPE_CHECKING:
    from vereinbar.organisations.models import Organisation


def first_step_phase(organisation: Organisation) -> FirstStep:
    # Returned phases count too: they were submitted once.
    submitted = PhaseRun.objects.filter(cycle__organisation=organisation, submitted_at__isnull=False)
    return FirstStep(
        "phase",
        gettext("Join a programme and submit its first phase"),
        submitted.exists(),
        reverse("workspace_cycles:list", args=[organisation.slug]),
    )
