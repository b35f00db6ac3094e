"""The mail outbox: every mail the product sends is a row of ``OutgoingMail``, written in the
transaction of the change it tells about and sent by the background worker (task
``outbox_send``), so a mail server that is away never turns a saved change into an error.

Delivery, per row:

1. *claim*: one conditional UPDATE moves a due row (waiting, retrying, or claimed by a worker
   that has been silent for ``LEASE``) to "being sent" and counts the attempt. Two workers
   cannot both win it; the claim is committed before the mail server is contacted.
2. *send* through Django's mail backend, with a Message-ID fixed by the row's key.
3. *mark*: "sent" (the body and any survey invitation are dropped), or "retrying" with the
   next attempt ``backoff(attempts)`` later, or "failed" after ``MAX_ATTEMPTS``.

So each attempt sends at most once. Only a worker killed between the server's acceptance and
the mark (3) leaves the row "being sent"; after ``LEASE`` it is sent again, with the same
Message-ID, which receiving systems and mail clients treat as the same message.
"""

from __future__ import annotations

import email.policy
import hashlib
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.header import Header
from email.headerregistry import BaseHeader, HeaderRegistry, UnstructuredHeader
from email.utils import formataddr, parseaddr
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.db.models import Count, F, Min, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from .models import MailKind, MailStatus, OutgoingMail

if TYPE_CHECKING:
    from vereinbar.accounts.models import User

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 12  # with the back-off below: about seven hours of trying
LEASE = timedelta(minutes=10)  # a claim older than this belongs to a worker that died
KEEP_SENT = timedelta(days=30)  # sent rows shown to operators, then deleted

# Mails rebuilt at sending time, by kind: a function OutgoingMail → Message | None (None: the
# mail is no longer wanted, e.g. the survey closed).
BUILDERS = {
    MailKind.SURVEY_INVITATION: "vereinbar.surveys.services.invitations.invitation_mail_build",
    MailKind.SURVEY_REMINDER: "vereinbar.surveys.services.invitations.invitation_mail_build",
}


# Every mail says it was sent by a machine (RFC 3834), so absence notices and other automatic
# replies do not answer it; the second header is Exchange's name for the same request.
AUTOMATIC_HEADERS = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"}


class _Subject(UnstructuredHeader, BaseHeader):
    """A subject folded at its spaces, non-ASCII ones with encoded words that keep them.

    Python 3.12's folding of a long non-ASCII subject can split it into encoded words separated
    by a bare space, which RFC 2047 tells mail clients to drop: "„Gezinsvriendelijke
    werkgever“" arrived as "„Gezinsvriendelijkewerkgever“". The older encoder of
    ``email.header`` writes the spaces inside the encoded words, which every client reads back.
    """

    def fold(self, *, policy: Any) -> str:
        if getattr(policy, "utf8", False):
            return str(super().fold(policy=policy))
        # Plain ASCII too: Python's own folding moves a long one whole onto the next line
        # ("Subject:" CRLF " Uw aanvraag …"), which arrives with a leading space.
        charset = "us-ascii" if str(self).isascii() else "utf-8"
        encoded = Header(str(self), charset, maxlinelen=policy.max_line_length or 78, header_name=self.name)
        return f"{self.name}: {encoded.encode(linesep=policy.linesep)}{policy.linesep}"


_HEADERS = HeaderRegistry()
_HEADERS.map_to_type("subject", _Subject)


class Mail(EmailMultiAlternatives):
    """Django's message with a subject that arrives as written (see ``_Subject``)."""

    def message(self, *, policy: Any = email.policy.default) -> Any:
        return super().message(policy=policy.clone(header_factory=_HEADERS))


@dataclass(frozen=True)
class Sender:
    """Who a mail comes from for its reader: ``name`` is shown as "<name> via vereinbar" beside
    the installation's own address (DEFAULT_FROM_EMAIL; no other domain's address is ever
    written into From), and a reply goes to ``reply_to``, a real person's or office's address.
    The empty sender is the installation itself (account mails), with no reply address."""

    name: str = ""
    reply_to: str = ""


