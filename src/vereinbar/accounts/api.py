"""API: the caller's own account, memberships and personal tokens."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from vereinbar.api.schemas import ErrorOut

from . import selectors, services
from .models import ApiToken

router = Router(tags=["account"])


class MeOut(Schema):
    email: str
    full_name: str
    preferred_language: str
    is_platform_admin: bool


class MembershipOut(Schema):
    organisation: str = Field(..., alias="organisation.slug")
    organisation_name: str = Field(..., alias="organisation.name")
    organisation_type: str = Field(..., alias="organisation.type")
    role: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None
    is_active: bool


class TokenCreateIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    expires_in_days: int | None = Field(None, ge=1, le=3650)


class TokenCreatedOut(TokenOut):
    token: str = Field(..., description="The secret. It is shown only in this response; store it safely.")


@router.get("/me", response=MeOut, summary="The authenticated user")
def me(request: HttpRequest):  # type: ignore[no-untyped-def]
    return request.user


@router.get("/me/memberships", response=list[MembershipOut], summary="Organisations the user belongs to")
def my_memberships(request: HttpRequest):  # type: ignore[no-untyped-def]
    return list(selectors.memberships_of(user=request.user))  # type: ignore[arg-type]


@router.get("/me/tokens", response=list[TokenOut], summary="The user's API tokens")
def my_tokens(request: HttpRequest):  # type: ignore[no-untyped-def]
    return list(selectors.tokens_of(user=request.user))  # type: ignore[arg-type]


@router.post("/me/tokens", response={201: TokenCreatedOut, 422: ErrorOut}, summary="Create an API token")
def create_token(request: HttpRequest, payload: TokenCreateIn):  # type: ignore[no-untyped-def]
    new = services.token_create(user=request.user, name=payload.name, expires_in_days=payload.expires_in_days)  # type: ignore[arg-type]
    return Status(201, {**TokenOut.from_orm(new.token).dict(), "token": new.secret})


@router.delete("/me/tokens/{token_id}", response={200: TokenOut, 404: ErrorOut}, summary="Revoke an API token")
def revoke_token(request: HttpRequest, token_id: int):  # type: ignore[no-untyped-def]
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    return services.token_revoke(user=request.user, token=token)  # type: ignore[arg-type]
