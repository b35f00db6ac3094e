"""API: an organisation's surveys and the anonymous figures of a closed survey.

The figures are exactly those of the results page: a hidden cell comes with its reason and
no numbers. There are no endpoints for single answers (raw data is a logged page download).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import StrictBool, StrictInt

from vereinbar.api.errors import ApiError
from vereinbar.api.lists import PageIn, absolute, page_of, paged
from vereinbar.api.permissions import path_int, permission
from vereinbar.api.schemas import ErrorOut, InSchema, NonBlank
from vereinbar.core.types import AuthedRequest
from vereinbar.cycles.models import Cycle
from vereinbar.cycles.selectors import cycles_for_surveys, survey_run_of
from vereinbar.organisations.permissions import Action, has_permission

from . import selectors
from .instrument import schema as instrument_schema
from .models import ALLOWED_STATUS_CHANGES, InstrumentVersion, Survey, SurveyStatus
from .permissions import SurveyAction, survey_for_user, surveys_organisation_for_user
from .report import report_build
from .report.build import Cell, GroupRow
from .services import surveys as survey_services

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
    title: str = Field(description="The title in the survey's first language (the first of `languages`).")
    titles: dict[str, str] = Field(
        description=(
            "The title in each of the survey's languages that has one (the first always); a participant "
            "answering in a language without one sees `title`."
        )
    )
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
    response={200: paged(SurveyOut), 404: ErrorOut},
    summary="Surveys of an organisation",
)
def list_surveys(request: AuthedRequest, slug: str, paging: Query[PageIn]) -> dict[str, Any]:
    """Newest first, in pages."""
    organisation = surveys_organisation_for_user(request.user, slug)
    surveys = selectors.surveys_visible_to(user=request.user, organisation=organisation)
    return page_of(request, surveys.order_by("-created_at", "-pk"), paging)


@router.get(
    "/organisations/{slug}/surveys/{survey_id}/results",
    response={200: ResultsOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Anonymous figures of a closed survey",
)
def survey_results(request: AuthedRequest, slug: str, survey_id: int) -> dict[str, Any]:
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


# --- Running a survey: the same services as the survey pages --------------------------------


class SurveyCreateIn(InSchema):
    title: NonBlank = Field(description="The title in the survey's first language (the first of `languages`).")
    titles: dict[Literal["de", "nl", "en"], str] | None = Field(
        None,
        description=(
            "The title in other languages of the survey (`title` in the first when this names none for it); "
            "a language without one shows `title`."
        ),
    )
    instrument: str | None = Field(
        None,
        description=(
            "The questionnaire: `urn@version` or `urn` (its latest version). Without it, the questionnaire the "
            "cycle's stage names."
        ),
    )
    cycle: StrictInt | None = Field(None, description="A cycle of the organisation the survey is for.")
    phase_run: StrictInt | None = Field(
        None, description="The cycle's survey phase run it belongs to; default: the cycle's current survey phase."
    )
    languages: list[Literal["de", "nl", "en"]] | None = Field(None, description="Default: the request's language.")
    units: str | None = Field(None, description="One unit a line (`Parent > Unit`); default: the organisation's units.")
    opens_on: date | None = None
    closes_on: date | None = None
    min_group_size: StrictInt = Field(5, ge=1, le=1000)
    min_group_size_comments: StrictInt = Field(10, ge=1, le=1000)
    intro: str = ""


class OpenLinkIn(InSchema):
    enabled: StrictBool


class SurveyManagedOut(SurveyOut):
    open_code: str = Field(
        "", description="The shared code of the open-link mode (empty: off); staff enter it at `answer_url`."
    )
    answer_url: str = Field(
        ...,
        description="Where staff enter a code or shared code to answer: an absolute address, in the request's language.",
    )

    @staticmethod
    def resolve_answer_url(survey: Survey) -> str:
        return absolute(reverse("answer:code"))


def may_manage_surveys(request: AuthedRequest, slug: str, **_: Any) -> None:
    """Permission first (vereinbar.api.permissions): managing the organisation's surveys."""
    organisation = surveys_organisation_for_user(request.user, slug)
    if not has_permission(request.user, organisation, Action.MANAGE_SURVEYS):
        raise PermissionDenied


def may_manage_survey(request: AuthedRequest, slug: str, survey_id: str, **_: Any) -> None:
    survey_for_user(request.user, slug, path_int(survey_id), SurveyAction.MANAGE)


def _instrument(reference: str | None, cycle: Cycle | None) -> InstrumentVersion:
    if not reference:
        version = selectors.stage_instrument_version(cycle) if cycle is not None else None
        if version is None:
            raise ValidationError({"instrument": _("Choose the questionnaire.")})
        return version
    urn, _sep, number = reference.partition("@")
    versions = selectors.instrument_versions_available().filter(instrument__urn=urn)
    version = versions.filter(version=number).first() if number else versions.first()
    if version is None:
        raise ValidationError(
            {"instrument": _("There is no questionnaire “%(reference)s”.") % {"reference": reference}}
        )
    return version


