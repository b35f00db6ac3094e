"""Reads of webhook endpoints and deliveries, scoped to an organisation the caller may manage
(fetched before through ``organisation_for_user(…, Action.MANAGE_WEBHOOKS)``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from .models import Delivery, DeliveryStatus, Endpoint


def endpoints_of(*, organisation: Any) -> QuerySet[Endpoint]:
    """The organisation's endpoints, with counts of their waiting and failed messages."""
    return Endpoint.objects.filter(organisation=organisation).annotate(
        waiting=Count(
            "deliveries",
            filter=Q(deliveries__status__in=[DeliveryStatus.QUEUED, DeliveryStatus.RETRYING, DeliveryStatus.SENDING]),
        ),
        failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
    )


def endpoint_of(*, organisation: Any, endpoint_id: int) -> Endpoint:
    """One endpoint of the organisation; 404 for another organisation's."""
    endpoint = Endpoint.objects.filter(organisation=organisation, pk=endpoint_id).first()
    if endpoint is None:
        raise Http404
    return endpoint


def deliveries_of(*, endpoint: Endpoint, limit: int = 50) -> list[Delivery]:
    """The endpoint's latest messages, newest first."""
    return list(endpoint.deliveries.order_by("-created_at", "-pk")[:limit])


def delivery_of(*, endpoint: Endpoint, delivery_id: int) -> Delivery:
    delivery = endpoint.deliveries.filter(pk=delivery_id).select_related("endpoint__organisation").first()
    if delivery is None:
        raise Http404
    return delivery
