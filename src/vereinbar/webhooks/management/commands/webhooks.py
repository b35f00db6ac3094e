"""``vereinbar webhooks``: send the webhook messages due now, and say what waits (cron, serve)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Send the webhook messages that are due now (the worker does this by itself; serve and the "
        "outbox timer run it as a safety net every few minutes) and print how many are in each status."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.db.models import Count

        from vereinbar.webhooks.models import Delivery
        from vereinbar.webhooks.tasks import webhooks_send

        outcome = webhooks_send.call()
        rows = Delivery.objects.values_list("status").annotate(n=Count("pk")).order_by("status")
        counts = ", ".join(f"{status} {count}" for status, count in rows) or "empty"
        self.stdout.write(f"delivered {outcome['delivered']} message(s); webhooks: {counts}")
