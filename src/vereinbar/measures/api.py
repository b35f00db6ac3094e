"""API: the measure catalogue (/measures/catalogue) and each organisation's measures
(/organisations/{slug}/measures). Mounted at the API root so that an organisation's measures
sit beside its other resources.

Catalogue entries and categories are named by their stable ``key``. Texts come in every
language (``title_de``, ``title_nl``, ``title_en``…) and, as ``title``, in the language of the
request.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import StrictBool

from vereinbar.api.errors import ApiError
from vereinbar.api.lists import Choice, PageIn, page_of, paged
from vereinbar.api.permissions import permission
from vereinbar.api.schemas import ErrorOut, InSchema
from vereinbar.core.types import AuthedRequest
from vereinbar.organisations.models import Organisation, Visibility
from vereinbar.organisations.permissions import Action, check_operator_action, organisation_for_user

from . import selectors, services
from .models import Basis, LifeSituation, Measure, MeasureCategory, MeasureStatus, MeasureType, TargetGroup

router = Router(tags=["measures"])


def may(action: Action) -> Callable[..., None]:
    """Permission first (vereinbar.api.permissions): the caller's right on the organisation."""

    def check(request: AuthedRequest, slug: str, **_: Any) -> None:
        organisation_for_user(request.user, slug, action)

    return check


def may_manage_catalogue(request: AuthedRequest, **_: Any) -> None:
    check_operator_action(request.user, Action.MANAGE_CATALOGUE)


class CatalogueEntryOut(Schema):
    key: str
    category: str = Field(..., alias="category.key")
    name: str
    name_de: str | None
    name_nl: str | None
    name_en: str | None
    description: str
    synonyms: list[str]
    life_situations: list[str]
    statutory: bool
    country: str
    legal_reference: str
    origin: str
    is_active: bool

    @staticmethod
    def resolve_synonyms(obj: MeasureType) -> list[str]:
        from django.conf import settings

        words: list[str] = []
        for language, _name in settings.LANGUAGES:
            words += (getattr(obj, f"synonyms_{language}") or "").splitlines()
        return words


class CategoryOut(Schema):
    key: str
    name: str
    name_de: str | None
    name_nl: str | None
    name_en: str | None
    life_situations: list[str]
    entries: list[CatalogueEntryOut]


class CatalogueEntryIn(InSchema):
    category: str
    name_de: str | None = None
    name_nl: str | None = None
    name_en: str | None = None
    description_de: str | None = None
    description_nl: str | None = None
    description_en: str | None = None
    synonyms_de: str | None = None
    synonyms_nl: str | None = None
    synonyms_en: str | None = None
    life_situations: list[LifeSituation] = []
    statutory: StrictBool = False
    country: str = ""
    legal_reference: str = ""


class MeasureOut(Schema):
    id: int
    type: str | None = Field(None, alias="type.key")
    category: str = Field(..., alias="category.key")
    title: str
    title_de: str | None
    title_nl: str | None
    title_en: str | None
    description: str
    description_de: str | None
    description_nl: str | None
    description_en: str | None
    status: MeasureStatus
    since: date | None
    ended_on: date | None
    basis: str
    target_groups: list[str]
    life_situations: list[str]
    visibility: Visibility
    created_at: datetime
    updated_at: datetime


class MeasureIn(InSchema):
    """For a change (PATCH) only the fields sent are changed; ``status`` is set only on creation."""

    type: str | None = None
    category: str | None = None
    title_de: str | None = None
    title_nl: str | None = None
    title_en: str | None = None
    description_de: str | None = None
    description_nl: str | None = None
    description_en: str | None = None
    basis: Basis | None = None
    target_groups: list[TargetGroup] | None = None
    visibility: Visibility | None = None
    status: MeasureStatus | None = None
    since: date | None = None
    ended_on: date | None = None


class MeasureFilters(Schema):
    status: Choice[MeasureStatus] = Field(None, description="Measures in this status only.")
    category: str = Field("", description="Measures of this category of the catalogue (its key) only.")


class StatusIn(InSchema):
    status: MeasureStatus
    since: date | None = None
    ended_on: date | None = None
    comment: str = ""


def _invalid(field: str, message: str) -> ApiError:
    return ApiError(
        422, "invalid_input", _("The request contains invalid data."), [{"field": field, "message": message}]
    )


def _by_key(model: type[MeasureType] | type[MeasureCategory], field: str, key: str | None) -> object:
    if key is None:
        return None
    found = model.objects.filter(key=key).first()
    if found is None:
        raise _invalid(field, _("Unknown key “%(key)s”.") % {"key": key})
    return found


def _measure_data(payload: MeasureIn) -> dict[str, object]:
    data: dict[str, object] = payload.dict(exclude_unset=True)
    if "type" in data:
        data["type"] = _by_key(MeasureType, "type", payload.type)
    if "category" in data:
        data["category"] = _by_key(MeasureCategory, "category", payload.category)
    if data.get("basis") is None and "basis" in data:
        data["basis"] = ""
    if "target_groups" in data:
        data["target_groups"] = [str(group) for group in payload.target_groups or []]
    return data


