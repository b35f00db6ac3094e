"""``vereinbar outbox``: send the mails due now, and say what waits (for operators and cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Send the outbox's mails that are due now (the worker does this by itself; run this as a "
        "safety net every few minutes, or to see what waits) and print how many mails are in each status."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from vereinbar.notifications.outbox import status_counts
        from vereinbar.notifications.tasks import outbox_send

        outcome = outbox_send.call()
        counts = ", ".join(f"{status} {count}" for status, count in sorted(status_counts().items())) or "empty"
        self.stdout.write(f"sent {outcome['sent']} mail(s); outbox: {counts}")
