"""Surveys' step of the first-steps checklist on the workspace home
(``organisations.workspace_home``, registered in ``SurveysConfig.ready()``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext

from vereinbar.organisations.workspace_home import FirstStep

from .models import Survey, SurveyStatus

if TYPE_CHECKING:
    from vereinbar.organisations.models import Organisation


def first_step_survey(organisation: Organisation) -> FirstStep:
    return FirstStep(
        "survey",
        gettext("Open a first staff survey"),
        Survey.objects.filter(organisation=organisation).exclude(status=SurveyStatus.DRAFT).exists(),
        reverse("surveys:list", args=[organisation.slug]),
    )
