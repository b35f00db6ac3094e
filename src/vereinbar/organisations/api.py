"""API: organisations the caller belongs to, their members and history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from vereinbar.activity.selectors import entries_for_organisation
from vereinbar.api.schemas import ErrorOut

from . import selectors
from .permissions import Action, organisation_for_user

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    slug: str
    name: str
    type: str
    kind: str
    sector: str
    country: str
    region: str
    city: str
    staff_count: int | None
    inhabitants_served: int | None
    website: str
    description: str
    size_band: str | None


class MemberOut(Schema):
    email: str = Field(..., alias="user.email")
    full_name: str = Field(..., alias="user.full_name")
    role: str
    since: datetime = Field(..., alias="created_at")


class HistoryEntryOut(Schema):
    when: datetime = Field(..., alias="created_at")
    who: str = Field(..., alias="actor_label")
    verb: str
    description: str = Field(..., alias="verb_display")
    object: str = Field(..., alias="target_label")
    before: Any = None
    after: Any = None
    comment: str


@router.get("/", response=list[OrganisationOut], summary="Organisations the user belongs to")
def list_organisations(request: HttpRequest):  # type: ignore[no-untyped-def]
    return list(selectors.organisations_of(user=request.user))


@router.get("/{slug}", response={200: OrganisationOut, 404: ErrorOut}, summary="One organisation")
def get_organisation(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    return organisation_for_user(request.user, slug)


@router.get("/{slug}/members", response={200: list[MemberOut], 404: ErrorOut}, summary="Members and roles")
def list_members(request: HttpRequest, slug: str):  # type: ignore[no-untyped-def]
    organisation = organisation_for_user(request.user, slug)
    return list(selectors.members_of(organisation=organisation))


@router.get("/{slug}/history", response={200: list[HistoryEntryOut], 404: ErrorOut}, summary="History entries")
def list_history(request: HttpRequest, slug: str, limit: int = 100):  # type: ignore[no-untyped-def]
    organisation = organisation_for_user(request.user, slug, Action.VIEW_HISTORY)
    return list(entries_for_organisation(user=request.user, organisation=organisation)[: max(1, min(limit, 1000))])
