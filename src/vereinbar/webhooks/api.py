"""API: an organisation's webhook endpoints, their latest messages, and sending one again.

Coordinators (employers) and operator admins (operators) manage them; everyone else gets 404
for an organisation they may not see and 403 otherwise, before the body is read. The signing
secret is in the answer of the endpoint itself (not in the list)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from vereinbar.api.errors import ApiError
from vereinbar.api.permissions import path_int, permission
from vereinbar.api.schemas import ErrorOut, InSchema, NonBlank
from vereinbar.core.types import AuthedRequest
from vereinbar.organisations.models import Organisation
from vereinbar.organisations.permissions import Action, organisation_for_user

from . import selectors, services
from .models import Delivery, Endpoint, EventType

router = Router(tags=["webhooks"])


def _organisation(request: AuthedRequest, slug: str) -> Organisation:
    return organisation_for_user(request.user, slug, Action.MANAGE_WEBHOOKS)


def may_manage(request: AuthedRequest, slug: str, endpoint_id: Any = None, delivery_id: Any = None, **_: Any) -> None:
    """Permission first (vereinbar.api.permissions): the caller's right, and the objects the path names."""
    organisation = _organisation(request, slug)
    if endpoint_id is not None:
        endpoint = selectors.endpoint_of(organisation=organisation, endpoint_id=path_int(endpoint_id))
        if delivery_id is not None:
            selectors.delivery_of(endpoint=endpoint, delivery_id=path_int(delivery_id))


def _endpoint(request: AuthedRequest, slug: str, endpoint_id: int) -> Endpoint:
    return selectors.endpoint_of(organisation=_organisation(request, slug), endpoint_id=endpoint_id)


class EndpointSummaryOut(Schema):
    id: int
    url: str
    description: str
    events: list[EventType]
    is_active: bool
    created_at: datetime


class EndpointOut(EndpointSummaryOut):
    secret: str = Field(description="The signing secret (Standard Webhooks, `whsec_` and base64).")


class EndpointIn(InSchema):
    url: NonBlank = Field(max_length=500, description="https:// address of the receiving system")
    description: str = Field("", max_length=200)
    events: list[EventType] = Field(min_length=1)


class EndpointPatchIn(InSchema):
    """Only the fields sent are changed; none may be null."""

    url: Annotated[str, Field(default=None, min_length=1, max_length=500, pattern=r"\S")]
    description: Annotated[str, Field(default=None, max_length=200)]
    events: Annotated[list[EventType], Field(default=None, min_length=1)]
    is_active: Annotated[bool, Field(default=None)]


class DeliveryOut(Schema):
    id: int
    message_id: str = Field(description="The `webhook-id` header: the same for every attempt")
    event_type: EventType
    subject: str
    status: str
    attempts: int
    response_code: int | None
    last_error: str
    created_at: datetime
    next_attempt_at: datetime
    delivered_at: datetime | None


@router.get(
    "/organisations/{slug}/webhooks",
    response={200: list[EndpointSummaryOut], 403: ErrorOut, 404: ErrorOut},
    summary="Webhook endpoints",
)
@permission(may_manage)
def list_endpoints(request: AuthedRequest, slug: str) -> list[Endpoint]:
    return list(selectors.endpoints_of(organisation=_organisation(request, slug)))


@router.post(
    "/organisations/{slug}/webhooks",
    response={201: EndpointOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a webhook endpoint",
)
@permission(may_manage)
def create_endpoint(request: AuthedRequest, slug: str, payload: EndpointIn) -> Status[Endpoint]:
    endpoint = services.endpoint_create(
        actor=request.user,
        organisation=_organisation(request, slug),
        url=payload.url,
        description=payload.description,
        events=[str(event) for event in payload.events],
    )
    return Status(201, endpoint)


@router.get(
    "/organisations/{slug}/webhooks/{endpoint_id}",
    response={200: EndpointOut, 403: ErrorOut, 404: ErrorOut},
    summary="One webhook endpoint, with its signing secret",
)
@permission(may_manage)
def get_endpoint(request: AuthedRequest, slug: str, endpoint_id: int) -> Endpoint:
    return _endpoint(request, slug, endpoint_id)


@router.patch(
    "/organisations/{slug}/webhooks/{endpoint_id}",
    response={200: EndpointOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a webhook endpoint",
)
@permission(may_manage)
def update_endpoint(request: AuthedRequest, slug: str, endpoint_id: int, payload: EndpointPatchIn) -> Endpoint:
    endpoint = _endpoint(request, slug, endpoint_id)
    data = payload.dict(exclude_unset=True)
    return services.endpoint_update(
        actor=request.user,
        endpoint=endpoint,
        url=data.get("url", endpoint.url),
        description=data.get("description", endpoint.description),
        # events left out: the stored ones, less those the organisation no longer receives
        events=[str(event) for event in data["events"]] if "events" in data else None,
        is_active=data.get("is_active", endpoint.is_active),
    )


@router.delete(
    "/organisations/{slug}/webhooks/{endpoint_id}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="Delete a webhook endpoint and its messages",
)
@permission(may_manage)
def delete_endpoint(request: AuthedRequest, slug: str, endpoint_id: int) -> Status[None]:
    services.endpoint_delete(actor=request.user, endpoint=_endpoint(request, slug, endpoint_id))
    return Status(204, None)


@router.post(
    "/organisations/{slug}/webhooks/{endpoint_id}/secret",
    response={200: EndpointOut, 403: ErrorOut, 404: ErrorOut},
    summary="Replace the signing secret",
)
@permission(may_manage)
def rotate_secret(request: AuthedRequest, slug: str, endpoint_id: int) -> Endpoint:
    return services.endpoint_rotate_secret(actor=request.user, endpoint=_endpoint(request, slug, endpoint_id))


@router.get(
    "/organisations/{slug}/webhooks/{endpoint_id}/deliveries",
    response={200: list[DeliveryOut], 403: ErrorOut, 404: ErrorOut},
    summary="The endpoint's latest 50 messages, newest first",
)
@permission(may_manage)
def list_deliveries(request: AuthedRequest, slug: str, endpoint_id: int) -> list[Delivery]:
    return selectors.deliveries_of(endpoint=_endpoint(request, slug, endpoint_id))


@router.post(
    "/organisations/{slug}/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver",
    response={200: DeliveryOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Send a delivered or failed message again (same webhook-id)",
)
@permission(may_manage)
def redeliver(request: AuthedRequest, slug: str, endpoint_id: int, delivery_id: int) -> Delivery:
    delivery = selectors.delivery_of(endpoint=_endpoint(request, slug, endpoint_id), delivery_id=delivery_id)
    try:
        return services.delivery_redeliver(actor=request.user, delivery=delivery)
    except ValidationError:
        raise ApiError(409, "not_allowed_now", _("This message is still waiting to be sent.")) from None
