"""Sending mails through Django's mail framework, rendered in the recipient's language, and
in-app notifications (each user's inbox) sent together with them."""

from __future__ import annotations

import hashlib
import logging
import smtplib
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Notification, OutgoingMail

logger = logging.getLogger(__name__)


def _mail_render(*, language: str, template: str, context: dict[str, Any]) -> tuple[str, str]:
    """Subject and body of ``<template>_subject.txt`` and ``<template>.txt`` in ``language``.

    A ``path`` in the context becomes an absolute ``url`` on this installation's SITE_URL.
    """
    context = dict(context)
    if "path" in context:
        context["url"] = settings.SITE_URL + context["path"]
    context.setdefault("site_url", settings.SITE_URL)
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    return subject, body


def mail_send(*, to: str, language: str, template: str, context: dict[str, Any]) -> None:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` in ``language`` and send the mail."""
    subject, body = _mail_render(language=language, template=template, context=context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to], headers={"Content-Language": language})
    message.send()


def _message_id(key: str) -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{hashlib.sha256(key.encode('utf-8')).hexdigest()[:40]}@{domain}>"


def outbox_deliver() -> int:
    """Send every recorded mail not yet sent (see ``OutgoingMail``); returns how many went out.

    Each mail is taken under a row lock (PostgreSQL: concurrent runs skip it; SQLite: one
    writer at a time) and marked sent in the same transaction; a mail that fails stays
    waiting for the next run."""
    count = 0
    for pk in list(OutgoingMail.objects.filter(sent_at=None).values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                mail = OutgoingMail.objects.select_for_update(skip_locked=True).filter(pk=pk, sent_at=None).first()
                if mail is None:
                    continue  # sent by a concurrent run
                EmailMultiAlternatives(
                    subject=mail.subject,
                    body=mail.body,
                    to=[mail.to],
                    headers={"Content-Language": mail.language, "Message-ID": _message_id(mail.key)},
                ).send()
                OutgoingMail.objects.filter(pk=pk).update(sent_at=timezone.now())
        except (OSError, smtplib.SMTPException):
            logger.warning("sending mail %s failed; it stays waiting", pk, exc_info=True)
            continue
        count += 1
    return count


def notification_send(
    *,
    recipients: Iterable[tuple[Any, str]],
    event: str,
    template: str,
    context: dict[str, Any],
    outbox_key: str | None = None,
) -> list[Notification]:
    """For each (user, path): an inbox notification and a mail, both in the user's language.

    ``path`` is the page the message points to (already in the user's language). A user
    listed twice gets one message. With ``outbox_key`` the mails are only recorded (as
    ``OutgoingMail``, key ``<outbox_key>:<user id>``) in the current transaction, for
    ``outbox_deliver`` to send once it has committed.
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
        if outbox_key is None:
            mail_send(to=user.email, language=language, template=template, context=full)
        else:
            mail_subject, mail_body = _mail_render(language=language, template=template, context=full)
            OutgoingMail.objects.create(
                key=f"{outbox_key}:{user.pk}", to=user.email, language=language, subject=mail_subject, body=mail_body
            )
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