INSTALLATION = Sender()


@dataclass(frozen=True)
class Message:
    to: str
    language: str
    subject: str
    body: str
    sender: Sender = INSTALLATION


# Control characters (CR and LF among them) would end the header: a name is one line of text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
SENDER_NAME_LENGTH = 60  # a longer name is shortened at a word; the whole name is in the mail


def from_header(*, name: str, language: str) -> str:
    """The From of a mail from ``name``: "<name> via <installation>" with the address of
    DEFAULT_FROM_EMAIL, quoted or encoded by ``formataddr`` (commas, quotes, umlauts), in
    ``language``; DEFAULT_FROM_EMAIL itself for the installation's own mails."""
    name = " ".join(_CONTROL.sub(" ", name).split())
    if not name:
        return settings.DEFAULT_FROM_EMAIL
    installation, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if len(name) > SENDER_NAME_LENGTH:
        name = name[: SENDER_NAME_LENGTH - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-") + "…"
    with translation.override(language):
        # Translators: the display name of a mail's sender, e.g. "Stadt Musterstadt via vereinbar".
        display = gettext("%(name)s via %(installation)s") % {"name": name, "installation": installation or "vereinbar"}
    return formataddr((display, address))


def reply_to_header(address: str) -> list[str] | None:
    """The Reply-To of a mail: the one address, when it is one (nothing otherwise)."""
    address = parseaddr(_CONTROL.sub("", address))[1]
    return [address] if "@" in address else None


def html_of(message: Message) -> str:
    """The HTML part of a mail: its plain text in paragraphs, with clickable links, at a line
    length that reads well on a phone and on a wide screen (nothing else: no images, no
    tracking, the same words)."""
    return render_to_string(
        "notifications/mail/message.html",
        {"body": message.body.strip(), "language": message.language, "subject": message.subject},
    )


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: 1, 2, 4 … minutes, at most an hour."""
    return timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), 3600))


# A name ending in an abbreviation's full stop ("Zorgwerk B.V.", "Förderverein e.V.") at the end
# of a sentence, where Dutch and English put the organisation, would be followed by the
# sentence's own full stop: "toegekend aan Zorgwerk B.V.." (an ellipsis is left alone).
_DOUBLE_STOP = re.compile(r"(?<=\w\.)\.(?!\.)")


def sentence_stops(text: str) -> str:
    """``text`` with one full stop where a name's closing one meets the sentence's."""
    return _DOUBLE_STOP.sub("", text)


def mail_render(*, language: str, template: str, context: dict[str, Any]) -> tuple[str, str]:
    """Subject and body of ``<template>_subject.txt`` and ``<template>.txt`` in ``language``.

    A ``path`` in the context becomes an absolute ``url`` on this installation's SITE_URL.
    """
    context = dict(context)
    if "path" in context:
        context["url"] = settings.SITE_URL + context["path"]
    context.setdefault("site_url", settings.SITE_URL)
    context["mail"] = True  # a mail greets its reader (notifications/mail/_greeting.txt), an inbox item not
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    return sentence_stops(subject), sentence_stops(body)


_suppressed: ContextVar[bool] = ContextVar("vereinbar_notifications_suppressed", default=False)


@contextmanager
def notifications_suppressed() -> Iterator[None]:
    """Inside the block no mail is recorded and no inbox message written (replayed history)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def is_suppressed() -> bool:
    return _suppressed.get()


def outbox_enqueue() -> None:
    """Have the worker deliver the outbox once the current transaction has committed."""
    from .tasks import outbox_send

    transaction.on_commit(outbox_send.enqueue, robust=True)


def mail_record(
    *,
    to: str,
    language: str,
    subject: str,
    body: str,
    key: str | None = None,
    batch: str = "",
    sender: Sender = INSTALLATION,
) -> OutgoingMail | None:
    """Put a rendered mail into the outbox (in the current transaction) for the worker to send.

    Returns None inside ``notifications_suppressed``."""
    if is_suppressed():
        return None
    mail = OutgoingMail.objects.create(
        key=key or f"mail:{_unique()}",
        to=to,
        language=language,
        subject=subject[:300],
        body=body,
        batch=batch,
        sender_name=sender.name[:200],
        reply_to=sender.reply_to,
    )
    outbox_enqueue()
    return mail


def mail_queue(
    *,
    to: str,
    language: str,
    template: str,
    context: dict[str, Any],
    key: str | None = None,
    sender: Sender = INSTALLATION,
) -> None:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` in ``language`` into the outbox."""
    subject, body = mail_render(language=language, template=template, context=context)
    mail_record(to=to, language=language, subject=subject, body=body, key=key, sender=sender)


def _unique() -> str:
    import uuid

    return uuid.uuid4().hex


def _message_id(key: str) -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{hashlib.sha256(key.encode('utf-8')).hexdigest()[:40]}@{domain}>"


def _due(now: datetime) -> Q:
    return Q(status__in=[MailStatus.QUEUED, MailStatus.RETRYING], next_attempt_at__lte=now) | Q(
        status=MailStatus.SENDING, claimed_at__lt=now - LEASE
    )


def _claim(pk: int) -> OutgoingMail | None:
    now = timezone.now()
    claimed = OutgoingMail.objects.filter(_due(now), pk=pk).update(
        status=MailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None  # taken by another worker, or no longer due
    return OutgoingMail.objects.filter(pk=pk).select_related("survey_invitation").first()


def _message_of(mail: OutgoingMail) -> Message | None:
    if mail.kind == MailKind.RENDERED:
        return Message(
            to=mail.to,
            language=mail.language,
            subject=mail.subject,
            body=mail.body,
            sender=Sender(name=mail.sender_name, reply_to=mail.reply_to),
        )
    build = import_string(BUILDERS[MailKind(mail.kind)])
    message: Message | None = build(mail)
    return message


def _mark_sent(mail: OutgoingMail) -> None:
    OutgoingMail.objects.filter(pk=mail.pk, status=MailStatus.SENDING).update(
        status=MailStatus.SENT, sent_at=timezone.now(), body="", survey_invitation=None, last_error=""
    )


def _mark_failed(mail: OutgoingMail, error: Exception) -> None:
    text = f"{type(error).__name__}: {error}"[:500]
    if mail.attempts >= MAX_ATTEMPTS:
        changes: dict[str, Any] = {"status": MailStatus.FAILED}
    else:
        changes = {"status": MailStatus.RETRYING, "next_attempt_at": timezone.now() + backoff(mail.attempts)}
    OutgoingMail.objects.filter(pk=mail.pk, status=MailStatus.SENDING).update(last_error=text, **changes)


def outbox_deliver(*, limit: int | None = None) -> int:
    """Send every mail due (see the module's description); returns how many went out."""
    now = timezone.now()
    # A claim left by a worker that died during the last attempt allowed: give up on it.
    OutgoingMail.objects.filter(
        status=MailStatus.SENDING, claimed_at__lt=now - LEASE, attempts__gte=MAX_ATTEMPTS
    ).update(status=MailStatus.FAILED, last_error="The worker stopped during the last attempt.")
    pks = list(
        OutgoingMail.objects.filter(_due(now)).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]
    )
    count = 0
    connection = mailers.default if pks else None
    try:
        for pk in pks:
            mail = _claim(pk)
            if mail is None:
                continue
            try:
                message = _message_of(mail)
                if message is None:
                    mail.delete()  # no longer wanted (the survey closed, the person answered)
                    continue
                sending = Mail(
                    subject=message.subject,
                    body=message.body,
                    from_email=from_header(name=message.sender.name, language=message.language),
                    to=[message.to],
                    reply_to=reply_to_header(message.sender.reply_to),
                    headers={
                        "Content-Language": message.language,
                        "Message-ID": _message_id(mail.key),
                        **AUTOMATIC_HEADERS,
                    },
                    connection=connection,
                )
                sending.attach_alternative(html_of(message), "text/html")
                sending.send()
            except Exception as error:  # noqa: BLE001 - any failure of one mail must not stop the others
                logger.warning("mail %s, attempt %s, failed: %s", mail.pk, mail.attempts, type(error).__name__)
                _mark_failed(mail, error)
                _connection_reset(connection)
                continue
            _mark_sent(mail)
            count += 1
    finally:
        _connection_reset(connection)
    return count


def _connection_reset(connection: Any) -> None:
    if connection is None:
        return
    try:
        connection.close()
    except Exception:  # a connection that is gone is closed enough
        logger.debug("closing the mail connection failed", exc_info=True)


def outbox_next_attempt() -> datetime | None:
    """When the outbox next has a mail due (None: nothing waiting)."""
    pending = OutgoingMail.objects.filter(
        status__in=[MailStatus.QUEUED, MailStatus.RETRYING, MailStatus.SENDING]
    ).aggregate(
        due=Min("next_attempt_at", filter=~Q(status=MailStatus.SENDING)),
        claimed=Min("claimed_at", filter=Q(status=MailStatus.SENDING)),
    )
    moments = [pending["due"], pending["claimed"] + LEASE if pending["claimed"] else None]
    return min((moment for moment in moments if moment is not None), default=None)


def outbox_prune(*, now: datetime | None = None) -> int:
    """Delete sent mails older than ``KEEP_SENT``; returns how many."""
    cutoff = (now or timezone.now()) - KEEP_SENT
    deleted, _ = OutgoingMail.objects.filter(status=MailStatus.SENT, sent_at__lt=cutoff).delete()
    return deleted


def outbox_retry(*, actor: User, pks: list[int] | None = None) -> int:
    """Give failed mails (those with ``pks``, or all) another round of attempts now."""
    from vereinbar.activity.services import entry_record

    failed = OutgoingMail.objects.filter(status=MailStatus.FAILED)
    if pks is not None:
        failed = failed.filter(pk__in=pks)
    with transaction.atomic():
        changed = failed.update(status=MailStatus.RETRYING, attempts=0, next_attempt_at=timezone.now())
        if changed:
            entry_record(actor=actor, verb="outbox.retried", after={"mails": changed})
            outbox_enqueue()
    return changed


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    failed: int

    @property
    def waiting(self) -> int:
        return self.total - self.sent - self.failed

    @property
    def done(self) -> bool:
        return self.waiting == 0


def batch_progress(*, batch: str) -> Progress:
    """How far the mails of one batch have got."""
    counts = OutgoingMail.objects.filter(batch=batch).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=MailStatus.SENT)),
        failed=Count("pk", filter=Q(status=MailStatus.FAILED)),
    )
    return Progress(total=counts["total"], sent=counts["sent"], failed=counts["failed"])


def status_counts() -> dict[str, int]:
    """How many mails are in each status."""
    rows = OutgoingMail.objects.values_list("status").annotate(n=Count("pk")).order_by()
    return dict(rows)


def outbox_mails(*, status: str | None = None, q: str = "") -> QuerySet[OutgoingMail]:
    """The mails, newest first, optionally of one status and with ``q`` in their recipient or
    subject (for the operators' page, a page at a time: one employer's mails among thousands)."""
    mails = OutgoingMail.objects.order_by("-created_at", "-pk")
    if status:
        mails = mails.filter(status=status)
    if q:
        mails = mails.filter(Q(to__icontains=q) | Q(subject__icontains=q))
    return mails.defer("body")


def outbox_recent(*, status: str | None = None, q: str = "", limit: int = 100) -> list[OutgoingMail]:
    """The latest ``limit`` of ``outbox_mails``."""
    return list(outbox_mails(status=status, q=q)[:limit])
