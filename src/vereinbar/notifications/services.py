"""Sending mails through Django's mail framework, rendered in the recipient's language, and
in-app notifications (each user's inbox) sent together with them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Notification


def mail_send(*, to: str, language: str, template: str, context: dict[str, Any]) -> None:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` in ``language`` and send the mail.

    A ``path`` in the context becomes an absolute ``url`` on this installation's SITE_URL.
    """
    context = dict(context)
    if "path" in context:
        context["url"] = settings.SITE_URL + context["path"]
    context.setdefault("site_url", settings.SITE_URL)
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to], headers={"Content-Language": language})
    message.send()


def notification_send(
    *, recipients: Iterable[tuple[Any, str]], event: str, template: str, context: dict[str, Any]
) -> list[Notification]:
    """For each (user, path): an inbox notification and a mail, both in the user's language.

    ``path`` is the page the message points to (already in the user's language). A user
    listed twice gets one message.
    """
    sent: list[Notification] = []
    seen: set[int] = set()
    for user, path in recipients:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        language = user.preferred_language or settings.LANGUAGE_CODE
        full = {**context, "path": path, "recipient": user}
        with translation.override(language):
            subject = " ".join(render_to_string(f"{template}_subject.txt", full).split())
            body = render_to_string(f"{template}.txt", full).strip()
        sent.append(Notification.objects.create(user=user, event=event, subject=subject[:300], body=body, path=path))
        mail_send(to=user.email, language=language, template=template, context=full)
    return sent


def notification_send_on_commit(
    *, recipients: Iterable[tuple[Any, str]], event: str, template: str, context: dict[str, Any]
) -> None:
    """``notification_send`` once the current transaction has committed (never for a rolled-back change)."""
    recipients = list(recipients)
    transaction.on_commit(
        lambda: notification_send(recipients=recipients, event=event, template=template, context=context)
    )


def notifications_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or those with ``ids``) as read; returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at=None)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