def _transition(survey: Survey, to: SurveyStatus) -> None:
    """A change the survey's status does not allow now is a conflict (409), like the cycles'."""
    if to not in ALLOWED_STATUS_CHANGES[survey.status]:
        raise ApiError(
            409,
            "not_allowed_now",
            _("A survey that is “%(status)s” cannot change to “%(target)s”.")
            % {"status": survey.get_status_display(), "target": to.label},
        )


@router.post(
    "/organisations/{slug}/surveys",
    response={201: SurveyManagedOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Create a survey (in preparation)",
)
@permission(may_manage_surveys)
def survey_create_endpoint(request: AuthedRequest, slug: str, body: SurveyCreateIn) -> Status[Survey]:
    """As the survey page's form. A survey for a cycle belongs to the cycle's survey phase, which
    moves on when the survey closes with results."""
    organisation = surveys_organisation_for_user(request.user, slug)
    cycle = None
    if body.cycle is not None:
        cycle = next((item for item in cycles_for_surveys(organisation) if item.pk == body.cycle), None)
        if cycle is None:
            raise ValidationError({"cycle": _("Choose a running cycle of this organisation.")})
    run = None
    if cycle is not None:
        if body.phase_run is not None:
            run = cycle.phase_runs.select_related("phase", "cycle").filter(pk=body.phase_run).first()
            if run is None:
                raise ValidationError({"phase_run": _("Choose a survey phase of this cycle.")})
        else:
            run = survey_run_of(cycle)
    elif body.phase_run is not None:
        raise ValidationError({"phase_run": _("A phase can only be chosen with its cycle.")})
    survey = survey_services.survey_create(
        actor=request.user,
        organisation=organisation,
        instrument_version=_instrument(body.instrument, cycle),
        title=body.title,
        titles={str(code): text for code, text in body.titles.items()} if body.titles else None,
        languages=[str(code) for code in body.languages] if body.languages else [(get_language() or "de")[:2]],
        units=body.units if body.units is not None else survey_services.units_text_of(organisation),
        opens_on=body.opens_on,
        closes_on=body.closes_on,
        min_group_size=body.min_group_size,
        min_group_size_comments=body.min_group_size_comments,
        intro=body.intro,
        cycle=cycle,
        phase_run=run,
    )
    return Status(201, survey)


@router.post(
    "/organisations/{slug}/surveys/{survey_id}/open",
    response={200: SurveyManagedOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Open the field period",
)
@permission(may_manage_survey)
def survey_open_endpoint(request: AuthedRequest, slug: str, survey_id: int) -> Survey:
    survey = survey_for_user(request.user, slug, survey_id, SurveyAction.MANAGE)
    _transition(survey, SurveyStatus.OPEN)
    return survey_services.survey_open(actor=request.user, survey=survey)


@router.post(
    "/organisations/{slug}/surveys/{survey_id}/close",
    response={200: SurveyManagedOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Close the field period (results are computed)",
)
@permission(may_manage_survey)
def survey_close_endpoint(request: AuthedRequest, slug: str, survey_id: int) -> Survey:
    """Waiting answers are released, invitations erased; a cycle's survey phase that follows the
    survey moves on when it has results."""
    survey = survey_for_user(request.user, slug, survey_id, SurveyAction.MANAGE)
    _transition(survey, SurveyStatus.CLOSED)
    return survey_services.survey_close(actor=request.user, survey=survey)


@router.put(
    "/organisations/{slug}/surveys/{survey_id}/open-link",
    response={200: SurveyManagedOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Switch the shared code (open-link mode) on or off",
)
@permission(may_manage_survey)
def survey_open_link_endpoint(request: AuthedRequest, slug: str, survey_id: int, body: OpenLinkIn) -> Survey:
    """One shared code for a small team (weaker than personal codes: anyone with it can answer,
    more than once). Switching it on again gives a new code."""
    survey = survey_for_user(request.user, slug, survey_id, SurveyAction.MANAGE)
    if survey.status == SurveyStatus.CLOSED:
        raise ApiError(409, "not_allowed_now", _("A closed survey cannot be changed."))
    return survey_services.survey_open_link_set(actor=request.user, survey=survey, enabled=body.enabled)


@router.get(
    "/rankings/{programme}",
    auth=None,
    response={200: dict[str, Any], 404: ErrorOut},
    summary="A programme's ranking list of employers by size band (open data, as the ranking.json download)",
)
def programme_ranking(request: HttpRequest, programme: str) -> dict[str, Any]:
    from . import ranking

    found = ranking.programme_with_ranking(programme)
    if found is None:
        raise ApiError(404, "not_found", _("This programme publishes no ranking list."))
    return ranking.ranking_data(ranking.ranking_build(found))


@router.get("/surveys/instrument-schema", auth=None, summary="JSON Schema of the survey instrument format")
def survey_instrument_schema(request: HttpRequest) -> dict[str, Any]:
    """The schema `vereinbar instrument load` checks files against (docs/survey-format.md)."""
    return instrument_schema()
