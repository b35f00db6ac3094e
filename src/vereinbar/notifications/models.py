"""In-app notifications (the inbox) and the record of reminders already sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Notification(models.Model):
    """A message in a user's inbox, written in their language when it was sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(_("event"), max_length=80)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    path = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ReminderSent(models.Model):
    """That one reminder went out; its unique key makes sending reminders idempotent."""

    key = models.CharField(_("reminder"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return self.key


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("waiting")
    SENDING = "sending", _("being sent")
    RETRYING = "retrying", _("retrying")
    SENT = "sent", pgettext_lazy("mail status", "sent")
    FAILED = "failed", _("failed")


class MailKind(models.TextChoices):
    """How the message is made: stored as rendered, or rebuilt at sending from another row."""

    RENDERED = "rendered", _("mail")
    SURVEY_INVITATION = "survey_invitation", _("survey invitation")
    SURVEY_REMINDER = "survey_reminder", _("survey reminder")


class OutgoingMail(models.Model):
    """A mail recorded in the same transaction as the change it tells about, sent afterwards
    by the background worker (see ``outbox.py``).

    Recording commits or rolls back with the change; the worker claims the row, sends it and
    marks it sent, or schedules another attempt with back-off. Its Message-ID is fixed by
    ``key``, so a receiver sees a repeat (a process killed between the mail server's
    acceptance and the mark) as the same message.

    A survey invitation or reminder stores neither address nor link: it points to the
    ``SurveyInvitation`` and is rebuilt from it when sent; it is deleted with the invitation
    (the survey closing deletes them all), and once sent it forgets the invitation."""

    key = models.CharField(_("key"), max_length=250, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=MailKind.choices, default=MailKind.RENDERED)
    to = models.EmailField(_("to"), max_length=254, blank=True)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("message"), blank=True)
    # Who the reader sees it is from ("<name> via vereinbar", beside the installation's own
    # address) and where a reply goes; empty: the installation itself, no reply address.
    sender_name = models.CharField(_("sender"), max_length=200, blank=True)
    reply_to = models.EmailField(_("reply to"), max_length=254, blank=True)
    survey_invitation = models.ForeignKey(
        "surveys.SurveyInvitation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Mails recorded together (one staff list's invitations), for "x of n sent".
    batch = models.CharField(_("batch"), max_length=100, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.key} → {self.to or self.get_kind_display()}"

    @property
    def is_survey_mail(self) -> bool:
        return self.kind != MailKind.RENDERED
