"""The few tables of the foundation itself."""

from __future__ import annotations

from django.db import models


class LimitCount(models.Model):
    """How many events a subject has had in its current window (vereinbar.core.ratelimit).

    Counted with one ``UPDATE … SET count = count + 1`` in the database's own transaction, so
    that counts from every process and machine add up exactly. ``key`` is a keyed hash of the
    limit's name and the subject, never the subject itself. Not in backups: the counts are worth
    nothing after their window (see ``CoreConfig.backup_derived``)."""

    key = models.CharField(max_length=150, primary_key=True)
    count = models.PositiveIntegerField()
    expires = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count} until {self.expires:%Y-%m-%d %H:%M:%S}"
