"""Changes to webhook endpoints, and the recording of deliveries for an event."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vereinbar.accounts.models import User
from vereinbar.activity.services import entry_record
from vereinbar.notifications.outbox import is_suppressed
from vereinbar.organisations.models import Organisation

from .delivery import url_problem
from .events import events_of, is_event_verb
from .models import PENDING, Delivery, DeliveryStatus, Endpoint, EventType, events_offered, secret_new
from .tasks import webhooks_enqueue

logger = logging.getLogger(__name__)

MAX_ENDPOINTS = 10  # per organisation


def deliveries_record(*, entry: Any) -> list[Delivery]:
    """One delivery per active endpoint subscribed to each event the history entry stands for.

    Runs in the entry's transaction, so the messages exist exactly when the change does. A
    failure here is logged and leaves the change itself alone (its own savepoint)."""
    if is_suppressed() or not is_event_verb(entry.verb) or not Endpoint.objects.filter(is_active=True).exists():
        return []
    try:
        with transaction.atomic():
            deliveries = _deliveries_create(entry)
    except Exception:
        logger.exception("webhook deliveries for history entry %s could not be recorded", entry.pk)
        return []
    if deliveries:
        webhooks_enqueue()
    return deliveries


def _deliveries_create(entry: Any) -> list[Delivery]:
    deliveries = []
    for event in events_of(entry):
        audience = {pk for pk in event.audience if pk is not None}
        endpoints = (
            Endpoint.objects.filter(is_active=True, organisation_id__in=audience)
            .select_related("organisation")
            .order_by("pk")
        )
        body = json.dumps(
            {"type": str(event.type), "timestamp": entry.created_at.isoformat(), "data": event.data},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        for endpoint in endpoints:
            if endpoint.receives(str(event.type)):
                deliveries.append(
                    Delivery.objects.create(endpoint=endpoint, event_type=event.type, subject=event.subject, body=body)
                )
    return deliveries


def _clean(*, url: str, events: list[str], organisation: Organisation) -> tuple[str, list[str]]:
    url = url.strip()
    errors: dict[str, str] = {}
    problem = url_problem(url)
    if problem:
        errors["url"] = problem
    offered = dict(events_offered(organisation))
    chosen = [value for value in offered if value in set(events)]
    refused = [str(label) for value, label in EventType.choices if value in set(events) and value not in offered]
    if refused:
        errors["events"] = _("Your organisation does not receive these events: %(events)s.") % {
            "events": ", ".join(refused)
        }
    elif not chosen or len(chosen) != len(set(events)):
        errors["events"] = _("Choose at least one event.")
    if errors:
        raise ValidationError(errors)
    return url, chosen


def endpoint_create(
    *, actor: User, organisation: Organisation, url: str, events: list[str], description: str = ""
) -> Endpoint:
    """Register an endpoint of the organisation, with a new signing secret."""
    url, chosen = _clean(url=url, events=events, organisation=organisation)
    with transaction.atomic():
        if Endpoint.objects.filter(organisation=organisation).count() >= MAX_ENDPOINTS:
            raise ValidationError(
                {"url": _("An organisation can have at most %(count)s endpoints.") % {"count": MAX_ENDPOINTS}}
            )
        endpoint = Endpoint.objects.create(
            organisation=organisation,
            url=url,
            description=description.strip()[:200],
            events=chosen,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        entry_record(
            actor=actor,
            verb="webhook.created",
            target=endpoint,
            organisation=organisation,
            after={"url": endpoint.url, "events": endpoint.event_labels()},
        )
    return endpoint


def endpoint_update(
    *, actor: User, endpoint: Endpoint, url: str, events: list[str] | None, description: str, is_active: bool
) -> Endpoint:
    """Change where an endpoint is, what it receives, and whether it is active. ``events`` None
    keeps its events, without those the organisation no longer receives (``events_not_offered``):
    saving drops them, and the history entry's before and after show which."""
    if events is None:
        dropped = set(endpoint.events_not_offered())
        events = [event for event in endpoint.events if event not in dropped]
        if dropped and not events:
            raise ValidationError(
                {
                    "events": _(
                        "Your organisation no longer receives any of this endpoint's events. Choose at least one."
                    )
                }
            )
    url, chosen = _clean(url=url, events=events, organisation=endpoint.organisation)
    values = {"url": url, "events": chosen, "description": description.strip()[:200], "is_active": is_active}
    changed = [name for name, value in values.items() if getattr(endpoint, name) != value]
    if not changed:
        return endpoint
    before = {name: getattr(endpoint, name) for name in changed}
    with transaction.atomic():
        for name in changed:
            setattr(endpoint, name, values[name])
        endpoint.save(update_fields=changed)
        if "events" in changed:
            before["events"] = [str(label) for value, label in EventType.choices if value in before["events"]]
        after = {name: getattr(endpoint, name) for name in changed}
        if "events" in after:
            after["events"] = endpoint.event_labels()
        entry_record(
            actor=actor,
            verb="webhook.updated",
            target=endpoint,
            organisation=endpoint.organisation,
            before=before,
            after=after,
        )
    return endpoint


def endpoint_rotate_secret(*, actor: User, endpoint: Endpoint) -> Endpoint:
    """Give the endpoint a new signing secret; messages not yet sent are signed with it."""
    with transaction.atomic():
        endpoint.secret = secret_new()
        endpoint.save(update_fields=["secret"])
        entry_record(actor=actor, verb="webhook.secret_rotated", target=endpoint, organisation=endpoint.organisation)
    return endpoint


def endpoint_delete(*, actor: User, endpoint: Endpoint) -> None:
    """Delete the endpoint and its messages (sent or not)."""
    with transaction.atomic():
        entry_record(
            actor=actor,
            verb="webhook.deleted",
            target=endpoint,
            organisation=endpoint.organisation,
            before={"url": endpoint.url},
        )
        endpoint.delete()


def delivery_redeliver(*, actor: User, delivery: Delivery) -> Delivery:
    """Send a message again (delivered or given up), with the same ``webhook-id``."""
    if delivery.status in PENDING:
        raise ValidationError(_("This message is still waiting to be sent."))
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.QUEUED, attempts=0, next_attempt_at=timezone.now(), claimed_at=None, last_error=""
        )
        entry_record(
            actor=actor,
            verb="webhook.redelivered",
            target=delivery.endpoint,
            organisation=delivery.endpoint.organisation,
            after={"event": delivery.get_event_type_display()},
        )
        webhooks_enqueue()
    delivery.refresh_from_db()
    return delivery
