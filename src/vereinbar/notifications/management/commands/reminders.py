"""``vereinbar reminders``: the daily run (expire awards, send the reminders due), for cron."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Mark expired awards and send the reminders due today (safe to run repeatedly)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Run as if today were this day (YYYY-MM-DD).")
        parser.add_argument("--enqueue", action="store_true", help="Hand the run to the background worker instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        from vereinbar.notifications.tasks import reminders_daily

        day = options.get("date")
        if day:
            date.fromisoformat(day)  # fail early on a wrong date
        if options["enqueue"]:
            result = reminders_daily.enqueue(today=day)
            self.stdout.write(f"enqueued {result.id}")
            return
        outcome = reminders_daily.call(today=day)
        self.stdout.write(
            f"expired {len(outcome['expired'])} award(s), sent {len(outcome['sent'])} reminder(s), "
            f"{len(outcome['passed'])} passed unsent"
        )
