"""In-app notifications (each user's inbox) and the mails sent with them, rendered in the
recipient's language. Mails go through the outbox (``outbox.py``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import capfirst

from .models import Notification

if TYPE_CHECKING:
    from vereinbar.accounts.models import User
from .outbox import INSTALLATION, Sender, is_suppressed, mail_record, mail_render, sentence_stops


def notification_send(
    *,
    recipients: Iterable[tuple[Any, str]],
    event: str,
    template: str,
    context: dict[str, Any],
    outbox_key: str | None = None,
    sender: Sender = INSTALLATION,
) -> list[Notification]:
    """For each (user, path): an inbox notification and a mail, both in the user's language.

    ``path`` is the page the message points to (already in the user's language). A user
    listed twice gets one message. Both are written in the current transaction; the mail goes
    into the outbox (key ``<outbox_key>:<user id>`` when given, which makes a repeat
    impossible) for the worker to send once the transaction has committed; ``sender`` is who
    the mail is from and where a reply goes (see ``outbox.Sender``).

    The mail greets its reader ("Guten Tag Lisa Leer,") and, in German, goes on in lower case
    after the greeting's comma; the inbox item has no greeting, so it begins with a capital.
    """
    sent: list[Notification] = []
    seen: set[int] = set()
    if is_suppressed():
        return sent
    with transaction.atomic():
        for user, path in recipients:
            if user.pk in seen or not user.is_active:
                continue
            seen.add(user.pk)
            language = user.preferred_language or settings.LANGUAGE_CODE
            full = {**context, "path": path, "recipient": user}
            with translation.override(language):
                subject = sentence_stops(" ".join(render_to_string(f"{template}_subject.txt", full).split()))
                body = sentence_stops(capfirst(render_to_string(f"{template}.txt", full).strip()))
            sent.append(
                Notification.objects.create(user=user, event=event, subject=subject[:300], body=body, path=path)
            )
            mail_subject, mail_body = mail_render(language=language, template=template, context=full)
            mail_record(
                to=user.email,
                language=language,
                subject=mail_subject,
                body=mail_body,
                key=f"{outbox_key}:{user.pk}" if outbox_key else None,
                sender=sender,
            )
    return sent


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or those with ``ids``) as read; returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at=None)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
