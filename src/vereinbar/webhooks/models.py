"""Webhook endpoints an organisation registers, and the messages delivered to them.

A ``Delivery`` is one event for one endpoint: written in the transaction of the change it tells
about (through the history entry that change records), sent afterwards by the background worker
like a mail of the outbox (``delivery.py``). Its ``message_id`` is the ``webhook-id`` header and
never changes, so a receiver that keeps the ids it has processed sees each event exactly once,
however often it was sent."""

from __future__ import annotations

import base64
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventType(models.TextChoices):
    """The events an endpoint can subscribe to (payloads: docs/webhooks.md)."""

    AWARD_GRANTED = "award.granted", _("Award granted")
    AWARD_RENEWED = "award.renewed", _("Award renewed (replaces an earlier one)")
    AWARD_REVOKED = "award.revoked", _("Award revoked")
    AWARD_EXPIRED = "award.expired", _("Award expired")
    PHASE_SUBMITTED = "phase.submitted", _("Phase submitted")
    PHASE_ACCEPTED = "phase.accepted", _("Phase accepted")
    PHASE_COMPLETED = "phase.completed", _("Phase completed (a phase nobody accepts)")
    PHASE_RETURNED = "phase.returned", _("Phase returned for changes")
    REGISTRATION_SUBMITTED = "registration.submitted", _("Employer registration submitted")
    REGISTRATION_APPROVED = "registration.approved", _("Employer registration approved")
    REGISTRATION_REJECTED = "registration.rejected", _("Employer registration rejected")
    SURVEY_CLOSED = "survey.closed", _("Survey closed")


# The registrations of employers are reviewed by the operators: only an operator receives them.
OPERATOR_ONLY_EVENTS = frozenset(
    {EventType.REGISTRATION_SUBMITTED, EventType.REGISTRATION_APPROVED, EventType.REGISTRATION_REJECTED}
)


def events_offered(organisation: Any) -> list[tuple[str, Any]]:
    """The events the organisation can receive, as choices: an employer's own, an operator's all."""
    if organisation.is_operator:
        return list(EventType.choices)
    return [(value, label) for value, label in EventType.choices if value not in OPERATOR_ONLY_EVENTS]


def secret_new() -> str:
    """A signing secret in the Standard Webhooks form: ``whsec_`` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def message_id_new() -> str:
    return f"msg_{uuid.uuid4().hex}"


class Endpoint(models.Model):
    """A URL of an organisation's own system that receives the events it subscribed to."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(_("signing secret"), max_length=100, default=secret_new)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.description or self.url

    def event_labels(self) -> list[str]:
        labels = dict(EventType.choices)
        return [str(labels[event]) for event in self.events if event in labels]

    def events_not_offered(self) -> list[str]:
        """Stored events the organisation no longer receives (registration events an employer's
        endpoint took before they became the operators'): never sent, dropped on the next save."""
        offered = {value for value, _label in events_offered(self.organisation)}
        return [event for event in self.events if event not in offered]

    def receives(self, event: str) -> bool:
        """Whether a message of this event goes to the endpoint: subscribed and still offered."""
        return event in self.events and event not in self.events_not_offered()


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    SENDING = "sending", _("being sent")
    RETRYING = "retrying", _("retrying")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")


PENDING = (DeliveryStatus.QUEUED, DeliveryStatus.RETRYING, DeliveryStatus.SENDING)


class Delivery(models.Model):
    """One event for one endpoint, with the body exactly as it is signed and sent.

    ``subject`` names the object the event is about (``award/2025-00001``); deliveries of one
    subject to one endpoint go out in the order they were recorded (``id``)."""

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    message_id = models.CharField(_("message id"), max_length=60, unique=True, default=message_id_new)
    event_type = models.CharField(_("event"), max_length=40, choices=EventType.choices)
    subject = models.CharField(_("subject"), max_length=100)
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    delivered_at = models.DateTimeField(pgettext_lazy("webhook", "delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_due"),
            models.Index(fields=["endpoint", "subject", "status"], name="webhook_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.subject} → {self.endpoint_id}"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING
