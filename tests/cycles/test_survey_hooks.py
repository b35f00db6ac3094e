"""Cycles asks surveys, above it in the layers, through ``cycles.survey_hooks``: surveys
registers the survey phase's deliverable and the figures of level rules from its
``AppConfig.ready()``, and a hook nobody registered fails loudly instead of answering nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from vereinbar.core.hooks import Hook
from vereinbar.cycles import survey_hooks
from vereinbar.cycles.models import Cycle
from vereinbar.programmes.models import DeliverableKind
from vereinbar.surveys.selectors import survey_delivered, survey_phase_problems
from vereinbar.surveys.views.cycle import survey_phase_panel


def test_surveys_makes_the_survey_phase_deliverable():
    made = survey_hooks.deliverable_of(DeliverableKind.SURVEY)
    assert made.problems is survey_phase_problems
    assert made.delivered is survey_delivered
    assert made.panel is survey_phase_panel


def test_a_deliverable_nobody_makes_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        survey_hooks.deliverable_of("carrier_pigeon")


def test_level_figures_nobody_registered_are_a_configuration_error(monkeypatch):
    monkeypatch.setattr(survey_hooks, "SURVEY_FIGURES", Hook("the survey figures of a cycle"))
    with pytest.raises(ImproperlyConfigured):
        survey_hooks.cycle_survey_figures(Cycle())
