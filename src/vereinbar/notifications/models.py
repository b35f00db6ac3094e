"""In-app notifications (the inbox) and the record of reminders already sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


class OutgoingMail(models.Model):
    """A mail recorded in the same transaction as the change it tells about, sent afterwards.

    Used where a mail must go out exactly once although the process may die at any moment
    (reminders): recording it commits or rolls back with the reminder; sending marks it sent.
    A run that died before sending leaves it waiting, and the next run sends it. Its
    Message-ID is fixed by ``key``, so a receiver sees a repeat (a process killed between the
    mail server's acceptance and the mark) as the same message."""

    key = models.CharField(_("key"), max_length=250, unique=True)
    to = models.EmailField(_("to"), max_length=254)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.key} → {self.to}"
