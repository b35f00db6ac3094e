"""API: the caller's own account, memberships and personal tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import StrictBool

from vereinbar.api.schemas import ErrorOut, InSchema
from vereinbar.core.types import AuthedRequest

from . import selectors, services
from .models import ApiToken, Membership, User

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
    last_used_at: datetime | None = Field(..., description="The start of the day the token was last used.")
    expires_at: datetime | None
    revoked_at: datetime | None
    is_active: bool
    read_only: bool = Field(..., description="The token may only read (GET); anything else is refused with 403.")
    organisations: list[str] = Field(
        ..., description="Slugs of the organisations the token is limited to; empty: all of the user's organisations."
    )

    @staticmethod
    def resolve_organisations(obj: ApiToken | dict[str, object]) -> list[str]:
        if isinstance(obj, dict):  # already resolved (the created token's answer)
            organisations = obj["organisations"]
            assert isinstance(organisations, list)
            return list(organisations)
        return sorted(organisation.slug for organisation in obj.organisations.all())


class TokenCreateIn(InSchema):
    name: str = Field(..., min_length=1, max_length=100)
    expires_in_days: int | None = Field(
        None, ge=1, le=3650, description="Created with a token that expires: at most until that token expires."
    )
    read_only: StrictBool = Field(False, description="Created with a read-only token: must be true.")
    organisations: list[str] | None = Field(
        None,
        description=(
            "Slugs of organisations to limit the token to (the user's own). Created with a limited token: "
            "some of that token's organisations, by default all of them."
        ),
    )


class TokenCreatedOut(TokenOut):
    token: str = Field(..., description="The secret. It is shown only in this response; store it safely.")


@router.get("/me", response=MeOut, summary="The authenticated user")
def me(request: AuthedRequest) -> User:
    return request.user


@router.get("/me/memberships", response=list[MembershipOut], summary="Organisations the user belongs to")
def my_memberships(request: AuthedRequest) -> list[Membership]:
    return list(selectors.memberships_of(user=request.user))


@router.get("/me/tokens", response=list[TokenOut], summary="The user's API tokens")
def my_tokens(request: AuthedRequest) -> list[ApiToken]:
    return list(selectors.tokens_of(user=request.user))


@router.post(
    "/me/tokens",
    response={201: TokenCreatedOut, 403: ErrorOut, 422: ErrorOut},
    summary="Create an API token",
    description=(
        "A token never creates a token with more rights than its own: not writable if it is "
        "read-only, not for other organisations than its own, not valid for longer than itself."
    ),
)
def create_token(request: AuthedRequest, payload: TokenCreateIn) -> Status[dict[str, Any]]:
    organisations = None
    if payload.organisations is not None:
        slugs = set(payload.organisations)
        memberships = Membership.objects.filter(user=request.user, organisation__slug__in=slugs)
        organisations = [membership.organisation for membership in memberships.select_related("organisation")]
        if len(organisations) != len(slugs):
            raise ValidationError({"organisations": _("Choose only organisations you are a member of.")})
    new = services.token_create(
        user=request.user,
        name=payload.name,
        expires_in_days=payload.expires_in_days,
        read_only=payload.read_only,
        organisations=organisations,
        parent=getattr(request, "api_token", None),
    )
    return Status(201, {**TokenOut.from_orm(new.token).dict(), "token": new.secret})


@router.delete(
    "/me/tokens/{token_id}", response={200: TokenOut, 403: ErrorOut, 404: ErrorOut}, summary="Revoke an API token"
)
def revoke_token(request: AuthedRequest, token_id: int) -> ApiToken:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    return services.token_revoke(user=request.user, token=token, parent=getattr(request, "api_token", None))
