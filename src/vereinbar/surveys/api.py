"""API: an organisation's surveys and the anonymous figures of a closed survey.

The figures are exactly those of the results page: a hidden cell comes with its reason and
no numbers. There are no endpoints for single answers (raw data is a logged page download).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from vereinbar.api.errors import ApiError
from vereinbar.api.schemas import ErrorOut

from . import selectors
from .instrument import schema as instrument_schema
from .models import Survey, SurveyStatus
from .permissions import SurveyAction, survey_for_user, surveys_organisation_for_user
from .report import report_build
from .report.build import Cell, GroupRow

router = Router(tags=["surveys"])

HIDDEN_BECAUSE = (
    "Why no figures are shown (then only the reason is given): `below_k` (fewer answers than the "
    "minimum group size), `complementary` (hidden so that another group cannot be worked out by "
    "subtraction), `wave_difference` (another survey wave of the organisation shows the same group "
    "with a count differing by fewer than the minimum group size, so the two together could single "
    "people out; hidden in both waves); null when shown."
)


class SurveyOut(Schema):
    id: int
    title: str
    status: str
    instrument: str
    opens_on: date | None
    closes_on: date | None
    min_group_size: int
    min_group_size_comments: int
    languages: list[str]
    cycle: int | None = None
    phase_run: int | None = None

    @staticmethod
    def resolve_cycle(survey: Survey) -> int | None:
        return survey.cycle_id

    @staticmethod
    def resolve_phase_run(survey: Survey) -> int | None:
        return survey.phase_run_id

    @staticmethod
    def resolve_instrument(survey: Survey) -> str:
        return survey.instrument_version.reference


class CellOut(Schema):
    scale: str
    n: int | None = None
    mean: float | None = None
    sd: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    favourable_share: float | None = None
    hidden_because: str | None = Field(None, description=HIDDEN_BECAUSE)


class GroupOut(Schema):
    key: str
    kind: str
    label: str
    answers: int | None
    hidden_because: str | None = Field(description=HIDDEN_BECAUSE)
    cells: list[CellOut]


class ResultsOut(Schema):
    survey: int
    language: str
    min_group_size: int
    responses: int | None
    published: bool
    groups: list[GroupOut]
    notes: list[str]


def _cell(scale: str, cell: Cell) -> dict[str, Any]:
    if not cell.shown:
        return {"scale": scale, "hidden_because": cell.reason}
    return {
        "scale": scale,
        "n": cell.n,
        "mean": cell.mean,
        "sd": cell.sd,
        "ci_low": cell.ci_low,
        "ci_high": cell.ci_high,
        "favourable_share": cell.favourable,
    }


def _group(row: GroupRow, scales: list[str]) -> dict[str, Any]:
    cells = row.cells or tuple(Cell(reason=row.reason) for _scale in scales)
    return {
        "key": row.key,
        "kind": row.kind,
        "label": row.label,
        "answers": row.headcount,
        "hidden_because": row.reason or None,
        "cells": [_cell(scale, cell) for scale, cell in zip(scales, cells, strict=True)],
    }


@router.get(
    "/organisations/{slug}/surveys",
    response={200: list[SurveyOut], 404: ErrorOut},
    summary="Surveys of an organisation",
)
def list_surveys(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    organisation = surveys_organisation_for_user(request.user, slug)
    return list(selectors.surveys_visible_to(user=request.user, organisation=organisation))


@router.get(
    "/organisations/{slug}/surveys/{survey_id}/results",
    response={200: ResultsOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Anonymous figures of a closed survey",
)
def survey_results(request: HttpRequest, slug: str, survey_id: int):  # type: ignore[no-untyped-def]
    """Figures per group (organisation, units, breakdown answers) and scale; hidden cells carry
    only the reason (`below_k`, `complementary`, `wave_difference`)."""
    survey = survey_for_user(request.user, slug, survey_id, SurveyAction.VIEW)
    if survey.status != SurveyStatus.CLOSED:
        raise ApiError(409, "results_not_available", _("Results are available once the survey has closed."))
    report = report_build(survey=survey, language=get_language())
    scales = [scale.key for scale in report.scales]
    rows = [report.total, *report.units, *(row for breakdown in report.breakdowns for row in breakdown.rows)]
    return {
        "survey": survey.pk,
        "language": report.language,
        "min_group_size": report.k,
        "responses": report.n_total if report.published else None,
        "published": report.published,
        "groups": [_group(row, scales) for row in rows] if report.published else [],
        "notes": report.notes,
    }


@router.get("/surveys/instrument-schema", auth=None, summary="JSON Schema of the survey instrument format")
def survey_instrument_schema(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The schema `vereinbar instrument load` checks files against (docs/survey-format.md)."""
    return instrument_schema()