def _measure(organisation: Organisation, measure_id: int) -> Measure:
    return get_object_or_404(
        Measure.objects.select_related("type", "category"), pk=measure_id, organisation=organisation
    )


# --- The catalogue ----------------------------------------------------------------------


@router.get("/measures/catalogue", response=list[CategoryOut], auth=None, summary="The measure catalogue (public)")
def get_catalogue(request: HttpRequest, q: str = "") -> list[selectors.CatalogueCategory]:
    """Categories with their entries. ``q`` keeps the entries whose name or synonym, in any
    language, contains it ("childcare", "Kinderbetreuung" and "kinderopvang" find the same)."""
    categories = selectors.catalogue()
    if q:
        keys = set(selectors.catalogue_types_matching(query=q).values_list("key", flat=True))
        for category in categories:
            category.entries = [entry for entry in category.entries if entry.key in keys]
        categories = [category for category in categories if category.entries]
    return categories


@router.post(
    "/measures/catalogue",
    response={201: CatalogueEntryOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a catalogue entry (operator admins)",
)
@permission(may_manage_catalogue)
def create_catalogue_entry(request: AuthedRequest, payload: CatalogueEntryIn) -> Status[MeasureType]:
    data: dict[str, object] = payload.dict()
    data["category"] = _by_key(MeasureCategory, "category", payload.category)
    data["life_situations"] = [str(situation) for situation in payload.life_situations]
    return Status(201, services.catalogue_entry_create(actor=request.user, data=data))


# --- An organisation's measures ---------------------------------------------------------


@router.get("/organisations/{slug}/measures", response={200: paged(MeasureOut), 404: ErrorOut}, summary="Measures")
@permission(may(Action.VIEW))
def list_measures(
    request: AuthedRequest,
    slug: str,
    filters: Query[MeasureFilters],
    paging: Query[PageIn],
) -> dict[str, Any]:
    """By category, in pages. An unknown ``category`` is 422, naming the keys there are."""
    organisation = organisation_for_user(request.user, slug)
    status, category = filters.status, filters.category
    if category:
        keys = list(MeasureCategory.objects.order_by("position", "key").values_list("key", flat=True))
        if category not in keys:
            allowed = ", ".join(f"'{key}'" for key in keys)
            raise _invalid("category", _("Choose one of: %(expected)s.") % {"expected": allowed})
    measures = selectors.measures_of(organisation=organisation, status=status, category=category or None)
    return page_of(request, measures.order_by("category__position", "pk"), paging)


@router.post(
    "/organisations/{slug}/measures",
    response={201: MeasureOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a measure",
)
@permission(may(Action.MANAGE_MEASURES))
def create_measure(request: AuthedRequest, slug: str, payload: MeasureIn) -> Status[Measure]:
    organisation = organisation_for_user(request.user, slug, Action.MANAGE_MEASURES)
    measure = services.measure_create(actor=request.user, organisation=organisation, data=_measure_data(payload))
    return Status(201, measure)


@router.get(
    "/organisations/{slug}/measures/{measure_id}", response={200: MeasureOut, 404: ErrorOut}, summary="One measure"
)
def get_measure(request: AuthedRequest, slug: str, measure_id: int) -> Measure:
    return _measure(organisation_for_user(request.user, slug), measure_id)


@router.patch(
    "/organisations/{slug}/measures/{measure_id}",
    response={200: MeasureOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a measure (not its status)",
)
@permission(may(Action.MANAGE_MEASURES))
def update_measure(request: AuthedRequest, slug: str, measure_id: int, payload: MeasureIn) -> Measure:
    organisation = organisation_for_user(request.user, slug, Action.MANAGE_MEASURES)
    data = _measure_data(payload)
    if "status" in data:
        raise _invalid("status", _("Change the status with POST …/status."))
    return services.measure_update(actor=request.user, measure=_measure(organisation, measure_id), data=data)


@router.post(
    "/organisations/{slug}/measures/{measure_id}/status",
    response={200: MeasureOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Put in place, end, or plan again",
)
@permission(may(Action.MANAGE_MEASURES))
def change_measure_status(request: AuthedRequest, slug: str, measure_id: int, payload: StatusIn) -> Measure:
    organisation = organisation_for_user(request.user, slug, Action.MANAGE_MEASURES)
    return services.measure_change_status(
        actor=request.user,
        measure=_measure(organisation, measure_id),
        status=payload.status,
        since=payload.since,
        ended_on=payload.ended_on,
        comment=payload.comment,
    )


@router.delete(
    "/organisations/{slug}/measures/{measure_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="Delete a measure",
)
@permission(may(Action.MANAGE_MEASURES))
def delete_measure(request: AuthedRequest, slug: str, measure_id: int) -> Status[None]:
    organisation = organisation_for_user(request.user, slug, Action.MANAGE_MEASURES)
    services.measure_delete(actor=request.user, measure=_measure(organisation, measure_id))
    return Status(204, None)
