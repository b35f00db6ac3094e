"""A programme whose stage runs a staff survey and has a target agreement, the shipped
questionnaire, and surveys of a cycle with made-up anonymous answers (for the survey link tests)."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.surveys.conftest import ALL_SCALES, respond_rows
from vereinbar.cycles import services
from vereinbar.programmes.services import programme_load
from vereinbar.surveys.services.instruments import instrument_load
from vereinbar.surveys.services.surveys import survey_close, survey_create, survey_open

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "library" / "instruments" / "work-family-care.yaml"
PROGRAMME_ID = "urn:vereinbar:programme:test-survey-seal"

PROGRAMME = """
format: 1
id: urn:vereinbar:programme:test-survey-seal
version: "1"
kind: certification
languages: [en]
default_language: en
title: Survey seal
action_fields:
  - code: "1"
    title: Working time
    criteria:
      - {code: "1.1", title: Flexitime}
  - code: "2"
    title: Information
    criteria:
      - {code: "2.1", title: Staff know the offers}
stages:
  - id: seal
    title: Seal
    award: {validity_months: 36}
    survey_instrument: urn:vereinbar:instrument:work-family-care
    phases:
      - id: staff_survey
        title: Staff survey
        deliverable: survey
        actor: coordinator
        gate: {requires: [], accepted_by: ACCEPTOR}
      - id: goals
        title: Goals
        deliverable: target_agreement
        actor: coordinator
        gate: {requires: [], accepted_by: auditor}
      - id: decision
        title: Decision
        deliverable: decision
        actor: operator
        gate: {requires: [staff_survey, goals]}
"""


def load_programme(operator_org, *, acceptor: str | None = None, identifier: str = PROGRAMME_ID):
    """The survey programme for operator_org; ``acceptor`` accepts the survey phase (None: nobody)."""
    data = yaml.safe_load(PROGRAMME)
    data["operator"] = operator_org.slug
    data["id"] = identifier
    gate = data["stages"][0]["phases"][0]["gate"]
    if acceptor:
        gate["accepted_by"] = acceptor
    else:
        del gate["accepted_by"]
    outcome = programme_load(actor=None, raw=yaml.safe_dump(data), filename="survey-seal.yaml", trusted=True)
    assert outcome.version is not None, outcome
    return outcome.version.programme


def load_instrument():
    return instrument_load(raw=SHIPPED.read_bytes(), filename=SHIPPED.name).version


def open_cycle(programme, organisation, coordinator, operator, auditor):
    cycle = services.cycle_apply(actor=coordinator, organisation=organisation, programme=programme)
    return services.cycle_accept(actor=operator, cycle=cycle, auditor=auditor)


def survey_run(cycle):
    return cycle.phase_runs.select_related("phase", "cycle").get(phase__key="staff_survey")


def cycle_survey(cycle, coordinator, version, **kwargs):
    fields = {"title": "Staff survey 2026", "languages": ["en"], "units": "Admin\nYouth office"} | kwargs
    return survey_create(
        actor=coordinator, organisation=cycle.organisation, instrument_version=version, cycle=cycle, **fields
    )


def closed_with(survey, coordinator, count: int, answers: dict | None = None):
    """Open the survey, add ``count`` anonymous responses, close it."""
    survey_open(actor=coordinator, survey=survey)
    if count:
        respond_rows(survey, "Admin", count, answers or ALL_SCALES)
    return survey_close(actor=coordinator, survey=survey)
