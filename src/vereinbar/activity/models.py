"""The append-only activity log: who did what to which object, when, from what to what, why."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a history entry."""


class EntryQuerySet(models.QuerySet["Entry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("history entries cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("history entries cannot be deleted")


class Entry(models.Model):
    """One history entry. Written by services through ``activity.services.entry_record``."""

    # A default rather than auto_now_add, so that a replayed history (demo data, imports) keeps
    # its real dates: see ``activity.services.recorded_at``.
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept so the entry still says who acted after the account is gone (pseudonymised then).
    actor_label = models.CharField(_("who"), max_length=200, blank=True)
    verb = models.CharField(_("what"), max_length=80, db_index=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="history"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Not business logic: the one guard that keeps the log append-only.
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError("history entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("history entries cannot be deleted")

    @property
    def verb_display(self) -> str:
        from .verbs import verb_label

        return verb_label(self.verb)
